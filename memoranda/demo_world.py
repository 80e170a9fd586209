"""The demo world the generator writes (see memoranda.demo): planned in memory, operator by
operator, then written in bulk.

Each demo operator has two memoranda of five commitments, each on a scope of its own (a segment
in one of its cities, now and then a segment not yet allocated to a city), and a site in each
of its cities. A site's headcount in a segment starts from a level of its own; from each
commitment's signature it grows on a straight line towards a share of the jobs committed (more
than all of them for some, a fraction for others) reached around the horizon, earlier for some.
The baseline recorded on a commitment is its scope's headcount at signature; a tenth have none,
so their jobs created are unknown. Horizons fall two to eight years after signature.

Operators declare every quarter from the one after their first signature to the last quarter
ended: mostly validated, with the latest quarters partly pending review or returned. By their
number, some stopped declaring a few quarters ago (their figures are out of date), some have
not declared the last quarter yet, and a few have no site (not set up for reporting).
"""

import datetime
import itertools
import random
from dataclasses import dataclass, field

from django.utils import timezone

from memoranda.bulk_load import BulkLoader
from memoranda.models import Commitment, Memorandum, Signing
from operators.models import (
    City,
    Declaration,
    DeclarationEvent,
    DeclarationLine,
    Operator,
    Segment,
    Site,
)
from operators.quarters import quarter_end, quarter_index, quarter_of, quarter_of_index

COMMITMENTS_PER_MEMORANDUM = 5
MEMORANDA_PER_OPERATOR = 2
SITES_PER_OPERATOR = 6
BASELINE_UNKNOWN_SHARE = 0.1
# Reporting habits, by operator number modulo 20.
OUT_OF_DATE = {1, 6, 11, 16}  # stopped declaring 3 to 6 quarters before the last ended one
LAST_QUARTER_NOT_YET_DECLARED = {0, 10}
NO_SITE = {8}
# Signatures spread over at least this many quarters, declarations or not.
SIGNATURE_SPAN = 20
OPERATORS_PER_BATCH = 500
# The tables written, whose foreign keys are checked once at the end.
LOADED = [
    Operator,
    Memorandum,
    Commitment,
    Site,
    Site.segments.through,
    Declaration,
    DeclarationLine,
    DeclarationEvent,
]
# Plain strings: written as they are, bypassing the model fields.
VALIDATED = Declaration.Status.VALIDATED.value
SUBMITTED = Declaration.Status.SUBMITTED.value
RETURNED = Declaration.Status.RETURNED.value


def last_ended_quarter(today: datetime.date) -> int:
    """quarter_index of the latest quarter that has ended by `today`."""
    return quarter_index(*quarter_of(today)) - 1


@dataclass
class DemoCounts:
    commitments: int = 0
    declarations: int = 0


@dataclass
class Growth:
    """Jobs a commitment adds to its scope: none up to its signature's quarter, then a straight
    line reaching `jobs` `quarters` later."""

    start: int
    quarters: int
    jobs: int

    def at(self, quarter: int) -> int:
        if quarter <= self.start:
            return 0
        return self.jobs * min(quarter - self.start, self.quarters) // self.quarters


@dataclass
class Line:
    """One segment of one site: its own headcount level, the growth of the commitments whose
    jobs land there, and the shares of permanent contracts and of women among them."""

    site: int
    segment: int
    base: int
    permanent_percent: int
    women_percent: int
    growths: list[Growth] = field(default_factory=list)

    def value(self, quarter: int) -> int:
        return self.base + sum(growth.at(quarter) for growth in self.growths)


@dataclass
class PlannedMemorandum:
    signature: int  # quarter_index of signed_on
    signed_on: datetime.date
    horizon_year: int


@dataclass
class PlannedCommitment:
    memorandum: int  # index in the operator's memoranda
    segment: int
    line: Line | None  # None: not yet allocated to a city
    jobs: int
    baseline: int | None = None


@dataclass
class PlannedOperator:
    number: int
    pk: int
    first_site: int  # primary key of the site in cities[0]; the others follow
    cities: list[int]
    lines: dict[tuple[int, int], Line]
    memoranda: list[PlannedMemorandum] = field(default_factory=list)
    commitments: list[PlannedCommitment] = field(default_factory=list)

    @property
    def habit(self) -> int:
        return self.number % 20

    def city_of(self, line: Line | None) -> int | None:
        return None if line is None else self.cities[line.site - self.first_site]


