"""Where figures come from: sources, what each says (claims) and the programmes signings form.

A source is a document (a ministry's release, an article, a company's release, an answer in
parliament). A claim is what one source says about one figure or fact of a signing, memorandum,
commitment, operator or programme, as worded ("more than 65 million dirhams"), with its number
and qualifier where there is one. Where sources disagree, each claim stays recorded and visible;
an official marks the one the portal records, with the reason. A claim about an operator's
headcount is a progress statement: shown as stated by its source, never counted in jobs created.
"""

from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from operators.history import audited
from operators.models import NotAfterTomorrow


class SourceKind(models.TextChoices):
    OFFICIAL = "official", _("official")
    PRESS = "press", _("press")
    COMPANY = "company", _("company")
    PARLIAMENT = "parliament", _("parliament")


class SourceDating(models.TextChoices):
    PUBLISHED = "published", _("publication date")
    EVENT = "event", _("event date, page undated")


class SourcePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class SourceLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")


class Source(models.Model):
    """A public document that states facts about the programme."""

    Kind = SourceKind
    Dating = SourceDating
    Precision = SourcePrecision
    Language = SourceLanguage

    slug = models.SlugField(
        _("identifier"),
        max_length=100,
        unique=True,
        help_text=_("How the open data names this source, such as mcinet-2022-04-20."),
    )
    publisher = models.CharField(_("publisher"), max_length=200)
    title = models.CharField(_("title"), max_length=300, blank=True)
    url = models.URLField(
        _("address"), max_length=500, blank=True, help_text=_("Empty when none was kept.")
    )
    published_on = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Empty when the source is undated.")
    )
    dating = models.CharField(
        _("the date is"),
        max_length=20,
        choices=SourceDating.choices,
        default=SourceDating.PUBLISHED,
        help_text=_("Where the page shows no date, the date is the event's, as its text gives."),
    )
    precision = models.CharField(
        _("precision of the date"),
        max_length=10,
        choices=SourcePrecision.choices,
        default=SourcePrecision.DAY,
        help_text=_("Month: the source gives only the month (the day is then the 1st)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=SourceLanguage.choices,
        blank=True,
        help_text=_("Empty when not known."),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = audited()

    class Meta:
        ordering = ["published_on", "publisher", "slug"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SourceKind.values),
                name="source_kind_known",
                violation_error_message=_("Unknown kind of source."),
            ),
            models.CheckConstraint(
                condition=models.Q(dating__in=SourceDating.values),
                name="source_dating_known",
                violation_error_message=_("Unknown kind of date."),
            ),
            models.CheckConstraint(
                condition=models.Q(precision__in=SourcePrecision.values),
                name="source_precision_known",
                violation_error_message=_("Unknown precision of the date."),
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=["", *SourceLanguage.values]),
                name="source_language_known",
                violation_error_message=_("Unknown language."),
            ),
            models.CheckConstraint(
                condition=models.Q(url="")
                | models.Q(url__startswith="http://")
                | models.Q(url__startswith="https://"),
                name="source_address_http",
                violation_error_message=_("The address must start with http:// or https://."),
            ),
            models.CheckConstraint(
                condition=NotAfterTomorrow(models.F("published_on")),
                name="source_date_not_in_future",
                violation_error_message=_("A source cannot be dated in the future."),
            ),
        ]

    def __str__(self):
        return f"{self.publisher}, {self.title}" if self.title else self.publisher

    def date_label(self) -> str:
        """The date as precisely as the source gives it, and what it dates."""
        if self.published_on is None:
            return gettext("undated")
        formats_by_precision = {"day": "DATE_FORMAT", "month": "YEAR_MONTH_FORMAT", "year": "Y"}
        label = formats.date_format(self.published_on, formats_by_precision[self.precision])
        if self.dating == SourceDating.EVENT:
            return gettext("%(date)s (event date, page undated)") % {"date": label}
        return label


class ClaimQualifier(models.TextChoices):
    EXACTLY = "exactly", _("exactly")
    MORE_THAN = "more_than", _("more than")
    ABOUT = "about", pgettext_lazy("qualifier", "about")
    AT_LEAST = "at_least", _("at least")
    NOT_A_NUMBER = "not_a_number", _("not a number")


class ClaimField(models.TextChoices):
    """What a claim states. On a signing, jobs and investment are the announced totals of all
    its memoranda; on a commitment, the jobs committed; on a programme, the totals officials
    claimed for it; an operator's headcount is a progress statement."""

    JOBS = "jobs", _("jobs")
    INVESTMENT = "investment_mad", _("investment (MAD)")
    HORIZON = "horizon_year", _("horizon")
    SIGNED_ON = "signed_on", _("date of signature")
    PLACE = "place", _("place")
    NAME = "name", _("name")
    BASELINE = "baseline_headcount", _("headcount at signature")
    HEADCOUNT = "headcount", _("headcount stated")
    CITY = "city", _("city")


# Claims whose value is a number (with a qualifier); the others are words (a place, a name).
NUMERIC_FIELDS = [
    ClaimField.JOBS,
    ClaimField.INVESTMENT,
    ClaimField.HORIZON,
    ClaimField.BASELINE,
    ClaimField.HEADCOUNT,
]
SUBJECTS = ["signing", "memorandum", "commitment", "operator", "programme"]


