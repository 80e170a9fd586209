"""The glossary: what each word of the public pages means, in the words of the rules the
figures follow. Every term has an anchor, which the pages' headers and status badges link to."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from memoranda.models import Commitment
from operators.models import Segment


@dataclass(frozen=True)
class Term:
    anchor: str
    term: str
    definition: str
    # A status's code, as the list's parameter and the downloads spell it.
    code: str = ""


def status_anchor(code: str) -> str:
    return f"status-{code}"


def percent(share: float) -> str:
    return f"{share * 100:g}"


def status_terms() -> list[Term]:
    """Each Commitment.Status code, with the thresholds the status is judged by."""
    code = Commitment.Status
    shares = {
        "on_track": percent(settings.STATUS_ON_TRACK_SHARE),
        "at_risk": percent(settings.STATUS_AT_RISK_SHARE),
    }
    grace = settings.STATUS_GRACE_QUARTERS
    definitions = {
        code.ACHIEVED: _("Jobs created have reached the jobs committed."),
        code.ON_TRACK: _(
            "Jobs created are at least %(on_track)s %% of the jobs expected at the figure's "
            "quarter, on the trajectory from signature to horizon (a straight line unless "
            "milestones are given)."
        )
        % shares,
        code.AT_RISK: _(
            "Jobs created are at least %(at_risk)s %% but less than %(on_track)s %% of the "
            "jobs expected at the figure's quarter."
        )
        % shares,
        code.BEHIND: _(
            "Jobs created are less than %(at_risk)s %% of the jobs expected at the figure's "
            "quarter."
        )
        % shares,
        code.MISSED: _(
            "The last quarter of the horizon is due and jobs created fell short of the jobs "
            "committed."
        ),
        code.OUT_OF_DATE: ngettext(
            "The latest validated figure is more than %(grace)d quarter older than the latest "
            "quarter due: it is shown with its own quarter, never as current.",
            "The latest validated figure is more than %(grace)d quarters older than the latest "
            "quarter due: it is shown with its own quarter, never as current.",
            grace,
        )
        % {"grace": grace},
        code.NO_DATA: _(
            "Jobs created are not known: no declaration in the commitment's scope has been "
            "validated yet, or its baseline headcount is not recorded. Unknown is never counted "
            "as zero."
        ),
    }
    return [Term(status_anchor(c), c.label, definitions[c], c.value) for c in code]


def figure_terms() -> list[Term]:
    """The words of the commitment tables, their headers and their totals."""
    return [
        Term(
            "commitment",
            _("Commitment"),
            _(
                "One line of a memorandum: the jobs an operator promises in one segment, in one "
                "city or not yet allocated to a city, by the horizon."
            ),
        ),
        Term(
            "memorandum",
            _("Memorandum"),
            _(
                "A memorandum of understanding between the government and one operator, with "
                "its reference, its date of signature, its horizon year and its commitments."
            ),
        ),
        Term(
            "signed-on",
            _("Signed on"),
            _(
                "The date the memorandum was signed. Declarations are due from the first full "
                "quarter after it to the last quarter of the horizon year."
            ),
        ),
        Term(
            "operator",
            _("Operator"),
            _(
                "The company that signed the memorandum; it declares the headcount of each of "
                "its sites every quarter."
            ),
        ),
        Term(
            "city",
            _("City"),
            _("The city where the commitment's jobs are to be created."),
        ),
        Term(
            "region",
            _("Region"),
            _("One of Morocco's twelve regions: the region of the commitment's city."),
        ),
        Term(
            "segment",
            _("Segment"),
            _("The outsourcing segment the jobs belong to: the segments are listed below."),
        ),
        Term(
            "jobs-committed",
            _("Jobs committed"),
            _("The direct jobs the memorandum promises for the commitment by its horizon."),
        ),
        Term(
            "jobs-created",
            _("Jobs created"),
            _(
                "The validated headcount in the commitment's scope (the operator, the segment "
                "and the city, or all the operator's cities when not yet allocated) at the "
                "latest validated quarter, minus the baseline headcount. Only declarations an "
                "official has validated count, and every figure gives the quarter it was "
                "measured in."
            ),
        ),
        Term(
            "baseline-headcount",
            _("Baseline headcount"),
            _(
                "The headcount the operator already had in the commitment's scope when the "
                "memorandum was signed. Without it, jobs created are not known."
            ),
        ),
        Term(
            "progress",
            _("Progress"),
            _(
                "Jobs created as a share of jobs committed. A total compares only the "
                "commitments whose jobs created are known."
            ),
        ),
        Term(
            "status",
            _("Status"),
            _(
                "Where a commitment stands, judged today from its latest validated figure: see "
                "the statuses below."
            ),
        ),
        Term(
            "out-of-date",
            _("Figure out of date"),
            _(
                "A figure that describes an earlier quarter than the latest one due, beyond the "
                "grace period: it is shown with its quarter and never carried into later "
                "quarters."
            ),
        ),
        Term(
            "coverage",
            _("Coverage"),
            _(
                "What a total of jobs created covers: how many of the commitments, and of their "
                "jobs committed, have a known figure."
            ),
        ),
        Term(
            "not-yet-allocated",
            _("Not yet allocated"),
            _(
                "Jobs the memorandum does not place in a city yet. Their jobs created count the "
                "operator's headcount in all its cities."
            ),
        ),
        Term(
            "permanent-contracts",
            _("Permanent contracts (%)"),
            _(
                "The share of the validated headcount on permanent contracts; withheld where too "
                "few people are counted, so that nobody can be singled out."
            ),
        ),
        Term(
            "women",
            _("Women (%)"),
            _(
                "The share of women in the validated headcount; withheld where too few people "
                "are counted, so that nobody can be singled out."
            ),
        ),
        Term(
            "withdrawn",
            _("Withdrawn"),
            _(
                "What has been public is never deleted: a withdrawn memorandum or commitment "
                "stays visible with the date and the reason of its withdrawal, and counts in no "
                "total from then on."
            ),
        ),
        Term(
            "source-and-claim",
            _("Source and claim"),
            _(
                "A source is a document that states facts: official, press, company or "
                "parliament. A claim is what one source says about one figure, as worded, with "
                "its qualifier: exactly, more than, about, at least."
            ),
        ),
        Term(
            "recorded-claim",
            _("Recorded claim"),
            _(
                "Where sources disagree, the claim an official chose as the figure's recorded "
                "value, with a reason; the other claims stay visible beside it."
            ),
        ),
    ]


def glossary_page(request: HttpRequest) -> HttpResponse:
    """What the words of the public pages mean: the segments (as officials describe them), the
    statuses and the figures."""
    context = {
        "segments": Segment.objects.all(),
        "statuses": status_terms(),
        "terms": figure_terms(),
    }
    return render(request, "memoranda/glossary.html", context)
