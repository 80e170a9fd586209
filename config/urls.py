"""Root URLs: public pages in French unprefixed, Arabic under /ar/, English under /en/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from operators.views import set_language

# The admin is named after the portal, in the official's language, not "Django administration".
admin.site.site_header = _("Job commitments monitor")
admin.site.site_title = _("Job commitments monitor")

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("operators.account_urls")),
    path("space/", include("operators.urls")),
    path("", include("memoranda.urls")),
    prefix_default_language=False,
)
