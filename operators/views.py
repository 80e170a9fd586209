"""The operator space: an operator's staff see their reporting calendar and declare their
sites' headcount each quarter, through the services that every other caller uses.

Every page requires a login and a membership of an operator's staff; anything outside the
member's operator answers 404, whether it exists or not.
"""

import datetime
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from operators import accounts, calendar, declaration_uploads, services
from operators.forms import DeclarationForm, DeclarationUploadForm
from operators.models import (
    Declaration,
    DeclarationEvent,
    DeclarationLine,
    OperatorMembership,
    Segment,
    Site,
)
from operators.spreadsheet_files import FileProblem


def operator_staff_required(view):
    """Log in first; then only members of an operator's staff, with request.operator set."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        membership = (
            OperatorMembership.objects.select_related("operator")
            .filter(user_id=request.user.pk)
            .first()
        )
        if membership is None:
            raise Http404
        request.operator = membership.operator
        return view(request, *args, **kwargs)

    return wrapper


@operator_staff_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    entries = calendar.operator_calendar(request.operator, today)
    # Latest quarter first within each site: what is due now comes at the top.
    entries.sort(key=lambda e: (e.site.name, e.site.pk, -e.year, -e.quarter))
    context = {
        "operator": request.operator,
        "entries": entries,
        "today": today,
        "overdue_count": sum(1 for entry in entries if entry.overdue),
    }
    return render(request, "operators/calendar.html", context)


def period_error(operator, year: int, quarter: int, today: datetime.date) -> str | None:
    """Why `operator` owes no declaration for this quarter, or None when it owes one."""
    return calendar.period_error(calendar.owed_quarters(operator), year, quarter, today)


def site_of(request: HttpRequest, site_id: int) -> Site:
    segments = Prefetch("segments", queryset=Segment.objects.order_by("code"))
    sites = Site.objects.filter(operator=request.operator).select_related("city")
    return get_object_or_404(sites.prefetch_related(segments), pk=site_id)


def declaration_of(site: Site, year: int, quarter: int) -> Declaration | None:
    lines = Prefetch("lines", queryset=DeclarationLine.objects.select_related("segment"))
    return (
        Declaration.objects.filter(site=site, year=year, quarter=quarter)
        .select_related("reviewed_by")
        .prefetch_related(lines)
        .first()
    )


@operator_staff_required
def declaration_page(request: HttpRequest, site_id: int, year: int, quarter: int) -> HttpResponse:
    site = site_of(request, site_id)
    declaration = declaration_of(site, year, quarter)
    editable = declaration is None or declaration.status in services.EDITABLE
    today = timezone.localdate()
    problem = period_error(request.operator, year, quarter, today)
    previous_lines = list(DeclarationLine.objects.of_previous_validated(site.pk, year, quarter))
    form_kwargs = {
        "segments": site.segments.all(),
        "year": year,
        "quarter": quarter,
        "period_error": problem,
        "previous_lines": previous_lines,
    }
    if request.method == "POST":
        if not editable:
            return refused(request, site, year, quarter, services.not_editable(declaration))
        submit = request.POST.get("action") == "submit"
        form = DeclarationForm(request.POST, submit=submit, **form_kwargs)
        if form.is_valid():
            response = save(request, form, site, declaration)
            if response is not None:
                return response
    else:
        initial = DeclarationForm.initial_from(declaration) if declaration else {}
        form = DeclarationForm(initial=initial, **form_kwargs)
    context = {
        "operator": request.operator,
        "site": site,
        "year": year,
        "quarter": quarter,
        "due_on": None if problem else calendar.due_date(year, quarter),
        "timing": None if problem else timing(declaration, year, quarter, today),
        "previous": previous_lines[0].declaration if previous_lines else None,
        "declaration": declaration,
        "editable": editable and problem is None,
        "problem": problem,
        "form": form,
    }
    return render(request, "operators/declaration.html", context)


def timing(declaration, year: int, quarter: int, today: datetime.date) -> str:
    """Whether the declaration is due, late, or was submitted on time or late."""
    first_submitted = declaration.first_submitted_at if declaration else None
    if first_submitted is not None:
        late = calendar.submitted_late(year, quarter, first_submitted)
        return "submitted_late" if late else "submitted_on_time"
    return "late" if today > calendar.due_date(year, quarter) else "due"


def save(
    request, form: DeclarationForm, site: Site, declaration, redirect_to: str | None = None
) -> HttpResponse | None:
    """Save the draft, and submit it when asked; a response (back to `redirect_to`, or to the
    declaration), or None with the form's errors."""
    submit = request.POST.get("action") == "submit"
    year, quarter = form.period
    try:
        with transaction.atomic():
            declaration = services.declaration_save_draft(
                site=site,
                year=year,
                quarter=quarter,
                lines=form.lines(),
                comment=form.cleaned_data["comment"],
                user=request.user,
            )
            if submit:
                declaration = services.declaration_submit(
                    declaration=declaration,
                    user=request.user,
                    explanation=form.cleaned_data["explanation"],
                )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        if "status" in error.message_dict:
            return refused(request, site, year, quarter, error)
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
        return None
    if submit:
        messages.success(request, _("The declaration is submitted: an official will review it."))
    else:
        messages.success(request, _("The draft is saved. Submit it once it is complete."))
    return redirect(redirect_to or declaration_url(site.pk, year, quarter))


