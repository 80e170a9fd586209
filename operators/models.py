"""Reference geography and segments, and the operators that make commitments."""

from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower, Upper
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from operators.history import audited
from operators.quarters import quarter_of_index
from operators.querysets import (
    CityQuerySet,
    DeclarationLineQuerySet,
    DeclarationQuerySet,
    SegmentQuerySet,
)


def in_active_language(get: Callable[[str], str | None], field: str) -> str:
    """A reference name in the active language: `field` holds the French text, `field_ar` and
    `field_en` its translations; an empty translation falls back to the French text.

    `get` reads a field by name, from a model instance or from a values() row alike.
    """
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language != settings.LANGUAGE_CODE:
        translated = get(f"{field}_{language}")
        if translated:
            return translated
    return get(field) or ""


class NotAfterTomorrow(models.Func):
    """`expression` (a date) is not after the database's tomorrow: the database's date is UTC's,
    and a local date ahead of UTC (Morocco's, for one) can be a day ahead of it. The exact rule,
    not after today's local date, is the withdrawal services'; this is the database's guard.
    CURRENT_DATE, not date('now'): SQLite refuses the latter in a CHECK constraint."""

    arity = 1
    output_field = models.BooleanField()
    template = "%(expressions)s <= CURRENT_DATE + 1"

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "julianday(%(expressions)s) <= julianday(CURRENT_DATE) + 1"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def withdrawal_constraints(model: str) -> list[models.CheckConstraint]:
    """The two rules of a withdrawal (see Withdrawable), named after `model`."""
    return [
        models.CheckConstraint(
            condition=models.Q(withdrawn_on__isnull=True, withdrawal_reason="")
            | (models.Q(withdrawn_on__isnull=False) & ~models.Q(withdrawal_reason="")),
            name=f"{model}_withdrawal_has_reason",
            violation_error_message=_("A withdrawal needs both its date and its reason."),
        ),
        models.CheckConstraint(
            condition=NotAfterTomorrow(models.F("withdrawn_on")),
            name=f"{model}_withdrawal_not_in_future",
            violation_error_message=_("A withdrawal cannot be dated in the future."),
        ),
    ]


