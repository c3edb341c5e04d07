"""Issue 6 as Ekaterina lives it: a volunteers' sheet comes in, she fixes one column,
watches the import run, opens her inbox, finds a family a place by hand and looks at
the city's dashboard, on her phone, in Russian."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD, make_coordinator, make_user
from haven.accounts.models import Region
from haven.hosting.services import create_offer
from haven.imports import services as imports
from haven.imports.models import ImportJob, ImportStatus
from haven.stays.models import Stay
from tests.e2e.test_personas import in_russian, path_is, shot, submit, totp_now, totp_secret

pytestmark = pytest.mark.e2e

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def a_sheet(today: dt.date) -> bytes:
    """A group's sheet: "Дата въезда" is not a column name Haven knows, so she maps it."""
    rows = [
        "Имя;Взрослые;Дети;Дата въезда;Выезд;Телефон",
        f"Семья Ким;2;2;{today:%d.%m.%Y};{today + dt.timedelta(days=6):%d.%m.%Y};+77019998877",
        f"Алексей;1;0;{today:%d.%m.%Y};{today + dt.timedelta(days=3):%d.%m.%Y};",
        "Без дат;1;0;;;",
    ]
    return "\n".join(rows).encode("cp1251")


def log_in(page: Page, ekaterina: Any) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", ekaterina.email)
    page.fill("input[name=password]", PASSWORD)
    submit(page)
    page.fill("input[name=code]", totp_now(totp_secret(ekaterina)))
    submit(page)
    expect(page).to_have_url(path_is("/coord/"))


def test_a_coordinators_day(new_page: Callable[..., Page], almaty: Region, settings: Any, tmp_path: Any) -> None:
    settings.TASKS = DUMMY_TASKS  # the import waits for a worker: this test is the worker
    today = timezone.localdate()
    ekaterina = make_coordinator("ekaterina@example.org", almaty)
    almira = make_user("almira@example.org", display_name="Almira")
    create_offer(
        host=almira, kind="flat", region=almaty, district=almaty.districts.get(slug="medeu"), address="ул. Абая 10",
        beds=5, max_households=1, available_from=today, available_until=today + dt.timedelta(days=20), max_nights=14,
        languages=["ru"], price_per_night=None, currency="", rules="",
    )  # fmt: skip
    sheet = tmp_path / "volunteers.csv"
    sheet.write_bytes(a_sheet(today))

    page = new_page("ekaterina")
    log_in(page, ekaterina)
    page.goto("/coord/imports/")
    in_russian(page)
    page.fill("input[name=source]", "Волонтёры Медеу")
    page.set_input_files("input[name=sheet]", str(sheet))
    submit(page, "main form[enctype]")
    job = ImportJob.objects.get()
    expect(page).to_have_url(path_is(f"/coord/imports/{job.public_id}/"))
    in_russian(page)
    # "Дата въезда" was not recognised: she picks it for the first night, and checks.
    expect(page.locator("select[name=needed_from]")).to_have_value("")
    page.select_option("select[name=needed_from]", label="Дата въезда")
    page.locator("main button[name=check]").click()
    expect(page.locator("main")).to_contain_text("Семья Ким")
    shot(page, "import-mapping")
    page.locator("main button[name=start]").click()

    # The progress bar, until the worker has run.
    expect(page.locator("#import-progress progress")).to_be_visible()
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED
    imports.run(str(job.public_id))
    page.wait_for_function("() => !document.querySelector('#import-progress progress')", timeout=10_000)
    job.refresh_from_db()
    assert (job.imported, len({e[0] for e in job.errors})) == (2, 1)
    shot(page, "import-done")

    page.goto("/coord/inbox/")
    in_russian(page)
    inbox = page.locator("main ul.list")
    expect(inbox).to_contain_text("Семья Ким")
    inbox.get_by_role("link", name="Семья Ким").click()
    in_russian(page)
    page.locator("main form[action$='/propose-plan/'] button[type=submit]").first.click()
    stay = Stay.objects.get(household__alias="Семья Ким")
    assert stay.offer.host == almira

    page.goto("/coord/dashboard/")
    in_russian(page)
    expect(page.locator("main svg.chart")).to_have_count(2)
    shot(page, "dashboard")
