"""Admin of reference data and operators, as officials see it.

Columns computed from commitments are added by memoranda.admin: operators never imports
memoranda.
"""

from axes import admin as axes_admin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ORDER_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from operators import accounts, calendar, services, sites
from operators.admin_history import HistoryAdmin, declaration_changes
from operators.admin_paging import CappedPaginator
from operators.forms import (
    ConstraintAwareModelForm,
    ReasonForm,
    ReopenReasonForm,
    StaffInvitationForm,
)
from operators.models import (
    City,
    Declaration,
    DeclarationEvent,
    DeclarationLine,
    Operator,
    OperatorMembership,
    Region,
    Segment,
    Site,
)
from operators.withdrawal_admin import WithdrawalAdmin


class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ar", "name_en", "slug", "cities_count"]
    search_fields = ["name", "name_ar", "name_en", "slug"]

    def get_readonly_fields(self, request, obj=None):
        # The twelve regions are fixed: officials translate their names, never rename them.
        return ["name", "slug"] if obj else []

    def get_queryset(self, request):
        # A subquery rather than a join and GROUP BY: the list's counts of rows then leave out
        # the columns memoranda's admin adds (sums over the stored figures).
        cities = City.objects.filter(region=OuterRef("pk")).order_by().values("region")
        count = Subquery(cities.annotate(count=Count("pk")).values("count"))
        return super().get_queryset(request).annotate(cities_count=Coalesce(count, 0))

    @admin.display(description=_("cities"), ordering="cities_count")
    def cities_count(self, region):
        return region.cities_count


class CityForm(ConstraintAwareModelForm):
    pass


class CityAdmin(admin.ModelAdmin):
    form = CityForm
    list_display = ["name", "name_ar", "name_en", "slug", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "name_ar", "name_en", "slug", "region__name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_search_results(self, request, queryset, search_term):
        # "Rabat" must pick Rabat, not Kénitra of the Rabat-Salé-Kénitra region: cities named
        # exactly so come first, then those whose name starts so, then the other matches.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip() or ORDER_VAR in request.GET:
            # A column sorted by the official wins over the rank.
            return queryset, may_have_duplicates
        ranked = queryset.annotate(search_rank=city_search_rank(search_term.strip()))
        return ranked.order_by("search_rank", "name"), may_have_duplicates


def city_search_rank(term: str):
    names = ["name", "name_ar", "name_en", "slug"]
    exact = Q.create([(f"{name}__iexact", term) for name in names], connector=Q.OR)
    prefix = Q.create([(f"{name}__istartswith", term) for name in names], connector=Q.OR)
    return Case(When(exact, then=0), When(prefix, then=1), default=2)


class SegmentForm(ConstraintAwareModelForm):
    constraint_fields = {"segment_code_upper_case": "code"}


class SegmentAdmin(admin.ModelAdmin):
    form = SegmentForm
    list_display = ["code", "name", "name_ar", "name_en"]
    search_fields = ["code", "name", "name_ar", "name_en"]
    fieldsets = [
        (None, {"fields": ["code", "name", "description"]}),
        (_("Arabic"), {"fields": ["name_ar", "description_ar"]}),
        (_("English"), {"fields": ["name_en", "description_en"]}),
    ]


class SiteForm(ConstraintAwareModelForm):
    constraint_fields = {"site_name_unique_per_operator": "name"}


class SiteInline(admin.TabularInline):
    model = Site
    form = SiteForm
    fields = ["name", "city", "segments"]
    autocomplete_fields = ["city", "segments"]
    extra = 0
    # Never deleted: a site is public on its operator's page; withdrawn from its own page.
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("city").prefetch_related("segments")


class OperatorForm(ConstraintAwareModelForm):
    constraint_fields = {
        "operator_name_unique_ignoring_case": "name",
        "operator_ice_unique": "ice",
        "operator_ice_fifteen_digits": "ice",
    }


def has_site():
    return Exists(Site.objects.filter(operator=OuterRef("pk")))


class SetUpForReportingFilter(admin.SimpleListFilter):
    """Operators without a site cannot declare: the officials' to-do before any reminder."""

    title = _("set up for reporting")
    parameter_name = "set_up"

    def lookups(self, request, model_admin):
        return [("yes", _("yes")), ("no", _("no"))]

    def queryset(self, request, queryset):
        match self.value():
            case "yes":
                return queryset.filter(has_site())
            case "no":
                return queryset.filter(~has_site())
        return queryset


class OperatorAdmin(HistoryAdmin, admin.ModelAdmin):
    form = OperatorForm
    inlines = [SiteInline]
    list_display = ["name", "group", "ice", "home_city", "set_up_for_reporting"]
    list_filter = [SetUpForReportingFilter, "home_city__region", "home_city"]
    list_select_related = ["home_city"]
    # One COUNT of the filtered rows per page, not a second one of every operator.
    show_full_result_count = False
    search_fields = ["name", "ice", "group"]
    autocomplete_fields = ["home_city"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "group", "ice", "home_city", "website"]}),
        (_("Activities"), {"fields": ["activities", ("activities_ar", "activities_en")]}),
    ]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Site:
            return super().save_formset(request, form, formset, change)
        # Sites through the service, so that one moved here moves its headcounts as in the
        # site admin; none is deleted (can_delete is off: a site is withdrawn).
        formset.save(commit=False)
        sites.sites_save(
            (site_form.instance, site_form.cleaned_data.get("segments"))
            for site_form in formset.saved_forms
        )
        return None

    def get_queryset(self, request):
        # Whether the operator has a site, as a subquery: a join would repeat it per site.
        return super().get_queryset(request).annotate(set_up_for_reporting=has_site())

    @admin.display(
        description=_("set up for reporting"), boolean=True, ordering="set_up_for_reporting"
    )
    def set_up_for_reporting(self, operator):
        return operator.set_up_for_reporting


