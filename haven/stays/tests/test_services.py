"""Every move of a stay, allowed and forbidden; beds never given twice; the clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from haven.matching.models import Exclusion
from haven.notify.models import Message
from haven.registry.services import withdraw_household
from haven.stays import clock, services, states
from haven.stays.models import DeclineReason, Stay, StayEvent, StayState
from haven.stays.services import LegRequest, StayRefused
from haven.stays.tests.helpers import a_household, an_offer, booked, day, proposed


def window(stay: Stay) -> tuple[dt.datetime, dt.datetime]:
    """When the proposal went out and when its answer is due."""
    assert stay.proposed_at is not None
    assert stay.expires_at is not None
    return stay.proposed_at, stay.expires_at


def refused(why: str, action, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StayRefused) as caught:
        action(*args, **kwargs)
    assert caught.value.why == why


# --- proposing -----------------------------------------------------------------------------


def test_a_proposal_holds_the_beds_tells_both_sides_and_logs_the_move(almaty, host, coordinator):
    household = a_household(almaty)
    offer = an_offer(almaty, host)
    stay = proposed(household, offer, by=coordinator)
    assert stay.state == StayState.PROPOSED
    assert stay.people == 1
    sent, due = window(stay)
    assert due - sent <= dt.timedelta(hours=3)  # the first night is tonight
    assert {m.template for m in Message.objects.all()} == {"stay_proposed_host", "stay_proposed_guest"}
    assert StayEvent.objects.get(stay=stay).move == "propose"
    assert services.occupancy([offer])[(offer.pk, day(0))] == (1, 1)


def test_a_proposal_for_later_gives_the_host_twelve_hours(almaty, host, coordinator):
    stay = proposed(a_household(almaty, start=3), an_offer(almaty, host), by=coordinator, start=3, end=5)
    sent, due = window(stay)
    assert due - sent == dt.timedelta(hours=12)


@pytest.mark.parametrize(
    ("legs", "why"),
    [
        ([(0, 0)], "dates"),
        ([(0, 31)], "window"),
        ([(-1, 2)], "past"),
        ([(0, 20)], "too-long"),
    ],
)
def test_a_proposal_outside_what_the_offer_allows_is_refused(almaty, host, coordinator, legs, why):
    household = a_household(almaty, nights=40)
    offer = an_offer(almaty, host, available_until=day(30))
    requests = [LegRequest(offer, day(a), day(b)) for a, b in legs]
    refused(why, services.propose, household=household, legs=requests, by=coordinator)
    assert not Stay.objects.exists()
    assert not Message.objects.exists()


def test_no_bed_is_given_twice(almaty, host, coordinator):
    offer = an_offer(almaty, host, beds=1)
    proposed(a_household(almaty, "Первый"), offer, by=coordinator)
    second = a_household(almaty, "Второй")
    refused("full", proposed, second, offer, by=coordinator, start=2, end=4)
    proposed(second, offer, by=coordinator, start=3, end=5)  # the nights after are free


def test_beds_and_groups_both_count(almaty, host, coordinator):
    shared = an_offer(almaty, host, beds=4, max_households=2)
    proposed(a_household(almaty, "Первый", adults=2), shared, by=coordinator)
    proposed(a_household(almaty, "Второй"), shared, by=coordinator)
    refused("full", proposed, a_household(almaty, "Третий"), shared, by=coordinator)  # one bed left, no group slot
    big = an_offer(almaty, host, beds=3, max_households=3)
    proposed(a_household(almaty, "Семья", adults=2), big, by=coordinator)
    refused("full", proposed, a_household(almaty, "Пара", adults=2), big, by=coordinator)  # slot left, beds not


def test_a_group_is_never_in_two_stays_on_one_night(almaty, host, coordinator):
    household = a_household(almaty)
    proposed(household, an_offer(almaty, host), by=coordinator)
    refused("overlap", proposed, household, an_offer(almaty, host), by=coordinator, start=2, end=4)


def test_a_closed_request_a_paused_offer_or_another_city_is_refused(almaty, bishkek, host, coordinator):
    from haven.hosting.models import OfferStatus
    from haven.hosting.services import set_offer_status

    household = a_household(almaty)
    paused = set_offer_status(an_offer(almaty, host), OfferStatus.PAUSED)
    refused("offer-closed", proposed, household, paused, by=coordinator)
    refused("offer-closed", proposed, household, an_offer(bishkek, host), by=coordinator)
    withdraw_household(household)
    refused("closed", proposed, household, an_offer(almaty, host), by=coordinator)


def test_a_chain_proposes_its_first_leg_and_holds_the_next(almaty, host, coordinator):
    household = a_household(almaty, nights=6)
    first, second = an_offer(almaty, host), an_offer(almaty, host)
    legs = [LegRequest(first, day(0), day(3)), LegRequest(second, day(3), day(6))]
    one, two = services.propose(household=household, legs=legs, by=coordinator)
    assert (one.state, two.state, two.previous) == (StayState.PROPOSED, StayState.PLANNED, one)
    refused("full", proposed, a_household(almaty, "Другой"), second, by=coordinator, start=3, end=5)
    gap = [LegRequest(first, day(0), day(2)), LegRequest(second, day(3), day(6))]
    refused("dates", services.propose, household=a_household(almaty, "Третий"), legs=gap, by=coordinator)


# --- answers ------------------------------------------------------------------------------------


def test_both_yeses_book_it_in_either_order(almaty, host, coordinator):
    stay = proposed(a_household(almaty), an_offer(almaty, host), by=coordinator)
    stay = services.guest_confirm(stay=stay)
    assert stay.state == StayState.PROPOSED
    stay = services.host_accept(stay=stay, by=host)
    assert stay.state == StayState.BOOKED
    assert stay.expires_at is None
    assert Message.objects.filter(template__in=["stay_booked_host", "stay_booked_guest"]).count() == 2
    moves = list(StayEvent.objects.filter(stay=stay).values_list("move", flat=True))
    assert moves == ["propose", "confirm", "accept", "book"]


def test_a_second_yes_or_a_yes_to_a_declined_or_expired_proposal_changes_nothing(almaty, host, coordinator):
    stay = proposed(a_household(almaty), an_offer(almaty, host), by=coordinator)
    services.host_accept(stay=stay, by=host)
    refused("already", services.host_accept, stay=stay, by=host)
    other = proposed(a_household(almaty, "Ирина"), an_offer(almaty, host), by=coordinator)
    services.host_decline(stay=other, by=host, reason=DeclineReason.DATES)
    refused("not-declined", services.host_accept, stay=other, by=host)
    refused("not-declined", services.guest_confirm, stay=other)
    late = proposed(a_household(almaty, "Сергей"), an_offer(almaty, host), by=coordinator)
    Stay.objects.filter(pk=late.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    refused("expired", services.host_accept, stay=late, by=host)
    refused("expired", services.guest_confirm, stay=late)
    late.refresh_from_db()
    assert late.host_accepted_at is None


def test_a_decline_needs_a_known_reason_and_becomes_an_exclusion(almaty, host, coordinator):
    household = a_household(almaty)
    offer = an_offer(almaty, host)
    stay = proposed(household, offer, by=coordinator)
    refused("reason", services.host_decline, stay=stay, by=host, reason="because")
    services.host_decline(stay=stay, by=host, reason=DeclineReason.FULL)
    stay.refresh_from_db()
    assert (stay.state, stay.decline_reason) == (StayState.DECLINED, DeclineReason.FULL)
    assert Exclusion.objects.filter(household=household, offer=offer).exists()
    assert services.occupancy([offer]) == {}  # the beds are free again


def test_a_declined_first_leg_releases_the_planned_ones(almaty, host, coordinator):
    household = a_household(almaty, nights=6)
    legs = [LegRequest(an_offer(almaty, host), day(0), day(3)), LegRequest(an_offer(almaty, host), day(3), day(6))]
    one, two = services.propose(household=household, legs=legs, by=coordinator)
    services.host_decline(stay=one, by=host, reason=DeclineReason.OTHER)
    two.refresh_from_db()
    assert two.state == StayState.CANCELLED


# --- the stay itself -----------------------------------------------------------------------------


def test_check_in_extend_and_check_out(almaty, host, coordinator):
    household = a_household(almaty, nights=10)
    offer = an_offer(almaty, host)
    stay = booked(household, offer, by=coordinator, host=host)
    refused("wrong-state", services.check_out, stay=stay, by=host)  # not checked in yet
    stay = services.check_in(stay=stay, by=host)
    assert stay.state == StayState.CHECKED_IN
    refused("not-longer", services.extend, stay=stay, by=host, until=day(3))
    refused("window", services.extend, stay=stay, by=host, until=day(31))
    stay = services.extend(stay=stay, by=host, until=day(6))
    assert stay.end == day(6)
    assert Message.objects.filter(template="stay_extended_guest").count() == 1
    stay = services.check_out(stay=stay, by_guest=True)
    assert (stay.state, stay.end) == (StayState.CHECKED_OUT, day(1))  # early: shortened to the first night
    assert services.occupancy([offer]) == {}


def test_an_extension_never_takes_beds_already_promised(almaty, host, coordinator):
    offer = an_offer(almaty, host, beds=1)
    stay = booked(a_household(almaty, nights=10), offer, by=coordinator, host=host)
    proposed(a_household(almaty, "Следующий", start=3), offer, by=coordinator, start=3, end=5)
    refused("full", services.extend, stay=stay, by=host, until=day(4))


def test_check_in_waits_for_the_first_night_and_no_show_for_the_next_day(almaty, host, coordinator, monkeypatch):
    stay = booked(a_household(almaty, start=1), an_offer(almaty, host), by=coordinator, host=host, start=1, end=3)
    refused("too-early", services.check_in, stay=stay, by_guest=True)
    refused("too-early", services.no_show, stay=stay, by=host)
    later = timezone.localdate() + dt.timedelta(days=2)
    monkeypatch.setattr(services, "_today", lambda: later)
    stay = services.no_show(stay=stay, by=host)
    assert stay.state == StayState.NO_SHOW
    refused("not-no-show", services.check_in, stay=stay, by=host)


def test_notes_come_after_the_stay_and_are_kept_short(almaty, host, coordinator):
    stay = booked(a_household(almaty), an_offer(almaty, host), by=coordinator, host=host)
    refused("wrong-state", services.leave_note, stay=stay, text="Всё хорошо", by_guest=True)
    services.check_in(stay=stay, by=host)
    services.check_out(stay=stay, by=host)
    refused("note", services.leave_note, stay=stay, text="x" * 501, by_guest=True)
    refused("note", services.leave_note, stay=stay, text="   ", by_guest=True)
    services.leave_note(stay=stay, text="Прекрасная хозяйка", by_guest=True)
    services.leave_note(stay=stay, text="Great guests", by_guest=False, by=host)
    stay.refresh_from_db()
    assert (stay.guest_note, stay.host_note) == ("Прекрасная хозяйка", "Great guests")


def test_every_move_in_the_table_is_reachable_and_nothing_else_is_allowed():
    for name, move in states.MOVES.items():
        for state in StayState:
            for who in ("host", "guest", "coordinator", "system"):
                assert states.allowed(name, state, who) == (state in move.sources and who in move.who)
    assert set(StayState) == states.ACTIVE | states.FINISHED


# --- the clock -------------------------------------------------------------------------------------


def test_the_clock_reminds_then_expires_and_running_it_twice_does_nothing_more(almaty, host, coordinator):
    stay = proposed(a_household(almaty, start=2), an_offer(almaty, host), by=coordinator, start=2, end=4)
    sent, due = window(stay)
    halfway = sent + dt.timedelta(hours=6, minutes=1)
    assert clock.tick(now=halfway).reminded == 1
    assert clock.tick(now=halfway).reminded == 0
    assert Message.objects.filter(template="stay_reminder_host").count() == 1
    after = due + dt.timedelta(seconds=1)
    assert clock.tick(now=after).expired == 1
    assert clock.tick(now=after).expired == 0
    stay.refresh_from_db()
    assert stay.state == StayState.EXPIRED
    assert [e.move for e in StayEvent.objects.filter(stay=stay)] == ["propose", "expire"]


def test_the_clock_hands_the_next_leg_to_its_host_before_the_last_night(almaty, host, coordinator, settings):
    settings.HAVEN_HANDOFF_DAYS = 2
    household = a_household(almaty, nights=8)
    legs = [LegRequest(an_offer(almaty, host), day(0), day(4)), LegRequest(an_offer(almaty, host), day(4), day(8))]
    one, two = services.propose(household=household, legs=legs, by=coordinator)
    assert clock.tick().handed_off == 0  # the first leg is not booked yet
    services.host_accept(stay=one, by=host)
    services.guest_confirm(stay=one)
    now = timezone.now()
    assert clock.tick(now=now).handed_off == 0  # four days away
    two_days_before = now + dt.timedelta(days=2)
    assert clock.tick(now=two_days_before).handed_off == 1
    assert clock.tick(now=two_days_before).handed_off == 0
    two.refresh_from_db()
    assert two.state == StayState.PROPOSED
    assert Message.objects.filter(key=f"stay:{two.public_id}:proposed:host").count() == 1


# --- found in review ---------------------------------------------------------------------------


def test_a_group_cannot_grow_or_move_city_while_a_host_keeps_beds_for_it(almaty, bishkek, host, coordinator):
    from haven.registry.services import ChangeRefused, update_household

    household = a_household(almaty)
    booked(household, an_offer(almaty, host, beds=2, max_households=2), by=coordinator, host=host)
    refused_change = [{"adults": 2}, {"children": 1}, {"region": bishkek}]
    for change in refused_change:
        with pytest.raises(ChangeRefused):
            update_household(household, **change)
    household.refresh_from_db()
    assert (household.adults, household.children, household.region) == (1, 0, almaty)
    update_household(household, alias="Алёша", adults=1)  # the rest, and the same size, may change


def test_a_suspended_host_cannot_say_yes_and_her_open_proposals_are_called_off(almaty, host, coordinator):
    from haven.hosting.models import Vetting
    from haven.hosting.services import vet_host

    household = a_household(almaty, nights=6)
    legs = [LegRequest(an_offer(almaty, host), day(0), day(3)), LegRequest(an_offer(almaty, host), day(3), day(6))]
    one, two = services.propose(household=household, legs=legs, by=coordinator)
    other = proposed(a_household(almaty, "Ирина"), an_offer(almaty, host), by=coordinator)
    Stay.objects.filter(pk=other.pk).update(host_accepted_at=None)
    vet_host(host=host, by=coordinator, vetting=Vetting.SUSPENDED, note="", region=almaty)
    for stay in (one, two, other):
        stay.refresh_from_db()
        assert stay.state == StayState.CANCELLED
    assert Message.objects.filter(template="stay_cancelled_host").count() >= 2


def test_a_host_who_was_suspended_after_a_proposal_cannot_accept_it(almaty, host, coordinator):
    from haven.hosting.models import HostProfile, Vetting

    stay = proposed(a_household(almaty), an_offer(almaty, host), by=coordinator)
    HostProfile.objects.update_or_create(user=host, defaults={"vetting": Vetting.SUSPENDED})  # not through vet_host
    refused("offer-closed", services.host_accept, stay=stay, by=host)


def test_once_the_host_said_yes_the_group_has_a_day_to_confirm_and_she_hears_if_it_lapses(almaty, host, coordinator):
    stay = proposed(a_household(almaty), an_offer(almaty, host), by=coordinator)
    stay = services.host_accept(stay=stay, by=host)
    _sent, due = window(stay)
    assert due - timezone.now() > dt.timedelta(hours=23)
    assert clock.tick(now=timezone.now() + dt.timedelta(hours=13)).expired == 0
    assert clock.tick(now=due + dt.timedelta(seconds=1)).expired == 1
    assert Message.objects.filter(template="stay_expired_host").count() == 1


def test_an_early_check_out_leaves_the_next_leg_standing(almaty, host, coordinator):
    household = a_household(almaty, nights=6)
    legs = [LegRequest(an_offer(almaty, host), day(0), day(3)), LegRequest(an_offer(almaty, host), day(3), day(6))]
    one, two = services.propose(household=household, legs=legs, by=coordinator)
    services.host_accept(stay=one, by=host)
    services.guest_confirm(stay=one)
    services.check_in(stay=one, by=host)
    services.check_out(stay=one, by=host)
    two.refresh_from_db()
    assert two.state == StayState.PLANNED
    assert clock.tick(now=timezone.now() + dt.timedelta(days=1)).handed_off == 1  # after a checked-out leg too


def test_the_clock_drops_a_next_leg_whose_host_can_no_longer_take_it(almaty, host, coordinator):
    from haven.hosting.models import OfferStatus
    from haven.hosting.services import set_offer_status

    household = a_household(almaty, nights=6)
    second_offer = an_offer(almaty, host)
    legs = [LegRequest(an_offer(almaty, host), day(0), day(3)), LegRequest(second_offer, day(3), day(6))]
    one, two = services.propose(household=household, legs=legs, by=coordinator)
    services.host_accept(stay=one, by=host)
    services.guest_confirm(stay=one)
    set_offer_status(second_offer, OfferStatus.PAUSED)
    assert clock.tick(now=timezone.now() + dt.timedelta(days=1)).handed_off == 0
    two.refresh_from_db()
    assert two.state == StayState.CANCELLED
    assert not Message.objects.filter(key=f"stay:{two.public_id}:proposed:host").exists()


def test_withdrawing_calls_off_the_stays_that_have_not_begun(almaty, host, coordinator):
    household = a_household(almaty, nights=6)
    legs = [LegRequest(an_offer(almaty, host), day(0), day(3)), LegRequest(an_offer(almaty, host), day(3), day(6))]
    one, two = services.propose(household=household, legs=legs, by=coordinator)
    withdraw_household(household)
    assert set(Stay.objects.values_list("state", flat=True)) == {StayState.CANCELLED}
    assert services.occupancy([one.offer, two.offer]) == {}


def test_one_stay_failing_does_not_stop_the_clock(almaty, host, coordinator, monkeypatch):
    first = proposed(a_household(almaty, "Первый", start=2), an_offer(almaty, host), by=coordinator, start=2, end=4)
    proposed(a_household(almaty, "Второй", start=2), an_offer(almaty, host), by=coordinator, start=2, end=4)
    real = clock._expire_one

    def flaky(pk: int, now: dt.datetime) -> int:
        if pk == first.pk:
            raise RuntimeError("a stray error")
        return real(pk, now)

    monkeypatch.setattr(clock, "_expire_one", flaky)
    assert clock.tick(now=timezone.now() + dt.timedelta(hours=13)).expired == 1


@pytest.mark.parametrize("state", list(StayState))
def test_every_service_move_is_refused_from_every_state_the_table_does_not_allow(
    almaty, host, coordinator, monkeypatch, state
):
    """The services and states.MOVES agree: each move works from exactly the states listed."""
    later = timezone.localdate() + dt.timedelta(days=1)  # the first night has begun and passed
    attempts = {
        "accept": ("host", lambda s: services.host_accept(stay=s, by=host)),
        "confirm": ("guest", lambda s: services.guest_confirm(stay=s)),
        "decline": ("host", lambda s: services.host_decline(stay=s, by=host, reason=DeclineReason.OTHER)),
        "check-in": ("host", lambda s: services.check_in(stay=s, by=host)),
        "no-show": ("host", lambda s: services.no_show(stay=s, by=host)),
        "extend": ("host", lambda s: services.extend(stay=s, by=host, until=day(5))),
        "check-out": ("host", lambda s: services.check_out(stay=s, by=host)),
        "cancel": ("coordinator", lambda s: services.cancel(stay=s, by=coordinator)),
    }
    for move, (who, attempt) in attempts.items():
        stay = proposed(a_household(almaty, f"{move}", nights=10), an_offer(almaty, host), by=coordinator)
        Stay.objects.filter(pk=stay.pk).update(state=state)
        monkeypatch.setattr(services, "_today", lambda: later)
        if states.allowed(move, state, who):
            attempt(stay)
        else:
            with pytest.raises(StayRefused):
                attempt(stay)
            stay.refresh_from_db()
            assert stay.state == state, move
        monkeypatch.undo()


@pytest.mark.parametrize(
    ("group", "place"),
    [
        ({"pets": True}, {"pets_ok": False}),
        ({"children": 1}, {"children_ok": False}),
        ({"step_free": True}, {"step_free": False}),
        ({}, {"women_only": True}),
    ],
)
def test_a_proposal_by_hand_keeps_the_places_rules(almaty, host, coordinator, group, place):
    refused("rules", proposed, a_household(almaty, **group), an_offer(almaty, host, **place), by=coordinator)


def test_a_hosts_record_counts_answers_and_the_median_time_to_answer(almaty, host, coordinator):
    from haven.stays.selectors import host_record

    assert host_record(host).response_rate is None
    quick = proposed(a_household(almaty, "Быстро"), an_offer(almaty, host), by=coordinator)
    slow = proposed(a_household(almaty, "Медленно"), an_offer(almaty, host), by=coordinator)
    silent = proposed(a_household(almaty, "Без ответа"), an_offer(almaty, host), by=coordinator)
    services.host_accept(stay=quick, by=host)
    services.host_decline(stay=slow, by=host, reason=DeclineReason.FULL)
    window_start, _ = window(quick)
    StayEvent.objects.filter(stay=quick, move="accept").update(at=window_start + dt.timedelta(hours=1))
    StayEvent.objects.filter(stay=slow, move="decline").update(at=window_start + dt.timedelta(hours=3))
    Stay.objects.filter(pk=slow.pk).update(proposed_at=window_start)
    record = host_record(host)
    assert (record.asked, record.answered, record.response_rate) == (2, 2, 100.0)  # one still has time
    assert record.median_hours == 2.0
    Stay.objects.filter(pk=silent.pk).update(state=StayState.EXPIRED)  # it ran out unanswered
    assert host_record(host).response_rate == 66.7