class Withdrawable(models.Model):
    """What has been public is never deleted: it is withdrawn, with a date and a reason, stays
    reachable with a "withdrawn" mark, and leaves the totals from that date on.

    "Has been public" means saved: every signing, memorandum, commitment and operator appears on
    the public pages as soon as it is saved, and every site on its operator's public page, so
    none of them is ever deleted, even one typed by mistake. Withdrawals are made by the
    services (memoranda.withdrawals, operators.sites.site_withdraw), never by editing the fields.
    """

    withdrawn_on = models.DateField(
        _("withdrawn on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("From this date on, it no longer counts in any total."),
    )
    withdrawal_reason = models.TextField(_("withdrawal reason"), blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None


class LocalNames:
    """Reference data named in the three languages: `name` (French, the name imports and
    exports use), `name_ar` and `name_en`."""

    def in_active_language(self, field: str) -> str:
        return in_active_language(lambda name: getattr(self, name, ""), field)

    @property
    def local_name(self) -> str:
        return self.in_active_language("name")


class Region(LocalNames, models.Model):
    """One of Morocco's twelve regions (reference data seeded by a migration)."""

    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        help_text=_("The French name: imports and exports use it."),
    )
    name_ar = models.CharField(_("name in Arabic"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class City(LocalNames, models.Model):
    """A city in a region; commitments and sites are placed in cities."""

    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        help_text=_("The French name: imports and exports use it."),
    )
    name_ar = models.CharField(_("name in Arabic"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("ASCII form of the French name, used in public URLs (fes, tanger)."),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="cities", verbose_name=_("region")
    )

    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self):
        return self.name


class Segment(LocalNames, models.Model):
    """An outsourcing segment: BPO, ITO, ESO, KPO (officials may add more)."""

    code = models.CharField(
        _("code"), max_length=10, unique=True, help_text=_("Upper-case code, such as BPO.")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("The French name."))
    name_ar = models.CharField(_("name in Arabic"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("The French description.")
    )
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)

    objects = SegmentQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code=Upper("code")) & ~models.Q(code=""),
                name="segment_code_upper_case",
                violation_error_message=_("The segment code must be upper case, such as BPO."),
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def local_description(self) -> str:
        return self.in_active_language("description")


class Operator(Withdrawable):
    """A company that signs memoranda and declares its headcount."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    ice = models.CharField(
        _("ICE"),
        max_length=15,
        blank=True,
        help_text=_("Common company identifier (Identifiant commun de l'entreprise): 15 digits."),
    )
    group = models.CharField(_("group"), max_length=200, blank=True)
    activities = models.TextField(_("activities"), blank=True)
    activities_ar = models.TextField(_("activities in Arabic"), blank=True)
    activities_en = models.TextField(_("activities in English"), blank=True)
    home_city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="home_operators",
        verbose_name=_("home city"),
    )
    website = models.URLField(_("website"), blank=True)

    history = audited()

    class Meta:
        ordering = ["name"]
        verbose_name = _("operator")
        verbose_name_plural = _("operators")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="operator_name_unique_ignoring_case",
                violation_error_message=_("An operator with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["ice"],
                condition=~models.Q(ice=""),
                name="operator_ice_unique",
                violation_error_message=_("Another operator already has this ICE."),
            ),
            models.CheckConstraint(
                condition=models.Q(ice="") | models.Q(ice__regex=r"^[0-9]{15}$"),
                name="operator_ice_fifteen_digits",
                violation_error_message=_("The ICE is made of exactly 15 digits."),
            ),
            *withdrawal_constraints("operator"),
        ]

    def __str__(self):
        return self.name


class Site(Withdrawable):
    """A place where an operator works, in one city, serving one or more segments."""

    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="sites", verbose_name=_("operator")
    )
    name = models.CharField(_("name"), max_length=200)
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="sites", verbose_name=_("city")
    )
    segments = models.ManyToManyField(
        Segment, related_name="sites", verbose_name=_("segments"), blank=True
    )

    history = audited(m2m_fields=["segments"])

    class Meta:
        ordering = ["operator__name", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint(
                fields=["operator", "name"],
                name="site_name_unique_per_operator",
                violation_error_message=_("This operator already has a site with this name."),
            ),
            *withdrawal_constraints("site"),
        ]

    def __str__(self):
        return f"{self.operator} – {self.name}"


class OperatorMembership(models.Model):
    """A user who belongs to an operator's staff: they declare for that operator only."""

    # SET_NULL and a label: the membership (who declared for whom) outlives the account.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="operator_membership",
        verbose_name=_("user"),
    )
    former_username = models.CharField(
        _("former user's username"),
        max_length=150,
        blank=True,
        editable=False,
        help_text=_(
            "Kept when the account is deleted, so that the membership still names the person."
        ),
    )
    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("operator")
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "Language of the e-mails the person receives; it follows the language they choose "
            "on the portal."
        ),
    )

    history = audited()

    class Meta:
        ordering = ["operator__name", "user__username"]
        verbose_name = _("operator staff membership")
        verbose_name_plural = _("operator staff memberships")

    def __str__(self):
        return f"{self.user or self.former_username} – {self.operator}"


class DeclarationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    VALIDATED = "validated", _("validated")
    RETURNED = "returned", _("returned")


