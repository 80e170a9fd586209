"""The admin site of officials, Django's own with a second factor at its door.

With OFFICIAL_SECOND_FACTOR on (the default unless DEBUG), only a session verified by a device
(a code from an authenticator app or a recovery code, given with the password on the login
page) reaches the admin; a password-only session, such as one opened on the operator staff's
login page, gets the login page again. An official without a device is sent to enrolment.
"""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from operators import missing, second_factor
from operators.admin_missing import missing_declarations_page


class PortalAdminSite(admin.AdminSite):
    login_form = second_factor.SecondFactorAuthenticationForm
    # Named after the portal, in the official's language, not "Django administration".
    site_header = gettext_lazy("Job commitments monitor")
    site_title = gettext_lazy("Job commitments monitor")
    index_title = gettext_lazy("Officials' administration")

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        if not second_factor.second_factor_required():
            return True
        return second_factor.is_verified(request.user)

    def needs_enrolment(self, request) -> bool:
        user = request.user
        return (
            second_factor.second_factor_required()
            and user.is_active
            and user.is_staff
            and not second_factor.is_verified(user)
            and not second_factor.has_device(user)
        )

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        if request.user.is_authenticated and self.needs_enrolment(request):
            return redirect(self.enrol_url(request))
        response = super().login(request, extra_context)
        if (
            request.method == "POST"
            and request.user.is_authenticated
            and response.status_code == 302
            and self.needs_enrolment(request)
        ):
            return redirect(self.enrol_url(request))
        return response

    def enrol_url(self, request) -> str:
        url = reverse("admin:second_factor_enrol", current_app=self.name)
        next_url = request.POST.get("next") or request.GET.get("next")
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            url = f"{url}?{urlencode({'next': next_url})}"
        return url

    def get_urls(self):
        return [
            path(
                "second-factor/enrol/",
                self.enrol_view,
                name="second_factor_enrol",
            ),
            path(
                "operators/missing-declarations/",
                self.admin_view(self.missing_declarations_view),
                name="operators_missing_declarations",
            ),
            *super().get_urls(),
        ]

    def missing_declarations_view(self, request):
        return missing_declarations_page(request, self)

    def index(self, request, extra_context=None):
        # What waits for the officials, above the models: only for those who review.
        if request.user.has_perm("operators.view_declaration"):
            extra_context = {**(extra_context or {}), "waiting": missing.waiting()}
        return super().index(request, extra_context)

    @method_decorator(never_cache)
    def enrol_view(self, request):
        """Shows a new device's secret (QR code and text), confirms it with a code, then shows
        the recovery codes once. Open only to an active staff account without a confirmed
        device: one with a device must sign in with it, and may not add another this way."""
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect(reverse("admin:login", current_app=self.name))
        if not self.needs_enrolment(request):
            return redirect(reverse("admin:index", current_app=self.name))
        return csrf_protect(self.enrol_form)(request)

    def enrol_form(self, request):
        device = second_factor.second_factor_enrolment_device(request.user)
        form = second_factor.EnrolmentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            codes = second_factor.second_factor_confirm(request, device, form.cleaned_data["token"])
            if codes is not None:
                messages.success(request, _("Your authenticator app is set up."))
                next_url = request.GET.get("next")
                if not next_url or not url_has_allowed_host_and_scheme(
                    next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
                ):
                    next_url = reverse("admin:index", current_app=self.name)
                context = {
                    **self.each_context(request),
                    "is_nav_sidebar_enabled": False,
                    "title": _("Your recovery codes"),
                    "codes": codes,
                    "next_url": next_url,
                }
                return TemplateResponse(request, "admin/second_factor_codes.html", context)
            form.add_error(
                "token",
                _("This code is not the one the app shows now: check the app and try again."),
            )
        context = {
            **self.each_context(request),
            "is_nav_sidebar_enabled": False,
            "title": _("Set up your second factor"),
            "form": form,
            "qr_code": second_factor.qr_code_svg(device),
            "secret": second_factor.secret_text(device),
        }
        return TemplateResponse(request, "admin/second_factor_enrol.html", context)
