"""Matching in Haven: a city's instance, runs in the background, suggestions and decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from conftest import make_user
from haven.audit.models import Action, Entry, Why
from haven.hosting.models import HostProfile, Offer, OfferStatus, Vetting
from haven.hosting.services import create_offer
from haven.matching import services
from haven.matching.engine.model import parse_instance
from haven.matching.engine.validate import check_result, unassigned_reason
from haven.matching.models import Exclusion, MatchRun, RunMode, RunStatus, Suggestion, SuggestionStatus
from haven.registry.services import erase_household, register_household, withdraw_household

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def day(offset: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=offset)


def household_in(region: Any, alias: str = "Алексей", *, start: int = 0, nights: int = 3, **fields: Any) -> Any:
    fields = {"adults": 1, "children": 0, "languages": ["ru"], **fields}
    return register_household(
        alias=alias, region=region, needed_from=day(start), needed_until=day(start + nights), **fields
    ).household


def offer_in(region: Any, host: Any, *, start: int = 0, until: int | None = 14, **fields: Any) -> Offer:
    fields = {"beds": 1, "max_households": 1, "max_nights": 14, "languages": ["kk"], **fields}
    return create_offer(
        host=host, kind="room", region=region, district=region.districts.first(), address="ул. Абая 10",
        available_from=day(start), available_until=None if until is None else day(until), price_per_night=None,
        currency="", rules="", **fields,
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _quick_engine(settings: Any) -> None:
    settings.HAVEN_MATCH_SECONDS = 2


def run_now(region: Any, by: Any, capture: Any, mode: str = RunMode.FULL) -> MatchRun:
    """Start a run and let the (immediate) backend run it once the transaction commits."""
    with capture(execute=True):
        run = services.start_run(region=region, by=by, mode=mode)
    run.refresh_from_db()
    return run


def stored_result(run: MatchRun, instance: Any) -> dict[str, Any]:
    """The run's suggestions as a haven-match-result/1 document, for the independent validator."""
    assigned = {str(s.household.public_id): s for s in run.suggestions.select_related("household")}
    return {
        "format": "haven-match-result/1",
        "score": run.score,
        "upper_bound": run.upper_bound,
        "assignments": [{"household": h, "legs": s.legs, "reasons": s.reasons} for h, s in assigned.items()],
        "unassigned": [
            {"household": h.id, "reason": unassigned_reason(instance, h)}
            for h in instance.households
            if h.id not in assigned
        ],
    }


# --- the instance ------------------------------------------------------------------------


def test_the_instance_holds_only_what_can_be_matched_and_the_engine_accepts_it(almaty, bishkek, host):
    wanted = household_in(almaty, "Алексей", district=almaty.districts.get(slug="medeu"), pets=True)
    withdrawn = withdraw_household(household_in(almaty, "Сергей"))
    past = household_in(almaty, "Ирина", start=-5, nights=5)  # left this morning
    elsewhere = household_in(bishkek, "Бакыт")
    active = offer_in(almaty, host, step_free=True)
    open_ended = offer_in(almaty, host, until=None)
    paused = offer_in(almaty, host)
    paused.status = OfferStatus.PAUSED
    paused.save()
    withdrawn_offer = offer_in(almaty, host)
    withdrawn_offer.status = OfferStatus.WITHDRAWN
    withdrawn_offer.save()
    ended = offer_in(almaty, host, start=-10, until=0)
    other_city = offer_in(bishkek, host)
    suspended_host = make_user("suspended@example.org")
    suspended = offer_in(almaty, suspended_host)
    HostProfile.objects.filter(user=suspended_host).update(vetting=Vetting.SUSPENDED)

    raw = services.build_instance(region=almaty, today=day(0))
    instance = parse_instance(raw)

    assert {h.id for h in instance.households} == {str(wanted.public_id)}
    assert {o.id for o in instance.offers} == {str(active.public_id), str(open_ended.public_id)}
    for record in (withdrawn, past, elsewhere, paused, withdrawn_offer, ended, other_city, suspended):
        assert str(record.public_id) not in str(raw)
    (household,) = instance.households
    assert (household.city, household.district, household.pets, household.vulnerable) == (
        "almaty",
        "medeu",
        True,
        False,
    )
    offers = {o.id: o for o in instance.offers}
    assert offers[str(active.public_id)].accessible is True
    assert offers[str(open_ended.public_id)].end == day(60)