class Declaration(models.Model):
    """The headcount of one site at the end of one quarter, split by segment in its lines.

    The declaration's total is the sum of its lines: no total is stored, so the split always
    sums to the total. Changes go through operators.services, which keeps the history.
    """

    # Declared beside the model so that the constraint in Meta can read its values.
    Status = DeclarationStatus

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="declarations", verbose_name=_("site")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), help_text=_("1 to 4."))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    comment = models.TextField(_("comment"), blank=True)
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Required when the total changes a lot from the previous validated quarter."),
    )
    flagged = models.BooleanField(
        _("flagged"),
        default=False,
        help_text=_("Large change from the previous validated quarter, to be checked."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(
        _("first submitted at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Kept through returns and corrections: lateness is judged on it."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_declarations",
        verbose_name=_("submitted by"),
    )
    # Labels kept when an account is deleted (operators.accounts.user_delete).
    submitted_by_username = models.CharField(
        _("submitted by (username)"), max_length=150, blank=True, editable=False
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_declarations",
        verbose_name=_("reviewed by"),
    )
    reviewed_by_username = models.CharField(
        _("reviewed by (username)"), max_length=150, blank=True, editable=False
    )
    return_reason = models.TextField(_("return reason"), blank=True)

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-quarter", "site__operator__name", "site__name"]
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        permissions = [("review_declaration", _("Can validate, return and reopen declarations"))]
        indexes = [
            # The review queue lists the latest quarters first, a page at a time.
            models.Index(fields=["year", "quarter", "id"], name="declaration_by_quarter"),
            models.Index(fields=["status", "submitted_at"], name="declaration_by_status"),
            # "Figures last changed on": the latest validations first, read until one is in
            # the page's scope.
            models.Index(fields=["status", "-reviewed_at"], name="declaration_latest_reviews"),
            # The review queue's "late" filter: first submissions after each quarter's due date.
            models.Index(
                fields=["year", "quarter", "first_submitted_at"], name="declaration_lateness"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "year", "quarter"],
                name="declaration_one_per_site_and_quarter",
                violation_error_message=_("This site already has a declaration for this quarter."),
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="declaration_quarter_one_to_four",
                violation_error_message=_("The quarter is a number from 1 to 4."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=DeclarationStatus.values),
                name="declaration_status_known",
                violation_error_message=_("Unknown declaration status."),
            ),
        ]

    def __str__(self):
        return f"{self.site} – {self.year} Q{self.quarter}"


class DeclarationLine(models.Model):
    """One segment's part of a declaration: direct headcount at the quarter's end, of which
    permanent contracts, of which women."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="lines", verbose_name=_("declaration")
    )
    segment = models.ForeignKey(
        Segment,
        on_delete=models.PROTECT,
        related_name="declaration_lines",
        verbose_name=_("segment"),
    )
    # Empty only in a draft: a figure not known yet (submission needs every one).
    headcount = models.IntegerField(_("headcount"), null=True, blank=True)
    permanent = models.IntegerField(_("permanent contracts"), null=True, blank=True)
    women = models.IntegerField(_("women"), null=True, blank=True)

    objects = DeclarationLineQuerySet.as_manager()

    class Meta:
        ordering = ["declaration", "segment__code"]
        verbose_name = _("declaration line")
        verbose_name_plural = _("declaration lines")
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "segment"],
                name="declaration_line_one_per_segment",
                violation_error_message=_("This declaration already has a line for this segment."),
            ),
            # An empty figure (a draft's) passes; a filled one keeps the rules of a submission.
            models.CheckConstraint(
                condition=(
                    (models.Q(headcount__gte=0) | models.Q(headcount__isnull=True))
                    & (models.Q(permanent__gte=0) | models.Q(permanent__isnull=True))
                    & (models.Q(women__gte=0) | models.Q(women__isnull=True))
                ),
                name="declaration_line_counts_not_negative",
                violation_error_message=_("Headcounts are never negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(permanent__lte=models.F("headcount"))
                | models.Q(permanent__isnull=True)
                | models.Q(headcount__isnull=True),
                name="declaration_line_permanent_within_headcount",
                violation_error_message=_("Permanent contracts cannot exceed the headcount."),
            ),
            models.CheckConstraint(
                condition=models.Q(women__lte=models.F("headcount"))
                | models.Q(women__isnull=True)
                | models.Q(headcount__isnull=True),
                name="declaration_line_women_within_headcount",
                violation_error_message=_("Women cannot exceed the headcount."),
            ),
        ]

    def __str__(self):
        return f"{self.segment}: {self.headcount}"


class DeclarationEvent(models.Model):
    """One change of a declaration: who, when, what (values before and after) and why."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        SAVED = "saved", _("saved")
        SUBMITTED = "submitted", _("submitted")
        VALIDATED = "validated", _("validated")
        RETURNED = "returned", _("returned")
        REOPENED = "reopened", _("reopened")

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="events", verbose_name=_("declaration")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="declaration_events",
        verbose_name=_("actor"),
    )
    # Kept so that the history still names the person once their account is deleted.
    actor_username = models.CharField(_("actor's username"), max_length=150)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("declaration event")
        verbose_name_plural = _("declaration events")

    def __str__(self):
        return f"{self.declaration} – {self.get_action_display()} ({self.actor_username})"


class ReminderLog(models.Model):
    """A reporting reminder sent to an operator's staff on one day: sending again the same day
    is refused by the database, so running the reminders twice sends nothing new."""

    operator = models.ForeignKey(
        Operator, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("operator")
    )
    sent_on = models.DateField(_("sent on"))
    recipients = models.TextField(_("recipients"))
    items = models.JSONField(_("declarations reminded"))

    class Meta:
        ordering = ["-sent_on", "operator__name"]
        verbose_name = _("reporting reminder")
        verbose_name_plural = _("reporting reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["operator", "sent_on"],
                name="reminder_one_per_operator_and_day",
                violation_error_message=_("This operator was already reminded on this day."),
            ),
        ]

    def __str__(self):
        return f"{self.operator} – {self.sent_on}"


