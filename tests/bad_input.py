"""The bad-input corpus: tables of hostile values and the requests built from them.

Each Probe is one request, made by one persona with Django's test client set to answer 500
instead of raising (as a real server would). tests/test_bad_input.py runs them all and checks
that none answers 500, and that a write which must be refused leaves every table as it was.
See docs/bad-input.md.
"""

import hashlib
from dataclasses import dataclass, field
from urllib.parse import quote

from django.db import connection

# A value of each kind an attacker or a careless spreadsheet sends.
BAD_VALUES = {
    "nul": "a\x00b",
    "huge": "9" * 40,
    "negative": "-1",
    "huge negative": "-" + "9" * 40,
    "unknown choice": "no-such-thing",
    "sql": "' OR 1=1 --",
    "sql statement": "1; DROP TABLE memoranda_commitment; --",
    "very long": "x" * 5000,
    "arabic": "الدار البيضاء",
    "right-to-left override": "\u202egnp.exe",
    "emoji": "💼🚀",
    "empty": "",
    "wildcards": "%_%",
    "overflowing float": "1e309",
    "markup": "<script>alert(1)</script>",
    "path traversal": "../../etc/passwd",
}
# Fewer kinds where the same code reads every parameter (a page's other downloads, the admin's
# changelists), to keep the corpus fast: the NUL, the number too large, the unknown choice,
# the SQL and the very long text.
FEW = ["nul", "huge", "unknown choice", "sql", "very long"]
FEW_VALUES = [BAD_VALUES[name] for name in FEW]
# Object ids that are not ids, or not of a row that exists.
BAD_IDS = ["abc", "9" * 30, "-1", "", "1.5", "1 OR 1=1", "٣"]

# Public list parameters (the public contract), and the pages that take them.
LIST_PARAMETERS = [
    "city",
    "region",
    "segment",
    "operator",
    "memorandum",
    "signing",
    "status",
    "allocated",
    "baseline",
    "figure",
    "q",
    "ordering",
    "page",
]
LIST_PAGES = [
    "/commitments/",
    "/commitments/export.csv",
    "/commitments/export.json",
    "/commitments/export.xlsx",
    "/commitments/export-excel.csv",
    "/commitments/over-time.csv",
    "/commitments/by-city.csv",
    "/commitments/by-segment.csv",
]
DETAIL_PATTERNS = [
    "/memoranda/{}/",
    "/signings/{}/",
    "/operators/{}/",
    "/cities/{}/",
    "/segments/{}/",
    "/en/memoranda/{}/",
    "/ar/operators/{}/",
]
OTHER_PUBLIC_PAGES = [
    "/",
    "/open-data/",
    "/commitments/datapackage.json",
    "/commitments/operators.json",
    "/en/",
    "/ar/",
]
WRONG_METHODS = ["POST", "PUT", "PATCH", "DELETE"]


@dataclass
class Probe:
    """One request. `must_refuse`: a write that must change no table, whatever it answers;
    any other write must change nothing unless it answers a redirect (an accepted form)."""

    persona: str
    method: str
    path: str
    data: dict = field(default_factory=dict)
    must_refuse: bool = False
    content_type: str | None = None

    def __str__(self):
        shown = {key: str(value)[:40] for key, value in self.data.items()}
        return f"{self.persona} {self.method} {self.path[:120]} {shown}"

    @property
    def writes(self) -> bool:
        return self.method not in ("GET", "HEAD", "OPTIONS")


def public_probes() -> list[Probe]:
    probes = []
    for page in LIST_PAGES:
        # Every kind on the list and its CSV; the other downloads read the same filters.
        values = BAD_VALUES.values() if page in LIST_PAGES[:2] else FEW_VALUES
        for parameter in LIST_PARAMETERS:
            for value in values:
                probes.append(Probe("visitor", "GET", page, {parameter: value}))
    for pattern in DETAIL_PATTERNS:
        for value in BAD_VALUES.values():
            probes.append(Probe("visitor", "GET", pattern.format(quote(value, safe=""))))
    for page in OTHER_PUBLIC_PAGES:
        for name, value in BAD_VALUES.items():
            probes.append(Probe("visitor", "GET", page, {"q": value, name[:5]: value}))
    for language in ("/en", "/ar"):
        for parameter in LIST_PARAMETERS:
            probes.append(Probe("visitor", "GET", f"{language}/commitments/", {parameter: "\x00"}))
    for page in [*LIST_PAGES, *OTHER_PUBLIC_PAGES, "/memoranda/ATLAS-2023-1/"]:
        for method in WRONG_METHODS:
            probes.append(Probe("visitor", method, page, must_refuse=True))
    for value in BAD_VALUES.values():
        probes.append(
            Probe("visitor", "POST", "/i18n/setlang/", {"language": value, "next": value})
        )
    return probes


