import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import transaction

from memoranda.demo import DemoRefused, check_demo_database, demo_commitments_generate
from operators.history import RecordedCommand
from operators.models import Operator, OperatorMembership

STAFF_USERNAME = "demo-staff"
OFFICIAL_USERNAME = "demo-official"
# Operator 0 has not declared the last ended quarter yet: its staff have something to declare.
STAFF_OPERATOR = "demo-operator-00000"


class Command(RecordedCommand):
    help = (
        "DEMO ONLY (DEMO on, a database of its own): on an empty database, generate a demo "
        "world of operators, commitments and declarations, with a staff account of one demo "
        "operator and an official account to review declarations; their generated passwords "
        "are printed once. Does nothing when the database already holds operators."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commitments", type=int, default=300)
        parser.add_argument("--quarters", type=int, default=20)

    def handle(self, *args, commitments, quarters, **options):
        try:
            check_demo_database()
        except DemoRefused as refusal:
            raise CommandError(str(refusal)) from None
        if Operator.objects.exists():
            self.stdout.write(
                "The demo world exists (its accounts' passwords were printed when it was "
                f"created; reset one with: python manage.py changepassword {STAFF_USERNAME})."
            )
            return
        with transaction.atomic():
            counts = demo_commitments_generate(commitments, quarters)
            passwords = self.create_accounts()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo world created: {counts.commitments} commitments, "
                f"{counts.declarations} declarations. DEMO: not real figures.\n"
                f"Operator staff: log in at /accounts/login/ as '{STAFF_USERNAME}' with "
                f"password: {passwords[STAFF_USERNAME]}\n"
                f"Official: log in at /admin/ as '{OFFICIAL_USERNAME}' with password: "
                f"{passwords[OFFICIAL_USERNAME]}\n"
                "These passwords are shown only once."
            )
        )

    def create_accounts(self) -> dict[str, str]:
        User = get_user_model()
        passwords = {
            name: secrets.token_urlsafe(12) for name in (STAFF_USERNAME, OFFICIAL_USERNAME)
        }
        staff = User.objects.create_user(STAFF_USERNAME, password=passwords[STAFF_USERNAME])
        OperatorMembership.objects.create(
            user=staff, operator=Operator.objects.get(slug=STAFF_OPERATOR)
        )
        official = User.objects.create_user(
            OFFICIAL_USERNAME, password=passwords[OFFICIAL_USERNAME], is_staff=True
        )
        official.groups.add(Group.objects.get(name="Officials"))
        return passwords
