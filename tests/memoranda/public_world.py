"""More rows for the world of tests/conftest.py, to show that a page's query count does not
grow with its rows.

add_rows gives the world 60 commitments: ATLAS-2023-1 gets 50 more (one per segment and city
not already taken), and five new operators each sign one memorandum of the world's signing with
one commitment, home city and site. Atlas Relation gets five more sites.
"""

import datetime
import itertools

from memoranda.figures import commitment_figures_rebuild
from memoranda.models import Commitment, Memorandum
from operators.models import Operator, Site

EXTRA_ATLAS_COMMITMENTS = 50
EXTRA_OPERATORS = 5


def add_rows(world, cities, segments) -> None:
    taken = {(c.segment_id, c.city_id) for c in world.atlas_mou.commitments.all()}
    combinations = (
        (segment, city)
        for segment, city in itertools.product(segments.values(), cities.values())
        if (segment.pk, city.pk) not in taken
    )
    Commitment.objects.bulk_create(
        Commitment(memorandum=world.atlas_mou, segment=segment, city=city, jobs_committed=10)
        for segment, city in itertools.islice(combinations, EXTRA_ATLAS_COMMITMENTS)
    )
    for number, city in enumerate(list(cities.values())[:EXTRA_OPERATORS], start=1):
        add_operator(world, number, city, segments["BPO"])
    for number in range(1, 6):
        site = Site.objects.create(operator=world.atlas, name=f"Extra {number}", city=city)
        site.segments.set([segments["BPO"], segments["ITO"]])
    # As the admin and the imports do after recording commitments.
    commitment_figures_rebuild()


def add_operator(world, number, city, segment) -> None:
    operator = Operator.objects.create(
        name=f"Operator {number}", slug=f"operator-{number}", home_city=city
    )
    Site.objects.create(operator=operator, name="Main site", city=city)
    memorandum = Memorandum.objects.create(
        reference=f"EXTRA-{number}",
        signing=world.signing,
        operator=operator,
        signed_on=datetime.date(2023, 3, 15),
        horizon_year=2026,
    )
    Commitment.objects.create(memorandum=memorandum, segment=segment, city=city, jobs_committed=5)
