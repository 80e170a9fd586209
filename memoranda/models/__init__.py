"""Signings, memoranda of understanding and the commitments they hold."""

import datetime

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from memoranda.querysets import CommitmentQuerySet, MemorandumQuerySet, SigningQuerySet
from operators.history import audited
from operators.models import (
    City,
    Operator,
    Segment,
    Withdrawable,
    withdrawal_constraints,
)
from operators.quarters import quarter_name


class SigningKind(models.TextChoices):
    MEMORANDA = "memoranda", _("memoranda with the government")
    REGIONAL = "regional", _("regional convention")


class Signing(Withdrawable):
    """An event where memoranda were signed, with what was announced for all of them together.

    Figures the source gives only for the whole signing (total jobs, budget envelope) live here
    and are never split across memoranda.
    """

    Kind = SigningKind

    title = models.CharField(_("title"), max_length=200)
    title_ar = models.CharField(_("title in Arabic"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=SigningKind.choices,
        default=SigningKind.MEMORANDA,
        help_text=_(
            "A regional convention is signed by a region's bodies, not by the government's "
            "ministries."
        ),
    )
    signed_on = models.DateField(
        _("signed on"),
        null=True,
        blank=True,
        help_text=_(
            "Empty when no source dates the signing: its memoranda, which need their own date "
            "of signature, are then not recorded."
        ),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    place_ar = models.CharField(_("place in Arabic"), max_length=200, blank=True)
    place_en = models.CharField(_("place in English"), max_length=200, blank=True)
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signings",
        verbose_name=_("city"),
    )
    presided_by = models.TextField(_("presided by"), blank=True)
    presided_by_ar = models.TextField(_("presided by in Arabic"), blank=True)
    presided_by_en = models.TextField(_("presided by in English"), blank=True)
    announced_jobs = models.PositiveIntegerField(
        _("announced jobs"),
        null=True,
        blank=True,
        help_text=_("Total direct jobs announced for all the memoranda of this signing."),
    )
    announced_budget_mad = models.DecimalField(
        _("announced budget (MAD)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("Investment envelope announced for all the memoranda together, in dirhams."),
    )
    source_title = models.CharField(_("source title"), max_length=300, blank=True)
    source_publisher = models.CharField(_("source publisher"), max_length=200, blank=True)
    source_published_on = models.DateField(_("source published on"), null=True, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    notes_ar = models.TextField(_("notes in Arabic"), blank=True)
    notes_en = models.TextField(_("notes in English"), blank=True)

    objects = SigningQuerySet.as_manager()
    history = audited()

    class Meta:
        # Undated signings last on every database (PostgreSQL puts NULL first when descending).
        ordering = [models.F("signed_on").desc(nulls_last=True), "title"]
        verbose_name = _("signing")
        verbose_name_plural = _("signings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(announced_jobs__isnull=True) | models.Q(announced_jobs__gt=0),
                name="signing_announced_jobs_positive",
                violation_error_message=_("Announced jobs must be a positive number."),
            ),
            models.CheckConstraint(
                condition=models.Q(announced_budget_mad__isnull=True)
                | models.Q(announced_budget_mad__gt=0),
                name="signing_announced_budget_positive",
                violation_error_message=_("The announced budget must be a positive amount."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=SigningKind.values),
                name="signing_kind_known",
                violation_error_message=_("Unknown kind of signing."),
            ),
            *withdrawal_constraints("signing"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("memoranda:signing_detail", args=[self.slug])


# What a memorandum reference may hold: the database constraint and the import both read it.
REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


class MemorandumStatus(models.TextChoices):
    IN_FORCE = "in_force", _("in force")
    COMPLETED = "completed", _("completed")
    TERMINATED = "terminated", _("terminated")


class Memorandum(Withdrawable):
    """One memorandum of understanding with one operator."""

    # Declared beside the model so that the constraint in Meta can read its values.
    Status = MemorandumStatus

    reference = models.CharField(
        _("reference"),
        max_length=60,
        unique=True,
        help_text=_("Letters, digits, dots, dashes and underscores, such as MDE-2022-PHONEO."),
    )
    signing = models.ForeignKey(
        Signing,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memoranda",
        verbose_name=_("signing"),
    )
    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="memoranda", verbose_name=_("operator")
    )
    signed_on = models.DateField(_("signed on"))
    horizon_year = models.PositiveSmallIntegerField(
        _("horizon year"),
        null=True,
        blank=True,
        help_text=_(
            "Year by the end of which the jobs are promised. Empty when no source publishes "
            "it: the memorandum then holds no commitment (jobs are followed only against a "
            "horizon) and owes no declaration."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_FORCE
    )
    follow_up_quarters = models.PositiveSmallIntegerField(
        _("follow-up quarters"),
        default=0,
        help_text=_("Quarters still due after the horizon year."),
    )
    terminated_on = models.DateField(
        _("terminated on"),
        null=True,
        blank=True,
        help_text=_(
            "When the status is terminated: the last declaration due is the one of the quarter "
            "holding this date."
        ),
    )
    source_title = models.CharField(_("source title"), max_length=300, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)

    objects = MemorandumQuerySet.as_manager()
    history = audited(public_fields=["horizon_year", "signed_on", "status"])

    class Meta:
        ordering = ["-signed_on", "reference"]
        verbose_name = _("memorandum")
        verbose_name_plural = _("memoranda")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reference__regex=REFERENCE_PATTERN),
                name="memorandum_reference_format",
                violation_error_message=_(
                    "The reference may hold only letters, digits, dots, dashes and underscores."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(horizon_year__isnull=True)
                | models.Q(horizon_year__gte=models.F("signed_on__year")),
                name="memorandum_horizon_not_before_signature",
                violation_error_message=_("The horizon year cannot come before the signature."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=MemorandumStatus.values),
                name="memorandum_status_known",
                violation_error_message=_("Unknown memorandum status."),
            ),
            models.CheckConstraint(
                condition=models.Q(terminated_on__isnull=True)
                | models.Q(terminated_on__gte=models.F("signed_on")),
                name="memorandum_terminated_not_before_signature",
                violation_error_message=_("A memorandum cannot end before its signature."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="terminated") | models.Q(terminated_on__isnull=False),
                name="memorandum_terminated_has_date",
                violation_error_message=_("A terminated memorandum needs its termination date."),
            ),
            # MDE-2022-CNEXIA and mde-2022-cnexia are one memorandum.
            models.UniqueConstraint(
                Lower("reference"),
                name="memorandum_reference_unique_ignoring_case",
                violation_error_message=_(
                    "A memorandum with this reference already exists (ignoring case)."
                ),
            ),
            *withdrawal_constraints("memorandum"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("memoranda:memorandum_detail", args=[self.reference])


class Commitment(Withdrawable):
    """One line of a memorandum: jobs promised in a segment, in a city or not yet allocated.

    The scope (operator x segment x city, or all the operator's cities when unallocated) and the
    baseline headcount in that scope at signature are what jobs created are measured against.
    """

    class Status(models.TextChoices):
        """The status judged today (see memoranda.querysets.status)."""

        ACHIEVED = "achieved", _("achieved")
        ON_TRACK = "on_track", _("on track")
        AT_RISK = "at_risk", _("at risk")
        BEHIND = "behind", _("behind")
        MISSED = "missed", _("missed")
        OUT_OF_DATE = "out_of_date", _("out of date")
        NO_DATA = "no_data", _("no data")

    # PROTECT: deleting a memorandum never takes its commitments with it.
    memorandum = models.ForeignKey(
        Memorandum,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("memorandum"),
    )
    segment = models.ForeignKey(
        Segment, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("segment")
    )
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("city"),
        help_text=_("Leave empty when the source does not allocate the jobs to a city."),
    )
    jobs_committed = models.PositiveIntegerField(_("jobs committed"))
    baseline_headcount = models.PositiveIntegerField(
        _("baseline headcount"),
        null=True,
        blank=True,
        help_text=_("Direct headcount in this scope at signature; empty when unknown."),
    )
    segment_classified = models.BooleanField(
        _("segment classified by the portal"),
        default=False,
        help_text=_(
            "The sources describe the activity without naming a segment: the segment is the "
            "portal's reading of it, and the pages say so."
        ),
    )

    objects = CommitmentQuerySet.as_manager()
    history = audited(public_fields=["jobs_committed", "baseline_headcount", "city", "segment"])

    class Meta:
        ordering = ["memorandum__reference", "segment__code", "city__name"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jobs_committed__gt=0),
                name="commitment_jobs_committed_positive",
                violation_error_message=_("Jobs committed must be a positive number."),
            ),
            models.CheckConstraint(
                condition=models.Q(baseline_headcount__isnull=True)
                | models.Q(baseline_headcount__gte=0),
                name="commitment_baseline_not_negative",
                violation_error_message=_("The baseline headcount cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["memorandum", "segment", "city"],
                condition=models.Q(city__isnull=False),
                name="commitment_unique_per_memorandum_segment_city",
                violation_error_message=_(
                    "This memorandum already has a commitment for this segment in this city."
                ),
            ),
            models.UniqueConstraint(
                fields=["memorandum", "segment"],
                condition=models.Q(city__isnull=True),
                name="commitment_unique_unallocated_per_memorandum_segment",
                violation_error_message=_(
                    "This memorandum already has a commitment for this segment not yet "
                    "allocated to a city."
                ),
            ),
            *withdrawal_constraints("commitment"),
        ]
        indexes = [
            # The few withdrawn commitments, which a city's, region's or segment's page counts
            # beside the totals of those in force (memoranda.views.commitments_of).
            models.Index(
                fields=["segment", "city"],
                condition=models.Q(withdrawn_on__isnull=False),
                name="commitments_withdrawn",
            )
        ]

    def __str__(self):
        where = self.city.name if self.city_id else _("not yet allocated")
        return f"{self.memorandum} – {self.segment} – {where}"

    def get_absolute_url(self):
        return self.memorandum.get_absolute_url()


class CommitmentFigures(models.Model):
    """A commitment's figures, stored: its reporting period in quarter indexes (see
    operators.quarters.quarter_index) and its latest validated figure with that figure's
    quarter, pace, projection and job quality.

    Derived, never edited by hand: memoranda.figures rebuilds the rows of an operator's
    commitments in the same transaction as every write that can change them (a validation or
    reopening through the scope headcounts, a site move, an official's edit, an import), so that
    lists, exports and the dashboard read one indexed row per commitment. The status as of
    today is not stored: it compares the stored quarter with today's latest due quarter.
    """

    commitment = models.OneToOneField(
        Commitment,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="figures",
        verbose_name=_("commitment"),
    )
    # The commitment's place and promise when the figures were built: the dashboard's sums
    # (DashboardCell) are rebuilt for the places a commitment leaves as well as those it joins.
    city = models.ForeignKey(
        City, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("city")
    )
    segment = models.ForeignKey(
        Segment, on_delete=models.CASCADE, related_name="+", verbose_name=_("segment")
    )
    jobs_committed = models.PositiveIntegerField(_("jobs committed"))
    baseline_known = models.BooleanField(_("baseline recorded"))
    start_quarter = models.IntegerField(
        _("signature quarter"), help_text=_("The trajectory starts at 0 in this quarter.")
    )
    horizon_quarter = models.IntegerField(_("horizon quarter"))
    final_quarter = models.IntegerField(
        _("last quarter due"),
        help_text=_("The horizon's last quarter plus follow-up quarters, or the termination."),
    )
    quarter = models.IntegerField(
        _("quarter of the figure"),
        null=True,
        help_text=_("The latest validated quarter in the commitment's scope."),
    )
    headcount = models.PositiveIntegerField(_("headcount"), null=True)
    permanent = models.PositiveIntegerField(_("permanent contracts"), null=True)
    women = models.PositiveIntegerField(_("women"), null=True)
    jobs_created = models.IntegerField(_("jobs created"), null=True)
    jobs_expected = models.IntegerField(
        _("jobs expected"), null=True, help_text=_("On the trajectory, at the figure's quarter.")
    )
    progress_percent = models.FloatField(_("progress (%)"), null=True)
    # NULL, not "": no figure, no status (the exports' status_at_quarter is then null).
    status_then = models.CharField(  # noqa: DJ001
        _("status at the figure's quarter"),
        max_length=12,
        null=True,
        help_text=_(
            "Achieved, on track, at risk or behind against the jobs expected then; empty "
            "without a figure of jobs created."
        ),
    )
    pace = models.FloatField(
        _("pace"),
        null=True,
        help_text=_("Jobs per quarter over the last four validated quarters (two at least)."),
    )
    projected_jobs = models.IntegerField(
        _("projected jobs created"), null=True, help_text=_("At the pace, by the horizon.")
    )
    withdrawn_quarter = models.IntegerField(
        _("quarter of the withdrawal"),
        null=True,
        help_text=_(
            "The quarter holding the commitment's withdrawal: it is measured only in the "
            "quarters before, and counts in no total."
        ),
    )

    class Meta:
        ordering = ["commitment"]
        verbose_name = _("figures of a commitment")
        verbose_name_plural = _("figures of commitments")
        indexes = [
            models.Index(fields=["quarter"], name="figures_by_quarter"),
            # The list's ?status= (memoranda.querysets.status_is): a status then, and which
            # side of the quarter due the last quarter due lies.
            models.Index(fields=["status_then", "final_quarter"], name="figures_by_status_then"),
        ]

    def __str__(self):
        return f"{self.commitment_id}: {self.jobs_created}"


class CommitmentMeasurement(models.Model):
    """A commitment's figure in one quarter where its scope has validated declarations: the
    history behind the dashboard's jobs created over time, which never carries a figure into
    later quarters. Rebuilt with CommitmentFigures."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("commitment"),
    )
    quarter = models.IntegerField(_("quarter"))
    jobs_committed = models.PositiveIntegerField(_("jobs committed"))
    jobs_expected = models.IntegerField(_("jobs expected"))
    headcount = models.PositiveIntegerField(_("headcount"))
    jobs_created = models.IntegerField(
        _("jobs created"), null=True, help_text=_("Empty while the baseline is unknown.")
    )

    class Meta:
        ordering = ["commitment", "quarter"]
        verbose_name = _("measurement of a commitment")
        verbose_name_plural = _("measurements of commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "quarter"], name="measurement_one_per_commitment_quarter"
            ),
        ]
        indexes = [models.Index(fields=["quarter"], name="measurement_by_quarter")]

    def __str__(self):
        return f"{self.commitment_id} @ {self.quarter}: {self.jobs_created}"


class DashboardCell(models.Model):
    """The sums of CommitmentFigures over the commitments of one city (or none: not yet
    allocated) and one segment that share a figure quarter, a last quarter due and whether
    their baseline is recorded: the dashboard's totals, tables and completeness funnel add a
    few hundred of these rows instead of every commitment, and the figures out of date today
    are those of the rows whose figure quarter lags.

    Derived: memoranda.figures rebuilds the rows of the places whose commitments' figures it
    rebuilds, in the same transaction.
    """

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("city")
    )
    segment = models.ForeignKey(
        Segment, on_delete=models.CASCADE, related_name="+", verbose_name=_("segment")
    )
    quarter = models.IntegerField(_("quarter of the figure"), null=True)
    final_quarter = models.IntegerField(_("last quarter due"))
    baseline_known = models.BooleanField(_("baseline recorded"))
    commitments = models.PositiveIntegerField(_("commitments"))
    jobs_committed = models.PositiveIntegerField(_("jobs committed"))
    measured = models.PositiveIntegerField(_("commitments with jobs created known"))
    measured_jobs_committed = models.PositiveIntegerField(_("their jobs committed"))
    jobs_created = models.IntegerField(_("jobs created"), null=True)
    headcount = models.PositiveIntegerField(_("headcount"), null=True)
    permanent = models.PositiveIntegerField(_("permanent contracts"), null=True)
    women = models.PositiveIntegerField(_("women"), null=True)

    class Meta:
        ordering = ["segment", "city", "quarter"]
        verbose_name = _("dashboard cell")
        verbose_name_plural = _("dashboard cells")
        indexes = [models.Index(fields=["segment", "city"], name="dashboard_cell_by_place")]

    def __str__(self):
        return f"{self.segment_id}/{self.city_id}/{self.quarter}: {self.jobs_created}"


class DashboardQuarter(models.Model):
    """The sums of CommitmentMeasurement over the commitments of one city (or none) and one
    segment measured in one quarter with a recorded baseline: the dashboard's jobs over time.
    Derived and rebuilt with DashboardCell."""

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("city")
    )
    segment = models.ForeignKey(
        Segment, on_delete=models.CASCADE, related_name="+", verbose_name=_("segment")
    )
    quarter = models.IntegerField(_("quarter"))
    measured = models.PositiveIntegerField(_("commitments measured"))
    jobs_committed = models.PositiveIntegerField(_("their jobs committed"))
    jobs_expected = models.IntegerField(_("jobs expected"))
    jobs_created = models.IntegerField(_("jobs created"))

    class Meta:
        ordering = ["quarter", "segment", "city"]
        verbose_name = _("dashboard quarter")
        verbose_name_plural = _("dashboard quarters")
        indexes = [models.Index(fields=["segment", "city"], name="dashboard_quarter_by_place")]

    def __str__(self):
        return f"{self.quarter} {self.segment_id}/{self.city_id}: {self.jobs_created}"


class OperatorTotals(models.Model):
    """An operator's commitments and jobs committed, stored so that the dashboard finds the
    operators with the most jobs committed by index rather than by adding up every commitment.
    Derived and rebuilt with CommitmentFigures."""

    operator = models.OneToOneField(
        Operator,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="totals",
        verbose_name=_("operator"),
    )
    commitments = models.PositiveIntegerField(_("commitments"))
    jobs_committed = models.PositiveIntegerField(_("jobs committed"))

    class Meta:
        ordering = ["-jobs_committed"]
        verbose_name = _("operator totals")
        verbose_name_plural = _("operator totals")
        indexes = [models.Index(fields=["-jobs_committed"], name="operator_by_jobs_committed")]

    def __str__(self):
        return f"{self.operator_id}: {self.jobs_committed}"


class SigningShare(models.Model):
    """One operator's part of a signing: its memoranda in force in the signing and their jobs
    committed, stored so that a signing's totals add up a row per operator rather than every
    commitment of the signing. Derived and rebuilt with CommitmentFigures, per operator: a
    memorandum moved to another signing or operator leaves the old row with the rebuild of its
    operators."""

    signing = models.ForeignKey(
        Signing, on_delete=models.CASCADE, related_name="shares", verbose_name=_("signing")
    )
    operator = models.ForeignKey(
        Operator, on_delete=models.CASCADE, related_name="+", verbose_name=_("operator")
    )
    memoranda = models.PositiveIntegerField(_("memoranda"))
    jobs_committed = models.PositiveIntegerField(_("jobs committed"))

    class Meta:
        ordering = ["signing", "operator"]
        verbose_name = _("signing share")
        verbose_name_plural = _("signing shares")
        constraints = [
            models.UniqueConstraint(
                fields=["signing", "operator"], name="signing_share_one_per_operator"
            )
        ]

    def __str__(self):
        return f"{self.signing_id}/{self.operator_id}: {self.jobs_committed}"


class ImportUpload(models.Model):
    """A file uploaded to the admin's import, kept between its preview and its confirmation.

    In the database, which every gunicorn worker shares, rather than on a worker's disk; removed
    once the import ends (memoranda/uploads.py)."""

    name = models.CharField(_("name"), max_length=64)
    data = models.BinaryField(_("data"))
    uploaded_at = models.DateTimeField(_("uploaded at"), db_index=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("import upload")
        verbose_name_plural = _("import uploads")
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="import_upload_unique_name",
                violation_error_message=_("An import upload with this name already exists."),
            )
        ]

    def __str__(self):
        return self.name


class CorrectionSubject(models.TextChoices):
    COMMITMENT = "commitment", _("commitment")
    MEMORANDUM = "memorandum", _("memorandum")
    OPERATOR = "operator", _("operator")
    SIGNING = "signing", _("signing")


class CorrectionField(models.TextChoices):
    JOBS_CREATED = "jobs_created", _("jobs created")
    JOBS_COMMITTED = "jobs_committed", _("jobs committed")
    BASELINE = "baseline_headcount", _("baseline headcount")
    CITY = "city", _("city")
    SEGMENT = "segment", _("segment")
    HORIZON = "horizon_year", _("horizon year")
    SIGNED_ON = "signed_on", _("signed on")
    STATUS = "status", _("status")


class CorrectionRole(models.TextChoices):
    OFFICIAL = "official", _("an official")
    OPERATOR = "operator", _("the operator")


class Correction(models.Model):
    """A public figure changed after it was published: what it is about, the value published
    first and when, the corrected value and when, why, and who as a role only (never a person).

    Written by memoranda.corrections in the transaction of the change itself. A figure
    corrected again gets a second row whose `step` is 2, so its whole chain stays public. The
    operator, city and signing are those of the subject when corrected, so that the changes
    page filters without joins.
    """

    Subject = CorrectionSubject
    Field = CorrectionField
    Role = CorrectionRole

    subject = models.CharField(_("about"), max_length=20, choices=Subject.choices)
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("commitment"),
    )
    memorandum = models.ForeignKey(
        Memorandum,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("memorandum"),
    )
    operator = models.ForeignKey(
        Operator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("operator"),
    )
    signing = models.ForeignKey(
        Signing,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("signing"),
    )
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("city"),
    )
    field = models.CharField(_("figure"), max_length=30, choices=Field.choices)
    quarter = models.IntegerField(
        _("quarter"),
        null=True,
        blank=True,
        help_text=_("For jobs created: the quarter measured (see operators.querysets)."),
    )
    value_before = models.CharField(_("value published"), max_length=200, blank=True)
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, help_text=_("Empty when not recorded.")
    )
    value_after = models.CharField(_("corrected value"), max_length=200, blank=True)
    corrected_at = models.DateTimeField(_("corrected at"))
    reason = models.TextField(_("reason"))
    by = models.CharField(_("corrected by"), max_length=20, choices=Role.choices)
    step = models.PositiveSmallIntegerField(
        _("step"), default=1, help_text=_("1 for a figure's first correction, 2 for the next…")
    )

    class Meta:
        ordering = ["-corrected_at", "-pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        indexes = [models.Index(fields=["-corrected_at", "-id"], name="correction_newest_first")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="correction_reason_given",
                violation_error_message=_("A correction needs its reason."),
            ),
            models.CheckConstraint(
                condition=~models.Q(value_before=models.F("value_after")),
                name="correction_changes_the_value",
                violation_error_message=_("A correction changes the value."),
            ),
            models.CheckConstraint(
                condition=models.Q(subject__in=CorrectionSubject.values),
                name="correction_subject_known",
                violation_error_message=_("Unknown subject of a correction."),
            ),
            models.CheckConstraint(
                condition=models.Q(field__in=CorrectionField.values),
                name="correction_field_known",
                violation_error_message=_("Unknown figure of a correction."),
            ),
            models.CheckConstraint(
                condition=models.Q(by__in=CorrectionRole.values),
                name="correction_role_known",
                violation_error_message=_("Unknown role of a correction."),
            ),
            models.CheckConstraint(
                condition=models.Q(step__gte=1),
                name="correction_step_positive",
                violation_error_message=_("The step of a correction starts at 1."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(subject="commitment", commitment__isnull=False)
                    | models.Q(subject="memorandum", memorandum__isnull=False)
                    | models.Q(subject="operator", operator__isnull=False)
                    | models.Q(subject="signing", signing__isnull=False)
                ),
                name="correction_subject_present",
                violation_error_message=_("A correction names the object it corrects."),
            ),
        ]

    def __str__(self):
        return f"{self.subject} {self.field}: {self.value_before} → {self.value_after}"

    def get_absolute_url(self):
        """The correction on the page of what it corrects: a commitment's is its memorandum's."""
        if self.memorandum_id:
            page = reverse("memoranda:memorandum_detail", args=[self.memorandum.reference])
        elif self.subject == self.Subject.OPERATOR:
            page = self.operator.get_absolute_url()
        else:
            page = self.signing.get_absolute_url()
        return f"{page}#correction-{self.pk}"

    def subject_label(self) -> str:
        """What was corrected, in the active language: a commitment by its memorandum, segment
        and city."""
        if self.subject == self.Subject.COMMITMENT:
            commitment = self.commitment
            where = (
                commitment.city.local_name if commitment.city_id else gettext("not yet allocated")
            )
            return f"{self.memorandum.reference} · {commitment.segment.code} · {where}"
        if self.subject == self.Subject.MEMORANDUM:
            return self.memorandum.reference
        if self.subject == self.Subject.OPERATOR:
            return self.operator.name
        return self.signing.title

    def figure_label(self) -> str:
        if self.field == self.Field.JOBS_CREATED and self.quarter is not None:
            return gettext("jobs created in %(quarter)s") % {"quarter": quarter_name(self.quarter)}
        return self.get_field_display()

    def shown(self, value: str) -> str:
        """A stored value as the pages write it, in the active language."""
        if value == "":
            if self.field == self.Field.CITY:
                return gettext("not yet allocated")
            return gettext("unknown")
        if self.field == self.Field.STATUS and value in Memorandum.Status.values:
            return Memorandum.Status(value).label
        if self.field == self.Field.SIGNED_ON:
            return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        if value.lstrip("-").isdigit() and self.field != self.Field.HORIZON:
            return formats.number_format(int(value), force_grouping=True)
        return value

    def summary(self) -> str:
        """First published as X on <date>; corrected to Y on <date>: <reason>."""
        values = {
            "before": self.shown(self.value_before),
            "after": self.shown(self.value_after),
            "corrected": day(self.corrected_at),
            "reason": self.reason,
        }
        if self.published_at is None:
            text = gettext(
                "First published as %(before)s; corrected to %(after)s on %(corrected)s: %(reason)s"
            )
        elif self.step == 1:
            text = gettext(
                "First published as %(before)s on %(published)s; corrected to %(after)s on "
                "%(corrected)s: %(reason)s"
            )
        else:
            text = gettext(
                "Published as %(before)s on %(published)s; corrected again to %(after)s on "
                "%(corrected)s: %(reason)s"
            )
        text = text % {**values, "published": day(self.published_at)}
        return text if text.endswith((".", "!", "?", "؟")) else f"{text}."

    def role_label(self) -> str:
        return gettext("Corrected by %(role)s.") % {"role": self.get_by_display()}


def day(moment: datetime.datetime | None) -> str:
    """A moment's day in the portal's time zone, as the active language writes dates."""
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment).date(), "DATE_FORMAT")


class ReopenedFigure(models.Model):
    """A commitment's jobs created in one quarter as published before a declaration of that
    quarter was reopened. Not public: kept until the operator's declarations of the quarter are
    all validated again, when memoranda.corrections compares it with the corrected figure and
    records a Correction if the two differ."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="reopened_figures",
        verbose_name=_("commitment"),
    )
    quarter = models.IntegerField(_("quarter"))
    jobs_created = models.IntegerField(_("jobs created as published"))
    published_at = models.DateTimeField(_("published at"), null=True)

    class Meta:
        ordering = ["commitment", "quarter"]
        verbose_name = _("reopened figure")
        verbose_name_plural = _("reopened figures")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "quarter"],
                name="reopened_figure_one_per_commitment_quarter",
                violation_error_message=_("This figure is already held for its correction."),
            ),
        ]

    def __str__(self):
        return f"{self.commitment_id} @ {self.quarter}: {self.jobs_created}"


# Sources, claims and programmes, the imports the worker runs and the releases: their own
# modules, registered with the app here.
from memoranda.models.import_jobs import CommitmentImport  # noqa: E402, F401
from memoranda.models.releases import Release, ReleaseFile  # noqa: E402, F401
from memoranda.models.sources import (  # noqa: E402, F401
    NUMERIC_FIELDS,
    SUBJECTS,
    Claim,
    ClaimField,
    ClaimQualifier,
    Programme,
    Source,
)