@operator_staff_required
def site_quarters_page(request: HttpRequest, site_id: int) -> HttpResponse:
    """Every open quarter of one site (ended, owed, not submitted or returned) as a table, each
    row a small declaration form saved and submitted through the same services as the
    declaration page."""
    site = site_of(request, site_id)
    today = timezone.localdate()
    entries = open_entries(site, today)
    validated_lines = list(
        DeclarationLine.objects.filter(
            declaration__site=site, declaration__status=Declaration.Status.VALIDATED
        ).select_related("declaration", "segment")
    )
    posted = None
    if request.method == "POST":
        period = (request.POST.get("year"), request.POST.get("quarter"))
        posted = next((e for e in entries if (str(e.year), str(e.quarter)) == period), None)
        if posted is None:
            messages.error(request, _("This quarter is not open for a declaration any more."))
            return redirect("operators:site_quarters", site.pk)
    rows = []
    for entry in entries:
        kwargs = {
            "segments": site.segments.all(),
            "year": entry.year,
            "quarter": entry.quarter,
            "previous_lines": previous_of(validated_lines, entry.year, entry.quarter),
            "auto_id": f"id_{entry.year}q{entry.quarter}_%s",
        }
        if entry is posted:
            submit = request.POST.get("action") == "submit"
            form = DeclarationForm(request.POST, submit=submit, **kwargs)
            if form.is_valid():
                here = reverse("operators:site_quarters", args=[site.pk])
                response = save(request, form, site, entry.declaration, redirect_to=here)
                if response is not None:
                    return response
        else:
            initial = DeclarationForm.initial_from(entry.declaration) if entry.declaration else {}
            form = DeclarationForm(initial=initial, **kwargs)
        rows.append((entry, form))
    context = {
        "operator": request.operator,
        "site": site,
        "rows": rows,
        # The quarter, three figures a segment, the buttons.
        "columns": 2 + 3 * len(site.segments.all()),
        "form": next((form for entry, form in rows if entry is posted), None),
    }
    return render(request, "operators/site_quarters.html", context)


def open_entries(site: Site, today: datetime.date) -> list[calendar.Entry]:
    """The site's calendar entries still open for a declaration, earliest first, with their
    declarations' lines."""
    return calendar.open_entries([site], today)


def previous_of(validated_lines, year: int, quarter: int) -> list[DeclarationLine]:
    """Of the site's validated lines, those of its latest validated quarter before this one."""
    earlier = [
        line
        for line in validated_lines
        if (line.declaration.year, line.declaration.quarter) < (year, quarter)
    ]
    if not earlier:
        return []
    latest = max((line.declaration.year, line.declaration.quarter) for line in earlier)
    return [line for line in earlier if (line.declaration.year, line.declaration.quarter) == latest]


def refused(request, site: Site, year: int, quarter: int, error: ValidationError) -> HttpResponse:
    """The declaration changed state meanwhile (an official validated it, or another tab
    submitted it): say so and show it as it now is. Nothing of the form is saved."""
    current = Declaration.objects.filter(site=site, year=year, quarter=quarter).first()
    if current is not None and current.status == Declaration.Status.VALIDATED:
        message = _(
            "An official validated this declaration while you were editing it: your changes "
            "were not saved. The validated version is shown below."
        )
    else:
        message = " ".join(error.messages)
    messages.error(request, message)
    return redirect(declaration_url(site.pk, year, quarter))


def declaration_url(site_id: int, year: int, quarter: int) -> str:
    return reverse("operators:declaration", args=[site_id, year, quarter])


@operator_staff_required
def declaration_history(request: HttpRequest, site_id: int, year: int, quarter: int):
    site = site_of(request, site_id)
    declaration = get_object_or_404(Declaration, site=site, year=year, quarter=quarter)
    events = DeclarationEvent.objects.filter(declaration=declaration).order_by("at", "pk")
    context = {
        "operator": request.operator,
        "site": site,
        "declaration": declaration,
        "events": [(event, describe(event.before), describe(event.after)) for event in events],
    }
    return render(request, "operators/declaration_history.html", context)


def describe(snapshot: dict | None) -> list[str]:
    """The history's record of a declaration, as lines a person reads."""
    if not snapshot:
        return []
    lines = [
        _("%(segment)s: %(headcount)s, of which %(permanent)s permanent, %(women)s women")
        % {"segment": code, "headcount": known(h), "permanent": known(p), "women": known(w)}
        for code, (h, p, w) in sorted(snapshot.get("lines", {}).items())
    ]
    lines.append(_("Total: %(total)s") % {"total": snapshot.get("total", 0)})
    if snapshot.get("comment"):
        lines.append(_("Comment: %(comment)s") % {"comment": snapshot["comment"]})
    if snapshot.get("explanation"):
        lines.append(_("Explanation: %(text)s") % {"text": snapshot["explanation"]})
    return lines


