"""python manage.py import_commitments FILE [--dry-run]: all or nothing, every bad row named."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from memoranda.models import Commitment, Correction, Memorandum
from operators.models import Operator

HEADER = "memorandum_reference,signed_on,operator,city,segment,jobs_committed,horizon_year,baseline"
GOOD_ROWS = [
    # A new commitment of a recorded memorandum, its city written without accent.
    "ATLAS-2023-1,2023-03-15,Atlas Relation,Rabat,bpo,80,2026,",
    # A recorded commitment with new figures.
    "RIF-2024-1,2024-01-10,rif digital,tanger,ITO,320,2027,12",
    # A new memorandum and a new operator; a commitment not yet allocated.
    "SUD-2025-1,2025-06-01,Souss Services,,BPO,60,2028,",
    "SUD-2025-1,2025-06-01,Souss Services,Agadir,KPO,15,2028,0",
]


@pytest.fixture(autouse=True)
def in_english():
    """The command speaks the shell's language; these tests read its English messages, whatever
    language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def write(tmp_path):
    def write(*rows, header=HEADER, name="commitments.csv", bom=False):
        path = tmp_path / name
        text = "\n".join([header, *rows]) + "\n"
        path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())
        return path

    return write


def run(path, *args):
    out = io.StringIO()
    call_command("import_commitments", str(path), *args, stdout=out)
    return out.getvalue()


def snapshot():
    """What an import may change, to show that a failed one changed nothing."""
    return (
        sorted(
            Commitment.objects.values_list(
                "memorandum__reference",
                "segment__code",
                "city__slug",
                "jobs_committed",
                "baseline_headcount",
            ),
            key=str,
        ),
        sorted(Memorandum.objects.values_list("reference", flat=True)),
        sorted(Operator.objects.values_list("name", flat=True)),
    )


def rejected(path):
    with pytest.raises(CommandError) as caught:
        run(path)
    return str(caught.value)


class TestGoodFile:
    def test_it_creates_exactly_what_the_file_says(self, world, write):
        output = run(write(*GOOD_ROWS, bom=True))

        assert "New memorandum: SUD-2025-1" in output
        assert "New operator: Souss Services (souss-services)" in output
        assert "Commitments: 3 created, 1 updated, 0 unchanged." in output
        assert Commitment.objects.count() == 8
        atlas_rabat = Commitment.objects.get(memorandum=world.atlas_mou, city__slug="rabat")
        assert (atlas_rabat.segment.code, atlas_rabat.jobs_committed) == ("BPO", 80)
        rif_ito = Commitment.objects.get(memorandum=world.rif_mou, segment__code="ITO")
        assert (rif_ito.jobs_committed, rif_ito.baseline_headcount) == (320, 12)
        sud = Memorandum.objects.get(reference="SUD-2025-1")
        assert (sud.operator.name, sud.signed_on, sud.horizon_year) == (
            "Souss Services",
            datetime.date(2025, 6, 1),
            2028,
        )
        assert sud.commitments.get(segment__code="BPO").city is None
        assert Operator.objects.filter(name__iexact="rif digital").count() == 1

    def test_second_run_changes_nothing(self, world, write):
        path = write(*GOOD_ROWS)
        run(path)
        before = snapshot()

        output = run(path)

        assert "Commitments: 0 created, 0 updated, 4 unchanged." in output
        assert "New " not in output
        assert snapshot() == before

    def test_a_changed_figure_is_published_as_a_correction_naming_the_file(self, world, write):
        run(
            write(
                "ATLAS-2023-1,2023-03-15,Atlas Relation,Casablanca,BPO,450,2026,", name="rider.csv"
            )
        )

        correction = Correction.objects.get()
        assert (correction.field, correction.reason) == ("jobs_committed", "import of rider.csv")
        assert (correction.value_before, correction.value_after) == ("400", "450")
        assert correction.commitment.jobs_committed == 450

    def test_a_dry_run_publishes_no_correction(self, world, write):
        run(write("ATLAS-2023-1,2023-03-15,Atlas Relation,Casablanca,BPO,450,2026,"), "--dry-run")

        assert not Correction.objects.exists()

    def test_dry_run_reports_but_saves_nothing(self, world, write):
        before = snapshot()

        output = run(write(*GOOD_ROWS), "--dry-run")

        assert "Dry run" in output
        assert "New memorandum: SUD-2025-1" in output
        assert "Commitments: 3 created, 1 updated, 0 unchanged." in output
        assert snapshot() == before

    @pytest.mark.parametrize("written", ["FES", "fes", "Fès", " fès "])
    def test_it_matches_cities_ignoring_case_and_accents(self, world, write, written):
        run(write(f"ATLAS-2023-1,2023-03-15,Atlas Relation,{written},KPO,9,2026,"))

        assert Commitment.objects.get(
            memorandum=world.atlas_mou, segment__code="KPO"
        ).city.slug == ("fes")

    def test_it_matches_segments_ignoring_case(self, world, write):
        run(write("RIF-2024-1,2024-01-10,Rif Digital,Tanger,bpo,9,2027,"))

        assert world.rif_mou.commitments.filter(segment__code="BPO", city__slug="tanger").exists()

    def test_same_line_with_an_accented_city_is_the_same_commitment(self, world, write):
        output = run(write("ATLAS-2023-1,2023-03-15,Atlas Relation,FES,BPO,250,2026,"))

        assert "0 created, 0 updated, 1 unchanged" in output

    def test_it_reads_xlsx(self, world, tmp_path):
        workbook = openpyxl.Workbook()
        workbook.active.append(HEADER.split(","))
        workbook.active.append(
            ["SUD-2025-1", datetime.date(2025, 6, 1), "Souss Services", "Agadir", "BPO", 60, 2028]
        )
        path = tmp_path / "commitments.xlsx"
        workbook.save(path)

        run(path)

        commitment = Commitment.objects.get(memorandum__reference="SUD-2025-1")
        assert (commitment.city.slug, commitment.jobs_committed) == ("agadir", 60)

    def test_a_file_without_baseline_column_keeps_recorded_baselines(self, world, write):
        Commitment.objects.filter(memorandum=world.rif_mou, segment__code="ITO").update(
            baseline_headcount=40
        )
        header = HEADER.removesuffix(",baseline")

        run(write("RIF-2024-1,2024-01-10,Rif Digital,Tanger,ITO,310,2027", header=header))

        commitment = Commitment.objects.get(memorandum=world.rif_mou, segment__code="ITO")
        assert (commitment.jobs_committed, commitment.baseline_headcount) == (310, 40)


