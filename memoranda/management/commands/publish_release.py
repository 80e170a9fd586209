"""Publish the release of the quarter that closed last, unless it is published already.

Meant to run every day (cron, a systemd timer, or the daily-work entry point): the first run
after a quarter's close (plus RELEASE_DAYS_AFTER_QUARTER days) starts its release; every other
run does nothing. The task worker builds the files."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from memoranda.releases import closing_quarter, release_publish
from operators.quarters import quarter_code


class Command(BaseCommand):
    help = "Publish the release of the last quarter that closed, once (run it daily)."

    def handle(self, *args, **options):
        quarter = closing_quarter()
        try:
            release = release_publish(quarter=quarter, requested_by=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if release is None:
            self.stdout.write(
                f"The release of {quarter_code(quarter)} is published or being built already: "
                "nothing to do."
            )
        else:
            self.stdout.write(f"Release {release.name} is being built by the task worker.")
