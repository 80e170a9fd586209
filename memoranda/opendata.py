"""The open data page and the Data Package that describes the commitment exports, their
summaries and the sources and claims (memoranda.source_open_data).

Each export column is described once, in memoranda.columns; the page and datapackage.json are
both built from it, as the exports' own column lists are.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from memoranda.columns import COMMITMENT_COLUMNS, GROUP_COLUMNS, OVER_TIME_COLUMNS
from memoranda.models import Release
from memoranda.source_open_data import SOURCE_TABLES
from memoranda.tableschema import Column, Table, csv_resource

COLUMNS = COMMITMENT_COLUMNS


SUMMARIES = (
    Table(
        "jobs-over-time",
        "memoranda:over_time_csv",
        _("Jobs created over time"),
        _("One row per quarter that has ended, as the home page's chart and table."),
        OVER_TIME_COLUMNS,
    ),
    Table(
        "jobs-by-city",
        "memoranda:by_city_csv",
        _("Jobs by city"),
        _("One row per city, and one for the commitments not yet allocated (empty city)."),
        (Column("city", "string", _("City"), _("City name; empty: not yet allocated.")),)
        + GROUP_COLUMNS,
    ),
    Table(
        "jobs-by-segment",
        "memoranda:by_segment_csv",
        _("Jobs by segment"),
        _("One row per outsourcing segment."),
        (Column("segment", "string", _("Segment"), _("Segment code."), True),) + GROUP_COLUMNS,
    ),
)


def licence() -> dict:
    return {
        "name": settings.OPEN_DATA_LICENCE_NAME,
        "title": settings.OPEN_DATA_LICENCE_TITLE,
        "path": settings.OPEN_DATA_LICENCE_URL,
    }


def data_package(absolute_url) -> dict:
    """A Frictionless Data Package describing the CSV export of every commitment, its
    summaries, and the sources and claims. A demo world's (and its releases') says so in its
    title, as its pages do."""
    title = str(_("Job commitments of memoranda of understanding"))
    if settings.DEMO:
        title = f"{_('DEMO – not real figures')}: {title}"
    return {
        "profile": "tabular-data-package",
        "name": "job-commitments",
        "title": title,
        "description": str(
            _(
                "Every job commitment recorded in a memorandum of understanding, with the jobs "
                "created according to validated quarterly declarations."
            )
        ),
        "homepage": absolute_url(reverse("memoranda:open_data")),
        "licenses": [licence()],
        "sources": [
            {
                "title": str(
                    _(
                        "Memoranda of understanding recorded by officials, and quarterly "
                        "headcount declarations validated by officials"
                    )
                ),
                "path": absolute_url(reverse("memoranda:home")),
            }
        ],
        "resources": [
            csv_resource(
                "commitments", absolute_url(reverse("memoranda:commitment_export_csv")), COLUMNS
            ),
            *(table.resource(absolute_url) for table in (*SUMMARIES, *SOURCE_TABLES)),
        ],
    }


def open_data(request: HttpRequest) -> HttpResponse:
    context = {
        "columns": COLUMNS,
        "summaries": SUMMARIES,
        "source_tables": SOURCE_TABLES,
        "licence": licence(),
        "due_days": settings.DECLARATION_DUE_DAYS,
        "releases": Release.objects.published().with_files(),
    }
    return render(request, "memoranda/open_data.html", context)


def datapackage(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        data_package(request.build_absolute_uri), json_dumps_params={"ensure_ascii": False}
    )
