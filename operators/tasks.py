"""Work that must not hold a web request, run by the task worker (`manage.py db_worker`).

E-mails leave the request and its transaction: `email_enqueue` hands the message to the worker
once the transaction that made it commits, so that no SMTP call ever runs while rows are locked
and nothing is sent for a change that was rolled back.
"""

import datetime
import smtplib
from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from config.startup import require_mailer

# A mail server that cannot be reached is tried again, waiting 1, 2, 4, 8 minutes; a message
# the server refuses (a wrong address) is not: the task is marked failed with its error.
EMAIL_ATTEMPTS = 5
UNREACHABLE = (
    ConnectionError,
    TimeoutError,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
)


@task
def email_send(*, subject: str, body: str, recipients: list[str], attempt: int = 1) -> int:
    """Deliver one e-mail; returns the number of messages sent."""
    require_mailer()  # without a mail server the task fails, naming EMAIL_HOST
    try:
        return send_mail(subject, body, None, recipients)
    except UNREACHABLE:
        if attempt >= EMAIL_ATTEMPTS:
            raise
        retry_at = timezone.now() + datetime.timedelta(minutes=2 ** (attempt - 1))
        email_send.using(run_after=retry_at).enqueue(
            subject=subject, body=body, recipients=recipients, attempt=attempt + 1
        )
        return 0


def email_enqueue(subject: str, body: str, recipients: list[str]) -> None:
    """Send an e-mail through the worker once the current transaction commits (at once when
    none is open)."""
    transaction.on_commit(
        partial(email_send.enqueue, subject=str(subject), body=body, recipients=list(recipients))
    )