class OfficialProfile(models.Model):
    """What the portal keeps about an official beyond their account: the language of the
    e-mails they receive as a reviewer (the review digest)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="official_profile",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "Language of the e-mails the official receives; it follows the language they "
            "choose on the portal."
        ),
    )

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("official's profile")
        verbose_name_plural = _("officials' profiles")

    def __str__(self):
        return f"{self.user} – {self.language}"


class ReviewDigest(models.Model):
    """One daily e-mail to the reviewers, listing the declarations submitted since the
    previous one (its entries)."""

    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.TextField(_("recipients"))

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("review digest")
        verbose_name_plural = _("review digests")

    def __str__(self):
        return f"{self.sent_at:%Y-%m-%d %H:%M}"


class ReviewDigestEntry(models.Model):
    """One submission of a declaration for the reviewers' daily digest: waiting while `digest`
    is empty, then the digest that listed it. A declaration has at most one waiting entry, so
    that no digest lists it twice; once listed, only a new submission lists it again."""

    # Only the record of a notice: it goes with its declaration (demo data are deleted).
    declaration = models.ForeignKey(
        Declaration,
        on_delete=models.CASCADE,
        related_name="review_digest_entries",
        verbose_name=_("declaration"),
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    digest = models.ForeignKey(
        ReviewDigest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("review digest"),
    )

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("review digest entry")
        verbose_name_plural = _("review digest entries")
        constraints = [
            models.UniqueConstraint(
                fields=["declaration"],
                condition=models.Q(digest__isnull=True),
                name="review_digest_one_waiting_entry_per_declaration",
                violation_error_message=_(
                    "This declaration already waits for the next review digest."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.declaration} – {self.submitted_at:%Y-%m-%d %H:%M}"


class ScopeHeadcount(models.Model):
    """The validated headcount of one operator in one segment, in one city or in all its cities
    (city empty), in one quarter where that scope has validated declarations; `latest` marks
    the scope's latest such quarter, the one jobs created are measured at.

    Derived from validated declarations, never edited by hand: operators.services rebuilds an
    operator's rows whenever one of its declarations is validated or reopened, operators.sites
    whenever one of its sites moves. It exists so that jobs created for thousands of
    commitments are read by index, one row each (or one per quarter for the dashboard's
    history), instead of being summed from every declaration line on each page.
    """

    operator = models.ForeignKey(
        Operator,
        on_delete=models.CASCADE,
        related_name="scope_headcounts",
        verbose_name=_("operator"),
    )
    segment = models.ForeignKey(
        Segment,
        on_delete=models.CASCADE,
        related_name="scope_headcounts",
        verbose_name=_("segment"),
    )
    city = models.ForeignKey(
        City,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scope_headcounts",
        verbose_name=_("city"),
        help_text=_("Empty: all the operator's cities."),
    )
    quarter_index = models.IntegerField(
        _("quarter index"), help_text=_("year × 4 + quarter − 1 of the validated quarter.")
    )
    headcount = models.PositiveIntegerField(_("headcount"))
    permanent = models.PositiveIntegerField(_("permanent contracts"), default=0)
    women = models.PositiveIntegerField(_("women"), default=0)
    latest = models.BooleanField(
        _("latest"), default=False, help_text=_("The scope's latest validated quarter.")
    )

    class Meta:
        ordering = ["operator", "segment", "city", "quarter_index"]
        verbose_name = _("validated headcount of a scope")
        verbose_name_plural = _("validated headcounts of scopes")
        indexes = [models.Index(fields=["operator", "segment", "city", "quarter_index"])]
        constraints = [
            models.UniqueConstraint(
                fields=["operator", "segment", "city", "quarter_index"],
                condition=models.Q(city__isnull=False),
                name="scope_headcount_one_per_city_and_quarter",
            ),
            models.UniqueConstraint(
                fields=["operator", "segment", "quarter_index"],
                condition=models.Q(city__isnull=True),
                name="scope_headcount_one_for_all_cities_and_quarter",
            ),
            models.UniqueConstraint(
                fields=["operator", "segment", "city"],
                condition=models.Q(city__isnull=False, latest=True),
                name="scope_headcount_one_latest_per_city",
            ),
            models.UniqueConstraint(
                fields=["operator", "segment"],
                condition=models.Q(city__isnull=True, latest=True),
                name="scope_headcount_one_latest_for_all_cities",
            ),
        ]

    def __str__(self):
        return f"{self.operator} – {self.segment} – {self.city or '*'}: {self.headcount}"

    @property
    def year_quarter(self) -> tuple[int, int]:
        return quarter_of_index(self.quarter_index)
