#!/usr/bin/env python
"""The design's layering, checked: operators never depends on memoranda.

memoranda may import operators; operators must not know memoranda, in any of the ways a
dependency can hide: a Python import, a URL name of memoranda reversed, a relation of
memoranda's models followed from an operators model (`operator.memoranda`, `memoranda__...`,
`filter(commitments__...)`), a migration depending on memoranda's migrations. The relations'
names are read from the models. Each finding names its file and line. `make lint` runs it;
exits 1 on any finding.
"""

import ast
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOWER, UPPER = "operators", "memoranda"
# A URL name in a template or a string ("memoranda:city_detail").
URL_NAME = re.compile(rf"""["']({UPPER}:\w+)""")


def reverse_relations() -> set[str]:
    """The names by which operators' models reach memoranda's (related names and query names)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("EMAIL_MAILER", "console")
    import django
    from django.apps import apps

    django.setup()
    names = set()
    for model in apps.get_app_config(UPPER).get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            target = field.related_model if field.concrete and field.is_relation else None
            if target is not None and target._meta.app_label == LOWER:
                names |= {field.remote_field.get_accessor_name(), field.related_query_name()}
    return {name for name in names if name and not name.endswith("+")}


def follows(name: str, relations: set[str]) -> bool:
    return name.split("__")[0] in relations


def relation_findings(path: Path, node: ast.AST, relations: set[str]) -> list[str]:
    if isinstance(node, ast.keyword) and node.arg and follows(node.arg, relations):
        return [f"{path}:{node.value.lineno}: follows {node.arg}"]
    if isinstance(node, ast.Attribute) and node.attr in relations:
        return [f"{path}:{node.lineno}: follows .{node.attr}"]
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.fullmatch(r"\w+", node.value)
        and (node.value in relations or ("__" in node.value and follows(node.value, relations)))
    ):
        return [f"{path}:{node.lineno}: follows {node.value}"]
    return []


def python_findings(path: Path, source: str, relations: set[str]) -> list[str]:
    findings = []
    migration = path.parent.name == "migrations"
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if not migration:  # a migration's app labels are dependencies, checked below
            findings += relation_findings(path, node, relations)
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        findings += [
            f"{path}:{node.lineno}: imports {name}"
            for name in names
            if name == UPPER or name.startswith(UPPER + ".")
        ]
        if (
            migration
            and isinstance(node, ast.Tuple)
            and len(node.elts) == 2
            and isinstance(node.elts[0], ast.Constant)
            and node.elts[0].value == UPPER
        ):
            findings.append(f"{path}:{node.lineno}: migration depends on {UPPER}")
    return sorted(findings, key=lambda finding: int(finding.split(":")[1]))


def text_findings(path: Path, source: str) -> list[str]:
    return [
        f"{path}:{number}: names {match.group(1)}"
        for number, line in enumerate(source.splitlines(), start=1)
        for match in URL_NAME.finditer(line)
    ]


def findings(package: Path, relations: set[str]) -> list[str]:
    found = []
    for path in sorted(package.rglob("*")):
        if path.suffix not in {".py", ".html", ".txt"} or "__pycache__" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        shown = path.relative_to(package.parent)
        if path.suffix == ".py":
            found += python_findings(shown, source, relations)
        found += text_findings(shown, source)
    return found


def main() -> int:
    found = findings(ROOT / LOWER, reverse_relations())
    for finding in found:
        print(finding)
    if found:
        print(f"{LOWER} must not depend on {UPPER} (see DESIGN.md, Architecture).")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
