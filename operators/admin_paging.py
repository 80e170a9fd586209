"""Pages of the admin's largest list (declarations) without counting the table.

A changelist counts its rows for its pages and its "N declarations": at two million
declarations that COUNT read the whole table on every request. CappedPaginator counts at most
`cap` rows and one more; past the cap the list says "more than 10,000" (templates/admin/
pagination.html), offers the pages up to the cap, and filters narrow it down to a count.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        """The rows, or `cap` + 1 when there are more: one COUNT over at most that many."""
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap
