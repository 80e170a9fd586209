"""When the figures of a public page last changed: the latest validation of a declaration
behind them, or the latest official change of a public figure in the page's scope (a
Correction), in two queries whatever the rows."""

import datetime

from django.db.models import Exists, Max, OuterRef, Q, QuerySet

from memoranda.models import Correction
from operators.models import Declaration, DeclarationLine


def latest_validation(commitments: QuerySet) -> datetime.datetime | None:
    """The latest review of a validated declaration with a line in the scope of one of the
    commitments: its operator and segment, in its city or, when not yet allocated, anywhere."""
    in_scope = commitments.filter(
        Q(city__isnull=True) | Q(city=OuterRef("declaration__site__city")),
        memorandum__operator=OuterRef("declaration__site__operator"),
        segment=OuterRef("segment"),
    )
    lines = DeclarationLine.objects.filter(declaration__status=Declaration.Status.VALIDATED).filter(
        Exists(in_scope.order_by().values("pk"))
    )
    if commitments.query.has_filters():
        # A page's few operators: their sites' declarations, read from the sites' index. Without
        # it, a scope with no validation in it had the walk below go through every validated
        # line of the country (21 s at 2 million declarations for Cnexia's memorandum).
        operators = commitments.order_by().values("memorandum__operator")
        lines = lines.filter(declaration__site__operator__in=operators)
    # The latest first, one row: the database walks the validations newest first
    # (declaration_latest_reviews) and stops at the first in scope, instead of aggregating
    # every validated line of the country for the home page.
    latest = lines.order_by("-declaration__reviewed_at").values_list(
        "declaration__reviewed_at", flat=True
    )[:1]
    return next(iter(latest), None)


def latest_correction(scope: Q) -> datetime.datetime | None:
    return Correction.objects.filter(scope).aggregate(latest=Max("corrected_at"))["latest"]


def figures_last_changed(commitments: QuerySet, corrections: Q) -> datetime.datetime | None:
    """The later of the two dates; None when neither has happened."""
    dates = [latest_validation(commitments), latest_correction(corrections)]
    return max((date for date in dates if date is not None), default=None)
