"""Reference geography and segments, and the operators that make commitments."""

from django.db import models
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from operators.querysets import CityQuerySet, SegmentQuerySet


class Region(models.Model):
    """One of Morocco's twelve regions (reference data seeded by a migration)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class City(models.Model):
    """A city in a region; commitments and sites are placed in cities."""

    name = models.CharField(_("name"), max_length=100, unique=True)
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

    def get_absolute_url(self):
        return reverse("memoranda:city_detail", args=[self.slug])


class Segment(models.Model):
    """An outsourcing segment: BPO, ITO, ESO, KPO (officials may add more)."""

    code = models.CharField(
        _("code"), max_length=10, unique=True, help_text=_("Upper-case code, such as BPO.")
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

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

    def get_absolute_url(self):
        return reverse("memoranda:segment_detail", args=[self.code])


class Operator(models.Model):
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
    home_city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="home_operators",
        verbose_name=_("home city"),
    )
    website = models.URLField(_("website"), blank=True)

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
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("memoranda:operator_detail", args=[self.slug])


class Site(models.Model):
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
        ]

    def __str__(self):
        return f"{self.operator} – {self.name}"
