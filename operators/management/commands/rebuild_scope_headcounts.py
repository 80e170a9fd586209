from django.core.management.base import BaseCommand

from operators.headcounts import scope_headcounts_rebuild
from operators.models import ScopeHeadcount


class Command(BaseCommand):
    help = (
        "Rebuild the validated headcount of every scope from the validated declarations. The "
        "review services keep it up to date; run this after loading declarations in bulk."
    )

    def handle(self, *args, **options):
        scope_headcounts_rebuild()
        self.stdout.write(f"{ScopeHeadcount.objects.count()} scope headcounts rebuilt.")
