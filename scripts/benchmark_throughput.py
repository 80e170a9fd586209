"""Requests per second that one portal process group serves: a bounded number of GET requests,
from a few threads at once, to a portal running on this machine (gunicorn, started by hand).

Usage: .venv/bin/python scripts/benchmark_throughput.py http://127.0.0.1:8765 /commitments/
       /healthz [--requests 200] [--concurrency 4]

Only loopback addresses are accepted: it is a measurement of this machine, never a load test of
another host. Prints, per path, the requests per second, the median and the 95th percentile.
"""

import argparse
import statistics
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def timed_get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
    return time.perf_counter() - started


def measure(url: str, requests: int, concurrency: int) -> str:
    timed_get(url)  # warm
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        durations = sorted(pool.map(timed_get, [url] * requests))
    elapsed = time.perf_counter() - started
    p95 = durations[int(len(durations) * 0.95) - 1]
    return (
        f"{requests / elapsed:7.1f} req/s, median {statistics.median(durations) * 1000:6.1f} ms,"
        f" p95 {p95 * 1000:6.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    arguments = parser.parse_args()
    if urllib.parse.urlsplit(arguments.base).hostname not in LOOPBACK:
        parser.error("only a portal on this machine (127.0.0.1, localhost, ::1) is measured")
    for path in arguments.paths:
        result = measure(
            arguments.base + path, min(arguments.requests, 5000), arguments.concurrency
        )
        print(f"{path:40} {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
