"""The upload of many declarations at once: a CSV or XLSX file posted through the operator
space's pages, previewed with every problem named by line and column, then saved as drafts or
submitted in one transaction, or not at all.

Atlas signed on 15 March 2023: its site Casanearshore 1 (BPO and ITO) owes 2023 Q2 onwards. On
10 April 2024, 2023 Q2 to Q4 are missing and 2024 Q1 is due. Rif Digital signed on 10 January
2024 and owes nothing ended yet. Pages are read in English.
"""

import csv
import datetime
import functools
import io
import re
import zipfile

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from operators import declaration_uploads, spreadsheet_files
from operators.models import Declaration, Segment, Site
from operators.services import declaration_submit, declaration_validate
from tests.operators.declaration_world import draft

pytestmark = pytest.mark.usefixtures("in_english")

APRIL_10 = datetime.datetime(2024, 4, 10, 10, tzinfo=datetime.UTC)
UPLOAD = "/en/space/upload/"
CONFIRM = "/en/space/upload/confirm/"
HEADER = ["site", "site_name", "year", "quarter", "segment", "headcount", "permanent", "women"]


@pytest.fixture(autouse=True)
def on_april_10():
    with time_machine.travel(APRIL_10, tick=False):
        yield


@pytest.fixture
def salma(client, atlas_staff):
    client.force_login(atlas_staff)
    return client


def rows_for(site, *quarters, bpo=(100, 80, 50), ito=(20, 10, 5)):
    """A row per segment of the site for each (year, quarter)."""
    rows = []
    for year, quarter in quarters:
        rows.append([site.pk, site.name, year, quarter, "BPO", *bpo])
        rows.append([site.pk, site.name, year, quarter, "ITO", *ito])
    return rows


def csv_file(rows, *, header=HEADER, separator=";", encoding="cp1252", bom=False) -> bytes:
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, delimiter=separator, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return ("\ufeff" if bom else "").encode(encoding) + stream.getvalue().encode(encoding)


