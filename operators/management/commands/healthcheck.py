import json

from django.core.management.base import BaseCommand, CommandError

from config import health

PARTS = ["database", "cache", "worker"]


class Command(BaseCommand):
    help = (
        "Check the parts of the portal that /healthz checks (all of them, or those named) and "
        "print their states as JSON; exit status 1 when one is not well. The worker's "
        "container runs `healthcheck database worker`, which needs no web process."
    )

    def add_arguments(self, parser):
        parser.add_argument("parts", nargs="*", choices=PARTS, help="Parts to check.")

    def handle(self, *args, parts, **options):
        states = health.portal_health(parts or PARTS)
        self.stdout.write(json.dumps(states))
        if not health.is_well(states):
            failing = {
                part: state for part, state in states.items() if not health.is_well({part: state})
            }
            raise CommandError(
                "Not well: " + ", ".join(f"{part} {state}" for part, state in failing.items())
            )
