"""Importing the sheets groups keep (tests/fixtures): reading them, checking each row as
the web form does, importing in the background, holding duplicates for a decision."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from conftest import logged_in
from haven.audit.models import Action, Entry
from haven.imports import reading, rows, services
from haven.imports.models import ImportJob, ImportStatus, SourceMapping
from haven.registry.models import Household
from haven.registry.services import register_household

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures"
# The day the fixture files were written: their dates are counted from it.
FIXTURE_DAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _on_the_fixtures_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: FIXTURE_DAY)


@pytest.fixture
def english(coordinator_client: Client) -> Client:
    coordinator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return coordinator_client


def upload(client: Client, name: str, data: bytes | None = None, source: str = "Чат соседей") -> Any:
    content = data if data is not None else (FIXTURES / name).read_bytes()
    return client.post(
        "/coord/imports/", {"region": "almaty", "source": source, "sheet": SimpleUploadedFile(name, content)}
    )


# --- reading --------------------------------------------------------------------------------


def test_a_cp1251_file_with_semicolons_and_an_empty_line_reads_right():
    table = reading.read_table("x.csv", (FIXTURES / "households-cp1251.csv").read_bytes())
    assert table.header[:3] == ["Имя", "Взрослые", "Дети"]
    assert [row[0] for row in table.rows] == ["Алексей", "Ирина и Сергей", "Семья Ким"]
    assert table.numbers == [2, 3, 4]


def test_an_xlsx_with_a_merged_header_and_excel_dates_reads_right():
    with translation.override("en"):
        table = reading.read_table("x.xlsx", (FIXTURES / "households.xlsx").read_bytes())
    assert table.header[:3] == ["Кто", "column 2", "Взрослые"]
    assert table.rows[0][4] == FIXTURE_DAY.isoformat()  # a date cell
    assert table.rows[-1][0] == "Тимур"
    assert table.numbers[-1] == 6  # the empty row 5 is skipped, the numbering is the sheet's
    assert reading.parse_date(table.rows[-1][5]) == FIXTURE_DAY + dt.timedelta(days=3)  # an Excel day number


@pytest.mark.parametrize(
    ("text", "day"),
    [("01.10.2022", dt.date(2022, 10, 1)), ("1.10.22", dt.date(2022, 10, 1)), ("2022-10-01", dt.date(2022, 10, 1)),
     ("01/10/2022", dt.date(2022, 10, 1)), ("44835", dt.date(2022, 10, 1)), ("31.02.2022", None), ("завтра", None),
     ("", None), ("1", None)],
)  # fmt: skip
def test_dates_as_people_write_them(text, day):
    assert reading.parse_date(text) == day


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("big.csv", b"a,b\n" + b"x,y\n" * (reading.MAX_BYTES // 4 + 1), "larger than 10 MB"),
        ("empty.csv", b"   \n", "empty"),
        ("only-header.csv", b"name,adults\n,,\n", "no rows"),
        ("sheet.pdf", b"%PDF-1.4 something", "CSV or an XLSX"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "cannot be opened"),
        ("binary.csv", b"name\x00adults\n\x00\x00", "does not look like a CSV"),
    ],
)
def test_a_whole_file_that_cannot_be_read_is_refused_with_a_clear_message(english, name, data, message):
    response = upload(english, name, data)
    assert response.status_code == 400
    assert message in response.text
    assert not ImportJob.objects.exists()


# --- the whole import ----------------------------------------------------------------------------


def test_a_sheet_is_mapped_previewed_imported_and_its_bad_rows_explained(
    english, coordinator, almaty, django_capture_on_commit_callbacks
):
    almaty.districts.filter(slug="medeu").update(name_ru="Медеу")  # the sheet names it in Russian
    response = upload(english, "households-utf8.csv")
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.mapping["alias"] == 0  # guessed from the header
    assert job.mapping["needed_until"] == 4
    page = english.get(f"/coord/imports/{job.public_id}/")
    assert "Row 5" in page.text  # the row without dates, with its error shown before anything happens
    assert "Enter a valid date" in page.text or "This field is required" in page.text
    assert Household.objects.count() == 0

    fields = {name: str(index) for name, index in job.mapping.items()}
    with django_capture_on_commit_callbacks(execute=True):
        english.post(f"/coord/imports/{job.public_id}/", {**fields, "remember": "on", "start": "1"})
    done = english.get(f"/coord/imports/{job.public_id}/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert (job.total, job.processed, job.imported) == (5, 5, 4)
    assert {e[0] for e in job.errors} == {5}  # its two date columns
    assert "4 households imported." in done.text
    alexei = Household.objects.get(alias="Алексей")
    assert (alexei.contact_telegram, alexei.contact_phone) == ("@alexei_k", "+77011234567")
    assert alexei.district is not None
    assert alexei.district.slug == "medeu"
    assert Household.objects.get(alias="Ирина и Сергей").pets
    assert Household.objects.filter(alias__startswith="=HYPERLINK").exists()  # text, neutralised on export
    assert job.rows == ""  # nothing left to decide: the file's contacts are dropped
    assert SourceMapping.objects.get(source="Чат соседей").mapping["alias"] == "Имя"
    assert Entry.objects.filter(action=Action.IMPORTED, actor=coordinator).count() == 2


def test_duplicates_are_held_and_she_decides_each(english, almaty, django_capture_on_commit_callbacks):
    register_household(
        alias="Алексей", region=almaty, adults=1, children=0, languages=["ru"], needed_from=FIXTURE_DAY,
        needed_until=FIXTURE_DAY + dt.timedelta(days=2), contact_telegram="@alexei_k",
    )  # fmt: skip
    register_household(
        alias="Семья Ким", region=almaty, adults=2, children=2, languages=["ru"], needed_from=FIXTURE_DAY,
        needed_until=FIXTURE_DAY + dt.timedelta(days=10),
    )  # fmt: skip
    upload(english, "households-cp1251.csv")
    job = ImportJob.objects.get()
    fields = {name: str(index) for name, index in job.mapping.items()}
    with django_capture_on_commit_callbacks(execute=True):
        english.post(f"/coord/imports/{job.public_id}/", {**fields, "start": "1"})
    job.refresh_from_db()
    assert job.imported == 1  # Ирина и Сергей
    assert sorted((n, what) for n, _, what in job.duplicates) == [(2, "contact"), (4, "request")]
    page = english.get(f"/coord/imports/{job.public_id}/")
    assert "Possibly already in Haven" in page.text

    english.post(f"/coord/imports/{job.public_id}/rows/2/update/")
    alexei = Household.objects.get(alias="Алексей")
    assert alexei.needed_until == FIXTURE_DAY + dt.timedelta(days=5)  # the sheet's dates
    english.post(f"/coord/imports/{job.public_id}/rows/4/skip/")
    assert Household.objects.filter(alias="Семья Ким").count() == 1
    job.refresh_from_db()
    assert job.duplicates == []
    assert job.rows == ""
    again = english.post(f"/coord/imports/{job.public_id}/rows/4/new/", follow=True)
    assert "no longer waiting" in again.text


def test_a_source_remembers_its_columns(english, almaty):
    SourceMapping.objects.create(region=almaty, source="Чат Медеу", mapping={"alias": "Почта", "adults": "Взрослые"})
    upload(english, "households-utf8.csv", source="Чат Медеу")
    job = ImportJob.objects.get()
    assert job.mapping["alias"] == 9  # as remembered, not as guessed
    assert job.mapping["adults"] == 1


def test_a_mapping_without_the_required_columns_is_refused(english, almaty):
    upload(english, "households.xlsx")
    job = ImportJob.objects.get()
    response = english.post(f"/coord/imports/{job.public_id}/", {"alias": "0", "start": "1"})
    assert response.status_code == 400
    job.refresh_from_db()
    assert job.status == ImportStatus.MAPPING
    bad_index = english.post(f"/coord/imports/{job.public_id}/", {"alias": "99", "adults": "x", "start": "1"})
    assert bad_index.status_code == 400


def test_an_xlsx_imports_with_its_excel_dates(english, almaty, django_capture_on_commit_callbacks):
    upload(english, "households.xlsx")
    job = ImportJob.objects.get()
    fields = {name: str(index) for name, index in job.mapping.items()}
    with django_capture_on_commit_callbacks(execute=True):
        english.post(f"/coord/imports/{job.public_id}/", {**fields, "start": "1"})
    timur = Household.objects.get(alias="Тимур")
    assert (timur.needed_from, timur.needed_until) == (FIXTURE_DAY, FIXTURE_DAY + dt.timedelta(days=3))


def test_progress_is_kept_per_batch_over_many_rows(almaty, coordinator):
    header = "Имя,Взрослые,Заезд,Выезд\n"
    body = "".join(
        f"Группа {n},1,{FIXTURE_DAY:%d.%m.%Y},{FIXTURE_DAY + dt.timedelta(days=3):%d.%m.%Y}\n" for n in range(250)
    )
    table = reading.read_table("many.csv", (header + body).encode())
    job = services.start(region=almaty, by=coordinator, source="s", file_name="many.csv", table=table)
    services.set_mapping(
        job=job, mapping={"alias": 0, "adults": 1, "needed_from": 2, "needed_until": 3}, remember=False
    )
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    services.run(str(job.public_id))
    job.refresh_from_db()
    assert (job.processed, job.imported, job.status) == (250, 250, ImportStatus.DONE)
    assert services.run(str(job.public_id)) is None  # run once


def test_another_citys_coordinator_sees_no_import(english, almaty, bishkek_coordinator):
    upload(english, "households-utf8.csv")
    job = ImportJob.objects.get()
    other = logged_in(bishkek_coordinator)
    assert other.get(f"/coord/imports/{job.public_id}/").status_code == 404
    assert other.post(f"/coord/imports/{job.public_id}/rows/2/new/").status_code == 404
    assert "Чат соседей" not in other.get("/coord/imports/").text
    assert (
        other.post(
            "/coord/imports/",
            {"region": "almaty", "source": "x", "sheet": SimpleUploadedFile("a.csv", io.BytesIO(b"a").read())},
        ).status_code
        == 400
    )


def test_found_in_review_wide_sheets_failures_reimports_and_partial_updates(
    english, almaty, coordinator, django_capture_on_commit_callbacks
):
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    # A formatted cell far to the right: the empty columns go, the sheet still reads.
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Имя", "Взрослые"])
    sheet.append(["Алексей", 1])
    sheet["XFD2"].fill = PatternFill("solid", fgColor="FFFF00")
    out = io.BytesIO()
    book.save(out)
    assert reading.read_table("wide.xlsx", out.getvalue()).header == ["Имя", "Взрослые"]
    too_wide = (
        ",".join(f"c{i}" for i in range(reading.MAX_COLUMNS + 1)) + "\n" + ",".join("x" * (reading.MAX_COLUMNS + 1))
    )
    with pytest.raises(reading.FileRefused):
        reading.read_table("wide.csv", too_wide.encode())

    # The same sheet a day later holds what is already in, and "update" changes only mapped columns.
    kim = register_household(
        alias="Семья Ким", region=almaty, adults=2, children=2, pets=True, languages=["ru", "kk"],
        needed_from=FIXTURE_DAY - dt.timedelta(days=1), needed_until=FIXTURE_DAY + dt.timedelta(days=10),
    ).household  # fmt: skip
    upload(english, "households-cp1251.csv")
    job = ImportJob.objects.get()
    mapping = {
        "alias": "0",
        "adults": "1",
        "children": "2",
        "needed_from": "3",
        "needed_until": "4",
    }  # no pets, languages
    with django_capture_on_commit_callbacks(execute=True):
        english.post(f"/coord/imports/{job.public_id}/", {**mapping, "start": "1"})
    job.refresh_from_db()
    held = {n: what for n, _, what in job.duplicates}
    assert held.get(4) == "request"
    assert len(json.loads(job.rows)["rows"]) == len(held)  # only the rows still to decide are kept
    english.post(f"/coord/imports/{job.public_id}/rows/4/update/")
    kim.refresh_from_db()
    assert (kim.children, kim.pets, kim.languages) == (2, True, ["ru", "kk"])


def test_an_import_left_alone_is_given_up_and_its_rows_dropped(almaty, coordinator):
    table = reading.read_table("x.csv", (FIXTURES / "households-utf8.csv").read_bytes())
    job = services.start(region=almaty, by=coordinator, source="s", file_name="x.csv", table=table)
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    assert services.give_up_stale() == 1
    job.refresh_from_db()
    assert (job.status, job.rows) == (ImportStatus.FAILED, "")


def test_a_sheet_of_offers_needs_the_hosts_accounts_and_holds_a_repeat(
    english, almaty, host, django_capture_on_commit_callbacks
):
    from haven.hosting.models import Offer

    almaty.districts.filter(slug="medeu").update(name_ru="Медеу")
    content = (FIXTURES / "offers-cp1251.csv").read_bytes()
    english.post(
        "/coord/imports/",
        {"kind": "offers", "region": "almaty", "source": "Хозяева", "sheet": SimpleUploadedFile("o.csv", content)},
    )
    job = ImportJob.objects.get()
    assert job.kind == "offers"
    page = english.get(f"/coord/imports/{job.public_id}/")
    assert "ул. Абая" not in page.text  # the preview shows no address
    assert "the host signs up first" in page.text
    fields = {name: str(index) for name, index in job.mapping.items()}
    with django_capture_on_commit_callbacks(execute=True):
        english.post(f"/coord/imports/{job.public_id}/", {**fields, "start": "1"})
    job.refresh_from_db()
    offer = Offer.objects.get(host=host)
    assert (offer.kind, offer.beds, offer.pets_ok, offer.district.slug) == ("flat", 3, True, "medeu")
    assert offer.available_until == FIXTURE_DAY + dt.timedelta(days=30)
    assert {e[0] for e in job.errors} == {3, 4, 5}  # a district not in the city, an unknown host, no beds
    # The same sheet again: Almira's flat is held as already here, not offered twice.
    english.post(
        "/coord/imports/",
        {"kind": "offers", "region": "almaty", "source": "Хозяева", "sheet": SimpleUploadedFile("o.csv", content)},
    )
    again = ImportJob.objects.exclude(pk=job.pk).get()
    with django_capture_on_commit_callbacks(execute=True):
        english.post(f"/coord/imports/{again.public_id}/", {**fields, "start": "1"})
    again.refresh_from_db()
    assert [what for _, _, what in again.duplicates] == ["address"]
    assert Offer.objects.filter(host=host).count() == 1


def test_found_in_review_only_a_confirmed_host_account_takes_an_imported_offer(
    english, almaty, host, coordinator, django_capture_on_commit_callbacks
):
    from allauth.account.models import EmailAddress

    from conftest import make_user
    from haven.hosting.models import HostProfile, Offer, Vetting

    almaty.districts.filter(slug="medeu").update(name_ru="Медеу")
    make_user("unconfirmed@example.org", verified=False)
    make_user("staff@example.org", is_staff=True)
    suspended = make_user("suspended@example.org")
    HostProfile.objects.create(user=suspended, vetting=Vetting.SUSPENDED)
    assert EmailAddress.objects.filter(email="ekaterina@example.org", verified=True).exists()
    emails = ["unconfirmed@example.org", "staff@example.org", "suspended@example.org", "ekaterina@example.org"]
    sheet = "host;district;address;beds;from;kind\n" + "".join(f"{e};Медеу;ул. {n};2;;\n" for n, e in enumerate(emails))
    sheet += "almira@example.org;Медеу;ул. Абая 3;2;next spring;\n"
    sheet += "almira@example.org;Медеу;ул. Абая 4;2;;castle\n"
    upload(english, "o.csv", sheet.encode())
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(kind="offers")
    job.refresh_from_db()
    job.mapping = rows.guess_mapping(job.header, None, rows.OFFER_FIELDS)
    job.save()
    fields = {name: str(index) for name, index in job.mapping.items()}
    with django_capture_on_commit_callbacks(execute=True):
        english.post(f"/coord/imports/{job.public_id}/", {**fields, "start": "1"})
    job.refresh_from_db()
    assert job.imported == 0
    assert not Offer.objects.exists()
    assert {e[0] for e in job.errors} == {2, 3, 4, 5, 6, 7}  # four unusable accounts, a bad date, a bad kind


def test_found_in_review_updating_an_offer_from_a_sheet_keeps_it_valid(english, almaty, host, coordinator):
    from haven.hosting.models import Offer
    from haven.hosting.services import create_offer

    almaty.districts.filter(slug="medeu").update(name_ru="Медеу")
    offer = create_offer(
        host=host, kind="flat", region=almaty, district=almaty.districts.get(slug="medeu"), address="ул. Абая 10",
        beds=4, max_households=3, available_from=FIXTURE_DAY, available_until=FIXTURE_DAY + dt.timedelta(days=10),
        max_nights=7, languages=[], price_per_night=None, currency="", rules="",
    )  # fmt: skip
    sheet = "host;district;address;beds\nalmira@example.org;Медеу;ул. Абая 10;1\n"
    table = reading.read_table("o.csv", sheet.encode())
    job = services.start(region=almaty, by=coordinator, source="s", file_name="o.csv", table=table, kind="offers")
    services.set_mapping(job=job, mapping={"host_email": 0, "district": 1, "address": 2, "beds": 3}, remember=False)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    services.run(str(job.public_id))
    job.refresh_from_db()
    assert [what for _, _, what in job.duplicates] == ["address"]
    response = english.post(f"/coord/imports/{job.public_id}/rows/2/update/", follow=True)
    assert response.status_code == 200
    assert "cannot take these values" in response.text  # 1 bed for 3 households at once: refused, not a 500
    offer.refresh_from_db()
    assert (offer.beds, offer.max_households) == (4, 3)
    assert Offer.objects.count() == 1
