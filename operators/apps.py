from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperatorsConfig(AppConfig):
    name = "operators"
    verbose_name = _("Operators and reference data")

    def ready(self):
        from config.request_guard import ignore_impossible_autocomplete_values

        # Sessions get their idle limits as anyone logs in (a user_logged_in receiver).
        from operators import security  # noqa: F401

        ignore_impossible_autocomplete_values()
