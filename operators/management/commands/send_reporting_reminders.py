from django.core.management.base import BaseCommand

from config.startup import require_mailer
from operators.reminders import reporting_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each operator's staff about declarations due soon, missing or returned. "
        "At most one e-mail a day per operator: running it again the same day sends nothing new."
    )

    def handle(self, *args, **options):
        require_mailer()
        sent = reporting_reminders_send()
        for log in sent:
            self.stdout.write(f"Reminded {log.operator} ({len(log.items)} declarations).")
        self.stdout.write(f"{len(sent)} reminder(s) sent.")