def test_the_instance_starts_today_and_carries_exclusions(almaty, host, coordinator):
    household = household_in(almaty, start=-3, nights=6)
    offer = offer_in(almaty, host, start=-20)
    Exclusion.objects.create(household=household, offer=offer, created_by=coordinator)
    instance = parse_instance(services.build_instance(region=almaty, today=day(0)))
    assert instance.households[0].start == day(0)
    assert instance.offers[0].start == day(0)
    assert instance.exclusions == {(str(household.public_id), str(offer.public_id))}


def test_an_empty_city_is_a_valid_instance(almaty):
    instance = parse_instance(services.build_instance(region=almaty, today=day(0)))
    assert instance.households == ()
    assert instance.offers == ()


# --- runs ----------------------------------------------------------------------------------


def test_a_run_stores_suggestions_that_respect_every_rule_and_capacity(
    almaty, host, coordinator, django_capture_on_commit_callbacks
):
    # Six single travellers and a family of three; 2 + 3 beds; a short flat forces a chain.
    for i in range(6):
        household_in(almaty, f"Гость {i}", start=i % 2, nights=4)
    family = household_in(almaty, "Семья", adults=2, children=1, nights=6)
    offer_in(almaty, host, beds=2, max_households=2, languages=["ru"])
    offer_in(almaty, host, beds=3, max_households=1, until=3)
    offer_in(almaty, host, beds=3, max_households=1, start=3)

    run = run_now(almaty, coordinator, django_capture_on_commit_callbacks)

    assert (run.status, run.progress, run.error) == (RunStatus.DONE, 100, "")
    assert run.requested_by == coordinator
    assert run.finished_at is not None
    assert run.started_at is not None
    instance = parse_instance(services.build_instance(region=almaty, today=day(0)))
    report = check_result(instance, stored_result(run, instance))
    assert report.ok, report.describe()
    assert report.score == pytest.approx(run.score)
    assert run.score is not None
    assert run.upper_bound is not None
    assert run.upper_bound >= run.score > 0
    assert run.stats["households"] == 7
    assert run.stats["assigned"] + run.stats["unassigned"] == 7
    assert run.stats["unassigned"] == sum(run.stats["unassigned_reasons"].values())
    chained = Suggestion.objects.get(run=run, household=family)
    assert len(chained.legs) == 2
    assert chained.reason_codes[0] == {"code": "covers", "nights": 6, "wanted": 6, "stays": 2}
    assert {"code": "children"} in chained.reason_codes
    assert all(s.status == SuggestionStatus.PROPOSED and s.reasons for s in run.suggestions.all())


def test_a_run_queues_once_and_a_second_press_gets_the_same_run(
    almaty, coordinator, django_capture_on_commit_callbacks
):
    with override_settings(TASKS=DUMMY_TASKS), django_capture_on_commit_callbacks(execute=True):
        first = services.start_run(region=almaty, by=coordinator)
        second = services.start_run(region=almaty, by=coordinator)
    assert first == second
    assert MatchRun.objects.get().status == RunStatus.QUEUED


