"""Public pages: the dashboard, the filtered commitment list, its exports and detail pages.

The list, its totals and its exports share one filtered queryset (filtered_commitments), so
the figures a journalist downloads are the figures on the page.
"""

import json

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from config.request_guard import checks_own_parameters
from memoranda import charts, exports, founding_data, spreadsheets
from memoranda.citations import (
    citations,
    memorandum_citations,
    operator_citations,
    signing_citations,
)
from memoranda.completeness import announcements, funnel, funnel_figures
from memoranda.copy_export import copy_csv_lines
from memoranda.corrections import corrections_public
from memoranda.dashboard import (
    dashboard_by_city,
    dashboard_by_segment,
    dashboard_completeness,
    dashboard_totals,
    jobs_over_time,
    leading_operators,
)
from memoranda.filters import (
    MAX_PARAMETER_LENGTH,
    ORDERING_FIELDS,
    ORDERING_LABELS,
    CommitmentFilter,
    has_control_character,
)
from memoranda.last_changed import figures_last_changed
from memoranda.models import Commitment, Correction, Memorandum, Programme, Signing
from memoranda.paging import KeyedPaginator
from memoranda.querysets import annotate_operators, annotate_places
from operators.models import City, Operator, Region, Segment, in_active_language
from operators.reporting import operator_reporting_record


def filtered_commitments(
    request: HttpRequest, withdrawn: str = ""
) -> tuple[CommitmentFilter, QuerySet]:
    """The commitments the request's parameters select; none at all when a parameter is
    invalid, never every row. `withdrawn` is the withdrawn parameter's value when the request
    gives none (empty: withdrawn commitments are left out)."""
    data = request.GET
    if withdrawn and "withdrawn" not in data:
        data = data.copy()
        data["withdrawn"] = withdrawn
    filterset = CommitmentFilter(data, queryset=Commitment.objects.for_public_list())
    if not filterset.is_valid():
        return filterset, filterset.queryset.none()
    return filterset, filterset.qs


def parameter_errors(filterset: CommitmentFilter) -> dict[str, list[str]]:
    return {name: [str(message) for message in errors] for name, errors in filterset.errors.items()}


# The home page's operator table: the operators with the most jobs committed; every operator
# has its own page and is in the list and the exports.
HOME_OPERATORS = 10


def city_label(row: dict) -> str:
    if row["city__slug"] is None:
        return _("Not yet allocated")
    return in_active_language(row.get, "city__name")


def home_charts(by_city: list, by_segment: list, over_time: list) -> dict:
    """The dashboard's charts, from the same rows as its tables, each drawn wide and narrow
    (for phones: see memoranda.charts)."""
    city_rows = [(city_label(r), r["jobs_committed"], r["jobs_created"]) for r in by_city]
    segment_rows = [
        (r["segment__code"], r["jobs_committed"], r["jobs_created"]) for r in by_segment
    ]
    quarters = [(q.year, q.quarter, q.expected, q.created) for q in over_time]
    return {
        "city_chart": charts.bar_chart(city_rows),
        "city_chart_narrow": charts.bar_chart(city_rows, narrow=True),
        "segment_chart": charts.bar_chart(segment_rows),
        "segment_chart_narrow": charts.bar_chart(segment_rows, narrow=True),
        "time_chart": charts.line_chart(quarters) if over_time else None,
        "time_chart_narrow": charts.line_chart(quarters, narrow=True) if over_time else None,
    }


def home(request: HttpRequest) -> HttpResponse:
    # Every commitment: the stored dashboard sums (memoranda.dashboard) hold the figures the
    # commitment querysets would add up, in a few hundred rows.
    commitments = Commitment.objects.all()
    by_city, by_segment = list(dashboard_by_city()), list(dashboard_by_segment())
    over_time = jobs_over_time(commitments)
    signings = list(Signing.objects.in_force().with_totals().select_related("city")[:3])
    context = {
        "totals": dashboard_totals(),
        "counts": Memorandum.objects.in_force().aggregate(
            memoranda=Count("pk"), operators=Count("operator", distinct=True)
        ),
        "by_city": by_city,
        "by_segment": by_segment,
        "over_time": over_time,
        "now": next((q for q in reversed(over_time) if q.measured), None),
        "operators": leading_operators(HOME_OPERATORS),
        "operators_shown": HOME_OPERATORS,
        "signings": signings,
        # The qualifiers of the signings' announced figures ("more than 65 million").
        "citations": citations(Q(signing__in=signings)),
        "programmes": list(Programme.objects.only("slug", "title", "title_ar", "title_en")),
        "sector": founding_data.SECTOR_CONTEXT,
        "funnel": funnel(dashboard_completeness(), announcements(Signing.objects.in_force())),
        "last_changed": last_changed(commitments, Q()),
        **home_charts(by_city, by_segment, over_time),
    }
    return render(request, "memoranda/home.html", context)