def known(value: int | None):
    """A figure of the history; a draft's empty one shows as a dash, never as 0."""
    return "—" if value is None else value


@operator_staff_required
def declaration_upload(request: HttpRequest) -> HttpResponse:
    """A file of declarations for many sites and quarters: uploaded, it is previewed with every
    problem named by line and column; nothing is saved before the confirmation."""
    form = DeclarationUploadForm(max_bytes=declaration_uploads.MAX_FILE_BYTES)
    preview = digest = None
    if request.method == "POST":
        form = DeclarationUploadForm(
            request.POST, request.FILES, max_bytes=declaration_uploads.MAX_FILE_BYTES
        )
        if form.is_valid():
            name = form.cleaned_data["file"].name
            try:
                preview = declaration_uploads.preview_of(
                    form.content, name=name, operator=request.operator, today=timezone.localdate()
                )
            except FileProblem as problem:
                form.add_error("file", str(problem))
            else:
                digest = declaration_uploads.keep(request.session, name, form.content)
    return upload_page(request, form, preview, digest)


@require_POST
@operator_staff_required
def declaration_upload_confirm(request: HttpRequest) -> HttpResponse:
    """Save the previewed file's declarations as drafts, or submit them: all or nothing. The
    file is checked again, as the declarations may have changed since the preview."""
    digest = request.POST.get("digest", "")
    upload = declaration_uploads.kept(request.session, digest)
    if upload is None:
        messages.error(request, _("This preview is no longer kept: upload the file again."))
        return redirect("operators:declaration_upload")
    name, data = upload
    submit = request.POST.get("action") == "submit"
    form = DeclarationUploadForm(max_bytes=declaration_uploads.MAX_FILE_BYTES)
    try:
        preview = declaration_uploads.preview_of(
            data, name=name, operator=request.operator, today=timezone.localdate()
        )
    except FileProblem as problem:
        messages.error(request, str(problem))
        return redirect("operators:declaration_upload")
    if not (preview.can_submit if submit else preview.can_save):
        messages.error(request, _("Nothing was saved: the file has problems, listed below."))
        return upload_page(request, form, preview, digest)
    try:
        services.declarations_save_uploaded(
            declarations=preview.declarations, user=request.user, submit=submit
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join([_("Nothing was saved."), *error.messages]))
        return upload_page(request, form, preview, digest)
    declaration_uploads.forget(request.session)
    messages.success(request, saved_message(len(preview.declarations), submit))
    return redirect("operators:calendar")


def saved_message(count: int, submit: bool) -> str:
    if submit:
        message = ngettext(
            "%(count)d declaration is submitted: an official will review it.",
            "%(count)d declarations are submitted: an official will review them.",
            count,
        )
    else:
        message = ngettext(
            "%(count)d draft is saved. Submit it once it is complete.",
            "%(count)d drafts are saved. Submit them once they are complete.",
            count,
        )
    return message % {"count": count}


def upload_page(request, form, preview, digest) -> HttpResponse:
    context = {
        "operator": request.operator,
        "form": form,
        "preview": preview,
        "digest": digest,
        "columns": declaration_uploads.COLUMNS,
        "max_bytes": declaration_uploads.MAX_FILE_BYTES,
        "max_declarations": declaration_uploads.MAX_DECLARATIONS,
        "threshold": round(settings.DECLARATION_CHANGE_THRESHOLD * 100),
    }
    return render(request, "operators/declaration_upload.html", context)


@operator_staff_required
def declaration_upload_template(request: HttpRequest, extension: str) -> HttpResponse:
    """The file to fill: every open quarter of every site of the operator, a row per segment."""
    if extension not in ("csv", "xlsx"):
        raise Http404
    rows = declaration_uploads.template_rows(request.operator, timezone.localdate())
    if extension == "xlsx":
        content = declaration_uploads.template_xlsx(rows)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = declaration_uploads.template_csv(rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    filename = f"declarations-{request.operator.slug}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@csrf_exempt
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switcher; a member of an operator's staff who switches also gets
    their e-mails (reminders, invitations sent again) in that language from then on, and so
    does an official (the review e-mails).

    An anonymous visitor's switch only chooses the address to go to, and the form of public
    pages carries no CSRF token for them: a per-visitor token would make every public page
    different for each visitor, so none could be cached (config/page_cache.py). A signed-in
    user's switch also writes their language: that one is protected against forged requests."""
    if request.user.is_authenticated:
        return signed_in_set_language(request)
    return i18n.set_language(request)


@csrf_protect
def signed_in_set_language(request: HttpRequest) -> HttpResponse:
    response = i18n.set_language(request)
    language = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER)
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
    ):
        accounts.membership_language_set(user=request.user, language=language)
        if services.is_official(request.user):
            accounts.official_language_set(user=request.user, language=language)
    return response