class SiteAdmin(HistoryAdmin, WithdrawalAdmin, admin.ModelAdmin):
    withdraw_service = sites.sites_withdraw
    withdraw_keyword = "sites"
    form = SiteForm
    list_display = ["name", "operator", "city"]
    list_filter = ["city__region", "city", "segments"]
    list_select_related = ["operator", "city"]
    # One COUNT of the filtered rows per page, not a second one of every site.
    show_full_result_count = False
    search_fields = ["name", "operator__name", "city__name"]
    autocomplete_fields = ["operator", "city", "segments"]

    def save_model(self, request, obj, form, change):
        # With its segments, through the service that rebuilds the headcounts a move changes.
        sites.site_save(site=obj, segments=form.cleaned_data.get("segments"))

    def save_related(self, request, form, formsets, change):
        # The segments were saved with the site: form.save_m2m() would set them a second time.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class OperatorMembershipAdmin(HistoryAdmin, admin.ModelAdmin):
    list_display = ["user", "operator", "language"]
    list_filter = ["language"]
    list_select_related = ["user", "operator"]
    search_fields = ["user__username", "user__email", "operator__name"]
    autocomplete_fields = ["operator"]
    raw_id_fields = ["user"]
    actions = ["send_invitation_again"]

    def get_form(self, request, obj=None, **kwargs):
        # Adding a membership is inviting a person: the account is created with it.
        if obj is None:
            kwargs["form"] = StaffInvitationForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["email", "first_name", "last_name", "operator", "language"]
        return super().get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        membership = accounts.staff_invite(request=request, **form.cleaned_data)
        obj.pk, obj.user, obj._state.adding = membership.pk, membership.user, False
        self.message_user(
            request,
            _("An invitation was sent to %(email)s.") % {"email": membership.user.email},
            messages.SUCCESS,
        )

    @admin.action(description=_("Send the invitation e-mail again"))
    def send_invitation_again(self, request, queryset):
        # A former member (account deleted) has no one to invite.
        for membership in queryset.filter(user__isnull=False).select_related("user", "operator"):
            accounts.send_invitation(membership, request)
        self.message_user(request, _("Invitations sent."), messages.SUCCESS)


