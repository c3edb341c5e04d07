"""Demo onward checklists: on from Almaty to Istanbul and a Schengen visa, from Bishkek to
Tbilisi, and staying on in Kazakhstan or Kyrgyzstan, in Russian, Kazakh and English.
Sergei and Irina (Astana's showcase household) have ticked off the first two steps of the
road to Istanbul. The texts are in checklist_texts.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urljoin

from haven.accounts.models import Region, User
from haven.checklists import services
from haven.checklists.models import Route
from haven.demo import data
from haven.demo.checklist_texts import ROUTES
from haven.registry.models import Household


def _coordinator_of(slug: str) -> User | None:
    city = next(city for city in data.CITIES if city.slug == slug)
    return User.objects.filter(email=city.coordinator_email).first()


def load(*, regions: Mapping[str, Region]) -> None:
    for spec in ROUTES:
        region = regions[spec["region"]] if spec["region"] else None
        by = _coordinator_of(spec["region"] or "almaty")
        route = services.create_route(
            by=by, region=region, **{f"title_{lang}": text for lang, text in zip(("ru", "kk", "en"), spec["title"], strict=True)},
            **{f"summary_{lang}": text for lang, text in zip(("ru", "kk", "en"), spec["summary"], strict=True)},
        )  # fmt: skip
        for step in spec["steps"]:
            services.add_step(route=route, by=by, **step)
    # Sergei and Irina, two nights in Astana's showcase, are on their way to Istanbul.
    sergei = (
        Household.objects.filter(region=regions["astana"], alias=data.SHOWCASE_HOUSEHOLDS["astana"].alias)
        .order_by("created_at")
        .first()
    )
    istanbul = Route.objects.filter(title_en=ROUTES[0]["title"][2]).first()
    if sergei is not None and istanbul is not None:
        for step in istanbul.steps.order_by("position")[:2]:
            services.tick(household=sergei, step=step)


def report_lines(base: str) -> list[str]:
    if not Route.objects.exists():
        return []
    return [
        f"Onward checklists: {urljoin(base, 'guide/routes/')} (Almaty → Istanbul → Schengen, Bishkek → Tbilisi, "
        "staying on in Kazakhstan or Kyrgyzstan); with the Astana code (Сергей и Ирина) the Istanbul route shows "
        "2 steps done;",
        f"  coordinators edit them at {urljoin(base, 'guide/routes/coord/')} (each city's coordinator edits the "
        "routes from their city and the one from any city).",
    ]
