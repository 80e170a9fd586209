"""How complete the data behind the figures are: the funnel from the jobs announced at the
signings to the jobs measured by a current figure, each step in jobs committed and
commitments, with the list of the commitments it leaves out.

Steps after the first two are cumulative: a commitment counts at a step only when it passes
every step before it, so the last step is the share of the promise that is fully followed
(placed in a city, with a baseline, measured by a figure that is not out of date).
"""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from memoranda.querysets import current_figure, latest_due_index

ALLOCATED = Q(city__isnull=False)
WITH_BASELINE = ALLOCATED & Q(baseline_headcount__isnull=False)


def measured() -> Q:
    """With a baseline and a figure that is not out of date today: the rule of the list's
    ?figure=current (memoranda.querysets.current_figure), on stored columns."""
    return WITH_BASELINE & current_figure(latest_due_index())


@dataclass(frozen=True)
class Step:
    """One step of the funnel; `share` is of the jobs recorded in memoranda (of the jobs
    announced, for the recorded step), None when there is nothing to compare with."""

    label: str
    jobs: int | None
    commitments: int | None
    share: float | None
    left_out: str  # query string of the commitments list, "" when no list applies
    note: str = ""


def recorded_note(announcements: dict) -> str:
    """What the recorded step's share compares: the jobs of the memoranda of the signings that
    announced a figure, with what they announced."""
    if announcements["announced"] is None:
        return ""
    return _(
        "%(recorded)s jobs recorded in the memoranda of the signings that announced a figure, "
        "against the %(announced)s they announced"
    ) % {
        "recorded": number_format(announcements["recorded"] or 0, force_grouping=True),
        "announced": number_format(announcements["announced"], force_grouping=True),
    }


def share(part, whole) -> float | None:
    if part is None or not whole:
        return None
    return part * 100.0 / whole


def funnel_figures(commitments) -> dict:
    """The jobs committed and commitments of each step, over `commitments` (a with_progress()
    queryset), in one query; withdrawn commitments are left out."""
    measured_now = measured()
    return (
        commitments.in_force()
        .order_by()
        .aggregate(
            recorded_count=Count("pk"),
            recorded=Sum("jobs_committed"),
            allocated_count=Count("pk", filter=ALLOCATED),
            allocated=Sum("jobs_committed", filter=ALLOCATED),
            baseline_count=Count("pk", filter=WITH_BASELINE),
            baseline=Sum("jobs_committed", filter=WITH_BASELINE),
            measured_count=Count("pk", filter=measured_now),
            measured=Sum("jobs_committed", filter=measured_now),
        )
    )


def funnel(figures: dict, announcements: dict, signing_slug: str = "") -> list[Step]:
    """The steps from `figures` (see funnel_figures); `announcements` (see announcements) the
    jobs announced at the signings that gave a figure and the jobs recorded in their memoranda,
    which the recorded step's share compares (memoranda of signings without an announced figure
    compare with nothing); `signing_slug` narrows the lists the steps link to."""
    announced = announcements["announced"]
    recorded = figures["recorded"] or 0
    scope = {"signing": signing_slug} if signing_slug else {}

    def left_out(**parameters) -> str:
        return urlencode({**scope, **parameters})

    def step(label, key, **parameters) -> Step:
        jobs = figures[key] or 0
        return Step(
            label, jobs, figures[f"{key}_count"], share(jobs, recorded), left_out(**parameters)
        )

    return [
        Step(_("Jobs announced at signings"), announced, None, None, ""),
        Step(
            _("Recorded in memoranda"),
            recorded,
            figures["recorded_count"] or 0,
            share(announcements["recorded"], announced),
            "",
            recorded_note(announcements),
        ),
        step(_("Allocated to a city"), "allocated", city="unallocated"),
        step(_("With a recorded baseline"), "baseline", allocated="yes", baseline="unknown"),
        step(
            _("Measured by a figure that is not out of date"),
            "measured",
            allocated="yes",
            baseline="recorded",
            figure="not_current",
        ),
    ]


def announcements(signings) -> dict:
    """The jobs announced by the `signings` that gave a figure, and the jobs committed in their
    memoranda, in one query over the signings (a subquery each)."""
    from memoranda.models import Signing

    announcing = Signing.objects.filter(pk__in=signings.values("pk"), announced_jobs__isnull=False)
    totals = announcing.with_totals().aggregate(
        announced=Sum("announced_jobs"), recorded=Sum("jobs_committed")
    )
    return totals
