"""Sources, claims and programmes in the admin, as an official records them and chooses the
claim the portal records for a figure.

The world of tests/conftest.py, plus two sources: the ministry's release (official) and a
newspaper's article (press).
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from memoranda.claims import recorded_value_mismatch
from memoranda.models import NUMERIC_FIELDS, Claim, Commitment, Programme, Signing, Source
from operators.forms import constraint_message
from tests.admin_forms import change_form_data

# Queries of the claims' changelist as an official: session, user, the device that verified
# the session, the user's and the group's permissions, the filtered count and the page's rows
# (each row's source and subject joined, whether its sources disagree as one EXISTS). The
# same for 3 and for 30 claims, with or without the disagreement filter.
CLAIM_CHANGELIST_QUERIES = 7


def fr(message):
    """A model message as the French admin shows it."""
    with translation.override("fr"):
        return str(message)


def admin_url(model_name, view="changelist", *args):
    return reverse(f"admin:memoranda_{model_name}_{view}", args=args)


@pytest.fixture
def ministry(db):
    return Source.objects.create(
        slug="ministry-2023-03-15",
        publisher="Ministry of Industry",
        title="Signature of the offshoring memoranda",
        url="https://example.org/release",
        published_on=datetime.date(2023, 3, 15),
        kind=Source.Kind.OFFICIAL,
    )


@pytest.fixture
def newspaper(db):
    return Source.objects.create(
        slug="daily-2023-03-16",
        publisher="The Daily",
        title="1,200 jobs in offshoring",
        published_on=datetime.date(2023, 3, 16),
        kind=Source.Kind.PRESS,
        language=Source.Language.ARABIC,
    )


def claim(source, subject, field, value, number=None, qualifier="exactly", **fields):
    """A claim of `source` about `subject` (a signing, memorandum, commitment, operator or
    programme); `qualifier` is left empty for a claim about words."""
    if field not in NUMERIC_FIELDS:
        qualifier = ""
    return Claim.objects.create(
        source=source,
        **{type(subject)._meta.model_name: subject},
        field=field,
        value=value,
        number=number,
        qualifier=qualifier,
        **fields,
    )


def commitment_of(world, segment, city=None):
    return Commitment.objects.get(
        memorandum__operator__in=[world.atlas, world.rif], segment__code=segment, city__slug=city
    )


def claim_post(by, **fields):
    """The claim add page's data: a claim of the source `by`, about nothing until `fields`
    say."""
    return {
        "source": by.pk,
        "field": "jobs",
        "value": "1,200 jobs",
        "number": "1200",
        "qualifier": "exactly",
        "paraphrase": "",
        "signing": "",
        "memorandum": "",
        "commitment": "",
        "operator": "",
        "programme": "",
        "recorded_reason": "",
        **fields,
    }


def source_post(**fields):
    return {
        "slug": "agency-2024-01-10",
        "publisher": "Investment agency",
        "title": "Rif Digital in Tanger",
        "url": "https://example.org/rif",
        "kind": "official",
        "language": "fr",
        "published_on": "2024-01-10",
        "dating": "published",
        "precision": "day",
        "notes": "",
        **fields,
    }


def inline_rows(source, rows, first=0):
    """Inline data of new claims: (field, value, number, qualifier, recorded, reason) each."""
    data = {}
    for index, (field, value, number, qualifier, recorded, reason) in enumerate(rows, first):
        prefix = f"claims-{index}-"
        data.update(
            {
                prefix + "source": source.pk,
                prefix + "field": field,
                prefix + "value": value,
                prefix + "number": number,
                prefix + "qualifier": qualifier,
                prefix + "recorded_reason": reason,
            }
        )
        if recorded:
            data[prefix + "recorded"] = "on"
    return data


def errors_of(response, field):
    """Every error the admin form and its inlines show for `field`."""
    errors = list(response.context["adminform"].form.errors.get(field, []))
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            errors.extend(form.errors.get(field, []))
    return errors


class TestPagesRenderForOfficials:
    def test_source_list_shows_each_source_with_its_claims_count(
        self, official_client, world, ministry, newspaper
    ):
        claim(ministry, world.signing, "jobs", "1,200 jobs", 1200)
        claim(ministry, world.signing, "place", "Rabat")
        claim(newspaper, world.signing, "jobs", "1,200 jobs", 1200)

        response = official_client.get(admin_url("source"))

        assert response.status_code == 200
        counts = {s.slug: s.claims_count for s in response.context["cl"].result_list}
        assert counts == {"ministry-2023-03-15": 2, "daily-2023-03-16": 1}
        page = response.content.decode()
        assert "Ministry of Industry" in page
        assert "The Daily" in page

    def test_claim_list_shows_subject_wording_and_source(self, official_client, world, ministry):
        claim(ministry, commitment_of(world, "KPO", "casablanca"), "jobs", "fifty jobs", 50)

        response = official_client.get(admin_url("claim"))

        assert response.status_code == 200
        page = response.content.decode()
        assert "RIF-2024-1 – KPO – Casablanca" in page
        assert "fifty jobs" in page
        assert "Ministry of Industry" in page
        assert "?disagree=yes" in page

    def test_programme_list_counts_signings_and_claims(self, official_client, world, ministry):
        programme = Programme.objects.create(slug="offshoring", title="Offshoring programme")
        programme.signings.set([world.signing])
        claim(ministry, programme, "jobs", "5,050 jobs", 5050)
        claim(ministry, programme, "investment_mad", "65 million dirhams", 65_000_000)

        response = official_client.get(admin_url("programme"))

        [row] = response.context["cl"].result_list
        assert (row.signings_count, row.claims_count) == (1, 2)
        assert "Offshoring programme" in response.content.decode()

    @pytest.mark.parametrize("model_name", ["source", "claim", "programme"])
    def test_add_pages_render(self, official_client, world, model_name):
        response = official_client.get(admin_url(model_name, "add"))

        assert response.status_code == 200
        assert "adminform" in response.context

    def test_source_and_claim_change_pages_render(self, official_client, world, ministry):
        recorded = claim(
            ministry, world.signing, "jobs", "1,200 jobs", 1200, recorded=True, recorded_reason="R"
        )

        source_page = official_client.get(admin_url("source", "change", ministry.pk))
        claim_page = official_client.get(admin_url("claim", "change", recorded.pk))

        assert source_page.status_code == 200
        assert "https://example.org/release" in source_page.content.decode()
        assert claim_page.status_code == 200
        assert "1,200 jobs" in claim_page.content.decode()

    def test_programme_change_page_shows_its_claims_inline(self, official_client, world, ministry):
        programme = Programme.objects.create(slug="offshoring", title="Offshoring programme")
        claim(ministry, programme, "jobs", "5,050 direct jobs", 5050)

        response = official_client.get(admin_url("programme", "change", programme.pk))

        assert response.status_code == 200
        assert "5,050 direct jobs" in response.content.decode()

    @pytest.mark.parametrize("model_name", ["signing", "memorandum", "commitment", "operator"])
    def test_change_pages_show_the_claims_of_their_object(
        self, official_client, world, ministry, model_name
    ):
        subject = {
            "signing": world.signing,
            "memorandum": world.atlas_mou,
            "commitment": commitment_of(world, "BPO", "casablanca"),
            "operator": world.atlas,
        }[model_name]
        claim(ministry, subject, "name", "Said by the ministry")
        app = "operators" if model_name == "operator" else "memoranda"

        response = official_client.get(
            reverse(f"admin:{app}_{model_name}_change", args=[subject.pk])
        )

        assert response.status_code == 200
        [claims] = [i for i in response.context["inline_admin_formsets"] if i.opts.model is Claim]
        assert len(claims.formset.initial_forms) == 1
        assert "Said by the ministry" in response.content.decode()

    def test_disagreement_list_has_its_own_title(self, official_client, world):
        response = official_client.get(admin_url("claim"), {"disagree": "yes"})

        assert response.status_code == 200
        assert response.context["title"] == "Chiffres dont les sources divergent"


class TestSourceForm:
    def test_official_adds_a_source(self, official_client, world):
        response = official_client.post(admin_url("source", "add"), source_post())

        assert response.status_code == 302
        source = Source.objects.get(slug="agency-2024-01-10")
        assert (source.publisher, source.kind, source.published_on) == (
            "Investment agency",
            "official",
            datetime.date(2024, 1, 10),
        )
        assert source.history.count() == 1

    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            ({"url": "ftp://x"}, "url", None),
            (
                {"url": "ftp://example.org/release"},
                "url",
                constraint_message(Source, "source_address_http"),
            ),
            (
                {"published_on": "2099-01-01"},
                "published_on",
                constraint_message(Source, "source_date_not_in_future"),
            ),
            ({"kind": "blog"}, "kind", None),
            ({"language": "xx"}, "language", None),
            ({"published_on": "2024-02-31"}, "published_on", None),
        ],
        ids=["no-address", "ftp", "future", "kind", "language", "impossible-date"],
    )
    def test_it_refuses_bad_input_on_the_field(
        self, official_client, world, fields, field, message
    ):
        response = official_client.post(admin_url("source", "add"), source_post(**fields))

        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert list(errors) == [field]
        if message:
            assert errors[field] == [fr(message)]
        assert not Source.objects.exists()


class TestClaimForm:
    def test_official_records_a_claim_with_its_reason(self, official_client, world, ministry):
        data = claim_post(
            ministry, signing=world.signing.pk, recorded="on", recorded_reason="The ministry's."
        )

        response = official_client.post(admin_url("claim", "add"), data)

        assert response.status_code == 302
        recorded = Claim.objects.get()
        assert (recorded.signing, recorded.number, recorded.recorded) == (world.signing, 1200, True)

    def test_a_recorded_claim_without_reason_is_refused_on_the_reason(
        self, official_client, world, ministry
    ):
        data = claim_post(ministry, signing=world.signing.pk, recorded="on")

        response = official_client.post(admin_url("claim", "add"), data)

        assert response.status_code == 200
        message = constraint_message(Claim, "claim_recorded_has_reason")
        assert errors_of(response, "recorded_reason") == [fr(message)]
        assert not Claim.objects.exists()

    def test_a_second_recorded_claim_for_a_figure_is_refused_on_recorded(
        self, official_client, world, ministry, newspaper
    ):
        claim(ministry, world.signing, "jobs", "1,200", 1200, recorded=True, recorded_reason="R")
        data = claim_post(
            newspaper, signing=world.signing.pk, recorded="on", recorded_reason="The press."
        )

        response = official_client.post(admin_url("claim", "add"), data)

        assert response.status_code == 200
        message = constraint_message(Claim, "claim_one_recorded_per_signing_figure")
        assert errors_of(response, "recorded") == [fr(message)]
        assert Claim.objects.count() == 1

    @pytest.mark.parametrize(
        ("subject", "field", "number", "portal_field"),
        [
            ("commitment", "jobs", "300", "jobs committed"),
            ("commitment", "baseline_headcount", "20", "baseline headcount"),
            ("signing", "jobs", "1000", "announced jobs"),
            ("signing", "investment_mad", "65000000", "announced budget (MAD)"),
            ("memorandum", "horizon_year", "2030", "horizon year"),
        ],
    )
    def test_a_recorded_number_other_than_the_portals_is_refused_naming_the_field(
        self, official_client, world, ministry, in_english, subject, field, number, portal_field
    ):
        subjects = {
            "commitment": commitment_of(world, "BPO", "casablanca"),
            "signing": world.signing,
            "memorandum": world.atlas_mou,
        }
        data = claim_post(
            ministry,
            field=field,
            value=number,
            number=number,
            recorded="on",
            recorded_reason="Official.",
            **{subject: subjects[subject].pk},
        )

        response = official_client.post(admin_url("claim", "add"), data)

        assert response.status_code == 200
        [error] = errors_of(response, "number")
        assert f"“{portal_field}”" in error
        assert not Claim.objects.exists()

    @pytest.mark.parametrize(
        ("subject", "field", "number"),
        [
            ("commitment", "jobs", "400"),
            ("signing", "investment_mad", "10000000"),
            ("memorandum", "horizon_year", "2026"),
            ("operator", "headcount", "999"),
        ],
    )
    def test_a_recorded_claim_stating_the_portals_value_is_accepted(
        self, official_client, world, ministry, subject, field, number
    ):
        subjects = {
            "commitment": commitment_of(world, "BPO", "casablanca"),
            "signing": world.signing,
            "memorandum": world.atlas_mou,
            "operator": world.atlas,
        }
        data = claim_post(
            ministry,
            field=field,
            number=number,
            recorded="on",
            recorded_reason="Official.",
            **{subject: subjects[subject].pk},
        )

        response = official_client.post(admin_url("claim", "add"), data)

        assert response.status_code == 302
        assert Claim.objects.get().recorded

    def test_an_unknown_baseline_refuses_any_recorded_number(self, world, ministry):
        unknown = claim(ministry, commitment_of(world, "ITO"), "baseline_headcount", "10", 10)
        unknown.recorded = True

        with translation.override("en"):
            assert "no value" in recorded_value_mismatch(unknown)

    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            ({"qualifier": "sometimes"}, "qualifier", None),
            (
                {"qualifier": ""},
                "qualifier",
                constraint_message(Claim, "claim_number_with_its_qualifier"),
            ),
            (
                {"field": "place", "value": "Rabat"},
                "qualifier",
                constraint_message(Claim, "claim_number_with_its_qualifier"),
            ),
            ({"number": "-5"}, "number", constraint_message(Claim, "claim_number_not_negative")),
            ({"number": "12.5"}, "number", None),
            ({"number": "many"}, "number", None),
            ({"field": "mood"}, "field", None),
            ({"source": ""}, "source", None),
            ({"source": "abc"}, "source", None),
        ],
        ids=[
            "unknown-qualifier",
            "number-without-qualifier",
            "words-with-qualifier",
            "negative",
            "fraction",
            "not-a-number",
            "unknown-field",
            "no-source",
            "forged-source",
        ],
    )
    def test_it_refuses_bad_input_on_the_field(
        self, official_client, world, ministry, fields, field, message
    ):
        data = claim_post(ministry, signing=world.signing.pk, **fields)

        response = official_client.post(admin_url("claim", "add"), data)

        assert response.status_code == 200
        errors = errors_of(response, field)
        assert errors
        if message:
            assert fr(message) in errors
        assert not Claim.objects.exists()

    def test_a_claim_about_no_subject_or_two_is_refused(self, official_client, world, ministry):
        message = fr(constraint_message(Claim, "claim_about_one_subject"))

        none = official_client.post(admin_url("claim", "add"), claim_post(ministry))
        two = official_client.post(
            admin_url("claim", "add"),
            claim_post(ministry, signing=world.signing.pk, memorandum=world.atlas_mou.pk),
        )

        for response in (none, two):
            assert response.status_code == 200
            assert message in response.context["adminform"].form.non_field_errors()
        assert not Claim.objects.exists()


class TestClaimsInline:
    def signing_page(self, client, signing):
        return client.get(admin_url("signing", "change", signing.pk))

    def test_official_records_a_claim_on_the_signing_page(self, official_client, world, ministry):
        page = self.signing_page(official_client, world.signing)
        data = change_form_data(page, **{"claims-TOTAL_FORMS": "1"})
        data.update(inline_rows(ministry, [("jobs", "1,200 jobs", "1200", "exactly", True, "R")]))

        response = official_client.post(admin_url("signing", "change", world.signing.pk), data)

        assert response.status_code == 302
        assert world.signing.claims.get().recorded

    def test_two_recorded_claims_for_one_figure_in_the_formset_are_refused(
        self, official_client, world, ministry, newspaper
    ):
        page = self.signing_page(official_client, world.signing)
        data = change_form_data(page, **{"claims-TOTAL_FORMS": "2"})
        data.update(
            inline_rows(
                ministry,
                [
                    ("jobs", "1,200 jobs", "1200", "exactly", True, "Official."),
                    ("jobs", "1,200 jobs", "1200", "about", True, "The press."),
                ],
            )
        )

        response = official_client.post(admin_url("signing", "change", world.signing.pk), data)

        assert response.status_code == 200
        message = constraint_message(Claim, "claim_one_recorded_per_signing_figure")
        assert errors_of(response, "recorded") == [fr(message)]
        assert not Claim.objects.exists()

    def test_two_recorded_claims_on_a_new_signing_are_refused(
        self, official_client, world, ministry
    ):
        data = {
            "title": "Signing 2025",
            "slug": "signing-2025",
            "kind": "memoranda",
            "signed_on": "2025-01-10",
            "announced_jobs": "500",
            "memoranda-TOTAL_FORMS": "0",
            "memoranda-INITIAL_FORMS": "0",
            "claims-TOTAL_FORMS": "2",
            "claims-INITIAL_FORMS": "0",
            **inline_rows(
                ministry,
                [
                    ("jobs", "500 jobs", "500", "exactly", True, "Official."),
                    ("jobs", "about 500", "500", "about", True, "Also."),
                ],
            ),
        }

        refused = official_client.post(admin_url("signing", "add"), data)
        data["claims-TOTAL_FORMS"] = "1"
        accepted = official_client.post(admin_url("signing", "add"), data)

        assert refused.status_code == 200
        message = constraint_message(Claim, "claim_one_recorded_per_signing_figure")
        assert errors_of(refused, "recorded") == [fr(message)]
        assert accepted.status_code == 302
        assert Signing.objects.get(slug="signing-2025").claims.get().recorded

    def test_a_new_recorded_claim_beside_the_recorded_one_is_refused(
        self, official_client, world, ministry, newspaper
    ):
        claim(ministry, world.signing, "jobs", "1,200", 1200, recorded=True, recorded_reason="R")
        page = self.signing_page(official_client, world.signing)
        data = change_form_data(page, **{"claims-TOTAL_FORMS": "2"})
        data.update(
            inline_rows(newspaper, [("jobs", "1,200", "1200", "exactly", True, "Press.")], 1)
        )

        response = official_client.post(admin_url("signing", "change", world.signing.pk), data)

        assert response.status_code == 200
        assert len(errors_of(response, "recorded")) == 1
        assert world.signing.claims.count() == 1

    def test_the_recorded_claim_moves_to_another_in_one_post(
        self, official_client, world, ministry, newspaper
    ):
        first = claim(
            ministry, world.signing, "jobs", "1,200", 1200, recorded=True, recorded_reason="R"
        )
        page = self.signing_page(official_client, world.signing)
        data = change_form_data(page, **{"claims-TOTAL_FORMS": "2"})
        del data["claims-0-recorded"]
        data.update(
            inline_rows(newspaper, [("jobs", "1,200", "1200", "exactly", True, "Later.")], 1)
        )

        response = official_client.post(admin_url("signing", "change", world.signing.pk), data)

        assert response.status_code == 302
        first.refresh_from_db()
        assert not first.recorded
        assert world.signing.claims.get(recorded=True).source == newspaper

    def test_a_recorded_claim_disagreeing_with_the_commitment_is_refused_on_its_page(
        self, official_client, world, ministry, in_english
    ):
        commitment = commitment_of(world, "BPO", "casablanca")
        page = official_client.get(admin_url("commitment", "change", commitment.pk))
        data = change_form_data(page, **{"claims-TOTAL_FORMS": "1"})
        data.update(inline_rows(ministry, [("jobs", "500 jobs", "500", "exactly", True, "R")]))

        response = official_client.post(admin_url("commitment", "change", commitment.pk), data)

        assert response.status_code == 200
        [error] = errors_of(response, "number")
        assert "“jobs committed”" in error
        assert not Claim.objects.exists()

    def test_changing_the_figure_under_its_recorded_claim_is_refused_on_the_claim(
        self, official_client, world, ministry, in_english
    ):
        commitment = commitment_of(world, "BPO", "casablanca")
        claim(ministry, commitment, "jobs", "400 jobs", 400, recorded=True, recorded_reason="R")
        url = admin_url("commitment", "change", commitment.pk)
        page = official_client.get(url)

        refused = official_client.post(
            url, change_form_data(page, jobs_committed="450", change_reason="Addendum")
        )
        accepted = official_client.post(
            url,
            change_form_data(
                page,
                jobs_committed="450",
                change_reason="Addendum",
                **{"claims-0-number": "450", "claims-0-value": "450 jobs"},
            ),
        )

        assert refused.status_code == 200
        [error] = errors_of(refused, "number")
        assert "400" not in error
        assert "“jobs committed”" in error
        assert accepted.status_code == 302
        commitment.refresh_from_db()
        assert (commitment.jobs_committed, commitment.claims.get().number) == (450, 450)

    def test_a_recorded_claim_without_reason_is_refused_in_the_inline(
        self, official_client, world, ministry
    ):
        page = official_client.get(admin_url("memorandum", "change", world.atlas_mou.pk))
        data = change_form_data(page, **{"claims-TOTAL_FORMS": "1"})
        data.update(inline_rows(ministry, [("horizon_year", "2026", "2026", "exactly", True, "")]))

        response = official_client.post(admin_url("memorandum", "change", world.atlas_mou.pk), data)

        assert response.status_code == 200
        message = constraint_message(Claim, "claim_recorded_has_reason")
        assert errors_of(response, "recorded_reason") == [fr(message)]

    @pytest.mark.parametrize(
        ("row", "field"),
        [
            ({"claims-0-qualifier": "sometimes"}, "qualifier"),
            ({"claims-0-qualifier": ""}, "qualifier"),
            ({"claims-0-source": ""}, "source"),
            ({"claims-0-source": "9999"}, "source"),
            ({"claims-0-number": "-1"}, "number"),
            ({"claims-0-field": "mood"}, "field"),
        ],
        ids=[
            "unknown-qualifier",
            "no-qualifier",
            "no-source",
            "no-such-source",
            "negative",
            "field",
        ],
    )
    def test_bad_rows_are_refused_on_their_field(
        self, official_client, world, ministry, row, field
    ):
        page = self.signing_page(official_client, world.signing)
        data = change_form_data(page, **{"claims-TOTAL_FORMS": "1"})
        data.update(inline_rows(ministry, [("jobs", "1,200 jobs", "1200", "exactly", False, "")]))
        data.update(row)

        response = official_client.post(admin_url("signing", "change", world.signing.pk), data)

        assert response.status_code == 200
        assert errors_of(response, field)
        assert not Claim.objects.exists()

    def test_official_adds_a_programme_with_its_signings_and_claims(
        self, official_client, world, ministry
    ):
        data = {
            "title": "Outsourcing since 2021",
            "slug": "outsourcing",
            "description": "",
            "signings": [world.signing.pk],
            "claims-TOTAL_FORMS": "1",
            "claims-INITIAL_FORMS": "0",
            **inline_rows(
                ministry, [("jobs", "more than 15,800", "15800", "more_than", True, "R")]
            ),
        }

        response = official_client.post(admin_url("programme", "add"), data)

        assert response.status_code == 302
        programme = Programme.objects.get(slug="outsourcing")
        assert list(programme.signings.all()) == [world.signing]
        assert programme.claims.get().qualifier == "more_than"

    def test_a_post_without_the_claims_forms_changes_no_claim(
        self, official_client, world, ministry
    ):
        kept = claim(ministry, world.atlas, "name", "Atlas")
        page = official_client.get(
            reverse("admin:operators_operator_change", args=[world.atlas.pk])
        )
        data = {
            name: value for name, value in change_form_data(page).items() if "claims-" not in name
        }

        response = official_client.post(
            reverse("admin:operators_operator_change", args=[world.atlas.pk]), data
        )

        assert response.status_code == 302
        assert list(world.atlas.claims.all()) == [kept]


class TestSourcesDisagreeFilter:
    @pytest.fixture
    def claims(self, world, ministry, newspaper):
        """Claims by hand, named by whether their figure's sources disagree."""
        casablanca = commitment_of(world, "BPO", "casablanca")
        fes = commitment_of(world, "BPO", "fes")
        return {
            # The same number and qualifier from two sources: agreement.
            "agree_jobs_1": claim(ministry, casablanca, "jobs", "400 jobs", 400),
            "agree_jobs_2": claim(newspaper, casablanca, "jobs", "four hundred", 400),
            # Another commitment's jobs are another figure.
            "other_figure": claim(newspaper, fes, "jobs", "300 jobs", 300),
            # The same number, another qualifier.
            "qualifier_1": claim(ministry, world.signing, "jobs", "1,200", 1200),
            "qualifier_2": claim(newspaper, world.signing, "jobs", "over 1,200", 1200, "more_than"),
            # Another number.
            "number_1": claim(ministry, world.signing, "investment_mad", "10 M", 10_000_000),
            "number_2": claim(newspaper, world.signing, "investment_mad", "12 M", 12_000_000),
            # Other words.
            "words_1": claim(ministry, world.signing, "place", "Rabat"),
            "words_2": claim(newspaper, world.signing, "place", "Skhirat"),
            # The same words (words compare as worded: memoranda.claims.statement).
            "same_words_1": claim(ministry, world.atlas_mou, "name", "Atlas Relation"),
            "same_words_2": claim(newspaper, world.atlas_mou, "name", "Atlas Relation"),
            # A number against none.
            "none_1": claim(ministry, world.atlas_mou, "horizon_year", "2026", 2026),
            "none_2": claim(
                newspaper, world.atlas_mou, "horizon_year", "soon", None, "not_a_number"
            ),
            # Neither gives a number: nothing to disagree about.
            "no_number_1": claim(ministry, world.atlas, "headcount", "many", None, "not_a_number"),
            "no_number_2": claim(newspaper, world.atlas, "headcount", "lots", None, "not_a_number"),
            # Alone.
            "alone": claim(ministry, world.rif, "headcount", "about 80", 80, "about"),
        }

    def listed(self, client, **query):
        response = client.get(admin_url("claim"), query)
        assert response.status_code == 200
        return {claim.pk for claim in response.context["cl"].result_list}

    def test_yes_lists_exactly_the_claims_whose_sources_disagree(self, official_client, claims):
        disagreeing = {
            name
            for name in claims
            if name.split("_")[0] in {"qualifier", "number", "words", "none"}
        }

        listed = self.listed(official_client, disagree="yes")

        assert listed == {claims[name].pk for name in disagreeing}

    def test_no_lists_every_other_claim(self, official_client, claims):
        listed = self.listed(official_client, disagree="no")

        assert {name for name, c in claims.items() if c.pk in listed} == {
            "agree_jobs_1",
            "agree_jobs_2",
            "other_figure",
            "same_words_1",
            "same_words_2",
            "no_number_1",
            "no_number_2",
            "alone",
        }

    def test_the_column_says_the_same_as_the_filter(self, official_client, claims):
        response = official_client.get(admin_url("claim"))

        shown = {c.pk for c in response.context["cl"].result_list if c.disagreed}
        assert shown == self.listed(official_client, disagree="yes")

    def test_an_unknown_value_lists_every_claim(self, official_client, claims):
        assert len(self.listed(official_client, disagree="maybe")) == len(claims)


