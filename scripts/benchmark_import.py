"""Benchmark of import_commitments: rows a second and SQL queries a row on a generated file.

Usage: .venv/bin/python scripts/benchmark_import.py [--sizes 5000 50000] [--admin]

In a throw-away database beside the configured one (scripts/benchmark.py's: a SQLite file under
var/, or test_<name> on the PostgreSQL server DATABASE_URL names), for each size: writes a CSV
file of that many rows (five commitments a memorandum, two memoranda an operator, every
memorandum and operator new, semicolon-separated in Windows-1252 with day-first dates, as
French Excel saves it), imports it (every row created), runs ANALYZE, imports it again (every
row unchanged), and prints the time, rows a second and queries a row of each run.

With --admin, each file goes through the admin's import instead, as an official uses it with
IMPORT_INLINE_ROWS below the file's rows: the upload (a request, through the test client), the
task worker's check (`db_worker --batch`, in this process), the confirmation (a request) and
the worker's import; it prints the time of each step and the whole.
"""

import argparse
import io
import itertools
import os
import sys
import tempfile
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
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from memoranda.imports import REQUIRED_COLUMNS  # noqa: E402
from memoranda.models import Commitment, CommitmentImport, Memorandum  # noqa: E402
from operators.models import City, Operator, Segment  # noqa: E402

PER_MEMORANDUM = 5


def write_file(path: Path, size: int, run: int) -> None:
    """`size` rows of new memoranda ("BENCH-<run>-<n>") and operators, day-first dates."""
    scopes = list(
        itertools.product(
            Segment.objects.values_list("code", flat=True),
            [None, *City.objects.values_list("name", flat=True)[:20]],
        )
    )
    lines = [";".join(REQUIRED_COLUMNS)]
    for number in range(size):
        memorandum = number // PER_MEMORANDUM
        segment, city = scopes[number % PER_MEMORANDUM + memorandum % 7]
        lines.append(
            f"BENCH-{run}-{memorandum:06d};20/04/2022;Opérateur {run}-{memorandum // 2:06d};"
            f"{city or ''};{segment};{10 + number % 90};2027"
        )
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


class QueryCount:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed_import(path: Path, size: int, label: str) -> None:
    counter = QueryCount()
    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        call_command("import_commitments", str(path), stdout=io.StringIO())
        seconds = time.perf_counter() - start
    print(
        f"| {size} | {label} | {seconds:.1f} s | {size / seconds:.0f} | "
        f"{counter.count / size:.2f} |"
    )


def official_client() -> Client:
    """A superuser's client whose session is verified by a second factor, as the admin asks."""
    import django_otp
    from django.http import HttpRequest
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.create_superuser("benchmark", password="benchmark-only")
    device = TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    request = HttpRequest()
    request.session, request.user = client.session, user
    django_otp.login(request, device)
    request.session.save()
    return client


def worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def admin_import(client: Client, path: Path, size: int, label: str) -> None:
    steps, start = [], time.perf_counter()
    with path.open("rb") as upload:
        response = client.post(
            reverse("admin:memoranda_commitment_import"), {"format": "0", "import_file": upload}
        )
    assert response.status_code == 302, response.status_code
    steps.append(time.perf_counter())
    worker()
    steps.append(time.perf_counter())
    job = CommitmentImport.objects.latest("started_at")
    assert job.status == CommitmentImport.Status.CHECKED, (job.status, job.problems[:3])
    client.post(job.get_absolute_url())
    steps.append(time.perf_counter())
    worker()
    steps.append(time.perf_counter())
    job.refresh_from_db()
    assert job.status == CommitmentImport.Status.DONE, (job.status, job.error)
    upload_s, check_s, confirm_s, import_s = (
        b - a for a, b in zip([start, *steps], steps, strict=False)
    )
    total = steps[-1] - start
    print(
        f"| {size} | {label} | {upload_s:.1f} s | {check_s:.1f} s | {confirm_s:.1f} s | "
        f"{import_s:.1f} s | {total:.1f} s, {size / total:.0f} rows a second |"
    )


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--admin", action="store_true", help="through the admin and the worker")
    args = parser.parse_args()

    database = settings.DATABASES["default"]
    configured_name = database["NAME"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(ROOT / "var" / "benchmark-import.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"Database: {database['ENGINE'].rsplit('.', 1)[-1]}")
    if args.admin:
        settings.IMPORT_INLINE_ROWS = min(args.sizes) - 1
        client = official_client()
        print("| rows | run | upload | check (worker) | confirm | import (worker) | in all |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
    else:
        print("| rows | run | time | rows a second | queries a row |")
        print("| --- | --- | --- | --- | --- |")
    try:
        with tempfile.TemporaryDirectory() as folder:
            for run, size in enumerate(args.sizes):
                path = Path(folder) / f"commitments-{size}.csv"
                write_file(path, size, run)
                for label in ("new rows", "unchanged"):
                    analyze()
                    if args.admin:
                        admin_import(client, path, size, label)
                    else:
                        timed_import(path, size, label)
        print(f"{Memorandum.objects.count()} memoranda, {Operator.objects.count()} operators, ")
        print(f"{Commitment.objects.count()} commitments at the end")
    finally:
        connection.creation.destroy_test_db(configured_name, verbosity=0)


if __name__ == "__main__":
    main()
