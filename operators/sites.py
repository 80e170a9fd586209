"""Writes of sites, wherever they come from (the site admin, the operator admin's inline, the
set-up commands).

A site's validated declarations count in the scopes of its operator and city (ScopeHeadcount),
so a site that moves to another city or operator, or whose segments change, has the stored
figures of its operator (and of its former operator) rebuilt in the same transaction. A new
site has no declaration yet and an unchanged one feeds the same scopes: neither is rebuilt.
"""

from collections.abc import Iterable

from django.db import transaction

from operators import history
from operators.headcounts import scope_headcounts_refresh
from operators.models import City, Operator, Segment, Site
from operators.withdrawals import rows_withdraw, withdrawal_checked


def site_create(
    *, operator: Operator, name: str, city: City, segments: Iterable[Segment] = ()
) -> Site:
    return site_save(site=Site(operator=operator, name=name, city=city), segments=segments)


def site_save(*, site: Site, segments: Iterable[Segment] | None = None) -> Site:
    """Save `site`, new or changed, and set its segments unless `segments` is None."""
    sites_save([(site, segments)])
    return site


def sites_save(changes: Iterable[tuple[Site, Iterable[Segment] | None]]) -> None:
    """Save each (site, segments) pair as site_save does, then rebuild once the headcounts of
    every operator whose scopes moved: an inline that moves several sites rebuilds once."""
    changes = [(site, None if segments is None else list(segments)) for site, segments in changes]
    with transaction.atomic():
        before = feeding(site.pk for site, _ in changes if site.pk is not None)
        for site, segments in changes:
            created = site.pk is None
            # One history record with the segments, rather than one per save and per change
            # of the segments.
            with history.skipped():
                site.save()
                if segments is not None:
                    site.segments.set(segments)
            history.record(site, created=created)
        moved = moved_operators(changes, before)
        if moved:
            scope_headcounts_refresh(moved)


def moved_operators(changes, before: dict) -> set[int]:
    """The operators, former and current, of the sites whose operator, city or segments
    changed; new sites (not in `before`) feed nothing yet."""
    moved = set()
    for site, segments in changes:
        if site.pk not in before:
            continue
        operator_id, city_id, segment_ids = before[site.pk]
        served = segment_ids if segments is None else {segment.pk for segment in segments}
        if (operator_id, city_id, segment_ids) != (site.operator_id, site.city_id, served):
            moved |= {operator_id, site.operator_id}
    return moved


def feeding(site_ids: Iterable[int]) -> dict[int, tuple[int, int, set[int]]]:
    """What each saved site feeds before the change: operator, city and segment ids, by site,
    its row locked until the transaction ends. Two queries whatever the number of sites."""
    site_ids = list(site_ids)
    rows = (
        Site.objects.select_for_update()
        .filter(pk__in=site_ids)
        .order_by()
        .values_list("pk", "operator_id", "city_id")
    )
    state = {pk: (operator_id, city_id, set()) for pk, operator_id, city_id in rows}
    served = Site.segments.through.objects.filter(site_id__in=site_ids)
    for site_id, segment_id in served.values_list("site_id", "segment_id"):
        state[site_id][2].add(segment_id)
    return state


def sites_withdraw(*, sites, reason: str, on, user) -> list[int]:
    """Withdraw `sites` (a Site queryset): from the quarter after the one holding `on`, they
    owe no declaration (operators.calendar); their declarations stay and keep counting in the
    quarters they were made for, so no figure is rebuilt. Returns the sites withdrawn."""
    reason, on = withdrawal_checked(reason, on)
    with transaction.atomic():
        return rows_withdraw(sites, reason=reason, on=on, user=user)


def site_withdraw(*, site: Site, reason: str, on, user) -> bool:
    """Withdraw one site (see sites_withdraw); False if it already was."""
    withdrawn = sites_withdraw(
        sites=Site.objects.filter(pk=site.pk), reason=reason, on=on, user=user
    )
    site.refresh_from_db(fields=["withdrawn_on", "withdrawal_reason"])
    return bool(withdrawn)
