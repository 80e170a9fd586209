from django.core.management.base import BaseCommand, CommandError

from memoranda.demo import (
    demo_commitments_generate,
    demo_data_delete,
    demo_declarations_generate,
)


class Command(BaseCommand):
    help = (
        "DEMO ONLY: add generated commitments (marked DEMO) for benchmarks and demonstrations, "
        "or remove them with --delete. Never run it on a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, nargs="?", default=5000)
        parser.add_argument("--delete", action="store_true", help="Remove all demo data.")
        parser.add_argument(
            "--quarters",
            type=int,
            default=0,
            help="Also give demo operators sites and this many quarters of DEMO declarations.",
        )
        parser.add_argument(
            "--i-know-this-is-demo-data",
            action="store_true",
            dest="confirmed",
            help="Required: confirms that the database is not a production one.",
        )

    def handle(self, *args, count, delete, confirmed, quarters, **options):
        if delete:
            self.stdout.write(f"Deleted {demo_data_delete()} demo commitments.")
            return
        if not confirmed:
            raise CommandError(
                "This command writes demonstration data (not real figures). "
                "Pass --i-know-this-is-demo-data to confirm."
            )
        if count < 1:
            raise CommandError("count must be a positive number of commitments.")
        created = demo_commitments_generate(count)
        self.stdout.write(f"Created {created} DEMO commitments (not real figures).")
        if quarters > 0:
            declarations = demo_declarations_generate(quarters)
            self.stdout.write(f"Created {declarations} DEMO declarations (not real figures).")
