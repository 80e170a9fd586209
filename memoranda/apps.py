from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MemorandaConfig(AppConfig):
    name = "memoranda"
    verbose_name = _("Memoranda and commitments")

    def ready(self):
        from django.db.models.signals import post_migrate

        from memoranda import obligations
        from memoranda.figures import commitment_figures_refresh
        from memoranda.officials import officials_group_sync
        from operators.calendar import obligations_register
        from operators.headcounts import on_scope_headcounts_changed

        # The reporting calendar owes what the memoranda oblige.
        obligations_register(obligations)
        post_migrate.connect(officials_group_sync, sender=self, dispatch_uid="officials_group")

        # Jobs created and status of commitments follow their scopes' validated headcounts.
        on_scope_headcounts_changed(commitment_figures_refresh)
