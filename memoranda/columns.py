"""The columns of the commitment exports and of the summaries' downloads, each described once.

The exports write these columns in this order (memoranda.exports reads their names and types);
the open data page and datapackage.json describe them from here (memoranda.opendata).
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from memoranda.models import Commitment
from memoranda.tableschema import Column

COMMITMENT_COLUMNS = (
    Column(
        "memorandum",
        "string",
        _("Memorandum"),
        _("Reference of the memorandum of understanding that holds the commitment."),
        required=True,
    ),
    Column(
        "signed_on",
        "date",
        _("Signed on"),
        _("Date the memorandum was signed (ISO 8601, YYYY-MM-DD)."),
        required=True,
    ),
    Column(
        "operator",
        "string",
        _("Operator"),
        _("Name of the company that made the commitment."),
        required=True,
    ),
    Column(
        "city",
        "string",
        _("City"),
        _("City where the jobs are to be created. Empty when not yet allocated to a city."),
    ),
    Column(
        "region",
        "string",
        _("Region"),
        _("Region of the city. Empty when the commitment is not yet allocated to a city."),
    ),
    Column(
        "segment",
        "string",
        _("Segment"),
        _("Outsourcing segment code, such as BPO, ITO, ESO or KPO."),
        required=True,
    ),
    Column(
        "jobs_committed",
        "integer",
        _("Jobs committed"),
        _("Direct jobs the operator committed to create in this segment and city."),
        required=True,
        constraints={"minimum": 1},
    ),
    Column(
        "jobs_created",
        "integer",
        _("Jobs created"),
        _(
            "Validated headcount in the commitment's scope at the latest validated quarter "
            "(headcount_quarter), minus the headcount at signature. Unknown until a declaration "
            "is validated and the headcount at signature is recorded; never counted as zero. "
            "It describes its quarter only: see status for whether it is out of date."
        ),
    ),
    Column(
        "progress_percent",
        "number",
        _("Progress (%)"),
        _(
            "Jobs created as a share of jobs committed, in percent, to one decimal. Unknown when "
            "jobs created is unknown."
        ),
    ),
    Column(
        "status",
        "string",
        _("Status"),
        _(
            "Judged on the day of the download: no_data when jobs created is unknown; "
            "out_of_date when the figure is older than the latest quarter whose declaration is "
            "due by more than the grace quarters; achieved when jobs created reach jobs "
            "committed; missed when the horizon's last quarter is due and they fall short; "
            "otherwise status_at_quarter (on_track, at_risk or behind against a straight line "
            "from signature to horizon)."
        ),
        required=True,
        constraints={"enum": list(Commitment.Status.values)},
    ),
    Column(
        "headcount",
        "integer",
        _("Validated headcount"),
        _(
            "Direct headcount in the commitment's scope declared by the operator and validated "
            "by an official, at the quarter given in headcount_quarter. Unknown before the first "
            "validated declaration."
        ),
        constraints={"minimum": 0},
    ),
    Column(
        "headcount_quarter",
        "string",
        _("Quarter of the headcount"),
        _("Quarter the validated headcount describes, written YYYY-Qn (2025-Q3)."),
        constraints={"pattern": r"\d{4}-Q[1-4]"},
    ),
    Column(
        "status_at_quarter",
        "string",
        _("Status at the figure's quarter"),
        _(
            "The status the figure had at headcount_quarter: achieved, on_track, at_risk or "
            "behind. Unknown when jobs created is unknown."
        ),
        constraints={"enum": ["achieved", "on_track", "at_risk", "behind"]},
    ),
    Column(
        "jobs_expected_at_quarter",
        "integer",
        _("Jobs expected at the figure's quarter"),
        _(
            "Jobs the straight trajectory from 0 at the signature's quarter to jobs_committed "
            "at the horizon's last quarter expects at headcount_quarter, rounded down."
        ),
        constraints={"minimum": 0},
    ),
    Column(
        "horizon_year",
        "year",
        _("Horizon"),
        _("Year by the end of which the jobs are to exist."),
        required=True,
    ),
    Column(
        "pace_per_quarter",
        "number",
        _("Pace (jobs per quarter)"),
        _(
            "Change of the validated headcount per quarter between the first and the last of "
            "the scope's last four validated quarters. Unknown with fewer than two."
        ),
    ),
    Column(
        "projected_jobs_created",
        "integer",
        _("Projected jobs created at the horizon"),
        _(
            "Jobs created carried at the pace to the horizon's last quarter. Unknown without a "
            "pace or without jobs created."
        ),
    ),
    Column(
        "projected_gap",
        "integer",
        _("Projected shortfall or surplus"),
        _(
            "projected_jobs_created minus jobs_committed: negative for a shortfall, positive "
            "for a surplus. Unknown with the projection."
        ),
    ),
    Column(
        "jobs_needed_per_quarter",
        "number",
        _("Jobs needed per quarter"),
        _(
            "Jobs still to create (jobs committed minus jobs created, at least 0) divided by "
            "the quarters from the quarter in progress to the horizon's last quarter. Unknown "
            "without jobs created or once the horizon is reached."
        ),
        constraints={"minimum": 0},
    ),
    Column(
        "permanent_percent",
        "number",
        _("Permanent contracts (%)"),
        _(
            "Share of the validated headcount on permanent contracts, at headcount_quarter. "
            "Empty when unknown, and withheld (empty) when the headcount is below the minimum "
            "the portal publishes, so that nobody can be singled out."
        ),
        constraints={"minimum": 0, "maximum": 100},
    ),
    Column(
        "women_percent",
        "number",
        _("Women (%)"),
        _(
            "Share of women in the validated headcount, at headcount_quarter. Empty when "
            "unknown or withheld below the minimum headcount, as permanent_percent."
        ),
        constraints={"minimum": 0, "maximum": 100},
    ),
    Column(
        "memorandum_url",
        "string",
        _("Memorandum page"),
        _("Address of the memorandum's page on this portal."),
        required=True,
        format="uri",
    ),
    Column(
        "withdrawn_on",
        "date",
        _("Withdrawn on"),
        _(
            "Date the commitment was withdrawn (itself, or its memorandum, signing or operator), "
            "ISO 8601. Nothing public is deleted: a withdrawn commitment stays on its pages with "
            "its reason and counts in no total from that date on. The downloads leave withdrawn "
            "commitments out unless asked with withdrawn=include (or withdrawn=only); empty "
            "for a commitment in force."
        ),
    ),
    Column(
        "withdrawal_reason",
        "string",
        _("Withdrawal reason"),
        _("Why the commitment was withdrawn, as the official recorded it. Empty when it is not."),
    ),
    Column(
        "sources",
        "integer",
        _("Sources"),
        _(
            "How many distinct sources (see sources.csv) make a claim about this commitment, "
            "its memorandum or its operator; 0 when none does."
        ),
        required=True,
        constraints={"minimum": 0},
    ),
    Column(
        "sources_disagree",
        "boolean",
        _("Sources disagree"),
        _(
            "true when two claims about the same figure of this commitment or of its memorandum "
            "(such as the memorandum's horizon) differ: in their number or qualifier for a "
            "figure, in their wording for a name or a place (see claims.csv); false otherwise."
        ),
        required=True,
    ),
)


MEASURED = _(
    "Counted over the commitments measured in that quarter only: a validated declaration of "
    "that very quarter in their scope and a recorded baseline."
)

OVER_TIME_COLUMNS = (
    Column(
        "quarter",
        "string",
        _("Quarter"),
        _("A quarter that has ended, written YYYY-Qn (2025-Q3); one row per quarter."),
        required=True,
        constraints={"pattern": r"\d{4}-Q[1-4]"},
    ),
    Column(
        "commitments_measured",
        "integer",
        _("Commitments measured"),
        _("How many commitments were measured in the quarter; 0 where nothing was."),
        required=True,
        constraints={"minimum": 0},
    ),
    Column(
        "jobs_committed_measured",
        "integer",
        _("Their jobs committed"),
        format_lazy("{} {}", _("Jobs committed by the commitments measured."), MEASURED),
    ),
    Column(
        "jobs_expected_measured",
        "integer",
        _("Jobs expected"),
        _(
            "Jobs their straight trajectories expected in the quarter. Empty where nothing was "
            "measured: a gap, never zero."
        ),
    ),
    Column(
        "jobs_created",
        "integer",
        _("Jobs created"),
        _(
            "Their validated headcount in the quarter minus their baselines. Empty where "
            "nothing was measured; no figure is carried from an earlier quarter."
        ),
    ),
)

GROUP_COLUMNS = (
    Column("commitments", "integer", _("Commitments"), _("Commitments in the group."), True),
    Column("jobs_committed", "integer", _("Jobs committed"), _("Their jobs committed."), True),
    Column(
        "commitments_measured",
        "integer",
        _("Commitments with a known figure"),
        _("Commitments whose jobs created are known (validated figure and baseline)."),
        True,
    ),
    Column(
        "jobs_committed_measured",
        "integer",
        _("Their jobs committed"),
        _("Jobs committed by the commitments whose jobs created are known."),
    ),
    Column(
        "jobs_created",
        "integer",
        _("Jobs created"),
        _("Sum of the known jobs created; empty when none is known."),
    ),
    Column(
        "progress_percent",
        "number",
        _("Progress (%)"),
        _("Jobs created against the jobs committed of the same commitments, to one decimal."),
    ),
    Column(
        "out_of_date",
        "integer",
        _("Figures out of date"),
        _("How many of the known figures are out of date today."),
        True,
    ),
)
