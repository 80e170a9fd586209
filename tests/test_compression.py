"""Pages and exports travel compressed to browsers that accept it, and stay readable to those
that do not."""

import gzip
import json

import pytest

BUDGET = 100 * 1024


@pytest.mark.parametrize("path", ["/", "/commitments/", "/ar/commitments/"])
def test_pages_are_compressed_well_under_the_page_budget(client, world, path):
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")

    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert len(response.content) < BUDGET / 4
    assert "<html" in gzip.decompress(response.content).decode()


def test_pages_are_plain_for_clients_that_do_not_accept_compression(client, world):
    response = client.get("/")

    assert "Content-Encoding" not in response.headers
    assert b"<html" in response.content


def test_streamed_exports_are_compressed_and_complete(client, world):
    response = client.get("/commitments/export.json", HTTP_ACCEPT_ENCODING="gzip")

    assert response.streaming
    assert response.headers["Content-Encoding"] == "gzip"
    data = json.loads(gzip.decompress(b"".join(response.streaming_content)))
    assert data["count"] == 5
    assert data["totals"]["jobs_committed"] == 1100