def space_probes() -> list[Probe]:
    """The operator space, as Atlas Relation's staff: their own site ({own}) and Rif Digital's
    ({other}), which must stay out of reach."""
    probes = []
    for name, value in BAD_VALUES.items():
        probes.append(Probe("atlas", "GET", "/space/", {"year": value, name[:5]: value}))
        probes.append(Probe("atlas", "GET", "/space/commitments/", {"q": value, "page": value}))
    periods = [(2024, 1), (2024, 0), (2024, 5), (0, 1), (99999, 4), (2024, 99999999999)]
    for site in ("{own}", "{other}", "9" * 30, "0"):
        for year, quarter in periods:
            path = f"/space/sites/{site}/{year}/q{quarter}/"
            probes.append(Probe("atlas", "GET", path))
            probes.append(Probe("atlas", "GET", path + "history/"))
    own = "/space/sites/{own}/2024/q1/"
    other = "/space/sites/{other}/2024/q1/"
    good = {"year": "2024", "quarter": "1", "BPO-headcount": "120", "BPO-permanent": "80"}
    good["BPO-women"] = "50"
    for name, value in BAD_VALUES.items():
        for key in ("BPO-headcount", "BPO-women", "year", "quarter", "ITO-headcount"):
            data = {**good, key: value, "action": "submit"}
            probes.append(Probe("atlas", "POST", own, data, must_refuse=True))
        for key in ("comment", "explanation", "action"):
            data = {**good, key: value, "action": value if key == "action" else "save"}
            # Any text is a valid comment; a NUL never is.
            probes.append(Probe("atlas", "POST", own, data, must_refuse=name == "nul"))
        probes.append(Probe("atlas", "POST", other, {**good, "comment": value}, must_refuse=True))
    for method in ("PUT", "PATCH", "DELETE"):
        probes.append(Probe("atlas", method, own, must_refuse=True))
    probes.extend(open_quarters_probes(good))
    probes.extend(upload_probes())
    # A visitor who is nobody's staff is sent to the login page.
    probes.append(Probe("visitor", "POST", own, good, must_refuse=True))
    return probes


def open_quarters_probes(good: dict) -> list[Probe]:
    """The table of a site's open quarters: each row posts one quarter's declaration."""
    probes = [
        Probe("atlas", "GET", f"/space/sites/{site}/open/")
        for site in ("{own}", "{other}", "9" * 30, "0")
    ]
    table = "/space/sites/{own}/open/"
    for value in BAD_VALUES.values():
        for key in ("BPO-headcount", "BPO-women", "year", "quarter"):
            data = {**good, key: value, "action": "submit"}
            probes.append(Probe("atlas", "POST", table, data, must_refuse=True))
        data = {**good, "comment": value}
        probes.append(Probe("atlas", "POST", "/space/sites/{other}/open/", data, must_refuse=True))
    return probes


UPLOAD_COLUMNS = ["site", "year", "quarter", "segment", "headcount", "permanent", "women"]
UPLOAD_COLUMNS.append("explanation")


def upload_file(**cells) -> tuple[str, bytes]:
    """A declarations file of one row for Atlas's own site ({own}, formatted when sent), 2024
    Q1, with `cells` in place of the good values."""
    row = {"site": "{own}", "year": "2024", "quarter": "1", "segment": "BPO"}
    row |= {"headcount": "120", "permanent": "80", "women": "50", "explanation": ""}
    row |= cells
    lines = [";".join(UPLOAD_COLUMNS), ";".join(row[column] for column in UPLOAD_COLUMNS)]
    return "declarations.csv", "\r\n".join(lines).encode()


def upload_probes() -> list[Probe]:
    """The declarations upload: a bad value in each column of the file, another operator's
    site, and confirmations of no preview; nothing of it may be saved."""
    upload, confirm = "/space/upload/", "/space/upload/confirm/"
    probes = [Probe("atlas", "GET", upload + f"template.{kind}") for kind in ("csv", "x", "")]
    for value in BAD_VALUES.values():
        cell = value.replace(";", ",").replace("\n", " ")
        for column in UPLOAD_COLUMNS:
            data = {"file": upload_file(**{column: cell})}
            probes.append(Probe("atlas", "POST", upload, data, must_refuse=True))
        data = {"digest": value, "action": "submit"}
        probes.append(Probe("atlas", "POST", confirm, data, must_refuse=True))
    data = {"file": upload_file(site="{other}")}
    probes.append(Probe("atlas", "POST", upload, data, must_refuse=True))
    probes.append(Probe("atlas", "GET", confirm, must_refuse=True))
    probes.append(Probe("visitor", "POST", upload, {"file": upload_file()}, must_refuse=True))
    return probes