def last_changed(commitments: QuerySet, corrections: Q) -> dict:
    """When the page's figures last changed (memoranda.last_changed), under the one name the
    templates read; two queries."""
    return {"at": figures_last_changed(commitments, corrections)}


def list_page(request: HttpRequest, commitments: QuerySet, listed: int) -> tuple[Page | None, str]:
    """The requested page of the list, or None and why it does not exist; `listed` is the
    number of rows the list holds, counted with its totals (the paginator does not count
    them again)."""
    paginator = KeyedPaginator(with_corrected(commitments), settings.COMMITMENTS_PER_PAGE)
    paginator.count = listed  # Paginator.count is a cached property: this is its value.
    try:
        return paginator.page(request.GET.get("page") or 1), ""
    except PageNotAnInteger:
        return None, _("The page number must be a whole number, such as 2.")
    except EmptyPage:
        return None, _("This page does not exist: the list has %(count)d page(s).") % {
            "count": paginator.num_pages
        }


NUMERIC_COLUMNS = ("jobs_committed", "jobs_created", "progress_percent")
# Each column's term in the glossary (memoranda.glossary).
COLUMN_TERMS = {
    "memorandum": "memorandum",
    "signed_on": "signed-on",
    "operator": "operator",
    "city": "city",
    "region": "region",
    "segment": "segment",
    "jobs_committed": "jobs-committed",
    "jobs_created": "jobs-created",
    "progress_percent": "progress",
    "status": "status",
}


def sort_columns(filterset: CommitmentFilter) -> list[dict]:
    """Column headers: each links to its ordering, the other way round when already sorted."""
    current = (filterset.form.cleaned_data.get("ordering") or [None])[0]
    columns = []
    for param in ORDERING_FIELDS:
        direction = {param: "ascending", f"-{param}": "descending"}.get(current)
        columns.append(
            {
                "param": param,
                "label": ORDERING_LABELS[param],
                "sort": direction,
                "next": f"-{param}" if direction == "ascending" else param,
                "numeric": param in NUMERIC_COLUMNS,
                "term": COLUMN_TERMS[param],
            }
        )
    return columns


def list_totals(filterset: CommitmentFilter, commitments: QuerySet) -> dict:
    """The totals of the selection, with `listed`, the rows the list holds (withdrawn ones
    too when the list shows them; they count in no total); of every commitment in force, or
    of those of a city, region or segment, from the stored dashboard sums."""
    place = filterset.place(withdrawn="")
    if place is None:
        return commitments.totals(listing=True)
    totals = dashboard_totals(place=place)
    return {**totals, "listed": totals["count"]}


@checks_own_parameters
def commitment_list(request: HttpRequest) -> HttpResponse:
    filterset, commitments = filtered_commitments(request)
    totals = list_totals(filterset, commitments) if filterset.is_valid() else None
    page, page_error = list_page(request, commitments, totals["listed"]) if totals else (None, "")
    errors = parameter_errors(filterset)
    if page_error:
        errors["page"] = [page_error]
    context = {
        "filter": filterset,
        "errors": errors,
        "totals": totals,
        "page_obj": page,
        "commitments": page.object_list if page else [],
        "columns": sort_columns(filterset) if filterset.is_valid() else [],
    }
    return render(request, "memoranda/commitment_list.html", context)


def invalid_parameters(filterset: CommitmentFilter, as_json: bool) -> HttpResponse:
    errors = parameter_errors(filterset)
    if as_json:
        body = json.dumps({"errors": errors}, ensure_ascii=False)
        return HttpResponse(body, status=400, content_type="application/json")
    lines = [f"{name}: {' '.join(messages)}" for name, messages in errors.items()]
    return HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")


