// The export form's "select all" checkbox, wired here rather than by an inline onchange
// attribute, which the Content Security Policy blocks.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".select-toggle");
  if (!toggle) {
    return;
  }
  toggle.addEventListener("change", () => {
    const boxes = document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]');
    boxes.forEach((box) => {
      box.checked = toggle.checked;
    });
  });
});