class ReadOnlyInline(admin.TabularInline):
    """Declarations change only through the services, which record each change; the admin
    shows their lines and history without editing them."""

    extra = 0
    can_delete = False

    def get_queryset(self, request):
        # Each row's label names its declaration; one join instead of a query per row.
        return super().get_queryset(request).select_related("declaration__site__operator")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DeclarationLineInline(ReadOnlyInline):
    model = DeclarationLine
    fields = ["segment", "headcount", "permanent", "women"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("segment")


class DeclarationEventInline(ReadOnlyInline):
    model = DeclarationEvent
    fields = ["at", "actor_username", "action", "reason", "changes"]
    readonly_fields = fields
    # Newest first, as every history in the admin.
    ordering = ["-at", "-pk"]

    @admin.display(description=_("changes"))
    def changes(self, event):
        return render_to_string(
            "admin/history/changes.html",
            {"changes": declaration_changes(event.before, event.after)},
        )


class QueueFilter(admin.SimpleListFilter):
    """The review queue: what awaits an official, what went back, what needs a closer look."""

    title = _("review queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("pending", _("pending review")),
            ("returned", _("returned")),
            ("flagged", _("flagged")),
            ("late", _("submitted late")),
            ("validated", _("validated")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "pending":
                return queryset.filter(status=Declaration.Status.SUBMITTED)
            case "returned":
                return queryset.filter(status=Declaration.Status.RETURNED)
            case "flagged":
                return queryset.filter(status=Declaration.Status.SUBMITTED, flagged=True)
            case "late":
                return calendar.late_declarations(queryset)
            case "validated":
                return queryset.filter(status=Declaration.Status.VALIDATED)
        return queryset


class YearListFilter(admin.SimpleListFilter):
    """Declaration years from the calendar, newest first: a SELECT DISTINCT over every
    declaration would scan millions of rows on each page of the queue."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = sorted({year for year, _quarter in calendar.calendar_quarters()}, reverse=True)
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        # Only the calendar's years: anything else ("²", twenty digits) would be a server
        # error, not an empty queue.
        if self.value() in {value for value, _label in self.lookup_choices}:
            return queryset.filter(year=int(self.value()))
        return queryset


class QuarterListFilter(admin.SimpleListFilter):
    title = _("quarter")
    parameter_name = "quarter"

    def lookups(self, request, model_admin):
        return [(str(quarter), str(quarter)) for quarter in (1, 2, 3, 4)]

    def queryset(self, request, queryset):
        if self.value() in {"1", "2", "3", "4"}:
            return queryset.filter(quarter=int(self.value()))
        return queryset


class DeclarationAdmin(admin.ModelAdmin):
    inlines = [DeclarationLineInline, DeclarationEventInline]
    # Six short columns fit a 1280 px screen beside the admin's menu and the filters: the site
    # by its own name (its label repeats the operator's), the flag and lateness beside the
    # status, the first submission's day without its time.
    list_display = [
        "site_name",
        "operator",
        "year_quarter",
        "review_status",
        "total",
        "first_submitted_on",
    ]
    list_display_links = ["site_name"]
    # No operator filter: it would list every operator on each page; search finds them by name.
    list_filter = [
        QueueFilter,
        "status",
        "flagged",
        YearListFilter,
        QuarterListFilter,
        "site__city",
    ]
    # One COUNT of the filtered queue per page, not a second one of every declaration.
    show_full_result_count = False
    list_select_related = ["site__operator"]
    search_fields = ["site__name", "site__operator__name"]
    actions = ["validate_selected", "return_selected"]
    fields = [
        "site",
        "year",
        "quarter",
        "status",
        "total",
        "flagged",
        "comment",
        "explanation",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
        "return_reason",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        # The total is computed in the query rather than per row.
        return (
            super()
            .get_queryset(request)
            .with_total()
            .select_related("site__operator", "site__city", "submitted_by", "reviewed_by")
        )

    # Latest quarters first, in an order an index serves: the page stops after its rows
    # instead of sorting every declaration by operator and site name.
    ordering = ["-year", "-quarter", "-pk"]
    list_per_page = 50
    paginator = CappedPaginator

    def get_ordering(self, request):
        # Pending declarations are worked through in the order they arrived.
        if request.GET.get(QueueFilter.parameter_name) == "pending":
            return ["submitted_at", "pk"]
        return super().get_ordering(request)

    def get_urls(self):
        # Before the default URLs, whose <path:object_id>/ would swallow these.
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                f"<path:object_id>/{name}/",
                self.admin_site.admin_view(getattr(self, f"{name}_view")),
                name=f"{prefix}_{name}",
            )
            for name in ("validate", "return", "reopen")
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_review": self.has_review_permission(request)}
        declaration = self.get_object(request, unquote(object_id))
        if declaration is not None:
            extra_context["review"] = self.review_context(declaration)
        return super().change_view(request, object_id, form_url, extra_context)

    def review_context(self, declaration) -> dict:
        """What the reviewer weighs: the previous validated quarter's total and the change to
        this one's, the operator's explanation, and what the site's figures feed (figures_fed)."""
        previous = services.previous_validated(declaration)
        context = {"total": declaration.total, "explanation": declaration.explanation}
        if previous is not None:
            year, quarter, before = previous
            context["previous"] = {"year": year, "quarter": quarter, "total": before}
            context["change"] = declaration.total - before
            context["percent_change"] = services.percent_change(before, declaration.total)
        context["figures_fed"] = self.figures_fed(declaration)
        context["figures_fed_template"] = self.figures_fed_template
        return context

    # What the figures feed lives in an app that operators never imports: memoranda's admin
    # of declarations fills these in (memoranda.admin.DeclarationAdmin), the rows and the
    # template that shows them.
    figures_fed_template = None

    def figures_fed(self, declaration):
        return None

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_review_permission(self, request):
        return services.is_official(request.user)

    @admin.display(description=_("operator"), ordering="site__operator__name")
    def operator(self, declaration):
        return declaration.site.operator

    @admin.display(description=_("quarter"), ordering=F("year") * 10 + F("quarter"))
    def year_quarter(self, declaration):
        return f"{declaration.year} Q{declaration.quarter}"

    @admin.display(description=_("site"), ordering="site__name")
    def site_name(self, declaration):
        return declaration.site.name

    @admin.display(description=_("status"), ordering="status")
    def review_status(self, declaration):
        marks = [declaration.get_status_display()]
        if declaration.flagged:
            marks.append(_("flagged"))
        if self.late(declaration):
            marks.append(_("late"))
        return format_html_join(", ", "{}", ((mark,) for mark in marks))

    @admin.display(description=_("total"), ordering="total")
    def total(self, declaration):
        return declaration.total

    @admin.display(description=_("submitted"), ordering="first_submitted_at")
    def first_submitted_on(self, declaration):
        if declaration.first_submitted_at is None:
            return None
        return date_format(timezone.localdate(declaration.first_submitted_at), "SHORT_DATE_FORMAT")

    def late(self, declaration) -> bool:
        return calendar.submitted_late(
            declaration.year, declaration.quarter, declaration.first_submitted_at
        )

    @admin.action(description=_("Validate selected declarations"), permissions=["review"])
    def validate_selected(self, request, queryset):
        validated = self.review_each(request, queryset, services.declaration_validate)
        if validated:
            self.message_user(
                request,
                _("%(count)d declarations validated.") % {"count": validated},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Return selected declarations with a reason"), permissions=["review"]
    )
    def return_selected(self, request, queryset):
        form = ReasonForm(request.POST if "confirm" in request.POST else None)
        if not form.is_valid():
            return self.review_page(
                request, list(queryset), form, _("Return declarations"), "return_selected"
            )
        reason = form.cleaned_data["reason"]
        returned = self.review_each(request, queryset, services.declaration_return, reason=reason)
        if returned:
            self.message_user(
                request,
                ngettext(
                    "%(count)d declaration returned.", "%(count)d declarations returned.", returned
                )
                % {"count": returned},
                messages.SUCCESS,
            )
        return None

    def review_each(self, request, queryset, service, **kwargs) -> int:
        """Apply `service` to each declaration, report each refusal, return how many passed."""
        done = 0
        for declaration in queryset:
            try:
                service(declaration=declaration, user=request.user, **kwargs)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{declaration}: {refusal(error)}", messages.ERROR)
            else:
                done += 1
        return done

    def validate_view(self, request, object_id):
        return self.review_one(
            request,
            object_id,
            services.declaration_validate,
            title=_("Validate the declaration"),
            done=_("The declaration is validated."),
        )

    def return_view(self, request, object_id):
        return self.review_one(
            request,
            object_id,
            services.declaration_return,
            title=_("Return the declaration with a reason"),
            done=_("The declaration is returned to the operator."),
            form_class=ReasonForm,
        )

    def reopen_view(self, request, object_id):
        return self.review_one(
            request,
            object_id,
            services.declaration_reopen,
            title=_("Reopen the declaration with a reason"),
            done=_("The declaration is reopened and returned to the operator."),
            form_class=ReopenReasonForm,
        )

    def review_one(self, request, object_id, service, *, title, done, form_class=None):
        """A confirmation page for one declaration (with a reason form when the service takes
        a reason); confirming applies the service and goes back to the declaration."""
        if not self.has_review_permission(request):
            raise PermissionDenied
        declaration = self.get_object(request, unquote(object_id))
        if declaration is None:
            raise Http404
        confirmed = request.method == "POST" and "confirm" in request.POST
        form = form_class(request.POST if confirmed else None) if form_class else None
        if confirmed and (form is None or form.is_valid()):
            reason = {"reason": form.cleaned_data["reason"]} if form else {}
            if self.review_each(request, [declaration], service, **reason):
                self.message_user(request, done, messages.SUCCESS)
            return redirect(reverse("admin:operators_declaration_change", args=[declaration.pk]))
        extra = {"review": self.review_context(declaration)}
        return self.review_page(request, [declaration], form, title, extra=extra)

    def review_page(self, request, declarations, form, title, action=None, extra=None):
        context = {
            **(extra or {}),
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "declarations": declarations,
            "form": form,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "submit_label": title,
        }
        return TemplateResponse(request, "admin/operators/declaration/review.html", context)


def refusal(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    """django-axes' lockouts, which officials lift by deleting a row. Its "clean up expired"
    action reads the attempt time that axes marks on login requests only: marked here too, or
    the action is a server error."""

    @admin.action(
        description=axes_admin.AccessAttemptAdmin.cleanup_expired_attempts.short_description
    )
    def cleanup_expired_attempts(self, request, queryset):
        AxesProxyHandler.update_request(request)
        return super().cleanup_expired_attempts(request, queryset)


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, AccessAttemptAdmin)
admin.site.register(Region, RegionAdmin)
admin.site.register(City, CityAdmin)
admin.site.register(Segment, SegmentAdmin)
admin.site.register(Operator, OperatorAdmin)
admin.site.register(Site, SiteAdmin)
admin.site.register(OperatorMembership, OperatorMembershipAdmin)
admin.site.register(Declaration, DeclarationAdmin)

# Deleting a user keeps every record they made.
from operators import digest_admin, user_admin  # noqa: E402, F401
