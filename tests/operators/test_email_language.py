"""E-mails in the language each member of an operator's staff reads: French unless they chose
otherwise, through the language switcher or an official's choice at invitation.

Atlas's site Casanearshore 1 owes its 2023 Q2 declaration; on 5 August 2023 it is missing.
"""

import datetime
import re

import pytest
from django.core import mail

from operators.models import OperatorMembership, ReminderLog
from operators.reminders import reporting_reminders_send

pytestmark = pytest.mark.django_db

AUGUST_5 = datetime.date(2023, 8, 5)
INVITE_URL = "/admin/operators/operatormembership/add/"


def prefers(user, language, email):
    user.email = email
    user.save()
    OperatorMembership.objects.filter(user=user).update(language=language)


def test_a_new_membership_reads_french_by_default(atlas_staff):
    assert atlas_staff.operator_membership.language == "fr"


def test_a_reminder_to_an_arabic_preferring_member_is_in_arabic(site, atlas_staff, delivered):
    prefers(atlas_staff, "ar", "salma@atlas.example")

    with delivered():
        reporting_reminders_send(AUGUST_5)

    [message] = mail.outbox
    assert message.subject == "تصريحات فصلية بعدد المستخدمين يجب إرسالها"
    assert message.body.startswith("مرحبًا،")
    assert "Casanearshore 1, الفصل 2 من سنة 2023" in message.body
    assert "/ar/space/" in message.body


def test_a_reminder_to_an_english_preferring_member_is_in_english(site, atlas_staff, delivered):
    prefers(atlas_staff, "en", "salma@atlas.example")

    with delivered():
        reporting_reminders_send(AUGUST_5)

    [message] = mail.outbox
    assert message.subject == "Quarterly headcount declarations to send"
    assert "/en/space/" in message.body


def test_a_reminder_to_a_french_member_stays_french(site, atlas_staff, delivered):
    prefers(atlas_staff, "fr", "salma@atlas.example")

    with delivered():
        reporting_reminders_send(AUGUST_5)

    [message] = mail.outbox
    assert message.subject == "Déclarations trimestrielles des effectifs à envoyer"
    assert "http://127.0.0.1:8000/space/" in message.body


def test_members_reading_different_languages_each_get_their_own_e_mail_and_one_log(
    site, atlas_staff, django_user_model, delivered
):
    prefers(atlas_staff, "ar", "salma@atlas.example")
    colleague = django_user_model.objects.create_user(username="omar", email="omar@atlas.example")
    OperatorMembership.objects.create(user=colleague, operator=site.operator)

    with delivered():
        reporting_reminders_send(AUGUST_5)

    by_recipient = {tuple(message.to): message.subject for message in mail.outbox}
    assert by_recipient == {
        ("salma@atlas.example",): "تصريحات فصلية بعدد المستخدمين يجب إرسالها",
        ("omar@atlas.example",): "Déclarations trimestrielles des effectifs à envoyer",
    }
    log = ReminderLog.objects.get()
    assert sorted(log.recipients.split(", ")) == ["omar@atlas.example", "salma@atlas.example"]


def test_an_invitation_in_arabic_links_to_the_arabic_pages(official_client, world, delivered):
    with delivered():
        official_client.post(
            INVITE_URL,
            {
                "email": "nadia@atlas.example",
                "first_name": "Nadia",
                "operator": world.atlas.pk,
                "language": "ar",
            },
        )

    [message] = mail.outbox
    assert message.subject == "حسابك في مرصد التزامات إحداث مناصب الشغل"
    assert "اختر كلمة المرور باتباع هذا الرابط:" in message.body
    assert re.search(r"http://testserver/ar/accounts/reset/\S+/", message.body)
    assert OperatorMembership.objects.get(user__username="nadia@atlas.example").language == "ar"


def test_an_invitation_without_a_language_is_french(official_client, world, delivered):
    with delivered():
        official_client.post(
            INVITE_URL,
            {"email": "nadia@atlas.example", "first_name": "Nadia", "operator": world.atlas.pk},
        )

    [message] = mail.outbox
    assert message.subject == "Votre compte sur l’observatoire des engagements d’emploi"
    assert re.search(r"http://testserver/accounts/reset/\S+/", message.body)


def test_an_invitation_sent_again_is_in_the_members_language(
    official_client, atlas_staff, delivered
):
    prefers(atlas_staff, "en", "salma@atlas.example")

    with delivered():
        official_client.post(
            "/admin/operators/operatormembership/",
            {
                "action": "send_invitation_again",
                "_selected_action": [atlas_staff.operator_membership.pk],
            },
        )

    [message] = mail.outbox
    assert message.subject == "Your account on the job commitments monitor"


def test_a_member_who_switches_language_gets_e_mails_in_that_language(
    client, site, atlas_staff, delivered
):
    prefers(atlas_staff, "fr", "salma@atlas.example")
    client.force_login(atlas_staff)

    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/space/"})
    with delivered():
        reporting_reminders_send(AUGUST_5)

    assert response["Location"] == "/ar/space/"
    atlas_staff.operator_membership.refresh_from_db()
    assert atlas_staff.operator_membership.language == "ar"
    assert mail.outbox[0].body.startswith("مرحبًا،")


def test_switching_to_an_unknown_language_changes_nothing(client, atlas_staff):
    client.force_login(atlas_staff)

    client.post("/i18n/setlang/", {"language": "de", "next": "/"})

    atlas_staff.operator_membership.refresh_from_db()
    assert atlas_staff.operator_membership.language == "fr"


def test_visitors_and_officials_switch_language_without_a_membership(client, official):
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"})["Location"] == "/en/"

    client.force_login(official)
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/admin/"})

    assert response["Location"] == "/ar/admin/"
