"""An admin import of a commitments file too large for a web request, run by the task worker.

The official uploads the file; a task checks it (a dry run of the whole import) and the page
shows what it would do, or every problem; once the official confirms, a task imports it, all or
nothing, and the page shows its progress and its outcome. Only the official who uploaded it sees
the import. The file is kept on the import until it ends, then emptied.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("being checked")
    CHECKED = "checked", _("checked, waiting for confirmation")
    REFUSED = "refused", _("refused: the file has problems")
    QUEUED = "queued", _("confirmed, waiting for the worker")
    RUNNING = "running", _("importing")
    DONE = "done", _("imported")
    FAILED = "failed", _("failed: nothing was imported")


class CommitmentImportQuerySet(models.QuerySet):
    def started_by(self, user):
        """The imports `user` started: nobody else's file, problems or outcome."""
        return self.filter(official=user)


class CommitmentImport(models.Model):
    """One file's import through the task worker: its file, status, progress and outcome."""

    Status = ImportStatus
    # The statuses in which a task is yet to run or running: the page reloads itself.
    WORKING = (ImportStatus.CHECKING, ImportStatus.QUEUED, ImportStatus.RUNNING)

    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="commitment_imports",
        verbose_name=_("uploaded by"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    xlsx = models.BooleanField(_("XLSX workbook"), default=False)
    data = models.BinaryField(_("file"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    new = models.PositiveIntegerField(_("commitments created"), null=True, blank=True)
    updated = models.PositiveIntegerField(_("commitments updated"), null=True, blank=True)
    unchanged = models.PositiveIntegerField(_("commitments unchanged"), null=True, blank=True)
    # [{"line": 3 or null, "column": "city" or null, "message": "..."}], the file's first.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    # {"memoranda": [[reference, operator name], ...], "operators": [name, ...],
    #  "close_names": [[new name, recorded name], ...]}
    creations = models.JSONField(_("creations"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = CommitmentImportQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("commitments import")
        verbose_name_plural = _("commitments imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values),
                name="commitment_import_status_known",
                violation_error_message=_("Unknown import status."),
            ),
            models.CheckConstraint(
                condition=Q(rows_done__lte=F("rows_total")),
                name="commitment_import_rows_done_within_total",
                violation_error_message=_("An import cannot have done more rows than it has."),
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("admin:memoranda_commitment_import_job", args=[self.pk])

    @property
    def working(self) -> bool:
        return self.status in self.WORKING
