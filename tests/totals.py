"""Reading the totals of CommitmentQuerySet.totals() in tests."""

HEADLINE = ("count", "jobs_committed", "jobs_created")


def headline(totals: dict) -> dict:
    """The headline figures of a totals() dict, without its coverage counts."""
    return {key: totals[key] for key in HEADLINE}
