"""The demo's routes load, in three languages, with safe links; Sergei and Irina have two
steps done on the road to Istanbul."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from haven.checklists.forms import clean_link
from haven.checklists.models import Route, Step, Tick
from haven.demo import checklists as demo

pytestmark = pytest.mark.django_db


def test_the_demo_loads_four_routes_in_three_languages_and_two_ticks_for_sergei_and_irina(db: Any):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, households=12, offers=6)
    assert Route.objects.count() == 4
    for field in ("title", "body"):
        for lang in ("ru", "kk", "en"):
            assert not Step.objects.filter(**{f"{field}_{lang}": ""}).exists(), (field, lang)
    for step in Step.objects.exclude(link=""):
        assert clean_link(step.link) == step.link
    istanbul = Route.objects.get(title_en="Almaty → Istanbul → Schengen visa")
    ticks = Tick.objects.filter(step__route=istanbul)
    assert ticks.count() == 2
    assert {tick.household.alias for tick in ticks} == {"Сергей и Ирина"}
    assert "guide/routes/" in out.getvalue()
    page = Client().get(f"/guide/routes/{istanbul.public_id}/")
    assert page.status_code == 200
    assert len(page.content) < 100_000
    assert demo.report_lines("http://localhost:8000/")[0].startswith(
        "Onward checklists: http://localhost:8000/guide/routes/"
    )
