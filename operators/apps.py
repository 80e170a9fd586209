from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperatorsConfig(AppConfig):
    name = "operators"
    verbose_name = _("Operators and reference data")

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        from config.request_guard import ignore_impossible_autocomplete_values

        # Sessions get their idle limits as anyone logs in (a user_logged_in receiver).
        from operators import security  # noqa: F401
        from operators.history import fill_from_surroundings

        ignore_impossible_autocomplete_values()
        # Who and why of each history record, from the write's surroundings (history.recorded).
        pre_create_historical_record.connect(fill_from_surroundings, dispatch_uid="history")
