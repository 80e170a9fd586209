"""The outsourcing programme of 2022-2025, loaded from its facts sheet, and its pages.

Hand-worked figures (from the facts sheet's section 1):
- signed by 22 December 2022 (the minister's "more than 15,800"): 5,050 + 1,000 (HCL, more than)
  + 3,000 + 1,000 (Cegedim) + 1,000 (ALTEN) + 1,500 (Capgemini) + 150 (Thales, about) = 12,700;
  not found: 15,800 - 12,700 = 3,100;
- recorded in memoranda: Majorel 2,500 + Kolibri 500 = 3,000; GITEX 150 + 700 + 200 = 1,050.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from memoranda import programme_data as data
from memoranda import programme_translations as translations
from memoranda.models import Claim, Commitment, Memorandum, Programme, Signing, Source
from memoranda.programme import programme_load, programme_totals
from operators.models import Operator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

MODELS = [Signing, Memorandum, Commitment, Operator, Source, Claim, Programme]


@pytest.fixture
def programme():
    programme_load()
    return Programme.objects.get(slug="outsourcing-since-2021-11")


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_loading_twice_changes_nothing(programme):
    before = counts()
    history = Claim.history.count() + Commitment.history.count()

    assert programme_load() == []

    assert counts() == before
    assert Claim.history.count() + Commitment.history.count() == history
    assert before["Signing"] == 1 + len(data.SIGNINGS)
    assert before["Source"] == len(data.SOURCES)
    assert before["Claim"] == len(data.CLAIMS)


def test_an_officials_later_edits_survive_a_reload(programme):
    kolibri = Commitment.objects.get(memorandum__reference="MDE-2022-KOLIBRI")
    kolibri.city = None
    kolibri.save()
    founding = Signing.objects.get(slug="outsourcing-2022-04-20")
    Claim.objects.filter(signing=founding, field="investment_mad").update(
        recorded=False, recorded_reason=""
    )
    medias24 = Claim.objects.get(
        signing=founding, field="investment_mad", number=65_000_000, qualifier="exactly"
    )
    medias24.recorded, medias24.recorded_reason = True, "An official's choice"
    medias24.save()

    call_command("load_programme", verbosity=0)

    kolibri.refresh_from_db()
    assert kolibri.city is None
    recorded = Claim.objects.get(signing=founding, field="investment_mad", recorded=True)
    assert recorded.pk == medias24.pk


def test_every_figure_of_the_sheets_signings_has_a_source(programme):
    for item in data.SIGNINGS:
        signing = Signing.objects.get(slug=item.slug)
        if item.announced_jobs is not None:
            assert signing.claims.filter(field="jobs", number=item.announced_jobs).exists(), item
        if item.announced_budget_mad is not None:
            assert signing.claims.filter(
                field="investment_mad", number=item.announced_budget_mad
            ).exists(), item
        for memo in item.memoranda:
            memorandum = Memorandum.objects.get(reference=memo.reference)
            assert memorandum.signing == signing
            if memo.commitments:
                assert memorandum.claims.filter(field="horizon_year", recorded=True).exists()
            for line in memo.commitments:
                commitment = memorandum.commitments.get(segment__code=line.segment)
                assert commitment.jobs_committed == line.jobs
                assert commitment.claims.filter(field="jobs", number=line.jobs).exists()


def test_every_recorded_claim_states_the_value_the_portal_records(programme):
    pairs = {
        ("signing", "jobs"): "announced_jobs",
        ("signing", "investment_mad"): "announced_budget_mad",
        ("memorandum", "horizon_year"): "horizon_year",
        ("commitment", "jobs"): "jobs_committed",
        ("commitment", "baseline_headcount"): "baseline_headcount",
    }
    checked = 0
    for claim in Claim.objects.filter(recorded=True):
        for (subject, field), attribute in pairs.items():
            if getattr(claim, f"{subject}_id") and claim.field == field:
                assert getattr(claim.subject, attribute) == claim.number, claim
                checked += 1
    assert checked > 20


def test_stated_baselines_are_recorded_with_their_source(programme):
    cnexia = Commitment.objects.get(memorandum__reference="MDE-2022-CNEXIA")
    inetum = Commitment.objects.get(memorandum__reference="MDE-2024-INETUM")
    assert (cnexia.baseline_headcount, inetum.baseline_headcount) == (800, 800)
    claim = cnexia.claims.get(field="baseline_headcount")
    assert claim.recorded and claim.source.kind == "press"


def test_a_stated_baseline_says_it_is_the_presss_word(client, programme):
    page = client.get("/en/memoranda/MDE-2022-CNEXIA/").content.decode()
    baseline = page.split("Headcount at signature")[1]
    assert "les 800 qu&#x27;elle emploie déjà" in baseline
    reason = data.ONLY_SOURCE + " " + data.STATED
    assert escape(translations.TEXTS[reason]["en"]) in baseline


def test_a_stated_baseline_never_replaces_an_officials(db):
    from memoranda.services import founding_data_load

    founding_data_load()
    cnexia = Commitment.objects.get(memorandum__reference="MDE-2022-CNEXIA")
    cnexia.baseline_headcount = 760
    cnexia.save()

    programme_load()

    cnexia.refresh_from_db()
    assert cnexia.baseline_headcount == 760


def test_the_programme_page_sets_the_claimed_total_against_the_signings(client, programme):
    [jobs] = [t for t in programme_totals(programme) if t.claim.number == 15_800]
    assert (jobs.signings, jobs.announced, jobs.not_found) == (7, 12_700, 3_100)
    assert (jobs.lower_bounds, jobs.approximate) == (1, 1)
    [undated] = [t for t in programme_totals(programme) if t.claim.number == 14_000]
    assert undated.not_found is None

    page = client.get(programme.get_absolute_url()).content.decode()

    assert "plus de 15 800 emplois" in page
    assert "signed by then: 12,700" in page
    assert "Not found in any public memorandum recorded here: 3,100 (15,800 − 12,700)" in page
    assert "it is not compared with them" in page


@pytest.mark.parametrize(
    ("path", "figure", "claims"),
    [
        (
            "/en/memoranda/MDE-2022-NTT-DATA/",
            "figure-memorandum",
            ["à horizon 2025", "d&#x27;ici 2027", "2026"],
        ),
        ("/en/signings/outsourcing-2022-04-20/", "figure-signing", ["Tanger", "65 millions"]),
        ("/en/operators/eids-maroc/", "figure-operator", ["IDS Maroc", "Eids Maroc"]),
        ("/en/operators/hcl-technologies/", "figure-operator", ["Salé", "Technopolis, Rabat"]),
        ("/en/memoranda/MDE-2022-KOLIBRI/", "figure-commitment", ["environ 150"]),
        ("/en/memoranda/MDE-2022-ALTEN/", "figure-commitment", ["1 700, puis 2 000"]),
        ("/en/signings/thales-2022-12-22/", "figure-signing", ["146 emplois", "début 2023"]),
    ],
)
def test_each_disagreement_of_the_sheet_is_shown_where_it_belongs(
    client, programme, path, figure, claims
):
    page = client.get(path).content.decode()

    assert "sources disagree" in page
    assert f'id="{figure}-' in page
    for claim in claims:
        assert claim in page


def test_the_signing_list_gives_announced_and_recorded_jobs(client, programme):
    signings = {s.slug: s for s in Signing.objects.with_totals()}
    assert signings["outsourcing-2022-09-22"].jobs_committed == 3000
    assert signings["gitex-2025-04-15"].jobs_committed == 1050
    assert signings["gitex-2025-04-15"].announced_jobs is None

    page = client.get("/en/signings/").content.decode()

    assert page.count('data-label="Signing"') == 1 + len(data.SIGNINGS)
    assert "Regional convention" in page or "regional convention" in page
    assert "no figure published" in page


def test_a_memorandum_without_a_job_figure_says_so(client, programme):
    page = client.get("/en/memoranda/FES-2023-CNEXIA/").content.decode()
    assert "No job figure published for this memorandum" in page

    myopla = client.get("/en/signings/myopla-2024-05-16/").content.decode()
    assert "MDE-2024-MYOPLA" in myopla
    assert "no figure published" in myopla


def test_a_memorandum_whose_horizon_no_source_gives_is_recorded_without_commitment(
    client, programme
):
    hcl = Memorandum.objects.get(reference="MDE-2022-HCL")
    assert hcl.horizon_year is None and not hcl.commitments.exists()

    page = client.get(hcl.get_absolute_url()).content.decode()

    assert "not published" in page
    assert "no source publishes this memorandum&#x27;s horizon" in page or (
        "no source publishes this memorandum's horizon" in page
    )


def test_a_memorandum_without_horizon_owes_no_declaration(programme):
    from operators.calendar import owed_quarters_by_operator

    hcl = Operator.objects.get(slug="hcl-technologies")
    cnexia = Operator.objects.get(slug="cnexia")

    owed = owed_quarters_by_operator([hcl.pk, cnexia.pk])

    assert owed.get(hcl.pk, set()) == set()
    assert (2022, 3) in owed[cnexia.pk] and (2026, 4) in owed[cnexia.pk]


def test_the_admin_refuses_a_commitment_under_a_memorandum_without_horizon(
    official_client, programme, segments
):
    hcl = Memorandum.objects.get(reference="MDE-2022-HCL")

    response = official_client.post(
        "/en/admin/memoranda/commitment/add/",
        {"memorandum": hcl.pk, "segment": segments["ITO"].pk, "jobs_committed": 1000},
    )

    assert response.status_code == 200
    assert "needs its memorandum&#x27;s horizon" in response.content.decode()
    assert not hcl.commitments.exists()


def test_the_portals_classification_of_a_segment_is_said(client, programme):
    page = client.get("/en/memoranda/MDE-2024-INETUM/").content.decode()
    assert "the portal's classification" in page
    founding = client.get("/en/memoranda/MDE-2022-PHONEO/").content.decode()
    assert "the portal's classification" not in founding


def test_progress_statements_stand_apart_and_unverified(client, programme):
    page = client.get("/en/operators/alten-maroc/").content.decode()
    panel = page.split("What others have said about progress")[1]
    assert "plus de 2 200 collaborateurs" in panel
    assert "Stated by the press, not verified." in panel


def test_pages_read_claims_in_a_fixed_number_of_queries(client, programme):
    def queries(path):
        with CaptureQueriesContext(connection) as context:
            assert client.get(path).status_code == 200
        return len(context)

    few = queries("/en/signings/outsourcing-2022-09-22/")
    founding = queries("/en/signings/outsourcing-2022-04-20/")
    assert founding == few
    assert queries("/en/memoranda/MDE-2022-NTT-DATA/") == queries("/en/memoranda/MDE-2022-PHONEO/")


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"qualifier": "roughly", "number": 5}, "claim_number_with_its_qualifier"),
        ({"qualifier": "exactly", "number": None}, "claim_number_with_its_qualifier"),
        ({"qualifier": "not_a_number", "number": 5}, "claim_number_with_its_qualifier"),
        ({"recorded": True, "recorded_reason": ""}, "claim_recorded_has_reason"),
        ({"signing": None}, "claim_about_one_subject"),
    ],
)
def test_the_database_refuses_a_bad_claim(world, fields, constraint):
    source = Source.objects.create(slug="s", publisher="P", kind="press")
    values = {
        "source": source,
        "signing": world.signing,
        "field": "jobs",
        "value": "5",
        "number": 5,
        "qualifier": "exactly",
        **fields,
    }
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Claim.objects.create(**values)


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"url": "ftp://example.org/x"}, "source_address_http"),
        (
            {"published_on": datetime.date.today() + datetime.timedelta(days=3)},
            "source_date_not_in_future",
        ),
        ({"kind": "blog"}, "source_kind_known"),
    ],
)
def test_the_database_refuses_a_bad_source(db, fields, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Source.objects.create(**{"slug": "s", "publisher": "P", "kind": "press", **fields})


def test_content_reads_in_the_visitors_language(client, programme):
    hcl = translations.SIGNINGS["hcl-2022-05-28"]

    arabic = client.get("/ar/signings/hcl-2022-05-28/").content.decode()
    english = client.get("/en/signings/hcl-2022-05-28/").content.decode()
    french = client.get("/signings/hcl-2022-05-28/").content.decode()

    assert f"<h1>{escape(hcl['title']['ar'])}</h1>" in arabic
    assert f"<h1>{escape(hcl['title']['en'])}</h1>" in english
    assert "<h1>Mémorandum d&#x27;entente avec HCL Technologies</h1>" in french


def test_a_missing_translation_shows_the_french_marked_as_french(client, programme):
    signing = Signing.objects.get(slug="alten-2022-10-19")
    Signing.objects.filter(pk=signing.pk).update(notes_ar="")

    page = client.get("/ar/signings/alten-2022-10-19/").content.decode()

    assert f'<span lang="fr" dir="ltr">{escape(signing.notes)}</span>' in page


def test_an_officials_translation_survives_a_reload(programme):
    Signing.objects.filter(slug="alten-2022-10-19").update(title_en="ALTEN's memorandum")

    programme_load()

    assert Signing.objects.get(slug="alten-2022-10-19").title_en == "ALTEN's memorandum"


def test_totals_by_segment_city_and_operator_match_the_sheet(programme):
    # Worked out by hand from the sheet's section 1 (jobs recorded in memoranda only).
    commitments = Commitment.objects.in_force()
    by_segment = {}
    for commitment in commitments.select_related("segment"):
        code = commitment.segment.code
        by_segment[code] = by_segment.get(code, 0) + commitment.jobs_committed
    assert by_segment == {
        "BPO": 2000 + 1750 + 300 + 2500 + 700 + 200,
        "ITO": 1000 + 500 + 1500,
        "ESO": 1000 + 1500,
        "KPO": 150,
    }
    placed = {c.city.slug: c.jobs_committed for c in commitments.filter(city__isnull=False)}
    assert placed == {"casablanca": 500, "oujda": 200}
    capgemini = Commitment.objects.filter(
        memorandum__operator__slug="capgemini-engineering-morocco"
    )
    assert sum(c.jobs_committed for c in capgemini) == 1500
    assert sum(c.jobs_committed for c in commitments) == 13_100


def test_a_signing_no_source_dates_is_recorded_undated(client, programme):
    segula = Signing.objects.get(slug="segula-souss-massa-2023-2027")
    assert segula.signed_on is None and segula.kind == "regional"
    assert not segula.memoranda.exists()

    page = client.get(segula.get_absolute_url()).content.decode()
    listing = client.get("/en/signings/").content.decode()

    assert "not dated" in page
    assert "environ 1 000 emplois" in page
    # Listed last, after every dated signing.
    assert listing.rindex("gitex-2025-04-15") < listing.index("segula-souss-massa-2023-2027")


def test_the_home_page_qualifies_its_signings_figures_and_links_the_programme(client, programme):
    page = client.get("/en/").content.decode()

    assert 'href="/en/programmes/outsourcing-since-2021-11/"' in page
    assert 'href="/en/signings/"' in page


def test_a_memorandum_without_job_figure_or_horizon_says_both(client, programme):
    page = client.get("/en/memoranda/MDE-2024-MYOPLA/").content.decode()

    assert "No job figure published." in page
    assert "no source publishes this memorandum" in page
