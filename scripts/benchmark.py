"""Benchmark: queries and time per page with few and with many commitments.

Usage: make benchmark  (or .venv/bin/python scripts/benchmark.py [--sizes 50 5000] [--runs 7]
[--quarters N], N quarters of DEMO declarations, up to the last ended quarter, for the demo
operators' sites at each size)

It builds a throw-away test database beside the configured one (a SQLite file under var/, or
test_<name> on the PostgreSQL server DATABASE_URL names), with DEMO on (its pages say so, and
the demo generator writes only then), loads the founding data, adds DEMO
commitments up to each size, then requests every public page, the exports and the admin
changelists through Django's test client with DEBUG off, and prints the median time and the
query count of each. A page whose query count changes with the size is flagged.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DEBUG"] = "false"
# The benchmark's database is a demo world of its own, thrown away at the end.
os.environ["DEMO"] = "true"
# What a page costs to build: the page cache (docs/page-cache.md) would serve the repeated
# requests without a query; scripts/benchmark_http.py measures it.
os.environ["PAGE_CACHE_SECONDS"] = "0"
# It sends no e-mail; with DEBUG off and no SMTP server the console mailer is chosen on purpose.
os.environ.setdefault("EMAIL_MAILER", "console")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from memoranda.demo import demo_commitments_generate, demo_data_delete  # noqa: E402
from memoranda.models import Commitment  # noqa: E402
from operators.models import Declaration, Operator, OperatorMembership  # noqa: E402

PUBLIC_URLS = [
    "/",
    "/commitments/",
    "/commitments/?status=behind",
    "/commitments/?status=out_of_date",
    "/commitments/?city=casablanca&page=50",
    # A deep page that exists at 1,000 commitments too (the last of 20 there): page 50 of
    # Casablanca is beyond the end at 1,000 and answers with an error instead of rows.
    "/commitments/?page=20",
    "/commitments/?segment=bpo&ordering=-jobs_committed",
    "/commitments/?city=unallocated&ordering=-signed_on",
    "/commitments/?operator=cnexia",
    "/commitments/export.csv",
    "/commitments/export.json",
    "/commitments/over-time.csv",
    "/commitments/over-time.csv?segment=bpo",
    "/memoranda/MDE-2022-CNEXIA/",
    "/memoranda/DEMO-00000/",
    "/signings/outsourcing-2022-04-20/",
    "/operators/demo-operator-00000/",
    "/cities/casablanca/",
    "/segments/BPO/",
]
ADMIN_URLS = [
    "/admin/memoranda/memorandum/",
    "/admin/memoranda/commitment/",
    "/admin/memoranda/signing/",
    "/admin/operators/operator/",
    "/admin/operators/city/",
    "/admin/operators/segment/",
    "/admin/operators/declaration/",
    "/admin/operators/declaration/?status__exact=submitted",
    "/admin/operators/declaration/?queue=late",
    # The home's panel of what waits and the missing declarations: the calendar of every site.
    "/admin/",
    "/admin/operators/missing-declarations/",
    "/admin/operators/missing-declarations/?ordering=site&page=2",
]
SPACE_URLS = ["/space/", "/space/commitments/"]


def measure(client: Client, url: str, runs: int) -> tuple[float, int, int]:
    """Median milliseconds over `runs` requests, the query count and the status code."""
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            # Streamed exports do their work while the body is read.
            body = b"".join(response) if response.streaming else response.content
            timings.append((time.perf_counter() - start) * 1000)
        assert body is not None
    return statistics.median(timings), len(queries), response.status_code


def copy_time(runs: int) -> float | None:
    """Median milliseconds of PostgreSQL's COPY (...) TO STDOUT of the rows and columns the CSV
    export reads: the floor the export's throughput is compared with. None on SQLite."""
    if connection.vendor != "postgresql":
        return None
    from psycopg import ClientCursor

    from memoranda import exports

    commitments = Commitment.objects.for_public_list()
    values = commitments.values(*exports.SOURCES.values(), *exports.INPUTS.values())
    sql, params = values.query.sql_with_params()
    connection.ensure_connection()
    literal = ClientCursor(connection.connection).mogrify(sql, params)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY ({literal}) TO STDOUT WITH CSV HEADER") as copy,
        ):
            for _block in copy:
                pass
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def prepare_database() -> str:
    """A fresh migrated database, never the configured one, with the founding data. Returns
    the configured database's name, which destroying the test database needs."""
    database = settings.DATABASES["default"]
    configured_name = database["NAME"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(ROOT / "var" / "benchmark.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    call_command("load_founding_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("collectstatic", interactive=False, verbosity=0)
    return configured_name


def verify_second_factor(client: Client, user) -> None:
    """Logs `user` in on `client` with a session verified by a TOTP device, as the admin's login
    form does once the code is right: without it every admin page answers with the login."""
    import django_otp
    from django.http import HttpRequest
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="benchmark", confirmed=True)
    client.force_login(user)
    request = HttpRequest()
    request.session, request.user = client.session, user
    django_otp.login(request, device)
    request.session.save()


def demo_staff_member():
    """A staff member of the first demo operator, for the operator space's pages."""
    user, _ = get_user_model().objects.get_or_create(username="benchmark-staff")
    OperatorMembership.objects.update_or_create(
        user=user, defaults={"operator": Operator.objects.get(slug="demo-operator-00000")}
    )
    return user


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 5000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quarters", type=int, default=0)
    args = parser.parse_args()

    configured_name = prepare_database()
    admin = get_user_model().objects.create_superuser("benchmark", password="benchmark-only")
    public, official = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    verify_second_factor(official, admin)
    staff = Client(HTTP_HOST="127.0.0.1")

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"Database: {engine}; median of {args.runs} requests; DEBUG off.\n")
    results = {}
    for size in args.sizes:
        OperatorMembership.objects.filter(user__username="benchmark-staff").delete()
        demo_data_delete()
        demo_commitments_generate(size - Commitment.objects.count(), args.quarters)
        assert Commitment.objects.count() == size
        print(f"{size} commitments, {Declaration.objects.count()} declarations")
        staff.force_login(demo_staff_member())
        for client, urls in ((public, PUBLIC_URLS), (official, ADMIN_URLS), (staff, SPACE_URLS)):
            for url in urls:
                results[url, size] = measure(client, url, args.runs)
        floor = copy_time(args.runs)
        if floor is not None:
            export_ms = results["/commitments/export.csv", size][0]
            print(
                f"CSV export {export_ms:.0f} ms against COPY of the same rows {floor:.0f} ms: "
                f"{floor / export_ms:.2f} of COPY's throughput"
            )

    header = "| page | " + " | ".join(f"{s} commitments: ms, queries" for s in args.sizes) + " |"
    print(header)
    print("|" + " --- |" * (len(args.sizes) + 1))
    for url in PUBLIC_URLS + ADMIN_URLS + SPACE_URLS:
        cells = []
        for size in args.sizes:
            ms, queries, status = results[url, size]
            cells.append(f"{ms:.1f} ms, {queries} q" + ("" if status == 200 else f" ({status})"))
        counts = {results[url, size][1] for size in args.sizes}
        flag = "" if len(counts) == 1 else "  <- query count grows with rows"
        print(f"| `{url}` | " + " | ".join(cells) + f" |{flag}")
    connection.creation.destroy_test_db(configured_name, verbosity=0)


if __name__ == "__main__":
    main()
