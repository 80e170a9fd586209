"""Pages of a long list sorted on its keys alone.

A page deep in a large selection (`/commitments/?city=casablanca&page=50`: rows 2,451 to 2,500
of 6,878) asked as one query sorts every row of the selection whole, each with its
memorandum, operator, signing, city, region and figures: at 100,000 commitments, megabytes
sorted on disk. KeyedPaginator sorts only the primary keys and the columns of the ordering,
reads the page's keys, then the full rows of those keys alone: two queries a page, each
as fast at page 50 as at page 1.

(One query with the keys' query as an `IN` subquery is not enough: PostgreSQL's planner
joins every row of the selection before it keeps the fifty.)
"""

from django.core.paginator import Paginator


class KeyedPaginator(Paginator):
    """A Paginator whose pages read the primary keys of the page's slice of the ordered list,
    then the rows of those keys, in the list's ordering (which must be total, with a
    tie-breaker on the primary key, for a page to hold the same rows in both queries)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)
