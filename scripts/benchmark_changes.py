"""Benchmark of the changes page and its feed: queries and time with few and many corrections.

Usage: .venv/bin/python scripts/benchmark_changes.py [--sizes 100 100000] [--commitments 2000]
[--runs 7]

Like scripts/benchmark.py (whose throw-away database it uses), with DEMO commitments, then
DEMO corrections of their jobs committed spread over them, newest a minute apart, up to each
size; requests the changes page (plain, filtered, a far page), the feed and the pages that
list corrections, and prints the median time and the query count of each.
"""

import argparse
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmark import connection, measure, prepare_database  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from memoranda.demo import demo_commitments_generate  # noqa: E402
from memoranda.models import Commitment, Correction  # noqa: E402

URLS = [
    "/changes/",
    "/changes/?page=100",
    "/changes/?operator=demo-operator-00000",
    "/changes/?city=casablanca",
    "/changes/?signing={signing}",
    "/changes/?operator=demo-operator-00000&city=casablanca",
    "/changes/feed/",
    "/changes/feed/?operator=demo-operator-00000",
    "/changes/feed/?city=casablanca",
    "/memoranda/DEMO-00000/",
    "/operators/demo-operator-00000/",
]


def add_corrections(count: int) -> None:
    """Corrections of the DEMO commitments' jobs committed, round-robin, newest last."""
    commitments = list(
        Commitment.objects.filter(memorandum__reference__startswith="DEMO-").values(
            "pk",
            "city",
            "memorandum",
            "memorandum__operator",
            "memorandum__signing",
            "jobs_committed",
        )
    )
    start = timezone.now() - datetime.timedelta(minutes=count)
    rows = []
    for number in range(count):
        c = commitments[number % len(commitments)]
        rows.append(
            Correction(
                subject=Correction.Subject.COMMITMENT,
                commitment_id=c["pk"],
                memorandum_id=c["memorandum"],
                operator_id=c["memorandum__operator"],
                signing_id=c["memorandum__signing"],
                city_id=c["city"],
                field=Correction.Field.JOBS_COMMITTED,
                value_before=str(c["jobs_committed"] + number),
                value_after=str(c["jobs_committed"] + number + 1),
                corrected_at=start + datetime.timedelta(minutes=number),
                reason="DEMO correction",
                by=Correction.Role.OFFICIAL,
                step=number // len(commitments) + 1,
            )
        )
    Correction.objects.bulk_create(rows, batch_size=5000)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 100000])
    parser.add_argument("--commitments", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    configured_name = prepare_database()
    demo_commitments_generate(args.commitments - Commitment.objects.count(), 0)
    signing = Commitment.objects.filter(memorandum__reference="DEMO-00000").values_list(
        "memorandum__signing__slug", flat=True
    )[0]
    urls = [url.format(signing=signing) for url in URLS]
    public = Client(HTTP_HOST="127.0.0.1")
    print(f"Database: {connection.vendor}; {args.commitments} commitments; median of {args.runs}.")
    results = {}
    for size in args.sizes:
        add_corrections(size - Correction.objects.count())
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Correction._meta.db_table}")
        for url in urls:
            results[url, size] = measure(public, url, args.runs)
    print("| page | " + " | ".join(f"{s} corrections: ms, queries" for s in args.sizes) + " |")
    print("|" + " --- |" * (len(args.sizes) + 1))
    for url in urls:
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
