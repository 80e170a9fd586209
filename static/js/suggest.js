// Fills a text box's <datalist> with the suggestions of its data-suggest address for what is
// typed (memoranda/suggestions.py). Without this script, or when the address does not answer,
// the box still takes any text: the list's filter reads a name or a slug.
"use strict";

for (const box of document.querySelectorAll("input[data-suggest][list]")) {
  const list = document.getElementById(box.getAttribute("list"));
  let timer = null;
  let asked = "";
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const term = box.value.trim();
      if (term.length < 2 || term === asked) return;
      asked = term;
      const address = new URL(box.dataset.suggest, window.location.href);
      address.searchParams.set("q", term);
      try {
        const response = await fetch(address, { headers: { Accept: "application/json" } });
        if (!response.ok || box.value.trim() !== term) return;
        const { operators } = await response.json();
        list.replaceChildren(
          ...operators.map(({ name }) => {
            const option = document.createElement("option");
            option.value = name;
            return option;
          }),
        );
      } catch {
        // No suggestion this time; what is typed still filters.
      }
    }, 150);
  });
}
