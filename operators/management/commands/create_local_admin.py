import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Local development only (DEBUG on): create the superuser 'admin' with a generated "
        "password, printed once. Does nothing when the account exists."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "create_local_admin only runs with DEBUG on; in production use createsuperuser."
            )
        User = get_user_model()
        if User.objects.filter(username=USERNAME).exists():
            self.stdout.write(
                f"Local admin account '{USERNAME}' exists (its password was printed when it was "
                f"created; reset it with: python manage.py changepassword {USERNAME})."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=USERNAME, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Local admin account created. Log in at /admin/ as '{USERNAME}' with password: "
                f"{password}\nThis password is shown only once."
            )
        )
