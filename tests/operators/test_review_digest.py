"""Reviewers hear of submitted declarations by e-mail, each in their own language, only once the
submission commits: one digest a day listing what was submitted since the previous one
(REVIEW_DIGEST=daily, the default), or one e-mail per submission (REVIEW_DIGEST=each).

World (times UTC): Atlas's Casanearshore 1 has 2024 Q1 validated at 120 (submitted 10 April,
on time); on 10 July it submits 2024 Q2 at 300 (+150 %: flagged, with an explanation), on time
(due 30 July). Rif's Tanger Tech submits 2024 Q2 on 5 August: late. The digest of 6 August lists
those two, in that order, and not the validated one. Reviewers: amina (French), karim (English),
nadia (Arabic).
"""

import datetime
import subprocess
import sys

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from operators.models import (
    Declaration,
    OfficialProfile,
    ReviewDigest,
    ReviewDigestEntry,
    Site,
)
from operators.review_digest import review_digest_send
from operators.services import declaration_return, declaration_submit, declaration_validate
from tests.operators.declaration_world import draft

pytestmark = pytest.mark.django_db

LARGE = {"bpo": (250, 200, 100), "ito": (50, 40, 20)}  # 300, from 120


def at(month, day, hour=10):
    return time_machine.travel(datetime.datetime(2024, month, day, hour, tzinfo=datetime.UTC))


def submit(site, user, quarter=2, explanation="", **counts):
    declaration = draft(site, user, year=2024, quarter=quarter, **counts)
    return declaration_submit(declaration=declaration, user=user, explanation=explanation)


@pytest.fixture
def tanger_tech(world, cities, segments):
    site = Site.objects.create(operator=world.rif, name="Tanger Tech", city=cities["tanger"])
    site.segments.set([segments["BPO"], segments["ITO"]])
    return site


@pytest.fixture
def submissions(site, tanger_tech, atlas_staff, rif_staff, reviewers):
    with at(4, 10):
        first = submit(site, atlas_staff, quarter=1)
    with at(4, 12):
        declaration_validate(declaration=first, user=reviewers.amina)
    with at(7, 10):
        atlas = submit(site, atlas_staff, explanation="A new floor opened.", **LARGE)
    with at(8, 5):
        rif = submit(tanger_tech, rif_staff)
    return [atlas, rif]


@pytest.fixture
def digest(delivered):
    """The digest sent on the given day, its e-mails delivered by the task worker."""

    def send(month=8, day=6):
        with at(month, day, hour=6), delivered():
            return review_digest_send()

    return send


def by_recipient():
    return {tuple(message.to): message for message in mail.outbox}


def review_url(declaration, prefix=""):
    return f"http://127.0.0.1:8000{prefix}/admin/operators/declaration/{declaration.pk}/change/"


def test_the_digest_lists_each_submission_awaiting_review_with_flag_lateness_and_link(
    submissions, digest
):
    atlas, rif = submissions

    sent = digest()

    assert [entry.declaration for entry in sent.entries.all()] == [atlas, rif]
    english = by_recipient()[("karim@gov.example",)]
    assert english.subject == "Review digest: 2 declarations submitted"
    assert english.body == (
        "Hello,\n\n"
        "These quarterly headcount declarations were submitted since the previous digest and"
        " await review:\n\n"
        "- Atlas Relation, Casanearshore 1, 2024 Q2 – large change from the previous validated"
        f" quarter\n  {review_url(atlas, '/en')}\n"
        f"- Rif Digital, Tanger Tech, 2024 Q2 – submitted late\n  {review_url(rif, '/en')}\n\n"
        "Every declaration awaiting review:\n"
        "http://127.0.0.1:8000/en/admin/operators/declaration/?queue=pending\n\n"
        "You receive at most one digest a day, and none when nothing was submitted.\n"
    )


def test_each_reviewer_gets_one_e_mail_in_their_own_language(submissions, digest):
    atlas, _ = submissions

    digest()

    messages = by_recipient()
    assert sorted(messages) == [
        ("amina@gov.example",),
        ("karim@gov.example",),
        ("nadia@gov.example",),
    ]
    french, arabic = messages[("amina@gov.example",)], messages[("nadia@gov.example",)]
    assert review_url(atlas) in french.body
    assert "Casanearshore 1, T2 2024" in french.body
    assert review_url(atlas, "/ar") in arabic.body
    assert "Casanearshore 1, الفصل 2 من سنة 2024" in arabic.body


def test_a_second_run_the_same_day_sends_nothing(submissions, digest):
    digest()
    assert digest(day=6) is None
    assert len(mail.outbox) == 3
    assert ReviewDigest.objects.count() == 1


def test_a_late_run_lists_every_day_since_the_previous_digest_and_none_twice(
    site, tanger_tech, atlas_staff, rif_staff, reviewers, digest
):
    with at(7, 10):
        first = submit(site, atlas_staff)
    assert digest(7, 11).entries.get().declaration == first
    with at(8, 3):
        second = submit(tanger_tech, rif_staff)
    with at(8, 5):
        third = submit(site, atlas_staff, quarter=1)  # no digest ran on 4 and 5 August

    later = digest(8, 6)

    assert [entry.declaration for entry in later.entries.all()] == [second, third]
    english = [m for m in mail.outbox if m.to == ["karim@gov.example"]]
    assert [review_url(first, "/en") in m.body for m in english] == [True, False]


def test_nothing_is_sent_when_nothing_was_submitted(reviewers, digest):
    assert digest() is None
    assert mail.outbox == []
    assert not ReviewDigest.objects.exists()