class DemoWorld:
    """Plans a demo world in memory, then writes it in bulk."""

    def __init__(self, rng: random.Random, today: datetime.date, quarters: int):
        self.rng = rng
        self.today = today
        self.now = timezone.now()
        self.quarters = quarters
        self.last = last_ended_quarter(today)
        self.first = self.last - max(quarters, SIGNATURE_SPAN) + 1
        self.loader = BulkLoader()
        self.cities = dict(City.objects.values_list("pk", "name"))
        self.segments = list(Segment.objects.values_list("pk", flat=True))
        self.operator_ids: list[int] = []
        self.timestamps: dict[datetime.date, datetime.datetime] = {}

    def generate(self, count: int, signing: Signing) -> DemoCounts:
        operators = self.plan(count)
        self.write_commitments(operators, signing)
        declarations = 0
        if self.quarters > 0:
            self.write_sites(operators)
            for start in range(0, len(operators), OPERATORS_PER_BATCH):
                declarations += self.write_declarations(
                    operators[start : start + OPERATORS_PER_BATCH]
                )
        return DemoCounts(commitments=count, declarations=declarations)

    # --- Planning ----------------------------------------------------------------------------

    def plan(self, count: int) -> list[PlannedOperator]:
        per_operator = COMMITMENTS_PER_MEMORANDUM * MEMORANDA_PER_OPERATOR
        number = Operator.objects.filter(slug__startswith="demo-operator-").count()
        pk = self.loader.next_id(Operator)
        site = self.loader.next_id(Site)
        operators = []
        while count > 0:
            operator = self.plan_operator(number, pk, site, min(count, per_operator))
            operators.append(operator)
            count -= len(operator.commitments)
            number, pk, site = number + 1, pk + 1, site + len(operator.cities)
        self.operator_ids = [operator.pk for operator in operators]
        return operators

    def plan_operator(self, number: int, pk: int, first_site: int, count: int):
        rng = self.rng
        cities = rng.sample(list(self.cities), min(SITES_PER_OPERATOR, len(self.cities)))
        sites = range(first_site, first_site + len(cities))
        served = {
            (site, segment)
            for site in sites
            for segment in rng.sample(self.segments, 2 if rng.random() < 0.6 else 1)
        }
        unallocated = rng.sample(self.segments, 1) if count >= 3 and rng.random() < 0.3 else []
        unserved = sorted(set(itertools.product(sites, self.segments)) - served)
        missing = max(0, count - len(unallocated) - len(served))
        served |= set(rng.sample(unserved, min(missing, len(unserved))))
        lines = {pair: self.line(*pair) for pair in sorted(served)}
        operator = PlannedOperator(number, pk, first_site, cities, lines)
        self.plan_memoranda(operator, -(-count // COMMITMENTS_PER_MEMORANDUM))
        scopes = [
            (line, line.segment)
            for line in rng.sample(list(lines.values()), count - len(unallocated))
        ]
        scopes += [(None, segment) for segment in unallocated]
        for index, (line, segment) in enumerate(scopes):
            self.plan_commitment(operator, index // COMMITMENTS_PER_MEMORANDUM, line, segment)
        # Once every growth is in place: the scope's headcount at signature.
        for commitment in operator.commitments:
            commitment.baseline = self.baseline(operator, commitment)
        return operator

    def line(self, site: int, segment: int) -> Line:
        rng = self.rng
        return Line(
            site, segment, rng.randrange(20, 600), rng.randrange(50, 96), rng.randrange(30, 71)
        )

    def plan_memoranda(self, operator: PlannedOperator, count: int) -> None:
        rng = self.rng
        first = self.first - 1 + rng.randrange(max(1, (self.last - self.first) // 5))
        signatures = [first] + [
            rng.randrange(first, max(first, self.last - 1) + 1) for _ in range(count - 1)
        ]
        for signature in signatures:
            year, quarter = quarter_of_index(signature)
            signed_on = datetime.date(year, 3 * quarter - 2, 1)
            operator.memoranda.append(
                PlannedMemorandum(
                    signature=signature,
                    signed_on=signed_on + datetime.timedelta(days=rng.randrange(90)),
                    horizon_year=year + rng.randrange(2, 9),
                )
            )

    def plan_commitment(self, operator, memorandum: int, line: Line | None, segment: int):
        """A commitment on `line`, or not yet allocated (its jobs land on one line of its
        segment), with the share of its jobs reached and the pace at which they come."""
        rng = self.rng
        planned = operator.memoranda[memorandum]
        jobs = rng.randrange(10, 800)
        if line is None:
            lines = [each for each in operator.lines.values() if each.segment == segment]
            grows_on = rng.choice(lines) if lines else self.add_line(operator, segment)
        else:
            grows_on = line
        share = rng.choice([(100, 130), (90, 100), (60, 90), (10, 60)])
        to_horizon = quarter_index(planned.horizon_year, 4) - planned.signature
        grows_on.growths.append(
            Growth(
                start=planned.signature,
                quarters=max(1, to_horizon * rng.randrange(60, 111) // 100),
                jobs=jobs * rng.randrange(*share) // 100,
            )
        )
        operator.commitments.append(PlannedCommitment(memorandum, segment, line, jobs))

    def add_line(self, operator: PlannedOperator, segment: int) -> Line:
        site = self.rng.choice(sorted({line.site for line in operator.lines.values()}))
        line = operator.lines[site, segment] = self.line(site, segment)
        return line

    def baseline(self, operator: PlannedOperator, commitment: PlannedCommitment) -> int | None:
        if self.rng.random() < BASELINE_UNKNOWN_SHARE:
            return None
        signature = operator.memoranda[commitment.memorandum].signature
        if commitment.line is not None:
            return commitment.line.value(signature)
        return sum(
            line.value(signature)
            for line in operator.lines.values()
            if line.segment == commitment.segment
        )

    # --- Writing -----------------------------------------------------------------------------

    def write_commitments(self, operators: list[PlannedOperator], signing: Signing) -> None:
        load = self.loader
        load.write(
            Operator,
            ["id", "name", "slug"],
            (
                (op.pk, f"DEMO Operator {op.number:05d}", f"demo-operator-{op.number:05d}")
                for op in operators
            ),
        )
        number = Memorandum.objects.filter(reference__startswith="DEMO-").count()
        memorandum_pk = load.next_id(Memorandum)
        memoranda, commitments = [], []
        commitment_pk = load.next_id(Commitment)
        for op in operators:
            first = memorandum_pk
            for planned in op.memoranda:
                reference = f"DEMO-{number:05d}"
                memoranda.append(
                    (
                        memorandum_pk,
                        reference,
                        signing.pk,
                        op.pk,
                        planned.signed_on,
                        planned.horizon_year,
                    )
                )
                number, memorandum_pk = number + 1, memorandum_pk + 1
            for each in op.commitments:
                commitments.append(
                    (
                        commitment_pk,
                        first + each.memorandum,
                        each.segment,
                        op.city_of(each.line),
                        each.jobs,
                        each.baseline,
                    )
                )
                commitment_pk += 1
        fields = ["id", "reference", "signing", "operator", "signed_on", "horizon_year"]
        load.write(Memorandum, fields, memoranda)
        fields = ["id", "memorandum", "segment", "city", "jobs_committed", "baseline_headcount"]
        load.write(Commitment, fields, commitments)

    def write_sites(self, operators: list[PlannedOperator]) -> None:
        reporting = [op for op in operators if op.habit not in NO_SITE]
        sites = [
            (op.first_site + index, op.pk, f"DEMO site {self.cities[city]}", city)
            for op in reporting
            for index, city in enumerate(op.cities)
        ]
        self.loader.write(Site, ["id", "operator", "name", "city"], sites)
        through = Site.segments.through
        pk = self.loader.next_id(through)
        pairs = sorted(pair for op in reporting for pair in op.lines)
        rows = ((pk + index, site, segment) for index, (site, segment) in enumerate(pairs))
        self.loader.write(through, ["id", "site", "segment"], rows)

    def write_declarations(self, operators: list[PlannedOperator]) -> int:
        """The declarations of a batch of operators, with their lines and, for those pending
        review or returned, their history."""
        load = self.loader
        declarations, lines, events = [], [], []
        declaration_pk = load.next_id(Declaration)
        line_pk = load.next_id(DeclarationLine)
        for op in operators:
            first, last = self.reporting_quarters(op)
            by_site = itertools.groupby(sorted(op.lines.items()), key=lambda item: item[0][0])
            for site, site_lines in by_site:
                site_lines = [line for _, line in site_lines]
                for quarter in range(first, last + 1):
                    declaration = self.declaration(declaration_pk, site, quarter)
                    declarations.append(declaration)
                    events.extend(self.events(declaration))
                    for line in site_lines:
                        lines.append(
                            (line_pk, declaration_pk, line.segment, *self.counts(line, quarter))
                        )
                        line_pk += 1
                    declaration_pk += 1
        fields = [
            "id", "site", "year", "quarter", "status", "flagged", "return_reason",
            "created_at", "submitted_at", "first_submitted_at", "reviewed_at",
        ]  # fmt: skip
        load.write(Declaration, fields, declarations)
        fields = ["id", "declaration", "segment", "headcount", "permanent", "women"]
        load.write(DeclarationLine, fields, lines)
        pk = load.next_id(DeclarationEvent)
        fields = ["id", "declaration", "actor_username", "action", "reason", "at"]
        load.write(DeclarationEvent, fields, ((pk + i, *row) for i, row in enumerate(events)))
        return len(declarations)

    def reporting_quarters(self, op: PlannedOperator) -> tuple[int, int]:
        """The first and last quarter the operator declared (none when first > last)."""
        if op.habit in NO_SITE:
            return 0, -1
        first = max(self.last - self.quarters + 1, op.memoranda[0].signature + 1)
        last = self.last
        if op.habit in OUT_OF_DATE:
            last -= 3 + op.number % 4
        elif op.habit in LAST_QUARTER_NOT_YET_DECLARED:
            last -= 1
        return first, last

    def declaration(self, pk: int, site: int, quarter: int) -> tuple:
        """Older quarters are nearly all validated; the latest are partly pending or returned.
        Submitted 1 to 45 days after the quarter's end (about a third late), never after
        today; reviewed up to 20 days later."""
        rng = self.rng
        year, number = quarter_of_index(quarter)
        age = self.last - quarter
        validated, submitted = ((45, 85), (85, 95), (97, 99))[min(age, 2)]
        roll = rng.randrange(100)
        status = VALIDATED if roll < validated else SUBMITTED if roll < submitted else RETURNED
        ended = quarter_end(year, number)
        submitted_on = ended + datetime.timedelta(
            days=rng.randrange(1, min(46, (self.today - ended).days + 1))
        )
        submitted_at = self.at(submitted_on)
        reviewed_at = None
        if status != SUBMITTED:
            reviewed_at = min(
                submitted_at + datetime.timedelta(days=rng.randrange(1, 21)), self.now
            )
        return (
            pk,
            site,
            year,
            number,
            status,
            status == SUBMITTED and roll % 4 == 0,
            "DEMO: figures to check." if status == RETURNED else "",
            submitted_at,
            submitted_at,
            submitted_at,
            reviewed_at,
        )

    def events(self, declaration: tuple) -> list[tuple]:
        pk, status, submitted_at, reviewed_at = (declaration[i] for i in (0, 4, 8, 10))
        if status == VALIDATED:
            return []
        events = [(pk, "DEMO", DeclarationEvent.Action.SUBMITTED.value, "", submitted_at)]
        if status == RETURNED:
            events.append(
                (pk, "DEMO", DeclarationEvent.Action.RETURNED.value, declaration[6], reviewed_at)
            )
        return events

    def counts(self, line: Line, quarter: int) -> tuple[int, int, int]:
        """Headcount, permanent contracts and women, within 2% of the line's level."""
        headcount = line.value(quarter) * self.rng.randrange(98, 103) // 100
        permanent = headcount * line.permanent_percent // 100
        return headcount, permanent, permanent * line.women_percent // 100

    def at(self, day: datetime.date) -> datetime.datetime:
        """10 a.m. local time on `day`, never later than now."""
        if day not in self.timestamps:
            moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
            self.timestamps[day] = min(moment, self.now).astimezone(datetime.UTC)
        return self.timestamps[day]
