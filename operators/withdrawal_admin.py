"""The admin's side of withdrawals (operators.models.Withdrawable), shared by the five models
that have been public once saved: a "withdraw" action and button asking the reason and the
date, and deletion refused, on its page and in bulk, with a message saying to withdraw.

Each ModelAdmin names its service (operators.sites.sites_withdraw, memoranda.withdrawals's),
which takes a queryset and withdraws what hangs under it too (see `withdraws_also`).
"""

import dataclasses

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from operators.forms import WithdrawalForm

NO_DELETION = _(
    "Nothing was deleted: what has been public is never deleted. Withdraw it instead, with a "
    "reason and a date: it stays on the public pages marked as withdrawn and leaves every total "
    "from that date on. A record typed by mistake is withdrawn too: say so in the reason."
)


class WithdrawnListFilter(admin.SimpleListFilter):
    title = _("withdrawn")
    parameter_name = "withdrawn"

    def lookups(self, request, model_admin):
        return [("no", _("in force")), ("yes", _("withdrawn"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(withdrawn_on__isnull=self.value() == "no")
        return queryset


class WithdrawalAdmin:
    """A ModelAdmin mixin, first among the bases: withdraw instead of delete. Subclasses set
    `withdraw_service` (a function taking the queryset as the keyword `withdraw_keyword`) and
    `withdraws_also` (what the page says is withdrawn with each object)."""

    withdraw_service = None
    withdraw_keyword = ""
    withdraws_also = ""
    change_form_template = "admin/withdrawable_change_form.html"

    def get_list_filter(self, request):
        return [WithdrawnListFilter, *super().get_list_filter(request)]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "withdrawn_on", "withdrawal_reason"]

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if "delete_selected" in actions:
            # Kept under its name and label, so that whoever tries it reads why not.
            refused = dataclasses.replace(
                actions["delete_selected"], func=type(self).refuse_deletion
            )
            actions["delete_selected"] = refused
        if action_location == ActionLocation.CHANGE_LIST and self.has_change_permission(request):
            actions["withdraw_selected"] = self.get_action("withdraw_selected")
        return actions

    def refuse_deletion(self, request, queryset):
        self.message_user(request, NO_DELETION, messages.ERROR)

    def delete_view(self, request, object_id, extra_context=None):
        self.message_user(request, NO_DELETION, messages.ERROR)
        opts = self.opts
        return redirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_withdraw", args=[object_id])
        )

    def get_urls(self):
        # Before the default URLs, whose <path:object_id>/ would swallow this one.
        opts = self.opts
        return [
            path(
                "<path:object_id>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name=f"{opts.app_label}_{opts.model_name}_withdraw",
            )
        ] + super().get_urls()

    @admin.action(description=_("Withdraw selected, with a reason"))
    def withdraw_selected(self, request, queryset):
        form = WithdrawalForm(request.POST if "confirm" in request.POST else None)
        if not form.is_valid():
            return self.withdrawal_page(request, list(queryset), form, "withdraw_selected")
        self.withdraw(request, queryset, form)
        return None

    def withdraw_view(self, request, object_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        confirmed = request.method == "POST" and "confirm" in request.POST
        form = WithdrawalForm(request.POST if confirmed else None)
        if not form.is_valid():
            return self.withdrawal_page(request, [obj], form)
        self.withdraw(request, type(obj).objects.filter(pk=obj.pk), form)
        opts = self.opts
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    def withdraw(self, request, queryset, form) -> None:
        """Apply the service, log each object withdrawn and say how many were."""
        reason, on = form.cleaned_data["reason"], form.cleaned_data["withdrawn_on"]
        try:
            marked = type(self).withdraw_service(
                **{self.withdraw_keyword: queryset}, reason=reason, on=on, user=request.user
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        message = gettext("Withdrawn on %(date)s: %(reason)s") % {
            "date": on.isoformat(),
            "reason": reason.strip(),
        }
        for obj in self.model.objects.filter(pk__in=marked):
            self.log_change(request, obj, message)
        already = queryset.count() - len(marked)
        self.message_user(
            request,
            ngettext("%(count)d withdrawn.", "%(count)d withdrawn.", len(marked))
            % {"count": len(marked)},
            messages.SUCCESS if marked else messages.WARNING,
        )
        if already:
            self.message_user(
                request,
                ngettext(
                    "%(count)d was already withdrawn and keeps its own date and reason.",
                    "%(count)d were already withdrawn and keep their own date and reason.",
                    already,
                )
                % {"count": already},
                messages.WARNING,
            )

    def withdrawal_page(self, request, objects, form, action=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Withdraw, with a reason"),
            "objects": objects,
            "form": form,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "withdraws_also": self.withdraws_also,
        }
        return TemplateResponse(request, "admin/withdraw.html", context)
