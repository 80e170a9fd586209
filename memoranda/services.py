"""Writes that span several models, each in one transaction."""

from django.db import transaction

from memoranda import founding_data
from memoranda.figures import commitment_figures_refresh
from memoranda.models import Commitment, Memorandum, Signing
from operators.models import City, Operator, Segment


@transaction.atomic
def founding_data_load() -> list[str]:
    """Record the founding signing, operators, memoranda and commitments where missing.

    Records that exist are left as they are, so running it again changes nothing and never
    undoes an official's later edits (a city allocation, say). Returns what was created.
    """
    created = []
    data = dict(founding_data.SIGNING)
    city = City.objects.get(slug=data.pop("city_slug"))
    signing, was_created = Signing.objects.get_or_create(
        slug=data.pop("slug"), defaults={**data, "city": city}
    )
    if was_created:
        created.append(f"signing {signing}")
    segments = Segment.objects.by_code()
    for reference, slug, name, activities, home_city, segment, jobs in founding_data.MEMORANDA:
        operator, was_created = Operator.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "activities": activities,
                "home_city": City.objects.get(slug=home_city) if home_city else None,
            },
        )
        if was_created:
            created.append(f"operator {operator}")
        memorandum, was_created = Memorandum.objects.get_or_create(
            reference=reference,
            defaults={
                "signing": signing,
                "operator": operator,
                "signed_on": signing.signed_on,
                "horizon_year": founding_data.HORIZON_YEAR,
                "source_title": signing.source_title,
            },
        )
        if was_created:
            created.append(f"memorandum {memorandum}")
            commitment = Commitment.objects.create(
                memorandum=memorandum, segment=segments[segment], city=None, jobs_committed=jobs
            )
            created.append(f"commitment {commitment}")
    commitment_figures_refresh(
        Memorandum.objects.filter(signing=signing).values_list("operator", flat=True)
    )
    return created
