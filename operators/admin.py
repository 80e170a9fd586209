"""Admin of reference data and operators, as officials see it.

Columns computed from commitments are added by memoranda.admin: operators never imports
memoranda.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from operators.forms import ConstraintAwareModelForm
from operators.models import City, Operator, Region, Segment, Site


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


admin.site.register(Region, RegionAdmin)
admin.site.register(City, CityAdmin)
admin.site.register(Segment, SegmentAdmin)
admin.site.register(Operator, OperatorAdmin)
admin.site.register(Site, SiteAdmin)
