"""The admin requests that answered 500 answer a message or a 400, and change nothing."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from memoranda.models import Commitment, Memorandum

# English pages and messages, whatever an earlier test left active (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture
def official_browser(official, admin_login):
    """The official's client, answering 500 instead of raising, as a real server would."""
    client = Client(raise_request_exception=False)
    admin_login(client, official)
    return client


def memorandum_post(memorandum, total_forms):
    return {
        "reference": memorandum.reference,
        "operator": memorandum.operator_id,
        "signed_on": "2023-03-15",
        "horizon_year": "2026",
        "status": "in_force",
        "follow_up_quarters": "0",
        "commitments-TOTAL_FORMS": str(total_forms),
        "commitments-INITIAL_FORMS": "0",
        "commitments-MIN_NUM_FORMS": "0",
        "commitments-MAX_NUM_FORMS": "1000",
    }


def test_an_autocomplete_term_with_a_nul_is_a_400(official_browser, world):
    response = official_browser.get(
        "/admin/autocomplete/",
        {
            "term": "\x00atlas",
            "app_label": "memoranda",
            "model_name": "memorandum",
            "field_name": "operator",
        },
    )

    assert response.status_code == 400
    assert "term" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/en/", "/en/open-data/", "/en/space/", "/en/admin/memoranda/commitment/"]
)
def test_a_nul_in_any_parameter_is_a_400_naming_it(official_browser, world, path):
    response = official_browser.get(path, {"q": "a\x00b"})

    assert response.status_code == 400
    assert "“q”" in response.content.decode()


def test_the_public_list_still_names_a_nul_as_its_own_form_error(client, world):
    response = client.get("/en/commitments/", {"city": "a\x00b"})

    assert response.status_code == 200
    assert list(response.context["errors"]) == ["city"]


def test_a_nul_in_the_address_is_no_such_page(official_browser, world):
    assert official_browser.get("/admin/memoranda/memorandum/%00/change/").status_code == 404
    assert official_browser.get("/memoranda/%00/").status_code == 404


@pytest.mark.parametrize(
    "query", ["city__exact=" + "9" * 30, "id__in=-" + "9" * 30, "p=" + "9" * 5000]
)
def test_a_number_too_large_for_the_database_is_a_400_in_the_admin(official_browser, world, query):
    response = official_browser.get("/en/admin/operators/site/?" + query)

    assert response.status_code == 400
    assert "too large" in response.content.decode()


def test_a_bulk_action_on_an_id_too_large_is_a_400(official_browser, world):
    response = official_browser.post(
        reverse("admin:operators_site_changelist"),
        {"action": "delete_selected", "_selected_action": ["9" * 30], "index": "0"},
    )

    assert response.status_code == 400


def test_an_id_too_large_in_the_address_is_no_such_page(client, atlas_staff):
    client.force_login(atlas_staff)

    assert client.get(f"/space/sites/{'9' * 30}/2024/q1/").status_code == 404


def test_a_bulk_action_with_a_non_numeric_id_is_a_400_and_deletes_nothing(official_browser, world):
    response = official_browser.post(
        reverse("admin:memoranda_commitment_changelist"),
        {"action": "delete_selected", "_selected_action": ["1", "abc"], "index": "0"},
    )

    assert response.status_code == 400
    assert "_selected_action" in response.content.decode()
    assert Commitment.objects.count() == 5


def test_a_declaration_action_with_a_non_numeric_id_is_a_400(official_browser, world):
    response = official_browser.post(
        reverse("admin:operators_declaration_changelist"),
        {"action": "validate_selected", "_selected_action": ["x"], "index": "0"},
    )

    assert response.status_code == 400


@pytest.mark.parametrize("parameter", ["format=99", "format=xlsx", "nonsense=1"])
def test_an_export_with_an_unknown_format_or_filter_is_a_400(official_browser, world, parameter):
    response = official_browser.get(reverse("admin:memoranda_commitment_export") + "?" + parameter)

    assert response.status_code == 400


def test_an_export_posted_with_an_unknown_format_is_a_form_error(official_browser, world):
    response = official_browser.post(
        reverse("admin:memoranda_commitment_export"), {"format": "99", "resource": "0"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["format"]


def test_100000_inline_forms_are_refused_at_once(official_browser, world):
    memorandum = world.atlas_mou
    started = time.monotonic()

    response = official_browser.post(
        reverse("admin:memoranda_memorandum_change", args=[memorandum.pk]),
        memorandum_post(memorandum, 100_000),
    )

    assert response.status_code == 400
    assert time.monotonic() - started < 1
    assert "commitments-TOTAL_FORMS" in response.content.decode()
    assert "200" in response.content.decode()
    assert memorandum.commitments.count() == 3


def test_a_memorandum_holds_at_most_the_configured_number_of_commitments(
    official_browser, world, settings
):
    settings.MEMORANDUM_MAX_COMMITMENTS = 2
    memorandum = world.rif_mou
    data = memorandum_post(memorandum, 3)
    data.update({"signed_on": "2024-01-10", "horizon_year": "2027"})

    response = official_browser.post(
        reverse("admin:memoranda_memorandum_change", args=[memorandum.pk]), data
    )

    assert response.status_code == 400
    assert Memorandum.objects.get(pk=memorandum.pk).commitments.count() == 2


def test_a_normal_memorandum_form_still_saves(official_client, world):
    memorandum = world.rif_mou
    change_url = reverse("admin:memoranda_memorandum_change", args=[memorandum.pk])
    form = official_client.get(change_url).context["adminform"].form
    data = memorandum_post(memorandum, 0)
    data.update(
        {
            "signed_on": "2024-01-10",
            "horizon_year": "2028",
            "operator": form.initial["operator"],
            "change_reason": "Extended by a rider",  # a public figure changes
        }
    )

    response = official_client.post(change_url, data)

    assert response.status_code == 302
    assert Memorandum.objects.get(pk=memorandum.pk).horizon_year == 2028


def test_malformed_multipart_is_a_400(official_browser, world):
    response = official_browser.generic(
        "POST",
        reverse("admin:memoranda_commitment_import"),
        b'--x\r\nContent-Disposition: form-data; name="format"\r\n\r\n0',
        content_type="multipart/form-data; boundary=",
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    "data",
    [
        {"import_file_name": "nothing-here", "format": "0"},
        {"import_file_name": "x" * 5000, "format": "0"},
        {"import_file_name": "../../etc/passwd", "format": "0"},
        {"import_file_name": "nothing-here", "format": "9" * 40},
        {"import_file_name": "nothing-here", "format": "-1"},
    ],
)
def test_a_forged_import_confirmation_imports_nothing_and_is_no_server_error(
    official_browser, world, data
):
    response = official_browser.post(
        reverse("admin:memoranda_commitment_process_import"),
        {"original_file_name": "a.csv", "resource": "0", **data},
    )

    assert response.status_code in (200, 302, 400)
    assert Commitment.objects.count() == 5


@pytest.mark.parametrize("value", ["no-such-thing", "-1", "' OR 1=1 --"])
def test_an_autocomplete_field_posted_with_an_impossible_id_is_a_form_error(
    official_browser, world, value
):
    response = official_browser.post(
        reverse("admin:operators_site_add"),
        {"operator": value, "name": "Site", "city": value, "segments": value},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["operator"]


def test_a_related_choice_too_large_for_the_database_is_a_400(official_browser, world):
    response = official_browser.post(
        reverse("admin:operators_site_add"), {"operator": "9" * 40, "name": "Site"}
    )

    assert response.status_code == 400
    assert "“operator”" in response.content.decode()
