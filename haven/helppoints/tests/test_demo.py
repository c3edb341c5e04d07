"""The demo's help points do what issue 11 says a person can try."""

from __future__ import annotations

from typing import Any

from django.test import Client

from haven.demo.tests.test_seed_demo import seed
from haven.helppoints.models import HelpPoint, Kind


def test_each_city_has_a_dozen_points_of_every_kind_listed_mapped_and_printed(db: Any) -> None:
    output = seed()
    assert "help/?city=almaty" in output
    assert "help/map/?city=almaty" in output
    assert "help/poster/" in output
    for slug in ("almaty", "astana", "bishkek"):
        points = HelpPoint.objects.filter(region__slug=slug)
        assert 10 <= points.count() <= 15
        assert {point.kind for point in points} == set(Kind.values)
        hotline = points.get(kind=Kind.HOTLINE)
        assert hotline.hours == [[["00:00", "24:00"]]] * 7
        page = Client().get(f"/help/?city={slug}")
        assert page.status_code == 200
        assert page.content.decode().count('class="help-point"') == points.count()
        assert "open-now" in page.content.decode()  # the hotline at least
        assert Client().get(f"/help/map/?city={slug}").status_code == 200
    assert any(point.hours[6] == [] for point in HelpPoint.objects.filter(kind=Kind.FOOD))  # closed on Sunday
