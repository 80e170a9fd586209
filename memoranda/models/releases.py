"""Releases: dated publications of the open data files that never change once published.

A release closes a quarter: "2026-Q3" is the one published when that quarter closed, and
"2026-Q3-r2", "2026-Q3-r3" the ones an official asked for later, before the next quarter closed.
Its files are written to the releases storage (settings.STORAGES["releases"]) under a folder of
its own; the release is public once its row says published, which happens in one transaction
with its list of files, so a build that fails leaves no half release.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from operators.quarters import quarter_code


class ReleaseQuerySet(models.QuerySet):
    def published(self):
        """Published releases, the latest first."""
        return self.filter(state=Release.State.PUBLISHED).order_by("-published_at", "-pk")

    def of_quarter(self, quarter: int):
        """The releases closing `quarter` that are published or being built (not failed)."""
        return self.filter(quarter=quarter).exclude(state=Release.State.FAILED)

    def with_files(self):
        return self.prefetch_related("files")


class Release(models.Model):
    """One publication of the open data files, under a name a journalist can cite."""

    class State(models.TextChoices):
        BUILDING = "building", _("being built")
        PUBLISHED = "published", _("published")
        FAILED = "failed", _("failed")

    name = models.CharField(_("name"), max_length=32)
    quarter = models.PositiveIntegerField(
        _("quarter closed"), help_text=_("The last quarter that had ended when it was built.")
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.BUILDING
    )
    # Who asked for it, never shown in public; empty for the release of a quarter's close.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="releases_requested",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The storage folder of its files, unique to this build: a failed build's leftovers are
    # never confused with a published release's files.
    folder = models.CharField(_("folder"), max_length=100, unique=True)
    error = models.TextField(_("error"), blank=True)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        permissions = [("publish_release", _("Can publish a release of the open data"))]
        constraints = [
            # A failed build keeps its row and error; the next attempt takes the same name.
            models.UniqueConstraint(
                fields=["name"],
                condition=~Q(state="failed"),
                name="release_name_unique",
                violation_error_message=_("A release with this name exists already."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=["building", "published", "failed"]),
                name="release_state_known",
                violation_error_message=_("Unknown state of a release."),
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False),
                name="release_published_has_date",
                violation_error_message=_("A published release has a publication date."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("memoranda:release_detail", args=[self.name])

    @property
    def quarter_code(self) -> str:
        return quarter_code(self.quarter)


class ReleaseFile(models.Model):
    """One file of a release, with the size and SHA-256 checksum it was published with."""

    release = models.ForeignKey(
        Release, on_delete=models.PROTECT, related_name="files", verbose_name=_("release")
    )
    name = models.CharField(_("file name"), max_length=100)
    path = models.CharField(_("path in storage"), max_length=300)
    media_type = models.CharField(_("media type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        ordering = ["release", "pk"]
        verbose_name = _("release file")
        verbose_name_plural = _("release files")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "name"],
                name="release_file_unique_name",
                violation_error_message=_("The release holds a file of this name already."),
            ),
        ]

    def __str__(self):
        return f"{self.release.name}/{self.name}"

    def get_absolute_url(self):
        return reverse("memoranda:release_file", args=[self.release.name, self.name])
