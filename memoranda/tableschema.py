"""Downloads described as Frictionless Table Schema: a column once, for the open data page and
for datapackage.json alike."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class Column:
    """One export column, as a Frictionless Table Schema field and as a row of the page."""

    name: str
    type: str
    title: Promise
    description: Promise
    required: bool = False
    constraints: dict = field(default_factory=dict)
    format: str = ""

    def table_schema_field(self) -> dict:
        described = {
            "name": self.name,
            "type": self.type,
            "title": str(self.title),
            "description": str(self.description),
        }
        if self.format:
            described["format"] = self.format
        constraints = {**self.constraints, **({"required": True} if self.required else {})}
        if constraints:
            described["constraints"] = constraints
        return described


def csv_resource(name: str, path: str, columns, keys: dict | None = None) -> dict:
    """A CSV file as a Tabular Data Resource; `keys`: its schema's primaryKey and foreignKeys."""
    return {
        "profile": "tabular-data-resource",
        "name": name,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [column.table_schema_field() for column in columns],
            "missingValues": [""],
            **(keys or {}),
        },
    }


@dataclass(frozen=True)
class Table:
    """A CSV download: its name in datapackage.json, its URL name and its columns."""

    name: str
    url_name: str
    title: Promise
    description: Promise
    columns: tuple
    keys: dict = field(default_factory=dict)

    def resource(self, absolute_url) -> dict:
        return csv_resource(
            self.name, absolute_url(reverse(self.url_name)), self.columns, self.keys
        )