def one_subject() -> models.Q:
    """Exactly one of the subject columns is set."""
    condition = models.Q()
    for subject in SUBJECTS:
        others = {f"{other}__isnull": True for other in SUBJECTS if other != subject}
        condition |= models.Q(**{f"{subject}__isnull": False}, **others)
    return condition


def subject_key(model: str, verbose_name) -> models.ForeignKey:
    """One of a claim's subject columns (exactly one is set: claim_about_one_subject)."""
    return models.ForeignKey(
        model,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=verbose_name,
    )


class Claim(models.Model):
    """What one source says about one figure or fact, as worded."""

    Qualifier = ClaimQualifier
    Field = ClaimField

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="claims", verbose_name=_("source")
    )
    signing = subject_key("memoranda.Signing", _("signing"))
    memorandum = subject_key("memoranda.Memorandum", _("memorandum"))
    commitment = subject_key("memoranda.Commitment", _("commitment"))
    operator = subject_key("operators.Operator", _("operator"))
    programme = subject_key("memoranda.Programme", _("programme"))
    field = models.CharField(_("about"), max_length=30, choices=ClaimField.choices)
    value = models.CharField(
        _("as worded"),
        max_length=300,
        help_text=_("What the source says, as it says it: “more than 65 million dirhams”."),
    )
    number = models.DecimalField(
        _("number"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("The number the wording gives, in units (65 million: 65000000)."),
    )
    qualifier = models.CharField(
        _("qualifier"),
        max_length=20,
        choices=ClaimQualifier.choices,
        blank=True,
        help_text=_("For a number: exactly, more than, about, at least, or not a number."),
    )
    paraphrase = models.TextField(
        _("what the source says"), blank=True, help_text=_("In the portal's own words.")
    )
    paraphrase_ar = models.TextField(_("what the source says in Arabic"), blank=True)
    paraphrase_en = models.TextField(_("what the source says in English"), blank=True)
    recorded = models.BooleanField(
        _("recorded by the portal"),
        default=False,
        help_text=_("The claim whose value the portal shows for this figure."),
    )
    recorded_reason = models.TextField(
        _("why the portal records it"),
        blank=True,
        help_text=_("Published beside the figure, such as: an official source before the press."),
    )
    recorded_reason_ar = models.TextField(_("why the portal records it in Arabic"), blank=True)
    recorded_reason_en = models.TextField(_("why the portal records it in English"), blank=True)

    history = audited()

    class Meta:
        ordering = ["field", "-recorded", "source__published_on", "pk"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.CheckConstraint(
                condition=one_subject(),
                name="claim_about_one_subject",
                violation_error_message=_(
                    "A claim is about exactly one signing, memorandum, commitment, operator or "
                    "programme."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(field__in=ClaimField.values),
                name="claim_field_known",
                violation_error_message=_("Unknown figure for a claim."),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    field__in=NUMERIC_FIELDS,
                    qualifier__in=[q for q in ClaimQualifier.values if q != "not_a_number"],
                    number__isnull=False,
                )
                | models.Q(field__in=NUMERIC_FIELDS, qualifier="not_a_number", number__isnull=True)
                | (
                    ~models.Q(field__in=NUMERIC_FIELDS)
                    & models.Q(qualifier="", number__isnull=True)
                ),
                name="claim_number_with_its_qualifier",
                violation_error_message=_(
                    "A claim about a number needs a known qualifier, and its number unless "
                    "the qualifier is “not a number”; a claim about words has neither."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(number__isnull=True) | models.Q(number__gte=0),
                name="claim_number_not_negative",
                violation_error_message=_("The number cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(recorded=False) | ~models.Q(recorded_reason=""),
                name="claim_recorded_has_reason",
                violation_error_message=_("Say why the portal records this claim."),
            ),
            *[
                models.UniqueConstraint(
                    fields=[subject, "field"],
                    condition=models.Q(recorded=True, **{f"{subject}__isnull": False}),
                    name=f"claim_one_recorded_per_{subject}_figure",
                    violation_error_message=_(
                        "Another claim is already the one recorded for this figure."
                    ),
                )
                for subject in SUBJECTS
            ],
        ]

    def __str__(self):
        return f"{self.get_field_display()}: {self.value} ({self.source.publisher})"

    def subject_named(self) -> tuple[str, object] | tuple[None, None]:
        """The name of the claim's subject and the subject itself. Read through the relation,
        not its id, so that an inline's parent not yet saved (a signing being added with its
        claims) counts."""
        for name in SUBJECTS:
            subject = getattr(self, name)
            if subject is not None:
                return name, subject
        return None, None

    @property
    def subject(self):
        return self.subject_named()[1]


class Programme(models.Model):
    """A group of signings, such as the outsourcing memoranda since November 2021, with the
    totals officials have claimed for it (claims about the programme)."""

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    title_ar = models.CharField(_("title in Arabic"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    signings = models.ManyToManyField(
        "memoranda.Signing", blank=True, related_name="programmes", verbose_name=_("signings")
    )

    history = audited()

    class Meta:
        ordering = ["title"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("memoranda:programme_detail", args=[self.slug])
