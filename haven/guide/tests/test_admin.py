"""Administrators keep the rule sets: one that contradicts itself is refused, with the
reason, and nothing of it is saved."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import activate_totp, logged_in, make_user
from haven.audit.models import Entry
from haven.guide.models import RuleSet, StayRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Any:
    admin = make_user("admin@example.org", is_staff=True, is_superuser=True)
    activate_totp(admin)
    client = logged_in(admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def rule_set_form(*rules: dict[str, str]) -> dict[str, str]:
    data = {
        "name_ru": "Турция", "name_kk": "Түркия", "name_en": "Türkiye", "slug": "turkiye", "country": "TR",
        "applies_to_ru": "Граждане России", "applies_to_kk": "", "applies_to_en": "", "note_ru": "", "note_kk": "",
        "note_en": "", "source_url": "https://www.mfa.gov.tr/", "last_checked": "2026-11-26", "is_active": "on",
        "position": "40", "rules-TOTAL_FORMS": str(len(rules)), "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0", "rules-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for i, rule in enumerate(rules):
        base = {"kind": "", "days": "", "window": "", "months": "", "since": "", "until": "", "exempt": "[]"}
        for key, value in {**base, **rule}.items():
            data[f"rules-{i}-{key}"] = value
    return data


def test_a_sound_rule_set_is_saved_and_the_change_audited(admin_client: Any):
    response = admin_client.post(
        "/admin/guide/ruleset/add/",
        rule_set_form({"kind": "per-entry", "days": "60"}, {"kind": "rolling", "days": "90", "window": "180"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert RuleSet.objects.get(slug="turkiye").rules.count() == 2
    assert Entry.objects.filter(subject_kind="rule-set", subject_id="turkiye").exists()


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (({"kind": "rolling", "days": "180", "window": "180"},), "less than its window"),
        (({"kind": "rolling", "days": "90", "window": ""},), "A window must be 1 to"),
        (({"kind": "per-period", "days": "90", "months": "5"},), "1, 2, 3, 4, 6 or 12 months"),
        (({"kind": "per-entry", "days": "60", "since": "2026-05-01", "until": "2026-01-01"},), "cannot end before it comes into force"),
        (({"kind": "rolling", "days": "90", "window": "180"}, {"kind": "rolling", "days": "60", "window": "180"}),
         "Two rules of the same kind are in force at once"),
        (({"kind": "rolling", "days": "90", "window": "180", "until": "2026-06-30"},
          {"kind": "rolling", "days": "60", "window": "180", "since": "2026-06-01"}),
         "Two rules of the same kind are in force at once"),
        (({"kind": "per-entry", "days": "120"}, {"kind": "rolling", "days": "90", "window": "180"}),
         "can never be used"),
        (({"kind": "registration", "days": "400"},), "Registration must be due within 1 to 365 days"),
        (({"kind": "per-entry", "days": "30", "exempt": '["passport-number"]'},), "Write a list of document kinds"),
        (({"kind": "per-entry", "days": "30", "exempt": '[["passport"]]'},), "Write a list of document kinds"),
        (({"kind": "per-entry", "days": "30", "since": "1900-01-01"},), "outside the years 2000 to 2099"),
        ((), "A rule set needs at least one rule."),
    ],
)  # fmt: skip
def test_a_rule_set_that_contradicts_itself_is_refused_and_nothing_saved(admin_client: Any, rules: Any, message: str):
    response = admin_client.post("/admin/guide/ruleset/add/", rule_set_form(*rules))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RuleSet.objects.filter(slug="turkiye").exists()
    assert not StayRule.objects.filter(rule_set__slug="turkiye").exists()


def test_a_rule_change_that_hands_over_on_a_day_is_accepted(admin_client: Any):
    response = admin_client.post(
        "/admin/guide/ruleset/add/",
        rule_set_form(
            {"kind": "rolling", "days": "90", "window": "180", "until": "2026-06-30"},
            {"kind": "rolling", "days": "60", "window": "180", "since": "2026-07-01"},
        ),
    )
    assert response.status_code == 302


def test_a_field_that_does_not_belong_to_the_kind_is_not_kept(admin_client: Any):
    admin_client.post("/admin/guide/ruleset/add/", rule_set_form({"kind": "per-entry", "days": "60", "window": "180"}))
    assert StayRule.objects.get(rule_set__slug="turkiye").window is None
