"""Root URLs: public pages in French unprefixed, Arabic under /ar/, English under /en/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from operators.views import set_language

# The admin's names are the portal's (operators.admin_site.PortalAdminSite).

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
