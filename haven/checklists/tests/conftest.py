"""A route from Almaty with three steps, as a coordinator of Almaty would write it."""

from __future__ import annotations

from typing import Any

import pytest

from haven.checklists import services
from haven.checklists.models import Route


def make_route(region: Any, *, by: Any = None, steps: int = 3, **fields: Any) -> Route:
    route = services.create_route(
        by=by, region=region, title_ru="Алматы → Стамбул", title_kk="Алматы → Ыстамбұл",
        title_en="Almaty → Istanbul", summary_ru="Дальше в Турцию.", **fields,
    )  # fmt: skip
    for number in range(1, steps + 1):
        services.add_step(
            route=route, by=by, title_ru=f"Шаг {number}", title_en=f"Step {number}", body_ru=f"Сделать {number}.",
            documents_ru="Загранпаспорт\n\n- Страховка\n",
        )  # fmt: skip
    return route


@pytest.fixture
def route(almaty: Any, coordinator: Any) -> Route:
    return make_route(almaty, by=coordinator)
