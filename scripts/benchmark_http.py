"""HTTP benchmark: requests per second that gunicorn serves, for a static file, the home page
and the list, with the page cache (Redis) and without it.

Usage (against a demo database built beforehand, which it only reads):
    DATABASE_URL=postgres://.../demo REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python scripts/benchmark_http.py [--workers 2] [--seconds 10] [--threads 8]

The demo database: with DEMO=true and that DATABASE_URL, `manage.py migrate`, then
`manage.py generate_demo_commitments 100000 --quarters 40 --i-know-this-is-demo-data`.

It collects the static files, starts gunicorn (WORKERS sync workers, DEBUG off, DEMO on) once
with the page cache in Redis under a key prefix of its own and once with the page cache off,
and loads each address from THREADS client threads (a new connection a request, as gunicorn's
sync workers close each one) for SECONDS, every request asking for gzip as browsers do.
The client runs on the same machine and takes CPU from the server: the figures are a floor.
"""

import argparse
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765
# The cached run's keys, removed at the end (the generation has no expiry).
KEY_PREFIX = f"benchmark-{uuid.uuid4().hex}"
PAGES = ["/", "/commitments/", "/commitments/?segment=BPO&ordering=-jobs_committed"]


def server_environment(cached: bool) -> dict:
    env = {
        **os.environ,
        "DEBUG": "false",
        "DEMO": "true",
        "EMAIL_MAILER": "console",
        "PAGE_CACHE_SECONDS": "3600" if cached else "0",
        "CACHE_KEY_PREFIX": KEY_PREFIX,
    }
    if not cached:
        env.pop("REDIS_URL", None)
    return env


def static_file_url() -> str:
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def get(path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def load(path: str, seconds: float, threads: int) -> tuple[float, int]:
    """Requests per second over `seconds` from `threads` threads, and the failures."""
    counts, failures = [0] * threads, [0] * threads
    deadline = time.monotonic() + seconds

    def run(index: int) -> None:
        while time.monotonic() < deadline:
            if get(path) == 200:
                counts[index] += 1
            else:
                failures[index] += 1

    started = time.monotonic()
    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(counts) / (time.monotonic() - started), sum(failures)


def serving(cached: bool, workers: int, ready: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=server_environment(cached))
    for _ in range(100):
        try:
            get(ready)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("REDIS_URL must name the Redis of the cached run")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=server_environment(False),
        check=True,
    )
    static = static_file_url()
    results = {}
    for cached in (True, False):
        server = serving(cached, args.workers, ready=static)
        try:
            for path in [static, *PAGES]:
                get(path)  # warm: the cached run stores the page here
                results[path, cached] = load(path, args.seconds, args.threads)
        finally:
            server.terminate()
            server.wait()
    stored = redis.Redis.from_url(os.environ["REDIS_URL"])
    for key in stored.scan_iter(f"{KEY_PREFIX}:*"):
        stored.delete(key)
    print(f"gunicorn, {args.workers} sync workers; {args.threads} client threads, ")
    print(f"{args.seconds:.0f} s an address; requests per second (failures)\n")
    print("| address | page cache in Redis | page cache off |")
    print("| --- | --- | --- |")
    for path in [static, *PAGES]:
        cells = [
            f"{rate:.0f} ({failed})" for rate, failed in (results[path, c] for c in (True, False))
        ]
        print(f"| `{path}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
