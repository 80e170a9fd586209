from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MemorandaConfig(AppConfig):
    name = "memoranda"
    verbose_name = _("Memoranda and commitments")

    def ready(self):
        from memoranda.figures import commitment_figures_refresh
        from operators.headcounts import on_scope_headcounts_changed

        # Jobs created and status of commitments follow their scopes' validated headcounts.
        on_scope_headcounts_changed(commitment_figures_refresh)