@checks_own_parameters
def commitment_export_csv(request: HttpRequest) -> HttpResponse:
    filterset, commitments = filtered_commitments(request)
    if not filterset.is_valid():
        return invalid_parameters(filterset, as_json=False)
    # On PostgreSQL the database writes the file itself (memoranda.copy_export).
    write = copy_csv_lines if connection.vendor == "postgresql" else exports.csv_lines
    lines = write(commitments, request.build_absolute_uri)
    response = StreamingHttpResponse(
        exports.buffered(lines), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="commitments.csv"'
    return response


@checks_own_parameters
def commitment_export_xlsx(request: HttpRequest) -> HttpResponse:
    """export.csv's rows and columns as a workbook (memoranda.spreadsheets)."""
    filterset, commitments = filtered_commitments(request)
    if not filterset.is_valid():
        return invalid_parameters(filterset, as_json=False)
    workbook = spreadsheets.xlsx_file(commitments, request.build_absolute_uri)
    return FileResponse(
        workbook,
        as_attachment=True,
        filename="commitments.xlsx",
        content_type=spreadsheets.XLSX_CONTENT_TYPE,
    )


@checks_own_parameters
def commitment_export_excel_csv(request: HttpRequest) -> HttpResponse:
    """export.csv as Excel reads it in French: byte-order mark, semicolons, decimal commas."""
    filterset, commitments = filtered_commitments(request)
    if not filterset.is_valid():
        return invalid_parameters(filterset, as_json=False)
    lines = spreadsheets.excel_csv_lines(commitments, request.build_absolute_uri)
    response = StreamingHttpResponse(
        exports.buffered(lines), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="commitments-excel.csv"'
    return response


@checks_own_parameters
def commitment_export_json(request: HttpRequest) -> HttpResponse:
    filterset, commitments = filtered_commitments(request)
    if not filterset.is_valid():
        return invalid_parameters(filterset, as_json=True)
    chunks = exports.json_chunks(
        commitments, commitments.totals(listing=True), request.build_absolute_uri
    )
    response = StreamingHttpResponse(
        exports.buffered(chunks), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="commitments.json"'
    return response


@checks_own_parameters
def over_time_csv(request: HttpRequest) -> HttpResponse:
    """The jobs-over-time figures of the commitments the list's parameters select, one row per
    quarter that has ended. Withdrawn commitments are included unless the request says
    otherwise: they were measured only in the quarters that ended before their withdrawal
    (memoranda.figures), which keep what was measured then, as the home page's chart does."""
    filterset, commitments = filtered_commitments(request, withdrawn="include")
    if not filterset.is_valid():
        return invalid_parameters(filterset, as_json=False)
    lines = exports.over_time_lines(jobs_over_time(commitments, place=filterset.place()))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="jobs-over-time.csv"'
    return response


@checks_own_parameters
def grouped_csv(request: HttpRequest, group: str) -> HttpResponse:
    """Figures per city or per segment of the commitments the list's parameters select, as the
    home page's tables and charts show them."""
    filterset, commitments = filtered_commitments(request)
    if not filterset.is_valid():
        return invalid_parameters(filterset, as_json=False)
    if group == "city":
        lines = exports.grouped_lines(commitments.by_city(), "city", "city__name")
    else:
        lines = exports.grouped_lines(commitments.by_segment(), "segment", "segment__code")
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="jobs-by-{group}.csv"'
    return response


def lookup_or_404(queryset: QuerySet, **lookup):
    """get_object_or_404 for values taken from the path as free text: a control character
    would be a database error, not a missing object."""
    for value in lookup.values():
        if has_control_character(value) or len(value) > MAX_PARAMETER_LENGTH:
            raise Http404
    return get_object_or_404(queryset, **lookup)


def with_corrected(commitments: QuerySet) -> QuerySet:
    """Rows that say whether a figure of theirs was corrected, in the rows' own query."""
    return commitments.annotate(
        corrected=Exists(Correction.objects.filter(commitment=OuterRef("pk")))
    )


def commitments_of(commitments: QuerySet, place: Q | None = None) -> dict:
    """One page worth of a detail page's commitments, withdrawn ones included (each with its
    mark), and the totals of all of them, which count only those in force. The commitments of
    a `place` (a city, region or segment, as CommitmentFilter.place gives it) take their
    totals from the stored dashboard sums, and count their withdrawn ones apart."""
    if place is None:
        totals = commitments.totals(listing=True)
    else:
        totals = dashboard_totals(place=place)
        totals["withdrawn"] = Commitment.objects.filter(place, withdrawn_on__isnull=False).count()
        totals["listed"] = totals["count"] + totals["withdrawn"]
    return {
        "commitments": with_corrected(commitments)[: settings.COMMITMENTS_PER_PAGE],
        "totals": totals,
        "listed": totals["listed"],
        "withdrawn": totals["withdrawn"],
    }


# Corrections shown on a memorandum's or an operator's page; the changes page has them all.
CORRECTIONS_SHOWN = 20


def corrections_of(of_operator: Operator, **lookup) -> dict:
    """The latest corrections of a detail page (its commitments' and its own), one query."""
    return {
        "corrections": list(corrections_public().filter(**lookup)[:CORRECTIONS_SHOWN]),
        "corrections_shown": CORRECTIONS_SHOWN,
        "operator_slug": of_operator.slug,
    }


def memorandum_detail(request: HttpRequest, reference: str) -> HttpResponse:
    classified = Commitment.objects.filter(memorandum=OuterRef("pk"), segment_classified=True)
    memorandum = lookup_or_404(
        Memorandum.objects.select_related("operator", "signing").annotate(
            classified=Exists(classified)
        ),
        reference=reference,
    )
    commitments = Commitment.objects.for_public_list().filter(memorandum=memorandum)
    context = {
        "memorandum": memorandum,
        "citations": memorandum_citations(memorandum),
        **commitments_of(commitments),
        "last_changed": last_changed(memorandum.commitments.all(), Q(memorandum=memorandum)),
        **corrections_of(memorandum.operator, memorandum=memorandum),
    }
    return render(request, "memoranda/memorandum_detail.html", context)


def signing_detail(request: HttpRequest, slug: str) -> HttpResponse:
    signing = get_object_or_404(Signing.objects.with_totals().select_related("city"), slug=slug)
    memoranda = signing.memoranda.with_totals().select_related("operator")
    commitments = Commitment.objects.with_progress().filter(memorandum__signing=signing)
    context = {
        "signing": signing,
        "memoranda": memoranda,
        "citations": signing_citations(signing),
        "totals": commitments.totals(),
        "last_changed": last_changed(
            Commitment.objects.filter(memorandum__signing=signing), Q(signing=signing)
        ),
        # The signing's own announcement, beside the jobs its memoranda hold (with_totals).
        "funnel": funnel(
            funnel_figures(commitments),
            {"announced": signing.announced_jobs, "recorded": signing.jobs_committed},
            signing.slug,
        ),
    }
    return render(request, "memoranda/signing_detail.html", context)


def operator_detail(request: HttpRequest, slug: str) -> HttpResponse:
    operator = get_object_or_404(
        annotate_operators(Operator.objects.select_related("home_city")), slug=slug
    )
    commitments = Commitment.objects.for_public_list().filter(memorandum__operator=operator)
    sites = operator.sites.select_related("city").prefetch_related(
        Prefetch("segments", queryset=Segment.objects.only("pk", "code"))
    )
    context = {
        "operator": operator,
        "citations": operator_citations(operator),
        "memoranda": operator.memoranda.with_totals().select_related("signing"),
        "sites": sites,
        "record": operator_reporting_record(operator),
        **commitments_of(commitments),
        "last_changed": last_changed(
            Commitment.objects.filter(memorandum__operator=operator), Q(operator=operator)
        ),
        **corrections_of(operator, operator=operator),
    }
    return render(request, "memoranda/operator_detail.html", context)


def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City.objects.select_related("region"), slug=slug)
    commitments = Commitment.objects.for_public_list().filter(city=city)
    context = {
        "city": city,
        **commitments_of(commitments, Q(city=city)),
        "last_changed": last_changed(Commitment.objects.filter(city=city), Q(city=city)),
    }
    return render(request, "memoranda/city_detail.html", context)


def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A region's figures, as a city page's, over the commitments placed in its cities."""
    region = get_object_or_404(Region, slug=slug)
    cities = annotate_places(region.cities.all(), "city").order_by("-jobs_committed", "name")
    commitments = Commitment.objects.for_public_list().filter(city__region=region)
    context = {
        "region": region,
        "cities": cities,
        **commitments_of(commitments, Q(city__region=region)),
        "last_changed": last_changed(
            Commitment.objects.filter(city__region=region), Q(city__region=region)
        ),
    }
    return render(request, "memoranda/region_detail.html", context)


def segment_detail(request: HttpRequest, code: str) -> HttpResponse:
    segment = lookup_or_404(Segment.objects.all(), code=code.upper())
    if code != segment.code:
        return redirect(segment, permanent=True)
    commitments = Commitment.objects.for_public_list().filter(segment=segment)
    context = {
        "segment": segment,
        **commitments_of(commitments, Q(segment=segment)),
        "last_changed": last_changed(
            Commitment.objects.filter(segment=segment), Q(commitment__segment=segment)
        ),
    }
    return render(request, "memoranda/segment_detail.html", context)
