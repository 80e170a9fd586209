"""Loading the outsourcing programme (memoranda.programme_data), and reading its totals.

The load records what is missing and leaves what exists as it is: running it again changes
nothing, and an official's later edit (a commitment allocated to a city, another claim chosen as
the recorded one) is never undone. A baseline that a source states is written once, when its
claim is first recorded and the commitment has none.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from memoranda import programme_data as data
from memoranda import programme_translations as translations
from memoranda.claims import recorded_value_mismatch
from memoranda.figures import commitment_figures_refresh
from memoranda.models import Claim, Commitment, Memorandum, Programme, Signing, Source
from memoranda.services import founding_data_load
from operators.models import City, Operator, Region, Segment


@transaction.atomic
def programme_load() -> list[str]:
    """Record the programme's signings, memoranda, operators, sources and claims where missing.
    Returns what was created."""
    created = founding_data_load()
    created += cities_load()
    created += operators_load()
    created += signings_load()
    created += sources_load()
    created += programmes_load()
    created += claims_load()
    translations_load()
    commitment_figures_refresh(Operator.objects.values_list("pk", flat=True))
    return created


def cities_load() -> list[str]:
    created = []
    for fields in data.CITIES:
        fields = dict(fields)
        region = Region.objects.get(slug=fields.pop("region"))
        city, was_created = City.objects.get_or_create(
            slug=fields.pop("slug"), defaults={**fields, "region": region}
        )
        if was_created:
            created.append(f"city {city}")
    return created


def operators_load() -> list[str]:
    created = []
    cities = {city.slug: city for city in City.objects.all()}
    for item in data.OPERATORS:
        operator, was_created = Operator.objects.get_or_create(
            slug=item.slug,
            defaults={
                "name": item.name,
                "activities": item.activities,
                "group": item.group,
                "home_city": cities.get(item.home_city),
            },
        )
        if was_created:
            created.append(f"operator {operator}")
    for slug, group in data.FOUNDING_GROUPS.items():
        Operator.objects.filter(slug=slug, group="").update(group=group)
    return created


def signings_load() -> list[str]:
    created = []
    cities = {city.slug: city for city in City.objects.all()}
    segments = Segment.objects.by_code()
    for item in data.SIGNINGS:
        signing, was_created = Signing.objects.get_or_create(
            slug=item.slug,
            defaults={
                "title": item.title,
                "kind": item.kind,
                "signed_on": item.signed_on,
                "place": item.place,
                "city": cities.get(item.city),
                "presided_by": item.presided_by,
                "announced_jobs": item.announced_jobs,
                "announced_budget_mad": item.announced_budget_mad,
                "notes": item.notes,
            },
        )
        if was_created:
            created.append(f"signing {signing}")
        for memo in item.memoranda:
            created += memorandum_load(signing, memo, cities, segments)
    return created


def memorandum_load(signing, memo, cities, segments) -> list[str]:
    memorandum, was_created = Memorandum.objects.get_or_create(
        reference=memo.reference,
        defaults={
            "signing": signing,
            "operator": Operator.objects.get(slug=memo.operator),
            "signed_on": signing.signed_on,
            "horizon_year": memo.horizon_year,
        },
    )
    if not was_created:
        return []
    created = [f"memorandum {memorandum}"]
    for line in memo.commitments:
        commitment = Commitment.objects.create(
            memorandum=memorandum,
            segment=segments[line.segment],
            city=cities.get(line.city),
            jobs_committed=line.jobs,
            segment_classified=line.classified,
        )
        created.append(f"commitment {commitment}")
    return created


def sources_load() -> list[str]:
    created = []
    for slug, fields in data.SOURCES.items():
        source, was_created = Source.objects.get_or_create(slug=slug, defaults=fields)
        if was_created:
            created.append(f"source {source}")
    return created


def subject_of(about: tuple[str, str]) -> dict:
    """The claim's subject column and object, from the data's (kind, key)."""
    kind, key = about
    if kind == "signing":
        return {"signing": Signing.objects.get(slug=key)}
    if kind == "memorandum":
        return {"memorandum": Memorandum.objects.get(reference=key)}
    if kind == "commitment":
        reference, segment = key.split("/")
        return {
            "commitment": Commitment.objects.get(
                memorandum__reference=reference, segment__code=segment
            )
        }
    if kind == "operator":
        return {"operator": Operator.objects.get(slug=key)}
    return {"programme": Programme.objects.get(slug=key)}


def claims_load() -> list[str]:
    created = []
    sources = {source.slug: source for source in Source.objects.all()}
    for item in data.CLAIMS:
        subject = subject_of(item.about)
        claim, was_created = Claim.objects.get_or_create(
            source=sources[item.source],
            field=item.field,
            value=item.value,
            **subject,
            defaults={
                "number": item.number,
                "qualifier": item.qualifier,
                "paraphrase": item.paraphrase,
            },
        )
        if not was_created:
            continue
        created.append(f"claim {claim}")
        if item.recorded:
            claim_record_if_free(claim, item.recorded, subject)
    return created


def claim_record_if_free(claim: Claim, reason: str, subject: dict) -> None:
    """Record `claim` unless an official already recorded another for the figure; a stated
    baseline fills an empty baseline once."""
    [(column, obj)] = subject.items()
    taken = Claim.objects.filter(**{column: obj}, field=claim.field, recorded=True).exists()
    if taken:
        return
    claim.recorded, claim.recorded_reason = True, reason
    stated_baseline = column == "commitment" and claim.field == Claim.Field.BASELINE
    if stated_baseline and obj.baseline_headcount is None:
        obj.baseline_headcount = int(claim.number)
        obj.save(update_fields=["baseline_headcount"])
    if recorded_value_mismatch(claim):
        return  # an official changed the figure since: the claim stays one among others
    claim.save(update_fields=["recorded", "recorded_reason"])


def programmes_load() -> list[str]:
    created = []
    for item in data.PROGRAMMES:
        programme, was_created = Programme.objects.get_or_create(
            slug=item["slug"],
            defaults={"title": item["title"], "description": item["description"]},
        )
        if was_created:
            created.append(f"programme {programme}")
        # Signings are added, never removed: an official may have grouped more.
        programme.signings.add(*Signing.objects.filter(slug__in=item["signings"]))
    return created


def fill_translations(obj, fields: dict) -> None:
    """Set each empty `<field>_<language>` of `obj` from `fields` ({field: {language: text}}):
    an official's own translation is never replaced."""
    changed = []
    for field, by_language in fields.items():
        for language, text in by_language.items():
            name = f"{field}_{language}"
            if text and not getattr(obj, name):
                setattr(obj, name, text)
                changed.append(name)
    if changed:
        obj.save(update_fields=changed)


