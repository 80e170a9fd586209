"""Benchmark of the operators' declaration upload: time and SQL queries of the template, the
preview and the confirmation, for an operator with many sites.

Usage: .venv/bin/python scripts/benchmark_declaration_upload.py [--sites 10 100]

In a throw-away database beside the configured one (a SQLite file under var/, or test_<name> on
the PostgreSQL server DATABASE_URL names), for each number of sites: an operator whose
memorandum was signed on 20 April 2022 (horizon 2026) and whose sites serve BPO and ITO; its
staff member downloads the CSV template (every open quarter of every site, a row per segment),
fills every figure, previews it, and confirms: the first operator's file as drafts, a second
operator's identical file as submissions.
"""

import argparse
import csv
import datetime
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DEBUG"] = "false"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from memoranda.models import Memorandum  # noqa: E402
from operators.models import City, Declaration, Operator, OperatorMembership, Segment, Site  # noqa: E402


def operator_with_sites(name: str, count: int) -> Operator:
    operator = Operator.objects.create(name=name, slug=name.lower())
    Memorandum.objects.create(
        reference=f"{name.upper()}-2022-1",
        operator=operator,
        signed_on=datetime.date(2022, 4, 20),
        horizon_year=2026,
    )
    city = City.objects.first()
    sites = Site.objects.bulk_create(
        Site(operator=operator, name=f"{name} site {n:04d}", city=city) for n in range(count)
    )
    segments = list(Segment.objects.filter(code__in=["BPO", "ITO"]))
    for site in sites:
        site.segments.set(segments)
    return operator


def staff_client(operator: Operator) -> Client:
    user = get_user_model().objects.create_user(username=f"staff-{operator.slug}")
    OperatorMembership.objects.create(user=user, operator=operator)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def timed(label: str, rows: int, call):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = call()
        seconds = time.perf_counter() - start
    assert response.status_code in (200, 302), (label, response.status_code)
    print(f"| {rows} | {label} | {seconds:.2f} s | {len(queries)} |")
    return response


def filled(template: bytes) -> bytes:
    header, *rows = csv.reader(io.StringIO(template.decode("utf-8-sig")), delimiter=";")
    for row in rows:
        row[5:8] = ["120", "90", "60"]
    stream = io.StringIO(newline="")
    csv.writer(stream, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    return stream.getvalue().encode("cp1252")


def run(sites: int, number: int) -> None:
    for action in ("save", "submit"):
        client = staff_client(operator_with_sites(f"Bench{number}{action}", sites))
        template = client.get("/space/upload/template.csv").content
        rows = len(template.splitlines()) - 1
        timed("template", rows, lambda c=client: c.get("/space/upload/template.csv"))
        content = filled(template)
        upload = SimpleUploadedFile("declarations.csv", content)
        preview = timed(
            "preview", rows, lambda c=client, u=upload: c.post("/space/upload/", {"file": u})
        )
        assert not preview.context["preview"].problems
        digest = preview.context["digest"]
        data = {"digest": digest, "action": action}
        timed(
            f"confirm ({action})",
            rows,
            lambda c=client, d=data: c.post("/space/upload/confirm/", d),
        )
    print(f"{Declaration.objects.count()} declarations at the end")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, nargs="+", default=[10, 100])
    args = parser.parse_args()
    database = settings.DATABASES["default"]
    configured_name = database["NAME"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(ROOT / "var" / "benchmark-upload.sqlite3")
    setup_test_environment()  # so that responses carry their context (the preview, its digest)
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Database: {database['ENGINE'].rsplit('.', 1)[-1]}; today {datetime.date.today()}")
    print("| rows | step | time | queries |")
    print("| --- | --- | --- | --- |")
    try:
        for number, sites in enumerate(args.sites):
            run(sites, number)
    finally:
        connection.creation.destroy_test_db(configured_name, verbosity=0)


if __name__ == "__main__":
    main()
