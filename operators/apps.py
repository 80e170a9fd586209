from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperatorsConfig(AppConfig):
    name = "operators"
    verbose_name = _("Operators and reference data")

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        from operators.history import fill_from_surroundings

        # Who and why of each history record, from the write's surroundings (history.recorded).
        pre_create_historical_record.connect(fill_from_surroundings, dispatch_uid="history")