class TestBadFile:
    @pytest.mark.parametrize(
        ("row", "column", "words"),
        [
            ("SUD-2025-1,2025-06-01,Souss Services,Atlantis,BPO,60,2028,", "city", "Atlantis"),
            ("SUD-2025-1,2025-06-01,Souss Services,Agadir,XPO,60,2028,", "segment", "XPO"),
            (
                "SUD-2025-1,2025-06-01,Souss Services,Agadir,BPO,0,2028,",
                "jobs_committed",
                "positive",
            ),
            (
                "SUD-2025-1,2025-06-01,Souss Services,Agadir,BPO,-5,2028,",
                "jobs_committed",
                "positive",
            ),
            (
                "SUD-2025-1,2025-06-01,Souss Services,Agadir,BPO,many,2028,",
                "jobs_committed",
                "many",
            ),
            ("SUD-2025-1,06-01-2025,Souss Services,Agadir,BPO,60,2028,", "signed_on", "DD/MM/YYYY"),
            ("SUD-2025-1,1/6/25,Souss Services,Agadir,BPO,60,2028,", "signed_on", "YYYY-MM-DD"),
            ("SUD-2025-1,31/06/2025,Souss Services,Agadir,BPO,60,2028,", "signed_on", "31/06/2025"),
            ("SUD-2025-1,2025-02-30,Souss Services,Agadir,BPO,60,2028,", "signed_on", "2025-02-30"),
            ("SUD-2025-1,2025-06-01,Souss Services,Agadir,BPO,60,2024,", "horizon_year", "horizon"),
            ("SUD-2025-1,2025-06-01,Souss Services,Agadir,BPO,60,2028,-1", "baseline", "negative"),
            (
                "ATLAS-2023-1,2023-03-16,Atlas Relation,Agadir,BPO,60,2026,",
                "signed_on",
                "2023-03-15",
            ),
            (
                "ATLAS-2023-1,2023-03-15,Rif Digital,Agadir,BPO,60,2026,",
                "operator",
                "Atlas Relation",
            ),
            ("ATLAS-2023-1,2023-03-15,Atlas Relation,Agadir,BPO,60,2030,", "horizon_year", "2026"),
        ],
        ids=[
            "unknown-city",
            "unknown-segment",
            "jobs-zero",
            "jobs-negative",
            "jobs-not-a-number",
            "date-month-first",
            "date-short",
            "date-day-first-impossible",
            "date-impossible",
            "horizon-before-signature",
            "baseline-negative",
            "conflicting-memorandum-date",
            "conflicting-memorandum-operator",
            "conflicting-memorandum-horizon",
        ],
    )
    def test_it_rejects_bad_row_naming_line_and_column(self, world, write, row, column, words):
        before = snapshot()
        # Good rows before the bad one are not saved either.
        path = write(GOOD_ROWS[0], GOOD_ROWS[2], row)

        message = rejected(path)

        [problem] = [line for line in message.splitlines() if line.startswith("line ")]
        assert problem.startswith(f"line 4, column {column}: ")
        assert words in problem
        assert snapshot() == before

    def test_it_names_every_bad_row(self, world, write):
        before = snapshot()
        path = write(
            "SUD-2025-1,2025-06-01,Souss Services,Atlantis,BPO,60,2028,",
            GOOD_ROWS[0],
            "",
            "SUD-2025-2,2025-06-01,Souss Services,Agadir,bpo,zero,2028,",
        )

        message = rejected(path)

        assert "line 2, column city" in message
        # A blank line still counts as a line of the file.
        assert "line 5, column jobs_committed" in message
        assert "2 problem(s)" in message
        assert snapshot() == before

    def test_it_rejects_a_commitment_given_twice(self, world, write):
        row = "SUD-2025-1,2025-06-01,Souss Services,Agadir,BPO,60,2028,"

        message = rejected(write(row, row.replace(",60,", ",70,")))

        assert "line 3, column segment" in message
        assert not Memorandum.objects.filter(reference="SUD-2025-1").exists()

    def test_it_names_a_missing_column(self, world, write):
        header = "memorandum_reference,signed_on,operator,segment,jobs_committed"

        message = rejected(write("SUD-2025-1,2025-06-01,Souss Services,BPO,60", header=header))

        assert "Missing column(s) in the header: city, horizon_year." in message
        assert not Memorandum.objects.filter(reference="SUD-2025-1").exists()

    def test_it_rejects_a_missing_file(self, db, tmp_path):
        assert "no such file" in rejected(tmp_path / "absent.csv")