class TestPermissions:
    def test_officials_add_change_and_view_but_never_delete(self, db):
        officials = Group.objects.get(name="Officials")
        granted = set(
            officials.permissions.filter(
                content_type__model__in=["source", "claim", "programme"]
            ).values_list("codename", flat=True)
        )

        assert granted == {
            f"{action}_{model}"
            for model in ("source", "claim", "programme")
            for action in ("add", "change", "view")
        }

    @pytest.mark.parametrize("model_name", ["source", "claim", "programme"])
    def test_operator_staff_cannot_see_them(self, client, atlas_staff, model_name):
        client.force_login(atlas_staff)

        response = client.get(admin_url(model_name))

        assert response.status_code == 302
        assert reverse("admin:login") in response.url

    @pytest.mark.parametrize("model_name", ["source", "claim", "programme"])
    def test_staff_without_the_permission_cannot_see_them(
        self, client, world, django_user_model, admin_login, model_name
    ):
        visitor = django_user_model.objects.create_user(username="visitor", is_staff=True)
        admin_login(client, visitor)

        assert client.get(admin_url(model_name)).status_code == 403
        assert client.get(admin_url(model_name, "add")).status_code == 403

    def test_officials_cannot_delete_a_source(self, official_client, ministry):
        response = official_client.post(admin_url("source", "delete", ministry.pk), {"post": "yes"})

        assert response.status_code == 403
        assert Source.objects.filter(pk=ministry.pk).exists()


class TestClaimChangelistQueries:
    @pytest.mark.parametrize("query", [{}, {"disagree": "yes"}])
    @pytest.mark.parametrize("count", [3, 30])
    def test_queries_do_not_grow_with_claims(
        self, official_client, world, ministry, newspaper, django_assert_num_queries, count, query
    ):
        subjects = [world.signing, world.atlas_mou, world.atlas, *Commitment.objects.all()]
        for number in range(count):
            source = ministry if number % 2 else newspaper
            claim(source, subjects[number // 2 % len(subjects)], "jobs", f"{number} jobs", number)

        with django_assert_num_queries(CLAIM_CHANGELIST_QUERIES):
            response = official_client.get(admin_url("claim"), query)

        assert response.status_code == 200
        assert len(response.context["cl"].result_list) > 0
