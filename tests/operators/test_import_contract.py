"""operators never imports memoranda (DESIGN.md, Architecture): memoranda builds on operators,
and the shared pieces (the spreadsheet reading of operators.spreadsheet_files) live in
operators. Checked on the source, so that an import inside a function counts too."""

import ast
from pathlib import Path

import operators

ROOT = Path(operators.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_no_module_of_operators_imports_memoranda():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] == "memoranda"
        )
        for path in ROOT.rglob("*.py")
    }

    assert {path: names for path, names in offenders.items() if names} == {}
    assert len(offenders) > 30  # the walk reads the app's modules


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("def f():\n    from memoranda.models import Memorandum\n")

    assert imported_modules(module) == {"memoranda.models"}