def test_a_run_lost_by_its_worker_is_failed_and_a_new_one_starts(almaty, coordinator):
    with override_settings(TASKS=DUMMY_TASKS):
        lost = services.start_run(region=almaty, by=coordinator)
        MatchRun.objects.filter(pk=lost.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
        fresh = services.start_run(region=almaty, by=coordinator)
    lost.refresh_from_db()
    assert fresh != lost
    assert (lost.status, lost.error) == (RunStatus.FAILED, "stale")


def test_a_run_is_executed_once_even_if_the_task_comes_twice(almaty, host, coordinator):
    household_in(almaty)
    offer_in(almaty, host)
    with override_settings(TASKS=DUMMY_TASKS):
        run = services.start_run(region=almaty, by=coordinator)
    assert services.execute_run(run_id=str(run.public_id)) is not None
    assert services.execute_run(run_id=str(run.public_id)) is None
    assert Suggestion.objects.count() == 1


def test_a_run_given_up_as_stale_keeps_its_verdict_when_the_engine_returns_late(almaty, host, coordinator, monkeypatch):
    household_in(almaty)
    offer_in(almaty, host)
    real_solve = services.solve

    def slow(*args: Any, **kwargs: Any) -> Any:
        MatchRun.objects.update(status=RunStatus.FAILED, error="stale")  # what start_run does meanwhile
        return real_solve(*args, **kwargs)

    monkeypatch.setattr(services, "solve", slow)
    with override_settings(TASKS=DUMMY_TASKS):
        queued = services.start_run(region=almaty, by=coordinator)
    run = services.execute_run(run_id=queued.public_id)
    assert run is not None
    assert (run.status, run.error) == (RunStatus.FAILED, "stale")
    assert not Suggestion.objects.exists()


def test_a_failed_run_says_so_without_personal_data(almaty, coordinator, monkeypatch, caplog):
    household_in(almaty, "Алексей")

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("could not place Алексей")

    monkeypatch.setattr(services, "solve", broken)
    with override_settings(TASKS=DUMMY_TASKS):
        queued = services.start_run(region=almaty, by=coordinator)
    run = services.execute_run(run_id=queued.public_id)
    assert run is not None
    assert (run.status, run.error, run.score) == (RunStatus.FAILED, "RuntimeError", None)
    assert "Алексей" not in str(run.stats) + run.error
    assert not Suggestion.objects.exists()


# The worker checks its connection between tasks, as a real one does: no test transaction around it.
@pytest.mark.django_db(transaction=True)
def test_the_database_backend_leaves_the_run_to_the_worker(almaty, host, coordinator):
    household_in(almaty)
    offer_in(almaty, host)
    with override_settings(TASKS=DATABASE_TASKS):
        run = services.start_run(region=almaty, by=coordinator)
        run.refresh_from_db()
        assert run.status == RunStatus.QUEUED
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.suggestions.count() == 1


# --- decisions -----------------------------------------------------------------------------


def test_rejecting_rules_the_offers_out_and_the_next_run_does_not_propose_them(
    almaty, host, coordinator, django_capture_on_commit_callbacks
):
    household = household_in(almaty)
    first_choice = offer_in(almaty, host, languages=["ru"])  # the language bonus makes it the best
    other = offer_in(almaty, host)
    run = run_now(almaty, coordinator, django_capture_on_commit_callbacks)
    suggestion = run.suggestions.get()
    assert suggestion.offer_ids == [str(first_choice.public_id)]

    services.reject_suggestion(suggestion=suggestion, by=coordinator)

    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == (SuggestionStatus.REJECTED, coordinator)
    assert Exclusion.objects.filter(household=household, offer=first_choice, created_by=coordinator).exists()
    entry = Entry.objects.get(action=Action.REJECTED_SUGGESTION)
    assert (entry.actor, entry.action, entry.subject_id, entry.why) == (
        coordinator, Action.REJECTED_SUGGESTION, str(household.public_id), Why.MATCHING,
    )  # fmt: skip
    again = run_now(almaty, coordinator, django_capture_on_commit_callbacks)
    assert again != run
    assert again.suggestions.get().offer_ids == [str(other.public_id)]


def test_an_update_plans_the_new_group_and_leaves_the_others_their_suggestions(
    almaty, host, coordinator, django_capture_on_commit_callbacks
):
    first = household_in(almaty, "Алексей")
    offer_in(almaty, host)
    offer_in(almaty, host)
    run = run_now(almaty, coordinator, django_capture_on_commit_callbacks)
    kept = run.suggestions.get(household=first).legs
    assert run.state is not None

    newcomer = household_in(almaty, "Ирина")
    update = run_now(almaty, coordinator, django_capture_on_commit_callbacks, mode=RunMode.UPDATE)

    assert (update.status, update.mode) == (RunStatus.DONE, RunMode.UPDATE)
    assert update.stats["engine"]["warm"]["freed"] == 1
    assert update.suggestions.get(household=first).legs == kept
    assert update.suggestions.filter(household=newcomer).exists()
    instance = parse_instance(services.build_instance(region=almaty, today=timezone.localdate()))
    assert check_result(instance, stored_result(update, instance)).ok
    # Only the latest run keeps the engine's state.
    run.refresh_from_db()
    assert run.state is None
    assert update.state is not None


def test_an_update_with_nothing_to_start_from_matches_the_whole_city(
    almaty, host, coordinator, django_capture_on_commit_callbacks
):
    household_in(almaty)
    offer_in(almaty, host)
    update = run_now(almaty, coordinator, django_capture_on_commit_callbacks, mode=RunMode.UPDATE)
    assert update.status == RunStatus.DONE
    assert "warm" not in update.stats["engine"]
    assert update.suggestions.count() == 1


def test_an_update_from_yesterdays_run_matches_the_whole_city(
    almaty, host, coordinator, django_capture_on_commit_callbacks, monkeypatch
):
    household_in(almaty, start=1)
    offer_in(almaty, host)
    run_now(almaty, coordinator, django_capture_on_commit_callbacks)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(services.timezone, "localdate", lambda: tomorrow)
    update = run_now(almaty, coordinator, django_capture_on_commit_callbacks, mode=RunMode.UPDATE)
    assert update.status == RunStatus.DONE
    assert "warm" not in update.stats["engine"]


def test_accepting_marks_it_and_a_decision_is_taken_once(almaty, host, coordinator, django_capture_on_commit_callbacks):
    household_in(almaty)
    offer_in(almaty, host)
    suggestion = run_now(almaty, coordinator, django_capture_on_commit_callbacks).suggestions.get()
    services.accept_suggestion(suggestion=suggestion, by=coordinator)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert suggestion.decided_at is not None
    assert Entry.objects.filter(action=Action.ACCEPTED_SUGGESTION, actor=coordinator).count() == 1
    with pytest.raises(services.DecisionRefused):
        services.reject_suggestion(suggestion=suggestion, by=coordinator)
    assert not Exclusion.objects.exists()


def test_a_group_that_stopped_looking_cannot_be_accepted(almaty, host, coordinator, django_capture_on_commit_callbacks):
    household = household_in(almaty)
    offer_in(almaty, host)
    suggestion = run_now(almaty, coordinator, django_capture_on_commit_callbacks).suggestions.get()
    withdraw_household(household)
    with pytest.raises(services.DecisionRefused) as refused:
        services.accept_suggestion(suggestion=suggestion, by=coordinator)
    assert refused.value.why == "closed"
    assert Suggestion.objects.get().status == SuggestionStatus.PROPOSED


def test_erasing_a_household_deletes_its_suggestions_and_exclusions(
    almaty, host, coordinator, django_capture_on_commit_callbacks
):
    household = household_in(almaty)
    household_in(almaty, "Другой", start=5)
    offer_in(almaty, host)
    offer_in(almaty, host)
    run = run_now(almaty, coordinator, django_capture_on_commit_callbacks)
    services.reject_suggestion(suggestion=run.suggestions.get(household=household), by=coordinator)
    erase_household(household)
    assert not Suggestion.objects.filter(household_id=household.pk).exists()
    assert not Exclusion.objects.exists()
    assert run.suggestions.count() == 1
    assert not Entry.objects.filter(subject_id=str(household.public_id)).exists()


def _group_wanting_the_same_nights(almaty, alias):
    today = timezone.localdate()
    return register_household(
        alias=alias, adults=1, children=0, region=almaty, needed_from=today, needed_until=today + dt.timedelta(days=3)
    ).household


def _one_bed_city(almaty, host, coordinator):
    """One bed, and two groups who want it on the same nights."""
    from haven.hosting.services import create_offer

    today = timezone.localdate()
    offer = create_offer(
        host=host, kind="bed", region=almaty, district=almaty.districts.first(), address="ул. Абая 1", beds=1,
        max_households=1, available_from=today, available_until=today + dt.timedelta(days=10), max_nights=10,
        languages=["ru"], price_per_night=None, currency="", rules="",
    )  # fmt: skip
    first = _group_wanting_the_same_nights(almaty, "Первый")
    return offer, first


def test_a_bed_accepted_for_one_group_is_never_accepted_for_another(
    almaty, host, coordinator, django_capture_on_commit_callbacks
):
    from haven.matching import services as matching
    from haven.matching.models import Suggestion

    _, first = _one_bed_city(almaty, host, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        run1 = matching.start_run(region=almaty, by=coordinator)
    matching.accept_suggestion(suggestion=Suggestion.objects.get(run=run1, household=first), by=coordinator)

    today = timezone.localdate()
    second = _group_wanting_the_same_nights(almaty, "Второй")
    instance = matching.build_instance(region=almaty, today=today)
    assert [h["id"] for h in instance["households"]] == [str(second.public_id)]  # the placed group is out
    # Its bed is no longer offered on the nights it was given: only the nights after.
    (rest,) = instance["offers"]
    taken_until = Suggestion.objects.get(household=first).legs[0]["until"]
    assert rest["from"] == taken_until
    assert matching.offer_id_of(rest["id"]) == Suggestion.objects.get(household=first).offer_ids[0]
    # Even a stale suggestion from the first run cannot give the bed twice.
    stale = Suggestion.objects.create(
        run=run1, household=second, legs=Suggestion.objects.get(household=first).legs, value=1
    )
    with pytest.raises(matching.DecisionRefused) as refused:
        matching.accept_suggestion(suggestion=stale, by=coordinator)
    assert refused.value.why == "full"


# Accepts racing for one bed: haven/stays/tests/test_concurrency.py (20 at once, on PostgreSQL).


def test_the_engines_progress_reaches_the_run_at_most_once_a_second(almaty, coordinator, monkeypatch):
    run = MatchRun.objects.create(region=almaty, status=RunStatus.RUNNING, progress=services.PROGRESS_LOADED)
    clock = iter([100.0, 100.5, 101.6, 102.0, 103.0])
    monkeypatch.setattr(services.time, "monotonic", lambda: next(clock))
    report = services._engine_progress(run)
    report(0.5)  # written
    report(0.6)  # too soon
    report(0.7)  # written
    report(0.1)  # never backwards
    run.refresh_from_db()
    assert run.progress == services.PROGRESS_LOADED + int((services.PROGRESS_SOLVED - services.PROGRESS_LOADED) * 0.7)


def test_a_stay_from_two_runs_of_one_offer_is_cut_at_the_offers_longest_stay():
    from haven.matching.engine.model import Leg

    start = dt.date(2022, 10, 1)
    legs = [
        Leg("o~0", start, start + dt.timedelta(days=3)),
        Leg("o~1", start + dt.timedelta(days=3), start + dt.timedelta(days=7)),
        Leg("p", start + dt.timedelta(days=7), start + dt.timedelta(days=9)),
    ]
    assert services._offer_legs(legs, {"o~0": 5, "o~1": 5, "p": 5}) == [
        {"offer": "o", "from": "2022-10-01", "until": "2022-10-06"}
    ]
    assert services._offer_legs(legs, {"o~0": 7, "o~1": 7, "p": 5}) == [
        {"offer": "o", "from": "2022-10-01", "until": "2022-10-08"},
        {"offer": "p", "from": "2022-10-08", "until": "2022-10-10"},
    ]


def test_a_later_stay_leaves_the_nights_before_it_to_matching():
    d = lambda n: dt.date(2022, 10, 1) + dt.timedelta(days=n)  # noqa: E731
    assert services._still_needed(d(0), d(10), []) == (d(0), d(10))
    assert services._still_needed(d(0), d(10), [(d(5), d(7))]) == (d(0), d(5))
    assert services._still_needed(d(0), d(10), [(d(0), d(3)), (d(3), d(5))]) == (d(5), d(10))
    assert services._still_needed(d(0), d(10), [(d(0), d(3)), (d(6), d(8))]) == (d(3), d(6))
    assert services._still_needed(d(4), d(10), [(d(0), d(3))]) == (d(4), d(10))