def login_probes() -> list[Probe]:
    probes = []
    for value in BAD_VALUES.values():
        for path in ("/accounts/login/", "/admin/login/"):
            data = {"username": value, "password": value}
            probes.append(Probe("visitor", "POST", path, data, must_refuse=True))
        probes.append(Probe("visitor", "GET", "/accounts/login/", {"next": value}))
        probes.append(Probe("visitor", "POST", "/accounts/password_reset/", {"email": value}, True))
    return probes


def admin_probes(registry) -> list[Probe]:
    """Every changelist's search, ordering, page and filters; every change view's id; every
    action; every autocomplete, of every ModelAdmin the admin site registers."""
    probes = []
    for model, model_admin in registry.items():
        meta = model._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}/"
        parameters = ["q", "o", "p", "e", "_to_field", "nonsense__field", "id__in"]
        parameters += filter_parameters(model_admin)
        for parameter in parameters:
            for value in FEW_VALUES:
                probes.append(Probe("official", "GET", base, {parameter: value}))
        for object_id in BAD_IDS:
            probes.append(Probe("official", "GET", f"{base}{quote(object_id, safe='')}/change/"))
        actions = [*(model_admin.actions or []), "delete_selected", "no_such_action"]
        for action in actions:
            name = action if isinstance(action, str) else action.__name__
            for object_id in BAD_IDS[:5]:
                data = {"action": name, "_selected_action": [object_id], "index": "0"}
                probes.append(Probe("official", "POST", base, data, must_refuse=True))
            data = {"action": name, "index": "x"}
            probes.append(Probe("official", "POST", base, data, must_refuse=True))
        probes.append(Probe("official", "POST", base + "add/", {"_save": "x"}, True))
        # Every editable field of the add form given the same bad value: refused (an accepted
        # form answers a redirect; a NUL or a very long text is never accepted).
        editable = [f.name for f in meta.concrete_fields if f.editable and not f.primary_key]
        editable += [f.name for f in meta.many_to_many]
        for name in FEW:
            data = dict.fromkeys(editable, BAD_VALUES[name])
            must_refuse = name in ("nul", "very long")
            probes.append(Probe("official", "POST", base + "add/", data, must_refuse))
        for field_name in model_admin.autocomplete_fields:
            target = meta.get_field(field_name)
            for value in FEW_VALUES:
                query = {
                    "term": value,
                    "app_label": meta.app_label,
                    "model_name": meta.model_name,
                    "field_name": target.name,
                }
                probes.append(Probe("official", "GET", "/admin/autocomplete/", query))
            for value in ("abc", "-1", "9" * 30, "\x00"):
                query = {"term": "a", "page": value, "app_label": meta.app_label}
                query.update(model_name=meta.model_name, field_name=target.name)
                probes.append(Probe("official", "GET", "/admin/autocomplete/", query))
    for value in BAD_VALUES.values():
        for key in ("app_label", "model_name", "field_name"):
            query = {"term": "a", "app_label": "memoranda", "model_name": "memorandum"}
            query.update({"field_name": "operator", key: value})
            probes.append(Probe("official", "GET", "/admin/autocomplete/", query))
    return probes


def filter_parameters(model_admin) -> list[str]:
    """Query parameters of the changelist's filters, as the filter links write them."""
    parameters = []
    for entry in model_admin.list_filter:
        if isinstance(entry, str):
            parameters += [f"{entry}__exact", f"{entry}__id__exact", f"{entry}__isnull"]
        elif isinstance(entry, tuple):
            parameters += [f"{entry[0]}__id__exact", f"{entry[0]}__isnull"]
        else:
            parameters.append(getattr(entry, "parameter_name", None) or "unknown")
    return parameters


