from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.module_loading import import_string

from config.startup import require_mailer


class Command(BaseCommand):
    help = (
        "Hand the day's work to the task worker: reporting reminders, the reviewers' digest, "
        "removal of abandoned import uploads (DAILY_TASKS). Run it once a day; running it again "
        "the same day, or late, sends and removes nothing twice."
    )

    def handle(self, *args, **options):
        require_mailer()  # the reminders and the digest are e-mails
        today = timezone.localdate().isoformat()
        for path in settings.DAILY_TASKS:
            result = import_string(path).enqueue(today=today)
            self.stdout.write(f"Enqueued {path} for {today} (task {result.id}).")
