"""What the pages show of the sources: each figure with what every source says about it.

Claims are read in one query per page (their sources and subjects joined), then grouped by
figure: one subject (a signing, memorandum, commitment, operator or programme) and one field.
Sources disagree about a figure when two of its claims differ: in number or qualifier for a
number, in wording for words (memoranda.claims.statement). An operator's headcount claims are
progress statements, shown apart and never counted in jobs created.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from memoranda.claims import statement
from memoranda.models import Claim, ClaimField


def claims_where(condition: Q) -> QuerySet:
    return (
        Claim.objects.filter(condition)
        .select_related(
            "source",
            "signing",
            "memorandum",
            "commitment__memorandum",
            "commitment__segment",
            "commitment__city",
            "operator",
            "programme",
        )
        .order_by("field", "-recorded", "source__published_on", "pk")
    )


@dataclass
class CitedFigure:
    """One figure and every claim about it."""

    subject: object
    field: str
    claims: list[Claim] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"figure-{type(self.subject).__name__.lower()}-{self.subject.pk}-{self.field}"

    @property
    def label(self) -> str:
        return ClaimField(self.field).label

    @property
    def recorded(self) -> Claim | None:
        return next((claim for claim in self.claims if claim.recorded), None)

    @property
    def disagree(self) -> bool:
        return len({statement(claim) for claim in self.claims}) > 1

    @property
    def sources(self) -> int:
        return len({claim.source_id for claim in self.claims})


def cited_figures(claims: Iterable[Claim]) -> list[CitedFigure]:
    """The claims grouped by figure, in the order the claims come."""
    figures: dict[tuple, CitedFigure] = {}
    for claim in claims:
        subject = claim.subject
        key = (type(subject), subject.pk, claim.field)
        if key not in figures:
            figures[key] = CitedFigure(subject=subject, field=claim.field)
        figures[key].claims.append(claim)
    return list(figures.values())


@dataclass
class Citations:
    """A page's figures from its sources, its progress statements and the notes beside its
    figures (`note(subject, field)`)."""

    figures: list[CitedFigure]
    statements: list[Claim]

    def note(self, subject, field_name: str) -> CitedFigure | None:
        for figure in self.figures:
            same = type(figure.subject) is type(subject) and figure.subject.pk == subject.pk
            if same and figure.field == field_name:
                return figure
        return None


def citations(condition: Q) -> Citations:
    claims = list(claims_where(condition))
    statements = [c for c in claims if c.field == ClaimField.HEADCOUNT]
    others = [c for c in claims if c.field != ClaimField.HEADCOUNT]
    return Citations(figures=cited_figures(others), statements=statements)


def signing_citations(signing) -> Citations:
    return citations(
        Q(signing=signing)
        | Q(memorandum__signing=signing)
        | Q(commitment__memorandum__signing=signing)
    )


def memorandum_citations(memorandum) -> Citations:
    return citations(
        Q(memorandum=memorandum)
        | Q(commitment__memorandum=memorandum)
        | Q(operator_id=memorandum.operator_id)
    )


def operator_citations(operator) -> Citations:
    return citations(
        Q(operator=operator)
        | Q(memorandum__operator=operator)
        | Q(commitment__memorandum__operator=operator)
    )
