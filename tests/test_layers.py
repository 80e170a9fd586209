"""The layering rule of the design (operators never depends on memoranda), checked by the
script `make lint` runs: it passes on the project and names each hidden dependency."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

# The script reads the sources and the models' definitions: the suite's database plays no part.
pytestmark = pytest.mark.database_independent

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check_layers.py"


@pytest.fixture(scope="module")
def layers():
    spec = importlib.util.spec_from_file_location("check_layers", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RELATIONS = {"memoranda", "commitments"}


def test_the_relations_are_read_from_memorandas_models(layers):
    assert {"memoranda", "commitments", "signings", "claims"} <= layers.reverse_relations()


@pytest.fixture
def package(tmp_path):
    (tmp_path / "operators" / "migrations").mkdir(parents=True)
    (tmp_path / "operators" / "templates").mkdir()
    return tmp_path / "operators"


def test_the_project_keeps_operators_free_of_memoranda():
    result = subprocess.run([sys.executable, SCRIPT], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_a_clean_package_has_no_finding(layers, package):
    (package / "models.py").write_text(
        '"""Read by memoranda.figures; see memoranda\'s ready()."""\nfrom operators import x\n'
    )
    assert layers.findings(package, RELATIONS) == []


@pytest.mark.parametrize(
    "source, finding",
    [
        ("import memoranda.models\n", "operators/views.py:1: imports memoranda.models"),
        ("x = 1\nfrom memoranda import figures\n", "operators/views.py:2: imports memoranda"),
        ("reverse('memoranda:city_detail')\n", "operators/views.py:1: names memoranda:city_detail"),
        ('F("memoranda__signed_on")\n', "operators/views.py:1: follows memoranda__signed_on"),
        (
            "Operator.objects.filter(memoranda__isnull=False)\n",
            "operators/views.py:1: follows memoranda__isnull",
        ),
        ("city.commitments.count()\n", "operators/views.py:1: follows .commitments"),
        ('prefetch_related("commitments")\n', "operators/views.py:1: follows commitments"),
    ],
)
def test_each_kind_of_hidden_dependency_is_named(layers, package, source, finding):
    (package / "views.py").write_text(source)
    assert layers.findings(package, RELATIONS) == [finding]


def test_a_migration_depending_on_memoranda_is_named(layers, package):
    (package / "migrations" / "0003_x.py").write_text(
        "dependencies = [\n    ('operators', '0002_y'),\n    ('memoranda', '0002_z'),\n]\n"
    )
    assert layers.findings(package, RELATIONS) == [
        "operators/migrations/0003_x.py:3: migration depends on memoranda"
    ]


def test_a_template_reversing_a_memoranda_url_is_named(layers, package):
    (package / "templates" / "page.html").write_text("<a href=\"{% url 'memoranda:home' %}\">\n")
    assert layers.findings(package, RELATIONS) == [
        "operators/templates/page.html:1: names memoranda:home"
    ]
