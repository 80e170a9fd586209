"""An e-mail backend whose server is down, for testing what a failed send leaves behind."""

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionError("The mail server is down.")
