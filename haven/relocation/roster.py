"""A team's roster: one row per employee (with the people who come along), checked whole.

Every row is checked with the very form an arrival fills in; the roster is taken only
if every row is good (nothing is saved from a roster with one bad row), and two rows
for the same person are an error, not two households.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from haven.imports.reading import FileRefused, Table, parse_flag, read_table
from haven.registry.forms import HouseholdForm

MAX_ROWS = 500

# Column titles people write, in the languages of the team; matched without case.
COLUMNS = {
    "name": ("name", "имя", "аты", "employee", "сотрудник"),
    "adults": ("adults", "взрослые", "взрослых", "ересектер"),
    "children": ("children", "дети", "детей", "балалар"),
    "pets": ("pets", "животные", "питомцы", "жануарлар"),
    "step_free": ("step_free", "step-free", "без ступеней", "баспалдақсыз"),
    "languages": ("languages", "языки", "тілдер"),
    "email": ("email", "e-mail", "почта", "пошта"),
    "telegram": ("telegram", "телеграм"),
    "phone": ("phone", "телефон"),
}
REQUIRED = ("name", "adults")


@dataclass
class Roster:
    rows: list[dict[str, Any]]  # the registration fields of each household, in order
    errors: list[tuple[int, str]]  # (sheet row number, message); the roster is taken only if empty


def read(name: str, data: bytes) -> Table:
    return read_table(name, data)


def from_text(text: str) -> Table:
    """A roster typed or pasted into the form: CSV lines with a header."""
    return read_table("roster.csv", text.encode("utf-8"))


def columns_of(table: Table) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, title in enumerate(table.header):
        key = " ".join(title.lower().replace("_", " ").split())
        for field, names in COLUMNS.items():
            if field not in found and key in {n.replace("_", " ") for n in names}:
                found[field] = i
    return found


def check(table: Table, *, region_slug: str, district_id: str, first_night: dt.date, leaving_on: dt.date) -> Roster:
    """Every row's household fields, or the errors of the rows that are wrong."""
    columns = columns_of(table)
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise FileRefused(_("The roster needs the columns %(columns)s.") % {"columns": ", ".join(missing)})
    if len(table.rows) > MAX_ROWS:
        raise FileRefused(
            _("A roster has at most %(rows)s rows; file the rest as another request.") % {"rows": MAX_ROWS}
        )
    rows: list[dict[str, Any]] = []
    errors: list[tuple[int, str]] = []
    seen_people: dict[tuple[str, str, str], int] = {}
    seen_emails: dict[str, int] = {}

    def cell(row: list[str], field: str) -> str:
        i = columns.get(field)
        return row[i].strip() if i is not None and i < len(row) else ""

    for number, row in zip(table.numbers, table.rows, strict=True):
        if any("\n" in value or "\r" in value for value in row):
            errors.append((number, _("A cell holds a line break: check the quotes in this row.")))
            continue
        data: dict[str, Any] = {
            "alias": cell(row, "name"), "adults": cell(row, "adults"), "children": cell(row, "children") or "0",
            "pets": "on" if parse_flag(cell(row, "pets")) else "", "step_free": "on" if parse_flag(cell(row, "step_free")) else "",
            "languages": [p for p in cell(row, "languages").replace(",", " ").replace(";", " ").lower().split() if p],
            "region": region_slug, "district": district_id, "needed_from": first_night.isoformat(),
            "needed_until": leaving_on.isoformat(), "contact_email": cell(row, "email"),
            "contact_telegram": cell(row, "telegram"), "contact_phone": cell(row, "phone"),
        }  # fmt: skip
        form = HouseholdForm(data)
        if not form.is_valid():
            for field, messages in form.errors.items():
                errors.append(
                    (
                        number,
                        f"{form.fields[field].label if field in form.fields else field}: {' '.join(str(m) for m in messages)}",
                    )
                )
            continue
        person = (" ".join(str(data["alias"]).lower().split()), str(data["adults"]), str(data["children"]))
        if person in seen_people:
            errors.append((number, _("The same person as in row %(row)s.") % {"row": seen_people[person]}))
            continue
        seen_people[person] = number
        email = form.cleaned_data["contact_email"]
        if email and email in seen_emails:
            errors.append((number, _("The same e-mail as in row %(row)s.") % {"row": seen_emails[email]}))
            continue
        if email:
            seen_emails[email] = number
        rows.append(dict(form.cleaned_data))
    return Roster(rows=rows, errors=errors)
