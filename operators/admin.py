"""Admin of reference data and operators, as officials see it.

Columns computed from commitments are added by memoranda.admin: operators never imports
memoranda.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from operators import accounts, services
from operators.forms import ConstraintAwareModelForm, StaffInvitationForm
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


class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "cities_count"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        # One to-many join only, so a plain Count cannot multiply rows.
        return super().get_queryset(request).annotate(cities_count=Count("cities"))

    @admin.display(description=_("cities"), ordering="cities_count")
    def cities_count(self, region):
        return region.cities_count


class CityForm(ConstraintAwareModelForm):
    pass


class CityAdmin(admin.ModelAdmin):
    form = CityForm
    list_display = ["name", "slug", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "slug", "region__name"]
    prepopulated_fields = {"slug": ["name"]}


class SegmentForm(ConstraintAwareModelForm):
    constraint_fields = {"segment_code_upper_case": "code"}


class SegmentAdmin(admin.ModelAdmin):
    form = SegmentForm
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class SiteForm(ConstraintAwareModelForm):
    constraint_fields = {"site_name_unique_per_operator": "name"}


class SiteInline(admin.TabularInline):
    model = Site
    form = SiteForm
    fields = ["name", "city", "segments"]
    autocomplete_fields = ["city", "segments"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("city").prefetch_related("segments")


class OperatorForm(ConstraintAwareModelForm):
    constraint_fields = {
        "operator_name_unique_ignoring_case": "name",
        "operator_ice_unique": "ice",
        "operator_ice_fifteen_digits": "ice",
    }


class OperatorAdmin(admin.ModelAdmin):
    form = OperatorForm
    inlines = [SiteInline]
    list_display = ["name", "group", "ice", "home_city"]
    list_filter = ["home_city__region", "home_city"]
    list_select_related = ["home_city"]
    search_fields = ["name", "ice", "group"]
    autocomplete_fields = ["home_city"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "group", "ice", "home_city", "website"]}),
        (_("Activities"), {"fields": ["activities"]}),
    ]


class SiteAdmin(admin.ModelAdmin):
    form = SiteForm
    list_display = ["name", "operator", "city"]
    list_filter = ["city__region", "city", "segments"]
    list_select_related = ["operator", "city"]
    search_fields = ["name", "operator__name", "city__name"]
    autocomplete_fields = ["operator", "city", "segments"]


class OperatorMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "operator"]
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
            return ["email", "first_name", "last_name", "operator"]
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
        for membership in queryset.select_related("user", "operator"):
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
    fields = ["at", "actor_username", "action", "reason", "before", "after"]
    readonly_fields = fields


class DeclarationAdmin(admin.ModelAdmin):
    inlines = [DeclarationLineInline, DeclarationEventInline]
    list_display = ["site", "operator", "year", "quarter", "status", "total", "flagged"]
    # No operator filter: it would list every operator on each page; search finds them by name.
    list_filter = ["status", "flagged", "year", "quarter", "site__city"]
    list_select_related = ["site__operator"]
    search_fields = ["site__name", "site__operator__name"]
    actions = ["validate_selected"]
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
        # The total is the sum of the lines, computed in the query rather than per row.
        return (
            super()
            .get_queryset(request)
            .with_total()
            .select_related("site__operator", "site__city", "submitted_by", "reviewed_by")
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_review_permission(self, request):
        return services.is_official(request.user)

    @admin.display(description=_("operator"), ordering="site__operator__name")
    def operator(self, declaration):
        return declaration.site.operator

    @admin.display(description=_("total headcount"), ordering="total")
    def total(self, declaration):
        return declaration.total

    @admin.action(description=_("Validate selected declarations"), permissions=["review"])
    def validate_selected(self, request, queryset):
        validated = 0
        for declaration in queryset.select_related("site__operator"):
            try:
                services.declaration_validate(declaration=declaration, user=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{declaration}: {refusal(error)}", messages.ERROR)
            else:
                validated += 1
        if validated:
            self.message_user(
                request,
                _("%(count)d declarations validated.") % {"count": validated},
                messages.SUCCESS,
            )


def refusal(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


admin.site.register(Region, RegionAdmin)
admin.site.register(City, CityAdmin)
admin.site.register(Segment, SegmentAdmin)
admin.site.register(Operator, OperatorAdmin)
admin.site.register(Site, SiteAdmin)
admin.site.register(OperatorMembership, OperatorMembershipAdmin)
admin.site.register(Declaration, DeclarationAdmin)
