#!/usr/bin/env python3
"""The web container's health check (Dockerfile): asks this container's /healthz and succeeds
when the parts named (all of them by default: database, cache, worker) are well. The standard
library only, so that each check costs a request and not the start of Django.

    python scripts/healthcheck.py [--url URL] [PART ...]
"""

import argparse
import json
import sys
import urllib.error
import urllib.request

WELL = ("ok", "not used")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", help="database, cache, worker")
    parser.add_argument("--url", default="http://127.0.0.1:8000/healthz")
    arguments = parser.parse_args()
    try:
        with urllib.request.urlopen(arguments.url, timeout=4) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        body = error.read()  # a 503 still says which part failed
    except OSError as error:
        print(f"{arguments.url}: {error}", file=sys.stderr)
        return 1
    checks = json.loads(body)["checks"]
    failing = {
        part: state
        for part, state in checks.items()
        if (not arguments.parts or part in arguments.parts) and state not in WELL
    }
    print(json.dumps(checks))
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
