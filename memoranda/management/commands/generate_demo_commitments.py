from django.core.management.base import CommandError

from memoranda.demo import DemoRefused, demo_commitments_generate, demo_data_delete
from operators.history import RecordedCommand


class Command(RecordedCommand):
    help = (
        "DEMO ONLY: add generated commitments (marked DEMO) for benchmarks and demonstrations, "
        "or remove them with --delete. Writes only with DEMO on, on a database of its own: "
        "never on a database that holds real data."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, nargs="?", default=5000)
        parser.add_argument("--delete", action="store_true", help="Remove all demo data.")
        parser.add_argument(
            "--quarters",
            type=int,
            default=0,
            help=(
                "Also give demo operators sites and DEMO declarations over this many quarters, "
                "up to the last quarter that has ended."
            ),
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
        if quarters < 0:
            raise CommandError("--quarters must be zero or a positive number of quarters.")
        try:
            created = demo_commitments_generate(count, quarters)
        except DemoRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(f"Created {created.commitments} DEMO commitments (not real figures).")
        if quarters > 0:
            self.stdout.write(
                f"Created {created.declarations} DEMO declarations (not real figures)."
            )
