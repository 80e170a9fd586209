"""The admin of user accounts: Django's, except that deleting goes through
operators.accounts.user_delete, which keeps every record the person made, and refuses an account
whose admin history would go with it."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from operators.accounts import UserKeepsRecords, user_delete, user_keeps_records

KEEPS_RECORDS = _(
    "%(username)s was not deleted: the admin's history of their changes would be deleted with "
    "the account. Deactivate the account instead (untick “Active”): it can no longer log in."
)


class RecordKeepingUserAdmin(UserAdmin):
    def delete_view(self, request, object_id, extra_context=None):
        user = self.get_object(request, unquote(object_id))
        if request.method == "POST" and user is not None and user_keeps_records(user):
            # Refused before Django's confirmation logs or deletes anything.
            self.refuse(request, user)
            return redirect(reverse("admin:auth_user_change", args=[user.pk]))
        return super().delete_view(request, object_id, extra_context)

    def log_deletions(self, request, queryset):
        # Only the accounts delete_queryset will delete (`queryset` may be a list).
        deleted = [user for user in queryset if not user_keeps_records(user)]
        return super().log_deletions(request, deleted)

    def delete_model(self, request, obj):
        user_delete(user=obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            try:
                user_delete(user=user)
            except UserKeepsRecords:
                self.refuse(request, user)

    def refuse(self, request, user):
        message = KEEPS_RECORDS % {"username": user.get_username()}
        self.message_user(request, message, messages.ERROR)


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, RecordKeepingUserAdmin)
