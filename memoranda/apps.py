from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MemorandaConfig(AppConfig):
    name = "memoranda"
    verbose_name = _("Memoranda and commitments")

    def ready(self):
        from django.db.models.signals import post_migrate

        from memoranda import obligations
        from memoranda.figures import commitment_figures_refresh
        from memoranda.officials import officials_group_after_migrate
        from operators.calendar import obligations_register
        from operators.headcounts import on_scope_headcounts_changed

        # The reporting calendar owes what the memoranda oblige.
        obligations_register(obligations)
        post_migrate.connect(
            officials_group_after_migrate, sender=self, dispatch_uid="officials_group"
        )

        # Jobs created and status of commitments follow their scopes' validated headcounts.
        on_scope_headcounts_changed(commitment_figures_refresh)
        public_pages_follow_their_rows()


def public_pages_follow_their_rows() -> None:
    """The rows public pages show, whose every save or deletion renews the cached pages'
    generation (config.page_cache.renew_on_change). Not declarations: what they change in
    public passes through the submission (the operators' reporting records: missing, late)
    and the validation and reopening services, which rebuild the stored figures
    (commitment_figures_refresh renews it), while drafts are saved all day long and
    show nowhere in public. Not the stored figures either: only that rebuild writes them."""
    from django.db.models.signals import post_migrate

    from config.page_cache import public_figures_changed, renew_on_change
    from memoranda.models import Commitment, Correction, Memorandum, Signing
    from memoranda.models.sources import Claim, Programme, Source
    from operators.models import City, Operator, Region, Segment, Site

    renew_on_change(
        [Region, City, Segment, Operator, Site, Signing, Memorandum, Commitment]
        + [Source, Claim, Programme, Correction]
    )
    # A migration may change data or what pages show; a deployment runs migrate.
    post_migrate.connect(
        lambda **kwargs: public_figures_changed(kwargs.get("using")),
        weak=False,
        dispatch_uid="page-cache-migrate",
    )
