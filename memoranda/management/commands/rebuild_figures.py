from django.core.management.base import BaseCommand

from memoranda.bulk_load import analyze
from memoranda.models import CommitmentFigures, CommitmentMeasurement
from operators.headcounts import scope_headcounts_rebuild
from operators.models import ScopeHeadcount


class Command(BaseCommand):
    help = (
        "Rebuild every stored figure from the validated declarations: the scope headcounts, "
        "then each commitment's figures and measurements. The services keep them up to date; "
        "run this after an upgrade or after loading declarations in bulk."
    )

    def handle(self, *args, **options):
        scope_headcounts_rebuild()
        # Every stored figure was rewritten: on PostgreSQL, whose autovacuum may be off, the
        # planner learns their new sizes now rather than at the next manual ANALYZE.
        analyze()
        self.stdout.write(
            f"{ScopeHeadcount.objects.count()} scope headcounts, "
            f"{CommitmentFigures.objects.count()} commitment figures and "
            f"{CommitmentMeasurement.objects.count()} measurements rebuilt."
        )
