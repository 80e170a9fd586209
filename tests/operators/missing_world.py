"""Missing declarations on 15 August 2024, with 30 due days, worked out by hand.

Atlas Relation (signed 15 March 2023) owes every quarter from 2023 Q2; Rif Digital (signed
10 January 2024) from 2024 Q2; Souss Data (signed 1 May 2024) from 2024 Q3, still in progress:
nothing yet; Oasis Calls has a site and no memorandum: nothing. 2024 Q3 has not ended.

| quarter | due on     | days overdue | Casanearshore 1 | Fès Shore | Tanger Tech (Rif) |
| ------- | ---------- | ------------ | --------------- | --------- | ----------------- |
| 2023 Q2 | 2023-07-30 | 382          | validated       | missing   |                   |
| 2023 Q3 | 2023-10-30 | 290          | submitted       | missing   |                   |
| 2023 Q4 | 2024-01-30 | 198          | draft: missing  | missing   |                   |
| 2024 Q1 | 2024-04-30 | 107          | missing         | missing   |                   |
| 2024 Q2 | 2024-07-30 | 16           | missing         | missing   | missing           |

Nine missing declarations. 382 days: 30 July 2023 to 30 July 2024 is 366 (2024 is a leap
year), then 16 to 15 August. In the queue: one pending (2023 Q3, first submitted on 15 August
2024, 290 days late), none returned.
"""

import datetime

from memoranda.models import Memorandum
from operators.models import Operator, Site
from operators.services import declaration_save_draft, declaration_submit, declaration_validate

TODAY = datetime.datetime(2024, 8, 15, 12, tzinfo=datetime.UTC)
LINES = {"BPO": (100, 50, 40), "ITO": (10, 5, 4)}


def build_missing_world(
    world, site, cities, segments, atlas_staff, rif_staff, official, settings
) -> dict:
    settings.DECLARATION_DUE_DAYS = 30
    fes = Site.objects.create(operator=world.atlas, name="Fès Shore", city=cities["fes"])
    fes.segments.set([segments["BPO"]])
    tanger = Site.objects.create(operator=world.rif, name="Tanger Tech", city=cities["tanger"])
    tanger.segments.set([segments["ITO"]])
    souss = Operator.objects.create(name="Souss Data", slug="souss-data")
    Memorandum.objects.create(
        reference="SOUSS-2024-1",
        operator=souss,
        signed_on=datetime.date(2024, 5, 1),
        horizon_year=2027,
    )
    Site.objects.create(operator=souss, name="Agadir Park", city=cities["agadir"])
    oasis = Operator.objects.create(name="Oasis Calls", slug="oasis-calls")
    Site.objects.create(operator=oasis, name="Oujda Centre", city=cities["oujda"])
    q2 = declaration_save_draft(site=site, year=2023, quarter=2, lines=LINES, user=atlas_staff)
    q2 = declaration_submit(declaration=q2, user=atlas_staff)
    declaration_validate(declaration=q2, user=official)
    q3 = declaration_save_draft(site=site, year=2023, quarter=3, lines=LINES, user=atlas_staff)
    declaration_submit(declaration=q3, user=atlas_staff)
    declaration_save_draft(site=site, year=2023, quarter=4, lines=LINES, user=atlas_staff)
    return {"fes": fes, "tanger": tanger, "souss": souss, "oasis": oasis}