def test_a_declaration_reviewed_before_the_digest_is_not_listed(submissions, reviewers, digest):
    atlas, rif = submissions
    with at(8, 5, hour=15):
        declaration_validate(declaration=rif, user=reviewers.karim)

    sent = digest()

    assert [entry.declaration for entry in sent.entries.all()] == [atlas]
    assert "Tanger Tech" not in by_recipient()[("karim@gov.example",)].body
    assert not ReviewDigestEntry.objects.filter(declaration=rif).exists()


def test_a_declaration_returned_and_submitted_again_is_listed_once(
    site, atlas_staff, reviewers, digest
):
    with at(7, 10):
        declaration = submit(site, atlas_staff)
        declaration_return(declaration=declaration, user=reviewers.amina, reason="Check ITO.")
        declaration = submit(site, atlas_staff)

    sent = digest(7, 11)

    assert sent.entries.get().declaration == declaration
    body = by_recipient()[("karim@gov.example",)].body
    assert body.count("Casanearshore 1") == 1


def test_a_submission_rolled_back_is_never_listed(site, atlas_staff, reviewers, digest):
    with at(7, 10), pytest.raises(RuntimeError), transaction.atomic():
        submit(site, atlas_staff)
        raise RuntimeError("the request fails after the submission")

    assert digest(7, 11) is None
    assert mail.outbox == []


def test_the_digest_waits_while_no_reviewer_has_an_address(site, atlas_staff, official, digest):
    with at(7, 10):
        submit(site, atlas_staff)

    assert digest(7, 11) is None  # amina has no address
    official.email = "amina@gov.example"
    official.save()
    assert digest(7, 12).entries.count() == 1
    assert [m.to for m in mail.outbox] == [["amina@gov.example"]]


def test_operators_staff_and_inactive_officials_get_no_digest(
    submissions, reviewers, atlas_staff, digest
):
    atlas_staff.email = "salma@atlas.example"
    atlas_staff.save()
    reviewers.nadia.is_active = False
    reviewers.nadia.save()

    digest()

    assert sorted(by_recipient()) == [("amina@gov.example",), ("karim@gov.example",)]


def test_each_mode_e_mails_every_reviewer_once_the_submission_commits(
    settings, site, atlas_staff, reviewers, delivered
):
    settings.REVIEW_DIGEST = "each"
    with at(7, 10), delivered():
        declaration = submit(site, atlas_staff)
        assert mail.outbox == []

    messages = by_recipient()
    assert sorted(messages) == [
        ("amina@gov.example",),
        ("karim@gov.example",),
        ("nadia@gov.example",),
    ]
    english = messages[("karim@gov.example",)]
    assert english.subject == (
        "Declaration submitted for review: Atlas Relation, Casanearshore 1, 2024 Q2"
    )
    assert review_url(declaration, "/en") in english.body
    assert not ReviewDigestEntry.objects.exists()  # nothing left for a digest


def test_each_mode_sends_nothing_for_a_submission_rolled_back(
    settings, site, atlas_staff, reviewers, delivered
):
    settings.REVIEW_DIGEST = "each"
    with at(7, 10), delivered(), pytest.raises(RuntimeError), transaction.atomic():
        submit(site, atlas_staff)
        raise RuntimeError("the request fails after the submission")

    assert mail.outbox == []
    assert not Declaration.objects.filter(status=Declaration.Status.SUBMITTED).exists()


def test_a_reviewers_language_follows_the_language_they_choose(client, official):
    client.force_login(official)
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert OfficialProfile.objects.get(user=official).language == "ar"


@pytest.mark.parametrize("value", ["weekly", "Daily", "none"])
def test_an_unknown_review_digest_setting_is_refused_naming_the_variable(value):
    env = {"PATH": "/usr/bin:/bin", "EMAIL_MAILER": "locmem", "REVIEW_DIGEST": value}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert f"REVIEW_DIGEST must be one of daily, each, not '{value}'" in result.stderr


def test_review_digest_is_daily_unless_set():
    env = {"PATH": "/usr/bin:/bin", "EMAIL_MAILER": "locmem"}
    code = "import config.settings as s; print(s.REVIEW_DIGEST)"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "daily"


def test_the_admin_shows_each_digest_and_what_it_listed(
    submissions, digest, client, admin_login, django_user_model, django_assert_max_num_queries
):
    digest()
    admin = django_user_model.objects.create_superuser("root", "root@gov.example", "x")
    admin_login(client, admin)

    with django_assert_max_num_queries(12):
        listing = client.get("/admin/operators/reviewdigest/")
    page = client.get(f"/admin/operators/reviewdigest/{ReviewDigest.objects.get().pk}/change/")

    assert listing.status_code == 200
    assert 'class="field-listed">2<' in listing.text
    assert "Casanearshore 1" in page.text and "Tanger Tech" in page.text


def test_the_digest_runs_as_many_queries_for_four_submissions_as_for_one(
    site, atlas_staff, reviewers, cities, segments
):
    def queries_of_a_digest(sites):
        for number in range(sites):
            other = Site.objects.create(
                operator=site.operator, name=f"Shore {sites}-{number}", city=cities["rabat"]
            )
            other.segments.set([segments["BPO"], segments["ITO"]])
            with at(7, 10):
                submit(other, atlas_staff)
        with at(7, 11), CaptureQueriesContext(connection) as queries:
            assert review_digest_send().entries.count() == sites
        return len(queries)

    assert queries_of_a_digest(1) == queries_of_a_digest(4) == 7


def test_a_superuser_sets_an_officials_e_mail_language_in_the_admin(
    client, admin_login, official, django_user_model
):
    admin = django_user_model.objects.create_superuser("root", "root@gov.example", "x")
    admin_login(client, admin)

    response = client.post(
        "/admin/operators/officialprofile/add/", {"user": official.pk, "language": "en"}
    )

    assert response.status_code == 302
    assert OfficialProfile.objects.get(user=official).language == "en"
