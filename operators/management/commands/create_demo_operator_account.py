import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from operators.models import City, Operator, OperatorMembership, Segment, Site
from operators.sites import site_create, site_save

USERNAME = "demo-cnexia"
OPERATOR_SLUG = "cnexia"
DEMO_SITE = "DEMO – site de démonstration"


class Command(BaseCommand):
    help = (
        "Local development only (DEBUG on): a staff account of the founding operator Cnexia, "
        "with a DEMO site in Fès, so that a newcomer can try the declaration cycle. The "
        "generated password is printed once. Does nothing when the account exists."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("create_demo_operator_account only runs with DEBUG on.")
        operator = Operator.objects.filter(slug=OPERATOR_SLUG).first()
        if operator is None:
            raise CommandError("Load the founding data first: python manage.py load_founding_data")
        User = get_user_model()
        if User.objects.filter(username=USERNAME).exists():
            self.stdout.write(f"Demo operator account '{USERNAME}' exists.")
            return
        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            user = User.objects.create_user(username=USERNAME, password=password)
            OperatorMembership.objects.create(user=user, operator=operator)
            # No headcount is invented: the site only lets the demo account declare.
            bpo = Segment.objects.get(code="BPO")
            site = Site.objects.filter(operator=operator, name=DEMO_SITE).first()
            if site is None:
                fes = City.objects.get(slug="fes")
                site_create(operator=operator, name=DEMO_SITE, city=fes, segments=[bpo])
            else:
                site_save(site=site, segments={*site.segments.all(), bpo})
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo operator account created for {operator}. Log in at /accounts/login/ as "
                f"'{USERNAME}' with password: {password}\nThis password is shown only once."
            )
        )
