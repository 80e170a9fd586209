"""Declarations, sites and baselines for the tests of jobs created, progress and status: made
with the ORM (as a bulk load would), the stored figures refreshed as the services do."""

import datetime

from memoranda.figures import commitment_figures_refresh
from memoranda.models import Commitment
from operators.headcounts import scope_headcounts_refresh
from operators.models import Declaration, DeclarationLine, Operator, Site

VALIDATED = Declaration.Status.VALIDATED

# The declared world is read on this day: 2025-Q3 is the latest quarter due (by 30 October),
# so with one grace quarter a figure of 2025-Q2 or later is current.
TODAY = datetime.datetime(2025, 11, 20, 12, tzinfo=datetime.UTC)


def site(operator, name, city, *segment_codes, segments):
    site = Site.objects.create(operator=operator, name=name, city=city)
    site.segments.set([segments[code] for code in segment_codes])
    return site


def declare(site, year, quarter, status=VALIDATED, **headcounts):
    """One declaration of `site` with a line per segment code given: headcount only, since
    permanent contracts and women play no part in jobs created. Made with the ORM, so the
    scope headcounts are refreshed here as the review services do."""
    declaration = Declaration.objects.create(site=site, year=year, quarter=quarter, status=status)
    for code, headcount in headcounts.items():
        DeclarationLine.objects.create(
            declaration=declaration,
            segment=site.segments.get(code=code),
            headcount=headcount,
            permanent=0,
            women=0,
        )
    scope_headcounts_refresh([site.operator_id])
    return declaration


def commitment(segment_code, city_slug=None):
    queryset = Commitment.objects.filter(segment__code=segment_code)
    if city_slug is None:
        return queryset.get(city__isnull=True)
    return queryset.get(city__slug=city_slug)


def set_baseline(segment_code, city_slug, baseline):
    Commitment.objects.filter(pk=commitment(segment_code, city_slug).pk).update(
        baseline_headcount=baseline
    )
    commitment_figures_refresh(Operator.objects.values_list("pk", flat=True))
