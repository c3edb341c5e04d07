"""The stay clock as JSON: the command's answer over HTTP, and bad bodies refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from haven.guide.models import RuleSet, StayRule

pytestmark = pytest.mark.django_db


def ask(body: Any, *, raw: bytes | None = None, language: str = "en") -> Any:
    return Client(HTTP_ACCEPT_LANGUAGE=language).post(
        "/guide/clock.json", raw if raw is not None else json.dumps(body), content_type="application/json"
    )


def test_the_answer_has_the_commands_keys_and_more():
    response = ask({"limit": 90, "window": 180, "trips": [{"entry": "2022-09-01", "exit": "2022-10-15"}],
                    "on": "2022-12-01", "stay": 60})  # fmt: skip
    assert response.status_code == 200
    assert response.json() == {
        "on": "2022-12-01", "days_used": 45, "present": False, "last_legal_day": "2023-01-14", "days_left": 45,
        "earliest_entry": "2023-01-14", "violations": [], "unlimited": False, "registration_deadline": None,
        "limit": 90, "window": 180,
    }  # fmt: skip


def test_a_stored_rule_set_by_its_code_counts_its_per_entry_limit():
    turkey = RuleSet.objects.create(
        slug="turkiye", country="TR", name_ru="Турция", name_kk="Түркия", name_en="Türkiye", applies_to_ru="—",
        source_url="https://www.mfa.gov.tr/", last_checked="2026-11-01",
    )  # fmt: skip
    StayRule.objects.create(rule_set=turkey, kind="per-entry", days=60)
    StayRule.objects.create(rule_set=turkey, kind="rolling", days=90, window=180)
    response = ask({"rules": "turkiye", "trips": [{"entry": "2026-11-01", "exit": None}], "on": "2026-11-26"})
    # 60 days per entry from Nov 1: Dec 30 (the rolling 90 would allow until Jan 29).
    assert response.json()["last_legal_day"] == "2026-12-30"


def test_the_schengen_set_answers_by_its_code(schengen: object):
    assert ask({"rules": "schengen", "trips": [], "on": "2026-11-26"}).json()["days_left"] == 90


def test_the_rule_sets_are_listed_with_their_sources(schengen: object):
    listed = Client().get("/guide/rules.json").json()["rule_sets"]
    found = next(s for s in listed if s["code"] == "schengen")
    assert found["source"].startswith("https://")
    assert found["rules"][0] == {
        "kind": "rolling", "days": 90, "window": 180, "months": None, "since": None, "until": None,
        "exempt": ["residence"],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("body", "raw", "status", "message"),
    [
        (None, b"{not json", 400, "must be a JSON object"),
        (None, b"\xff\xfe", 400, "must be a JSON object"),
        ([1, 2], None, 400, "must be a JSON object"),
        ({"rules": "narnia", "trips": [], "on": "2026-11-26"}, None, 400, "no rule set with that code"),
        ({"limit": "ninety", "window": 180, "trips": [], "on": "2026-11-26"}, None, 400, "limit must be a whole number"),
        ({"limit": True, "window": 180, "trips": [], "on": "2026-11-26"}, None, 400, "limit must be a whole number"),
        ({"limit": 180, "window": 180, "trips": [], "on": "2026-11-26"}, None, 400, "less than its window"),
        ({"limit": 90, "window": 180, "trips": "2026-01-01", "on": "2026-11-26"}, None, 400, "trips must be a list"),
        ({"limit": 90, "window": 180, "trips": [[1]], "on": "2026-11-26"}, None, 400, "Each trip must be an object"),
        ({"limit": 90, "window": 180, "trips": [], "on": "26.11.2026"}, None, 400, "on must be a date"),
        ({"limit": 90, "window": 180, "trips": [{"entry": "2026-10-10", "exit": "2026-10-01"}], "on": "2026-11-26"},
         None, 400, "ends before it began"),
        ({"limit": 90, "window": 180, "trips": [{"entry": "1950-10-10", "exit": None}], "on": "2026-11-26"},
         None, 400, "outside the years"),
        ({"limit": 90, "window": 180, "trips": [{"entry": "2026-01-01", "exit": "2026-02-01"},
                                                {"entry": "2026-01-20", "exit": "2026-03-01"}], "on": "2026-11-26"},
         None, 400, "overlap"),
        ({"limit": 90, "window": 180, "trips": [], "on": "2026-11-26", "stay": 0}, None, 400, "planned stay must be"),
        ({"limit": 90, "window": 180, "trips": [], "on": "2026-11-26", "document": 5}, None, 400, "document must be"),
        ({"limit": 90, "window": 180, "trips": [{"entry": "2026-01-01", "exit": "2026-01-01"}] * 201,
          "on": "2026-11-26"}, None, 400, "at most 200 trips"),
        (None, b'{"trips": "' + b"x" * 70_000 + b'"}', 413, "too large"),
    ],
)  # fmt: skip
def test_bad_requests_are_refused_with_a_reason(body: Any, raw: bytes | None, status: int, message: str):
    response = ask(body, raw=raw)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_a_refusal_is_in_the_askers_language():
    response = ask({"limit": 90, "window": 180, "trips": [], "on": "вчера"}, language="ru")
    assert response.status_code == 400
    assert "должно быть датой" in response.json()["error"]


def test_only_post_is_answered():
    assert Client().get("/guide/clock.json").status_code == 405