def translations_load() -> None:
    """The programme's content in Arabic and English (memoranda.programme_translations)."""
    tables = [
        (Signing, "slug", translations.SIGNINGS),
        (Operator, "slug", translations.OPERATORS),
        (Programme, "slug", translations.PROGRAMMES),
    ]
    for model, key, table in tables:
        for obj in model.objects.filter(**{f"{key}__in": list(table)}):
            fill_translations(obj, table[getattr(obj, key)])
    texts = translations.TEXTS
    wanted = Q(paraphrase__in=list(texts)) | Q(recorded_reason__in=list(texts))
    for claim in Claim.objects.filter(wanted):
        fields = {}
        for field in ("paraphrase", "recorded_reason"):
            if getattr(claim, field) in texts:
                fields[field] = texts[getattr(claim, field)]
        fill_translations(claim, fields)


@dataclass(frozen=True)
class ProgrammeTotal:
    """A total officials claimed for a programme, beside the signings' announced figures."""

    claim: Claim
    compared: bool
    signings: int
    announced: int
    lower_bounds: int
    approximate: int
    without_figure: int

    @property
    def not_found(self) -> int | None:
        """The part of the claim that no signing recorded by the claim's date accounts for."""
        if not self.compared or self.claim.number is None:
            return None
        return max(int(self.claim.number) - self.announced, 0)


def programme_totals(programme: Programme) -> list[ProgrammeTotal]:
    """Each total claimed for `programme`, against the figures announced at its signings signed
    by the claim's date (their recorded claims: a lower bound counts as its number). Two
    queries whatever the programme's size."""
    claims = list(
        programme.claims.select_related("source").filter(
            field__in=[Claim.Field.JOBS, Claim.Field.INVESTMENT]
        )
    )
    announced = Claim.objects.filter(
        Q(signing__programmes=programme), recorded=True, field__in=[c.field for c in claims]
    ).values("field", "number", "qualifier", "signing__signed_on")
    signings = programme.signings.values("signed_on")
    announced, signed = list(announced), [row["signed_on"] for row in signings]
    return [total_of(claim, announced, signed) for claim in claims]


def signed_by(day, by) -> bool:
    """Signed on or before `by`; an undated signing, or an undated claim, compares with nothing."""
    return day is not None and by is not None and day <= by


def total_of(claim: Claim, announced: list[dict], signed: list) -> ProgrammeTotal:
    """An undated claim is compared with nothing: which signings it covers is not known."""
    by = claim.source.published_on
    rows = [
        row
        for row in announced
        if row["field"] == claim.field and signed_by(row["signing__signed_on"], by)
    ]
    counted = [row for row in rows if row["number"] is not None]
    in_time = [day for day in signed if signed_by(day, by)]
    return ProgrammeTotal(
        claim=claim,
        compared=by is not None,
        signings=len(in_time),
        announced=int(sum((row["number"] for row in counted), Decimal(0))),
        lower_bounds=sum(row["qualifier"] in ("more_than", "at_least") for row in counted),
        approximate=sum(row["qualifier"] == "about" for row in counted),
        without_figure=len(in_time) - len(counted),
    )
