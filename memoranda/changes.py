"""The public record of corrections: the changes page and its Atom feed, which take the same
filters (operator, city, signing). Personal data never appear: who corrected is a role."""

from django.contrib.syndication.views import Feed
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from config.request_guard import checks_own_parameters
from memoranda.corrections import corrections_public
from memoranda.filters import CorrectionFilter

CHANGES_PER_PAGE = 50
FEED_ITEMS = 50
FILTERS = ("operator", "city", "signing")


def filtered_corrections(request: HttpRequest) -> CorrectionFilter:
    return CorrectionFilter(request.GET, queryset=corrections_public())


def filter_query(request: HttpRequest) -> str:
    """The request's filters as a query string, without the page: the feed's and the pages'."""
    query = request.GET.copy()
    for name in list(query):
        if name not in FILTERS or not query.get(name):
            del query[name]
    return query.urlencode()


@checks_own_parameters
def change_list(request: HttpRequest) -> HttpResponse:
    filterset = filtered_corrections(request)
    errors = {name: [str(m) for m in messages] for name, messages in filterset.errors.items()}
    page = None
    if filterset.is_valid():
        paginator = Paginator(filterset.qs, CHANGES_PER_PAGE)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except PageNotAnInteger:
            errors["page"] = [_("The page number must be a whole number, such as 2.")]
        except EmptyPage:
            errors["page"] = [
                _("This page does not exist: the list has %(count)d page(s).")
                % {"count": paginator.num_pages}
            ]
    context = {
        "filter": filterset,
        "errors": errors,
        "page_obj": page,
        "corrections": page.object_list if page else [],
        "query": filter_query(request),
    }
    return render(request, "memoranda/change_list.html", context)


class InvalidParameters(Exception):
    def __init__(self, filterset: CorrectionFilter):
        self.filterset = filterset


@checks_own_parameters
class CorrectionFeed(Feed):
    """/changes/feed/: the latest corrections, newest first, with the page's filters."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidParameters as invalid:
            lines = [
                f"{name}: {' '.join(str(m) for m in messages)}"
                for name, messages in invalid.filterset.errors.items()
            ]
            return HttpResponse(
                "\n".join(lines), status=400, content_type="text/plain; charset=utf-8"
            )

    def get_object(self, request, *args, **kwargs):
        filterset = filtered_corrections(request)
        if not filterset.is_valid():
            raise InvalidParameters(filterset)
        filterset.query = filter_query(request)
        return filterset

    def title(self, filterset):
        chosen = [
            str(filterset.form.cleaned_data[name])
            for name in FILTERS
            if filterset.form.cleaned_data.get(name)
        ]
        title = _("Corrections of public figures")
        return f"{title} – {', '.join(chosen)}" if chosen else title

    def subtitle(self, filterset):
        return _(
            "Every public figure changed after it was published, with its first value, the "
            "corrected one, the dates and the reason."
        )

    def link(self, filterset):
        page = reverse("memoranda:change_list")
        return f"{page}?{filterset.query}" if filterset.query else page

    def feed_url(self, filterset):
        page = reverse("memoranda:change_feed")
        return f"{page}?{filterset.query}" if filterset.query else page

    def author_name(self):
        return _("Job commitments monitor")

    def items(self, filterset):
        return filterset.qs[:FEED_ITEMS]

    def item_title(self, correction):
        return f"{correction.subject_label()}: {correction.figure_label()}"

    def item_description(self, correction):
        # Atom's summary is HTML: a reason is the official's text, shown, never run.
        return escape(f"{correction.summary()} {correction.role_label()}")

    def item_link(self, correction):
        return correction.get_absolute_url()

    def item_pubdate(self, correction):
        return correction.corrected_at

    def item_updateddate(self, correction):
        return correction.corrected_at
