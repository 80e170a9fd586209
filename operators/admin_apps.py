"""Django's admin app with the officials' admin site (operators/admin_site.py) as its default
site: every admin.site.register reaches it. Kept apart from admin_site.py, which imports models,
because INSTALLED_APPS imports this module before the models are ready."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "operators.admin_site.PortalAdminSite"
