"""Admin of releases: officials read every release, its state and error, and who asked for it,
and publish one on request. Nothing here changes or deletes a release: once published it never
changes (memoranda.releases)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from memoranda.models import Release, ReleaseFile
from memoranda.releases import closing_quarter, release_publish

PUBLISH_PERMISSION = "memoranda.publish_release"


class ReleaseFileInline(admin.TabularInline):
    model = ReleaseFile
    fields = ["name", "media_type", "size", "sha256"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    change_list_template = "admin/memoranda/release/change_list.html"
    list_display = ["name", "quarter_code", "state", "published_at", "requested_by", "error"]
    list_filter = ["state"]
    search_fields = ["name"]
    list_select_related = ["requested_by"]
    fields = [
        "name",
        "quarter_code",
        "state",
        "requested_by",
        "requested_at",
        "published_at",
        "folder",
        "error",
    ]
    readonly_fields = fields
    inlines = [ReleaseFileInline]

    @admin.display(description=_("quarter closed"), ordering="quarter")
    def quarter_code(self, release):
        return release.quarter_code

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        can_publish = request.user.has_perm(PUBLISH_PERMISSION)
        context = {"can_publish": can_publish, **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    def get_urls(self):
        # Before the default URLs, whose <path:object_id>/ would swallow it.
        publish = self.admin_site.admin_view(require_POST(self.publish_view))
        return [path("publish/", publish, name="memoranda_release_publish"), *super().get_urls()]

    def publish_view(self, request):
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        try:
            release = release_publish(quarter=closing_quarter(), requested_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "Release %(name)s is being built by the task worker; it is listed on the "
                    "open data page once published."
                )
                % {"name": release.name},
            )
        return HttpResponseRedirect(reverse("admin:memoranda_release_changelist"))
