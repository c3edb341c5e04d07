"""Ekaterina's matching pages: run a city, read the suggestions, accept and reject; her city only."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from conftest import logged_in
from haven.audit.models import Action, Entry
from haven.matching.models import Exclusion, MatchRun, RunStatus, SuggestionStatus
from haven.matching.tests.test_services import DUMMY_TASKS, household_in, offer_in
from haven.registry.models import Household


@pytest.fixture(autouse=True)
def _quick_engine(settings: Any) -> None:
    settings.HAVEN_MATCH_SECONDS = 2


@pytest.fixture
def english(coordinator_client: Client) -> Client:
    coordinator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return coordinator_client


def run_matching(client: Client, capture: Any, slug: str = "almaty", mode: str | None = None) -> Any:
    with capture(execute=True):
        response = client.post(f"/coord/matching/regions/{slug}/run/", {} if mode is None else {"mode": mode})
    assert response.status_code == 302
    return client.get(response["Location"])


@pytest.fixture
def city(almaty: Any, host: Any) -> dict[str, Any]:
    """Two groups and two rooms in Almaty: both can be placed."""
    return {
        "alexei": household_in(almaty, "Алексей"),
        "irina": household_in(almaty, "Ирина", start=1, adults=2),
        "rooms": [offer_in(almaty, host, beds=2, languages=["ru"]), offer_in(almaty, host, beds=2)],
    }


def test_she_runs_matching_and_sees_explained_suggestions(
    english, coordinator, city, django_capture_on_commit_callbacks
):
    home = english.get("/coord/matching/")
    assert home.status_code == 200
    assert "/coord/matching/regions/almaty/run/" in home.text

    page = run_matching(english, django_capture_on_commit_callbacks)

    assert page.status_code == 200
    run = MatchRun.objects.get()
    assert run.status == RunStatus.DONE
    for alias in ("Алексей", "Ирина"):
        assert alias in page.text
    assert f"/coord/households/{city['alexei'].public_id}/" in page.text
    assert f"/coord/offers/{city['rooms'][0].public_id}/" in page.text
    assert "Covers 3 of 3 nights." in page.text
    assert "The host speaks: Russian." in page.text
    assert "Certified quality" in page.text
    assert "<progress" not in page.text
    listed = Entry.objects.filter(action=Action.LISTED, subject_kind="household", actor=coordinator)
    assert {e.subject_id for e in listed} == {str(city["alexei"].public_id), str(city["irina"].public_id)}
    assert "%" in english.get("/coord/matching/").text  # the run's quality in the list


def test_after_a_run_she_updates_it_for_a_new_group(english, almaty, host, city, django_capture_on_commit_callbacks):
    home = english.get("/coord/matching/")
    assert "Update suggestions" not in home.text  # nothing to update yet
    run_matching(english, django_capture_on_commit_callbacks)
    home = english.get("/coord/matching/")
    assert 'name="mode" value="update"' in home.text

    household_in(almaty, "Сергей", start=2)
    offer_in(almaty, host, start=2)
    page = run_matching(english, django_capture_on_commit_callbacks, mode="update")

    latest = MatchRun.objects.order_by("-created_at")[0]
    assert latest.mode == "update"
    assert latest.status == RunStatus.DONE
    assert "Сергей" in page.text
    assert "An update:" in page.text


@pytest.mark.parametrize("mode", ["bogus", "", "UPDATE" * 100])
def test_an_unknown_kind_of_run_is_a_whole_city_run(english, city, django_capture_on_commit_callbacks, mode):
    page = run_matching(english, django_capture_on_commit_callbacks, mode=mode)
    assert page.status_code == 200
    assert MatchRun.objects.get().mode == "full"


def test_the_pages_speak_russian_by_default(coordinator_client, city, django_capture_on_commit_callbacks):
    page = run_matching(coordinator_client, django_capture_on_commit_callbacks)
    assert "Подбор" in page.text
    assert "Covers" not in page.text


def test_she_accepts_one_and_rejects_the_other(english, coordinator, city, django_capture_on_commit_callbacks):
    run_matching(english, django_capture_on_commit_callbacks)
    run = MatchRun.objects.get()
    alexei = run.suggestions.get(household=city["alexei"])
    irina = run.suggestions.get(household=city["irina"])

    accepted = english.post(f"/coord/matching/suggestions/{alexei.public_id}/accept/", {"page": "1"}, follow=True)
    assert accepted.status_code == 200
    assert "Suggestion accepted." in accepted.text
    rejected = english.post(f"/coord/matching/suggestions/{irina.public_id}/reject/", follow=True)
    assert "Suggestion rejected." in rejected.text

    alexei.refresh_from_db()
    irina.refresh_from_db()
    assert (alexei.status, irina.status) == (SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED)
    assert set(Exclusion.objects.values_list("household", "offer__public_id")) == {
        (city["irina"].pk, uuid.UUID(irina.offer_ids[0]))
    }
    again = english.post(f"/coord/matching/suggestions/{irina.public_id}/accept/", follow=True)
    assert "already decided" in again.text
    assert irina.status == SuggestionStatus.REJECTED


def test_while_the_run_waits_the_page_shows_progress_that_refreshes_itself(english, almaty):
    with override_settings(TASKS=DUMMY_TASKS):
        english.post("/coord/matching/regions/almaty/run/")
    run = MatchRun.objects.get()
    page = english.get(f"/coord/matching/{run.public_id}/")
    assert "<progress" in page.text
    assert f'hx-get="/coord/matching/{run.public_id}/progress/"' in page.text
    assert 'hx-trigger="every 2s"' in page.text
    assert f'href="/coord/matching/{run.public_id}/"' in page.text  # "Refresh" without JavaScript
    fragment = english.get(f"/coord/matching/{run.public_id}/progress/")
    assert fragment.text.lstrip().startswith('<div id="run-progress"')
    assert "<html" not in fragment.text
    assert "HX-Refresh" not in fragment.headers

    MatchRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, progress=100, score=0, upper_bound=0)
    finished = english.get(f"/coord/matching/{run.public_id}/progress/")
    assert finished["HX-Refresh"] == "true"
    assert "hx-get" not in finished.text


def test_a_failed_run_says_so_and_offers_to_run_again(english, almaty):
    with override_settings(TASKS=DUMMY_TASKS):
        english.post("/coord/matching/regions/almaty/run/")
    run = MatchRun.objects.get()
    MatchRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error="RuntimeError")
    page = english.get(f"/coord/matching/{run.public_id}/")
    assert "did not finish" in page.text
    assert "RuntimeError" not in page.text
    assert "/coord/matching/regions/almaty/run/" in page.text


def test_another_citys_coordinator_gets_404_everywhere(
    coordinator_client, bishkek_coordinator, city, django_capture_on_commit_callbacks
):
    run_matching(coordinator_client, django_capture_on_commit_callbacks)
    run = MatchRun.objects.get()
    suggestion = run.suggestions.all()[0]
    entries = Entry.objects.count()
    other = logged_in(bishkek_coordinator)
    assert other.get(f"/coord/matching/{run.public_id}/").status_code == 404
    assert other.get(f"/coord/matching/{run.public_id}/progress/").status_code == 404
    assert other.post(f"/coord/matching/suggestions/{suggestion.public_id}/accept/").status_code == 404
    assert other.post(f"/coord/matching/suggestions/{suggestion.public_id}/reject/").status_code == 404
    assert other.post("/coord/matching/regions/almaty/run/").status_code == 404
    assert "Алексей" not in other.get("/coord/matching/").text
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PROPOSED
    assert Entry.objects.count() == entries
    assert MatchRun.objects.count() == 1


def test_hosts_and_strangers_see_no_matching(host, city, coordinator_client, django_capture_on_commit_callbacks):
    run_matching(coordinator_client, django_capture_on_commit_callbacks)
    run = MatchRun.objects.get()
    for url in ("/coord/matching/", f"/coord/matching/{run.public_id}/"):
        assert logged_in(host).get(url).status_code == 404
        assert Client().get(url).status_code == 302  # to the login page
    assert logged_in(host).post("/coord/matching/regions/almaty/run/").status_code == 404


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/coord/matching/not-a-uuid/"),
        ("get", "/coord/matching/12345/progress/"),
        ("get", f"/coord/matching/{uuid.uuid4()}/"),
        ("post", "/coord/matching/suggestions/garbage/accept/"),
        ("post", "/coord/matching/suggestions/'%20OR%201=1/reject/"),
        ("post", f"/coord/matching/suggestions/{uuid.uuid4()}/accept/"),
        ("post", "/coord/matching/regions/nowhere/run/"),
    ],
)
def test_bad_ids_give_404_not_500(coordinator_client, almaty, method, url):
    assert getattr(coordinator_client, method)(url).status_code == 404


def test_decisions_and_runs_need_post(coordinator_client, almaty):
    assert coordinator_client.get("/coord/matching/regions/almaty/run/").status_code == 405
    assert coordinator_client.get(f"/coord/matching/suggestions/{uuid.uuid4()}/accept/").status_code == 405


def test_the_run_page_costs_the_same_queries_for_many_suggestions(
    english, almaty, host, django_capture_on_commit_callbacks
):
    def queries_for(more_groups: int) -> int:
        for i in range(more_groups):
            household_in(almaty, f"Гость {i}")
            offer_in(almaty, host)
        run_matching(english, django_capture_on_commit_callbacks)
        run = MatchRun.objects.first()
        assert run is not None
        assert run.suggestions.count() == Household.objects.count()
        with CaptureQueriesContext(connection) as queries:
            assert english.get(f"/coord/matching/{run.public_id}/").status_code == 200
        return len(queries)

    few = queries_for(1)
    assert queries_for(6) == few
