"""The reviewers' e-mails in the admin: the digests, read only (when each was sent, to whom,
and what it listed; operators.review_digest writes them), and each official's e-mail
language."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from operators import accounts
from operators.models import OfficialProfile, ReviewDigest, ReviewDigestEntry


class ReviewDigestEntryInline(admin.TabularInline):
    model = ReviewDigestEntry
    fields = ["declaration", "submitted_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        # Each row names its declaration's site and operator: one join, not a query per row.
        return super().get_queryset(request).select_related("declaration__site__operator")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReviewDigest)
class ReviewDigestAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "listed", "recipients"]
    date_hierarchy = "sent_at"
    fields = ["sent_at", "recipients"]
    readonly_fields = fields
    inlines = [ReviewDigestEntryInline]

    def get_queryset(self, request):
        # The count of each digest's entries, for the list's column, in the list's one query.
        return super().get_queryset(request).annotate(listed=Count("entries"))

    @admin.display(description=_("declarations listed"), ordering="listed")
    def listed(self, digest):
        return digest.listed

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OfficialProfile)
class OfficialProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    list_filter = ["language"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]

    def save_model(self, request, obj, form, change):
        # Through the service the language switcher uses.
        profile = accounts.official_language_set(user=obj.user, language=obj.language)
        obj.pk, obj._state.adding = profile.pk, False
