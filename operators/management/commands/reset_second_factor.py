"""Removes an official's second-factor devices (a lost phone): at their next login, with their
password, they set up a new authenticator app and get new recovery codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from operators.second_factor import second_factor_reset


class Command(BaseCommand):
    help = (
        "Remove the authenticator app and recovery codes of an account (a lost phone); the "
        "person sets up a new app at their next login."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No account named {username!r}.") from None
        removed = second_factor_reset(user)
        self.stdout.write(
            f"Removed {removed} device(s) of {username!r}: their next login sets up a new "
            "authenticator app and new recovery codes."
        )
