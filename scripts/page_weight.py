"""Page weight: bytes a browser transfers for a page and everything it loads, as production
serves them (DEBUG off, static files hashed and compressed by whitenoise).

Usage: .venv/bin/python scripts/page_weight.py [--commitments 200] [--quarters 4]

It builds the benchmark's throw-away database (DEMO on; founding data plus DEMO commitments, so
that the list shows a full page), requests each page through Django's test client as a browser
that accepts compressed responses, follows every stylesheet, script, image, font and icon the
page names, and prints the bytes on the wire, the cache lifetime of each file, and any address
outside the portal (there must be none).
"""

import argparse
import gzip
import re
import sys
from html.parser import HTMLParser

from benchmark import prepare_database  # sets up Django with DEBUG off and DEMO on
from django.db import connection
from django.test import Client

from memoranda.demo import demo_commitments_generate

PAGES = ["/", "/commitments/", "/ar/", "/ar/commitments/", "/en/", "/en/commitments/"]
BUDGET = 100 * 1024
ACCEPT = {"HTTP_ACCEPT_ENCODING": "br, gzip", "HTTP_HOST": "127.0.0.1"}


class AssetFinder(HTMLParser):
    """Addresses a browser would fetch while showing the page (links it follows are not)."""

    def __init__(self):
        super().__init__()
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") in ("stylesheet", "icon", "preload"):
            self.assets.append(attributes["href"])
        if tag in ("script", "img", "source", "image") and attributes.get("src"):
            self.assets.append(attributes["src"])


def stylesheet_assets(css: str) -> list[str]:
    """url(...) references of a stylesheet: fonts and images it pulls in."""
    return [u for u in re.findall(r"url\(['\"]?([^'\")]+)", css) if not u.startswith("data:")]


def body_of(response) -> bytes:
    return b"".join(response) if response.streaming else response.content


def text_of(response, body: bytes) -> str:
    compressed = response.get("Content-Encoding") == "gzip"
    return (gzip.decompress(body) if compressed else body).decode()


def weigh(client: Client, path: str) -> dict:
    response = client.get(path, **ACCEPT)
    html = body_of(response)
    finder = AssetFinder()
    finder.feed(text_of(response, html))
    files, outside = [], []
    queue = list(finder.assets)
    while queue:
        address = queue.pop(0)
        if address.startswith(("http:", "https:", "//")):
            outside.append(address)
            continue
        asset = client.get(address, **ACCEPT)
        content = body_of(asset)
        files.append(
            {
                "address": address,
                "bytes": len(content),
                "encoding": asset.get("Content-Encoding", "identity"),
                "cache": asset.get("Cache-Control", ""),
            }
        )
        if address.endswith(".css"):
            base = address.rsplit("/", 1)[0]
            queue += [f"{base}/{u}" for u in stylesheet_assets(text_of(asset, content))]
    return {
        "status": response.status_code,
        "html": len(html),
        "html_encoding": response.get("Content-Encoding", "identity"),
        "files": files,
        "outside": outside,
        "total": len(html) + sum(f["bytes"] for f in files),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commitments", type=int, default=200)
    parser.add_argument("--quarters", type=int, default=4)
    args = parser.parse_args()

    configured_name = prepare_database()
    demo_commitments_generate(args.commitments, args.quarters)
    client = Client()
    print("| page | HTML bytes (encoding) | files: bytes (encoding, cache) | total | budget |")
    print("| --- | --- | --- | --- | --- |")
    over_budget = False
    for path in PAGES:
        weight = weigh(client, path)
        files = "; ".join(
            f"`{f['address'].rsplit('/', 1)[-1]}` {f['bytes']} ({f['encoding']}, {f['cache']})"
            for f in weight["files"]
        )
        verdict = "ok" if weight["total"] <= BUDGET and not weight["outside"] else "OVER"
        over_budget |= verdict != "ok"
        print(
            f"| `{path}` ({weight['status']}) | {weight['html']} ({weight['html_encoding']}) "
            f"| {files} | {weight['total'] / 1024:.1f} KB | {verdict} |"
        )
        for address in weight["outside"]:
            print(f"  request outside the portal: {address}")
    connection.creation.destroy_test_db(configured_name, verbosity=0)
    sys.exit(1 if over_budget else 0)


if __name__ == "__main__":
    main()
