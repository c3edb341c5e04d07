"""Exports (contacts only with a reason, formulas neutralised, logged with their row count) and the audit viewer."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from conftest import logged_in
from haven.audit.models import Action, Entry, Why
from haven.backoffice.exports import safe
from haven.stays.tests.helpers import a_household, an_offer


@pytest.fixture
def english(coordinator_client: Client) -> Client:
    coordinator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return coordinator_client


def csv_rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_households_export_without_contacts_by_default_and_is_logged(english, coordinator, almaty, bishkek):
    a_household(almaty, "Алексей", contact_phone="+77011234567")
    a_household(bishkek, "Бакыт")
    response = english.post("/coord/export/", {"what": "households", "file_format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="haven-households-')
    rows = csv_rows(response)
    assert rows[0][:2] == ["id", "alias"]
    assert [r[1] for r in rows[1:]] == ["Алексей"]  # her city only
    assert "+77011234567" not in str(rows)
    assert "phone" not in rows[0]
    entry = Entry.objects.get(action=Action.EXPORTED)
    assert (entry.actor, entry.subject_kind, entry.why) == (coordinator, "households", Why.PAGE)
    assert entry.detail == "1 rows, csv, contacts: no"


def test_contacts_come_with_a_reason_and_the_reason_is_logged(english, almaty):
    a_household(almaty, "Алексей", contact_phone="+77011234567")
    response = english.post(
        "/coord/export/", {"what": "households", "file_format": "csv", "contacts_because": "follow-up"}
    )
    rows = csv_rows(response)
    assert "'+77011234567" in rows[1]  # a leading + would make a spreadsheet compute it
    assert Entry.objects.get(action=Action.EXPORTED).why == Why.FOLLOW_UP
    xlsx = english.post("/coord/export/", {"what": "households", "file_format": "xlsx", "contacts_because": "matching"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert "+77011234567" in [cell.value for cell in sheet[2]]


def test_a_formula_in_a_cell_stays_text_in_csv_and_xlsx(english, almaty, host):
    a_household(almaty, '=HYPERLINK("http://ev.il","x")')
    rows = csv_rows(english.post("/coord/export/", {"what": "households", "file_format": "csv"}))
    assert rows[1][1] == '\'=HYPERLINK("http://ev.il","x")'
    response = english.post("/coord/export/", {"what": "households", "file_format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.cell(row=2, column=2).value == '\'=HYPERLINK("http://ev.il","x")'
    assert sheet.cell(row=2, column=2).data_type == "s"
    assert [safe(v) for v in ["+1", "-1", "@x", "\tx", "ok", 5]] == ["'+1", "'-1", "'@x", "'\tx", "ok", 5]


def test_offers_export_leaves_the_address_out_unless_asked(english, almaty, host):
    an_offer(almaty, host)
    plain = csv_rows(english.post("/coord/export/", {"what": "offers", "file_format": "csv"}))
    assert "ул. Абая" not in str(plain)
    full = csv_rows(
        english.post("/coord/export/", {"what": "offers", "file_format": "csv", "contacts_because": "matching"})
    )
    assert "ул. Абая 10, кв. 5" in str(full)


@pytest.mark.parametrize(
    "data",
    [{}, {"what": "passports", "file_format": "csv"}, {"what": "households", "file_format": "pdf"},
     {"what": "households", "file_format": "csv", "contacts_because": "curiosity"},
     {"what": "households", "file_format": "csv", "region": "bishkek"}],
)  # fmt: skip
def test_a_bad_export_request_is_refused_plainly_and_exports_nothing(english, almaty, data):
    a_household(almaty)
    response = english.post("/coord/export/", data)
    assert response.status_code == 400
    assert not Entry.objects.filter(action=Action.EXPORTED).exists()


def test_the_export_page_is_for_coordinators_only(almaty, host):
    assert logged_in(host).get("/coord/export/").status_code == 404
    assert Client().post("/coord/export/", {"what": "households", "file_format": "csv"}).status_code == 302


def test_the_audit_trail_shows_her_cities_and_filters(english, coordinator, almaty, bishkek, bishkek_coordinator):
    mine = a_household(almaty, "Алексей")
    english.get(f"/coord/households/{mine.public_id}/")
    theirs = a_household(bishkek, "Бакыт")
    logged_in(bishkek_coordinator).get(f"/coord/households/{theirs.public_id}/")
    page = english.get("/coord/audit/")
    assert page.status_code == 200
    assert "ekaterina@example.org" in page.text or "Ekaterina" in page.text
    assert str(theirs.public_id)[:10] not in page.text
    assert "aibek@example.org" not in page.text
    by_record = english.get(f"/coord/audit/?record={mine.public_id}")
    assert "Viewed" in by_record.text
    assert english.get("/coord/audit/?record=" + "x" * 500).status_code == 200
    assert "Viewed" not in english.get("/coord/audit/?person=nobody@example.org").text


def test_found_in_review_host_e_mails_need_a_reason_and_each_city_sees_its_exports(english, coordinator, almaty, host):
    from conftest import make_coordinator

    an_offer(almaty, host)
    plain = csv_rows(english.post("/coord/export/", {"what": "offers", "file_format": "csv"}))
    assert host.email not in str(plain)
    colleague = logged_in(make_coordinator("colleague@example.org", almaty))
    colleague.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "Exported a list" in colleague.get("/coord/audit/").text  # an export of "all my cities" shows per city


def test_an_administrator_reads_the_whole_audit_trail(almaty):
    from conftest import activate_totp

    admin = make_user_admin()
    activate_totp(admin)
    client = logged_in(admin)
    assert client.get("/coord/audit/").status_code == 200


def make_user_admin():  # type: ignore[no-untyped-def]
    from conftest import make_user

    return make_user("root@example.org", is_staff=True, is_superuser=True)