def import_export_probes() -> list[Probe]:
    """The admin's commitments import and export, with bad files, formats and temp names."""
    base = "/admin/memoranda/commitment/"
    probes = []
    for value in BAD_VALUES.values():
        probes.append(Probe("official", "GET", base + "export/", {"format": value}))
        data = {"format": value, "resource": value}
        probes.append(Probe("official", "POST", base + "export/", data, must_refuse=True))
        data = {"format": value, "import_file": ("commitments.csv", b"memorandum_reference\n")}
        probes.append(Probe("official", "POST", base + "import/", data, must_refuse=True))
        data = {
            "import_file_name": value,
            "original_file_name": value,
            "format": "0",
            "resource": "0",
        }
        probes.append(Probe("official", "POST", base + "process_import/", data, True))
        data = {**data, "format": value, "import_file_name": "nothing-here"}
        probes.append(Probe("official", "POST", base + "process_import/", data, True))
    for name, content in BAD_FILES.items():
        for format_index in ("0", "1"):
            data = {"format": format_index, "import_file": (name, content)}
            probes.append(Probe("official", "POST", base + "import/", data, must_refuse=True))
    for body in MALFORMED_MULTIPART:
        probes.append(
            Probe(
                "official",
                "POST",
                base + "import/",
                {"raw": body},
                must_refuse=True,
                content_type="multipart/form-data; boundary=xyz",
            )
        )
    return probes


HEADER = "memorandum_reference,signed_on,operator,city,segment,jobs_committed,horizon_year\n"
BAD_FILES = {
    "empty.csv": b"",
    "header-only.csv": HEADER.encode(),
    # Windows-1252 (and so Latin-1) imports since spreadsheets save it; these do not.
    "utf16.csv": (HEADER + "X-1,2024-01-01,Société,Fès,BPO,5,2026\n").encode("utf-16"),
    "arabic-windows-1256.csv": (HEADER + "X-1,2024-01-01,الأطلس,Fes,BPO,5,2026\n").encode("cp1256"),
    "binary.csv": bytes(range(256)),
    "not-a-workbook.xlsx": b"PK\x03\x04 certainly not a zip",
    "text.xlsx": HEADER.encode(),
    "bad-rows.csv": (
        HEADER
        + "ATLAS-2023-1,2023-03-15,Atlas Relation,Rabat,BPO,-5,2026\n"
        + "X\x00,2024-01-01,=HYPERLINK(1),Fès,BPO,99999999999999999999,2026\n"
        + "mde 2022,31/12/2024,A,Atlantis,ZZZ,abc,20\n"
    ).encode(),
    "case-twin.csv": (
        HEADER + "atlas-2023-1,2023-03-15,Atlas Relation,Rabat,BPO,5,2026\n"
    ).encode(),
    "half-good.csv": (
        HEADER
        + "NEW-OK-1,2024-01-01,Sahara Services,Rabat,BPO,5,2026\n"
        + "NEW-OK-1,2024-01-01,Sahara Services,Rabat,BPO,6,2026\n"
    ).encode(),
    "arabic.csv": (HEADER + "AR-1,2024-01-01,شركة 💼,الرباط,BPO,5,2026\n").encode(),
}
MALFORMED_MULTIPART = [
    b"",
    b'--xyz\r\nContent-Disposition: form-data; name="format"\r\n\r\n0',
    b"--xyz\r\nContent-Disposition: form-data\r\n\r\n0\r\n--xyz--",
    b'--xyz\r\nContent-Disposition: form-data; name="import_file"; filename="a\x00.csv"\r\n'
    b"\r\nabc\r\n--xyz--\r\n",
    b"garbage without any boundary",
]


# What a refused request may still write: a message for the next page (sessions) and, for a
# failed login, its record in the lockout counts (django-axes' attempts and log), which is
# the point of counting them.
UNWATCHED_TABLES = {
    "django_session",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accessattemptexpiration",
    "axes_accesslog",
}


def fingerprint() -> str:
    """A digest of every row of every table but UNWATCHED_TABLES. On PostgreSQL in one query,
    each table's rows written as text by the database itself and sorted (a query per table, with
    the rows read back, took a third of the corpus's time there)."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        tables = sorted(set(connection.introspection.table_names(cursor)) - UNWATCHED_TABLES)
        if connection.vendor == "postgresql":
            for table, rows in sorted(postgresql_table_digests(cursor, tables)):
                digest.update(f"{table}\n{rows}".encode())
            return digest.hexdigest()
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            digest.update(table.encode())
            for row in sorted(map(repr, cursor.fetchall())):
                digest.update(row.encode())
    return digest.hexdigest()


def postgresql_table_digests(cursor, tables: list[str]) -> list[tuple[str, str | None]]:
    """Each table's name and a digest of its rows (each as the database writes a row as text:
    every column, NULL distinct from empty), None for an empty table."""
    selects = [
        f"(SELECT %s::text, md5(string_agg(r::text, E'\\n' ORDER BY r::text)) "
        f"FROM {connection.ops.quote_name(table)} AS r)"
        for table in tables
    ]
    cursor.execute(" UNION ALL ".join(selects), tables)
    return cursor.fetchall()