def xlsx_file(rows, *, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def upload(client, content: bytes, name="declarations.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})


def confirm(client, preview_response, action="save"):
    digest = preview_response.context["digest"]
    return client.post(CONFIRM, {"digest": digest, "action": action})


def problems(response) -> list[tuple[int, str, str]]:
    preview = response.context["preview"]
    return [(p.line, p.column, p.message) for p in preview.problems]


def figures(declaration):
    return {
        line.segment.code: (line.headcount, line.permanent, line.women)
        for line in declaration.lines.select_related("segment")
    }


def saved():
    return {
        (d.year, d.quarter): (d.status, figures(d))
        for d in Declaration.objects.prefetch_related("lines")
    }


def test_a_semicolon_windows_1252_csv_is_previewed_then_submitted(salma, site):
    rows = rows_for(site, (2023, 2), (2023, 3))
    rows = [[*row, "Équipe arrivée en mars"] for row in rows]
    content = csv_file(rows, header=[*HEADER, "explanation"])

    preview = upload(salma, content)

    assert preview.status_code == 200
    assert problems(preview) == []
    assert Declaration.objects.count() == 0  # a preview saves nothing
    html = preview.content.decode()
    assert 'name="action" value="submit"' in html
    response = confirm(salma, preview, "submit")

    assert response.status_code == 302
    assert response.url == "/en/space/"
    expected = ("submitted", {"BPO": (100, 80, 50), "ITO": (20, 10, 5)})
    assert saved() == {(2023, 2): expected, (2023, 3): expected}
    assert Declaration.objects.first().explanation == "Équipe arrivée en mars"
    followed = salma.get(response.url)
    assert "2 declarations are submitted" in followed.content.decode()


def test_a_utf8_csv_with_a_byte_order_mark_saves_drafts(salma, site):
    content = csv_file(rows_for(site, (2024, 1)), separator=",", encoding="utf-8", bom=True)

    response = confirm(salma, upload(salma, content))

    assert response.status_code == 302
    assert saved() == {(2024, 1): ("draft", {"BPO": (100, 80, 50), "ITO": (20, 10, 5)})}
    events = Declaration.objects.get().events.values_list("action", "actor__username")
    assert list(events) == [("created", "salma")]


def test_an_xlsx_workbook_is_read_from_its_first_sheet(salma, site):
    content = xlsx_file(rows_for(site, (2023, 4), bpo=(1200, 900, 600)))

    response = confirm(salma, upload(salma, content, "declarations.xlsx"))

    assert response.status_code == 302
    assert saved() == {(2023, 4): ("draft", {"BPO": (1200, 900, 600), "ITO": (20, 10, 5)})}


def test_one_bad_row_saves_nothing_and_offers_no_confirmation(salma, site):
    rows = rows_for(site, (2023, 2), (2023, 3))
    rows[3][7] = 30  # ITO women above the ITO headcount of 20, on line 5
    preview = upload(salma, csv_file(rows))

    assert problems(preview) == [(5, "women", "Women cannot exceed the headcount.")]
    html = preview.content.decode()
    assert "Nothing will be saved: 1 problem to correct" in html
    assert CONFIRM not in html
    response = confirm(salma, preview)  # posted anyway

    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert Declaration.objects.count() == 0


def test_an_existing_draft_is_unchanged_when_the_file_is_refused(salma, site, atlas_staff):
    draft(site, atlas_staff, 2023, 2, bpo=(7, 7, 7))
    rows = rows_for(site, (2023, 2), (2023, 3))
    rows[2][5] = -3

    confirm(salma, upload(salma, csv_file(rows)))

    assert saved() == {(2023, 2): ("draft", {"BPO": (7, 7, 7), "ITO": (20, 10, 5)})}


def test_it_refuses_another_operators_site_without_revealing_it(salma, site, world, cities):
    rif_site = Site.objects.create(operator=world.rif, name="Tanger Tech", city=cities["tanger"])
    rows = rows_for(site, (2023, 2))
    rows += [[rif_site.pk, "", 2023, 2, "BPO", 1, 1, 1], [999999, "", 2023, 2, "BPO", 1, 1, 1]]

    response = upload(salma, csv_file(rows))

    found = problems(response)
    assert [(line, column) for line, column, _message in found] == [(4, "site"), (5, "site")]
    assert found[0][2] == found[1][2].replace("999999", str(rif_site.pk))
    assert "Tanger Tech" not in response.content.decode()
    confirm(salma, response)
    assert Declaration.objects.count() == 0


BAD_CELLS = {
    "a negative headcount": (5, -1, "headcount", "greater than or equal to 0"),
    "a headcount in words": (5, "cent", "headcount", "Enter a whole number."),
    "a fraction": (5, "12.5", "headcount", "Enter a whole number."),
    "permanent above the headcount": (6, 101, "permanent", "cannot exceed the headcount"),
    "no site": (0, "", "site", "This column is required."),
    "a site given by name": (0, "Casanearshore 1", "site", "No site of your operator"),
    "a fifth quarter": (3, 5, "quarter", "The quarter is a number from 1 to 4."),
    "a year of two digits": (2, "24", "year", "Enter a year such as 2024."),
    "a segment the site does not serve": (4, "KPO", "segment", "does not serve this segment"),
    "a quarter not ended": (3, 2, "quarter", "has not ended yet"),
}


@pytest.mark.parametrize("case", BAD_CELLS)
def test_every_bad_cell_is_named_with_its_line_and_column(salma, site, case):
    index, value, column, message = BAD_CELLS[case]
    rows = rows_for(site, (2024, 1))
    rows[0][index] = value

    response = upload(salma, csv_file(rows))

    found = problems(response)
    assert [(line, col) for line, col, _m in found][:1] == [(2, column)], found
    assert message in found[0][2]
    assert f"<code>{column}</code>" in response.content.decode()


def test_a_quarter_already_submitted_is_refused(salma, site, atlas_staff):
    declaration_submit(declaration=draft(site, atlas_staff, 2023, 3), user=atlas_staff)

    response = upload(salma, csv_file(rows_for(site, (2023, 3))))

    assert problems(response)[0] == (
        2,
        "quarter",
        "This declaration is submitted and awaits review.",
    )


def test_a_returned_quarter_is_corrected_and_submitted_again(salma, site, atlas_staff, official):
    from operators.services import declaration_return

    submitted = declaration_submit(declaration=draft(site, atlas_staff, 2023, 3), user=atlas_staff)
    declaration_return(declaration=submitted, user=official, reason="ITO women look wrong")

    preview = upload(salma, csv_file(rows_for(site, (2023, 3), ito=(20, 10, 8))))
    confirm(salma, preview, "submit")

    assert saved() == {(2023, 3): ("submitted", {"BPO": (100, 80, 50), "ITO": (20, 10, 8)})}


def test_a_duplicate_row_and_a_missing_segment_are_named(salma, site):
    rows = rows_for(site, (2023, 2), (2023, 3))
    rows[3] = list(rows[2])  # 2023 Q3's BPO twice, its ITO row missing

    found = problems(upload(salma, csv_file(rows)))

    assert [(line, column) for line, column, _m in found] == [(4, "segment"), (5, "segment")]
    assert "ITO: this site serves this segment" in found[0][2]
    assert "already on line 4" in found[1][2]


BAD_FILES = {
    "a missing column": (
        csv_file([[1, "", 2024, 1, "BPO", 1, 1]], header=HEADER[:-1]),
        "The file has no column women",
    ),
    "an unknown column": (
        csv_file([[1, "", 2024, 1, "BPO", 1, 1, 1, 1]], header=[*HEADER, "men"]),
        "Unknown column(s) men",
    ),
    "utf-16": (
        ("\ufeff" + ";".join(HEADER) + "\r\n").encode("utf-16-le"),
        "UTF-16",
    ),
    "arabic in windows-1256": (
        csv_file([[1, "الدار البيضاء", 2024, 1, "BPO", 1, 1, 1]], encoding="cp1256"),
        "encoding the import does not read",
    ),
    "no separator": ("|".join(HEADER).encode() + b"\n1|x|2024|1|BPO|1|1|1\n", "no comma"),
    "a pdf": (b"%PDF-1.7\n...", "neither a CSV file nor an XLSX workbook"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_file_that_cannot_be_read_is_named_and_saves_nothing(salma, site, case):
    content, message = BAD_FILES[case]

    response = upload(salma, content)

    assert response.status_code == 200
    assert response.context["preview"] is None
    assert message in " ".join(response.context["form"].errors["file"])
    assert "Nothing was saved" in response.content.decode()
    assert Declaration.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(salma, site, monkeypatch):
    monkeypatch.setattr(declaration_uploads, "MAX_FILE_BYTES", 100)

    response = upload(salma, csv_file(rows_for(site, (2024, 1))))

    assert "more than the 100 an upload takes" in response.context["form"].errors["file"][0]
    assert response.context["preview"] is None


def test_a_file_of_too_many_declarations_is_refused(salma, site, monkeypatch):
    monkeypatch.setattr(declaration_uploads, "MAX_DECLARATIONS", 3)

    response = upload(salma, csv_file(rows_for(site, (2023, 2), (2023, 3), (2023, 4), (2024, 1))))

    message = response.context["form"].errors["file"][0]
    assert "4 declarations (sites and quarters), more than the 3 an upload takes" in message
    assert response.context["preview"] is None


def test_a_figure_not_known_yet_is_saved_as_a_draft_but_not_submitted(salma, site):
    preview = upload(salma, csv_file(rows_for(site, (2024, 1), ito=(20, 10, None))))

    assert problems(preview) == []
    blockers = preview.context["preview"].to_submit
    assert [(p.line, p.column) for p in blockers] == [(3, "women")]
    assert 'name="action" value="submit"' not in preview.content.decode()
    assert confirm(salma, preview, "submit").status_code == 200  # submit posted anyway
    assert Declaration.objects.count() == 0

    confirm(salma, preview, "save")

    assert saved() == {(2024, 1): ("draft", {"BPO": (100, 80, 50), "ITO": (20, 10, None)})}


@pytest.fixture
def validated_2023_q2(site, atlas_staff, official):
    """2023 Q2 validated with a total of 120."""
    declaration = declaration_submit(
        declaration=draft(site, atlas_staff, 2023, 2), user=atlas_staff
    )
    return declaration_validate(declaration=declaration, user=official)


def test_a_large_change_without_explanation_is_named_and_kept_as_a_draft(
    salma, site, validated_2023_q2
):
    preview = upload(salma, csv_file(rows_for(site, (2023, 3), bpo=(400, 300, 200))))

    [blocker] = preview.context["preview"].to_submit
    assert (blocker.line, blocker.column) == (2, "explanation")
    assert "changes from 120 in 2023 Q2 to 420" in blocker.message
    assert "large change, not explained" in preview.content.decode()
    confirm(salma, preview, "submit")
    assert Declaration.objects.filter(year=2023, quarter=3).count() == 0

    confirm(salma, preview, "save")
    assert Declaration.objects.get(year=2023, quarter=3).status == "draft"


def test_a_large_change_with_its_explanation_is_submitted_and_flagged(
    salma, site, validated_2023_q2
):
    rows = [[*row, ""] for row in rows_for(site, (2023, 3), bpo=(400, 300, 200))]
    rows[1][-1] = "A new client in March"

    preview = upload(salma, csv_file(rows, header=[*HEADER, "explanation"]))
    confirm(salma, preview, "submit")

    declaration = Declaration.objects.get(year=2023, quarter=3)
    assert (declaration.status, declaration.flagged) == ("submitted", True)
    assert declaration.explanation == "A new client in March"


def test_the_file_is_checked_again_at_confirmation(salma, site, atlas_staff):
    preview = upload(salma, csv_file(rows_for(site, (2023, 2), (2023, 3))))
    # Meanwhile, another tab submits 2023 Q3.
    declaration_submit(declaration=draft(site, atlas_staff, 2023, 3), user=atlas_staff)

    response = confirm(salma, preview, "save")

    assert response.status_code == 200
    assert problems(response)[0][:2] == (4, "quarter")
    assert not Declaration.objects.filter(year=2023, quarter=2).exists()


def test_a_confirmation_names_the_file_it_previewed(salma, site):
    first = upload(salma, csv_file(rows_for(site, (2023, 2))))
    upload(salma, csv_file(rows_for(site, (2023, 3))))

    response = confirm(salma, first)  # the session now keeps the second file

    assert response.status_code == 302
    assert response.url == UPLOAD
    assert Declaration.objects.count() == 0


def test_a_confirmed_file_cannot_be_confirmed_twice(salma, site):
    preview = upload(salma, csv_file(rows_for(site, (2023, 2))))
    confirm(salma, preview)

    response = confirm(salma, preview)

    assert response.url == UPLOAD
    assert Declaration.objects.get().events.count() == 1


def test_a_person_outside_any_operators_staff_gets_404(client, official, site):
    client.force_login(official)

    assert client.get(UPLOAD).status_code == 404
    assert client.get(UPLOAD + "template.csv").status_code == 404


def more_sites(world, cities, segments, count):
    sites = Site.objects.bulk_create(
        Site(operator=world.atlas, name=f"Site {n:03d}", city=cities["fes"]) for n in range(count)
    )
    for one in sites:
        one.segments.set([segments["BPO"], segments["ITO"]])
    return sites


@pytest.mark.parametrize("site_count", [1, 25])
def test_the_preview_asks_a_fixed_number_of_queries(
    salma, site, world, cities, segments, site_count, django_assert_max_num_queries
):
    sites = [site, *more_sites(world, cities, segments, site_count - 1)]
    rows = [row for one in sites for row in rows_for(one, (2023, 2), (2023, 3), (2023, 4))]
    content = csv_file(rows)

    with django_assert_max_num_queries(11):
        response = upload(salma, content)

    assert response.context["preview"].row_count == 6 * site_count
    assert problems(response) == []


def read_template(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_template_lists_every_open_quarter_and_segment(salma, site, atlas_staff):
    declaration_submit(declaration=draft(site, atlas_staff, 2023, 3), user=atlas_staff)
    draft(site, atlas_staff, 2023, 2, bpo=(90, 70, None))

    response = salma.get(UPLOAD + "template.csv")

    disposition = 'attachment; filename="declarations-atlas-relation.csv"'
    assert response["Content-Disposition"] == disposition
    header, *rows = read_template(response.content)
    assert header == [*HEADER, "explanation"]
    assert [row[2:5] for row in rows] == [
        ["2023", "2", "BPO"],
        ["2023", "2", "ITO"],
        ["2023", "4", "BPO"],
        ["2023", "4", "ITO"],
        ["2024", "1", "BPO"],
        ["2024", "1", "ITO"],
    ]
    assert rows[0] == [str(site.pk), "Casanearshore 1", "2023", "2", "BPO", "90", "70", "", ""]


def test_the_csv_template_filled_in_imports(salma, site):
    header, *rows = read_template(salma.get(UPLOAD + "template.csv").content)
    for row in rows:
        row[5:8] = ["30", "20", "10"]
    content = "\ufeff".encode() + "\r\n".join(";".join(row) for row in [header, *rows]).encode()

    preview = upload(salma, content)
    confirm(salma, preview, "submit")

    assert Declaration.objects.filter(status="submitted").count() == 4
    expected = ("submitted", {"BPO": (30, 20, 10), "ITO": (30, 20, 10)})
    assert list(saved().values()) == [expected] * 4


def test_the_xlsx_template_filled_in_imports(salma, site):
    response = salma.get(UPLOAD + "template.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    for row in sheet.iter_rows(min_row=2):
        row[5].value, row[6].value, row[7].value = 12, 6, 3
    stream = io.BytesIO()
    workbook.save(stream)

    confirm(salma, upload(salma, stream.getvalue(), "filled.xlsx"))

    assert Declaration.objects.filter(status="draft").count() == 4


def test_the_template_keeps_a_formula_like_site_name_as_text(salma, site):
    site.name = "=HYPERLINK(1)"
    site.save()

    header, first, *_rows = read_template(salma.get(UPLOAD + "template.csv").content)

    assert first[1] == "'=HYPERLINK(1)"


def test_the_xlsx_template_holds_an_explanation_with_a_control_character(salma, site, atlas_staff):
    """A vertical tab pasted into a draft's explanation once made openpyxl refuse the whole
    workbook: the download failed with a server error."""
    draft(site, atlas_staff, 2024, 1)
    Declaration.objects.update(explanation="Deux\x0bsites")

    response = salma.get(UPLOAD + "template.xlsx")

    assert response.status_code == 200
    rows = openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    assert "Deux\ufffdsites" in {row[-1] for row in rows}


def test_a_formula_like_segment_code_is_kept_as_text_and_imports_back(salma, site):
    """Officials name the segments: a code such as -ITO would run as a formula in the staff's
    spreadsheet."""
    Segment.objects.filter(code="ITO").update(code="-ITO")
    header, *rows = read_template(salma.get(UPLOAD + "template.csv").content)
    assert {row[4] for row in rows} == {"BPO", "'-ITO"}
    for row in rows:
        row[5:8] = ["30", "20", "10"]
    content = "\ufeff".encode() + "\r\n".join(";".join(row) for row in [header, *rows]).encode()

    confirm(salma, upload(salma, content))

    assert {code for _status, lines in saved().values() for code in lines} == {"BPO", "-ITO"}


def test_the_page_explains_the_columns_and_links_the_templates(salma, site):
    html = salma.get(UPLOAD).content.decode()

    assert re.search(r'href="/en/space/upload/template\.xlsx"', html)
    assert re.search(r'href="/en/space/upload/template\.csv"', html)
    assert "more than 50 %" in html
    assert 'aria-current="page">Upload declarations' in html


@pytest.mark.parametrize("digest", ["", "0" * 64, "x" * 5000, "' OR 1=1 --"])
def test_a_forged_confirmation_saves_nothing(salma, site, digest):
    upload(salma, csv_file(rows_for(site, (2023, 2))))

    response = salma.post(CONFIRM, {"digest": digest, "action": "submit"})

    assert (response.status_code, response.url) == (302, UPLOAD)
    assert Declaration.objects.count() == 0


def test_a_confirmation_holding_a_nul_is_a_bad_request(salma, site):
    upload(salma, csv_file(rows_for(site, (2023, 2))))

    response = salma.post(CONFIRM, {"digest": "\x00", "action": "submit"})

    assert response.status_code == 400
    assert Declaration.objects.count() == 0


def test_an_upload_without_a_file_names_the_field(salma, site):
    response = salma.post(UPLOAD, {})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["This field is required."]


def test_the_confirmation_takes_only_a_post(salma, site):
    assert salma.get(CONFIRM).status_code == 405
    assert salma.get(UPLOAD + "template.pdf").status_code == 404


def test_the_service_saves_all_or_nothing_and_names_the_declaration_refused(site, atlas_staff):
    from types import SimpleNamespace

    from django.core.exceptions import ValidationError

    from operators.services import declarations_save_uploaded

    declaration_submit(declaration=draft(site, atlas_staff, 2023, 3), user=atlas_staff)
    lines = {"BPO": (1, 1, 1), "ITO": (1, 1, 1)}
    items = [
        SimpleNamespace(site=site, year=2023, quarter=q, lines=lines, comment="", explanation="")
        for q in (2, 3)
    ]

    with pytest.raises(ValidationError) as refusal:
        declarations_save_uploaded(declarations=items, user=atlas_staff, submit=False)

    assert refusal.value.messages == [
        "Casanearshore 1, 2023 Q3: This declaration is submitted and awaits review."
    ]
    assert not Declaration.objects.filter(year=2023, quarter=2).exists()


def workbook_rewritten(content: bytes, rewrite) -> bytes:
    """The workbook with its sheet's XML passed through `rewrite`, as a hand-made file would be."""
    packed, unpacked = io.BytesIO(), zipfile.ZipFile(io.BytesIO(content))
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as out:
        for part in unpacked.infolist():
            data = unpacked.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = rewrite(data)
            out.writestr(part, data)
    return packed.getvalue()


def declaring_the_whole_sheet(data: bytes, last_row: int = 12) -> bytes:
    data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data)
    far = f'<row r="{last_row}"><c r="A{last_row}"><v>1</v></c></row></sheetData>'
    return data.replace(b"</sheetData>", far.encode())


def test_a_workbook_declaring_the_whole_sheet_reads_only_its_cells():
    """A few kilobytes declaring A1:XFD1048576 once filled every missing row with 16,384 empty
    cells: a row far down took minutes of the server's time."""
    content = workbook_rewritten(xlsx_file([[1, 2024]]), declaring_the_whole_sheet)

    header, numbered = spreadsheet_files.read_xlsx(content)

    assert len(header) == len(HEADER)
    assert [(line, len(cells)) for line, cells in numbered] == [(2, 2), (12, 1)]


def test_a_workbook_with_a_row_far_down_is_refused_before_its_rows_are_checked(salma, site):
    far_down = functools.partial(declaring_the_whole_sheet, last_row=1_048_576)
    content = workbook_rewritten(xlsx_file(rows_for(site, (2024, 1))), far_down)

    response = upload(salma, content, "declarations.xlsx")

    message = response.context["form"].errors["file"][0]
    assert f"more than {declaration_uploads.MAX_ROWS} rows" in message
    assert response.context["preview"] is None


def test_a_csv_file_of_too_many_rows_is_refused(salma, site, monkeypatch):
    monkeypatch.setattr(declaration_uploads, "MAX_ROWS", 3)

    response = upload(salma, csv_file(rows_for(site, (2023, 4), (2024, 1))))

    assert "more than 3 rows" in response.context["form"].errors["file"][0]
    assert response.context["preview"] is None


def test_a_workbook_that_unpacks_to_far_more_than_its_size_is_refused(salma, site):
    """Twenty megabytes of XML packed into some twenty kilobytes: refused from the sizes its
    ZIP declares, before anything is unpacked."""
    padded = workbook_rewritten(
        xlsx_file(rows_for(site, (2024, 1))),
        lambda data: data.replace(b"</worksheet>", b" " * 20_000_000 + b"</worksheet>"),
    )
    assert len(padded) < 100_000

    response = upload(salma, padded, "declarations.xlsx")

    assert "The workbook unpacks to 20 MB" in response.context["form"].errors["file"][0]
    assert Declaration.objects.count() == 0


def test_a_site_and_year_of_thousands_of_digits_are_named_not_a_server_error(salma, site):
    """Python refuses to read a number of more than 4,300 digits: such a site or year once
    ended the upload with a server error."""
    rows = rows_for(site, (2024, 1))
    rows[0][0] = "9" * 5000
    rows[1][2] = "2" * 5000

    response = upload(salma, csv_file(rows))

    assert response.status_code == 200
    assert [(line, column) for line, column, _message in problems(response)] == [
        (2, "site"),
        (3, "year"),
    ]


def test_a_confirmation_forged_from_another_site_saves_nothing(salma, site):
    """A page elsewhere that posts the confirmation in the staff member's browser carries no
    CSRF token (the digest alone would not do): nothing is saved."""
    preview = upload(salma, csv_file(rows_for(site, (2024, 1))))
    salma.handler.enforce_csrf_checks = True

    assert confirm(salma, preview).status_code == 403
    assert Declaration.objects.count() == 0
