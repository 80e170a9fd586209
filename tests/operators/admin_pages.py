"""Reading the admin's pages in tests: rows of a table as their cells' text."""

import re
from html import unescape

ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)
TAG = re.compile(r"<[^>]+>")


def text_of(html: str) -> str:
    return " ".join(unescape(TAG.sub(" ", html)).split())


def table_rows(page: str, table_id: str) -> list[list[str]]:
    """The body rows of the table (or block) whose id is `table_id`, each as its cells' text."""
    start = page.index(f'id="{table_id}"')
    body = page[start:]
    body = body[body.index("<tbody") : body.index("</tbody>")]
    return [[text_of(cell) for cell in CELL.findall(row)] for row in ROW.findall(body)]
