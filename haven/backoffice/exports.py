"""Exports of what a coordinator may see, as CSV or XLSX.

Contact details (and offers' exact addresses) come only when she asks for them with a
reason; the export is one audit entry with its row count. In CSV, a cell that a
spreadsheet would run as a formula (it starts with = + - @ or a tab) is written with
a leading apostrophe, so that an alias like ``=HYPERLINK(...)`` stays text; in XLSX,
where cells are typed, only text starting with "=" needs it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    """A cell value a spreadsheet will not run: text starting like a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    title: Any  # a lazy translated string
    value: Callable[[Any], Any]
    personal: bool = False  # a contact or an exact address: only with a reason


def _yes(flag: bool) -> str:
    return "1" if flag else ""


HOUSEHOLD_COLUMNS = [
    Column(_("id"), lambda h: str(h.public_id)),
    Column(_("alias"), lambda h: h.alias),
    Column(_("city"), lambda h: h.region.slug),
    Column(_("district"), lambda h: h.district.slug if h.district else ""),
    Column(_("adults"), lambda h: h.adults),
    Column(_("children"), lambda h: h.children),
    Column(_("with pets"), lambda h: _yes(h.pets)),
    Column(_("needs step-free access"), lambda h: _yes(h.step_free)),
    Column(_("women-only household"), lambda h: _yes(h.women_only)),
    Column(_("priority"), lambda h: _yes(h.priority)),
    Column(_("languages"), lambda h: " ".join(h.languages or [])),
    Column(_("first night"), lambda h: h.needed_from.isoformat()),
    Column(_("leaving on"), lambda h: h.needed_until.isoformat()),
    Column(_("status"), lambda h: h.status),
    Column(_("registered"), lambda h: h.created_at.date().isoformat()),
    Column("Telegram", lambda h: h.contact_telegram, personal=True),
    Column(_("phone"), lambda h: h.contact_phone, personal=True),
    Column(_("e-mail"), lambda h: h.contact_email, personal=True),
]

OFFER_COLUMNS = [
    Column(_("id"), lambda o: str(o.public_id)),
    Column(_("city"), lambda o: o.region.slug),
    Column(_("district"), lambda o: o.district.slug),
    Column(_("what"), lambda o: o.kind),
    Column(_("beds"), lambda o: o.beds),
    Column(_("households at once"), lambda o: o.max_households),
    Column(_("available from"), lambda o: o.available_from.isoformat()),
    Column(_("available until"), lambda o: o.available_until.isoformat() if o.available_until else ""),
    Column(_("longest stay, nights"), lambda o: o.max_nights),
    Column(_("pets welcome"), lambda o: _yes(o.pets_ok)),
    Column(_("children welcome"), lambda o: _yes(o.children_ok)),
    Column(_("step-free access"), lambda o: _yes(o.step_free)),
    Column(_("women only"), lambda o: _yes(o.women_only)),
    Column(_("status"), lambda o: o.status),
    Column(_("host"), lambda o: str(o.host.public_id)),  # opaque: the name may be the e-mail
    Column(_("host's e-mail"), lambda o: o.host.email, personal=True),
    Column(_("exact address"), lambda o: o.address, personal=True),
]


def table(rows: QuerySet[Any], columns: list[Column], *, personal: bool) -> tuple[list[str], Iterator[list[Any]]]:
    chosen = [c for c in columns if personal or not c.personal]
    header = [str(c.title) for c in chosen]
    body = ([c.value(row) for c in chosen] for row in rows.iterator(chunk_size=2000))
    return header, body


def as_csv(header: list[str], body: Iterable[list[Any]]) -> Iterator[bytes]:
    """CSV in UTF-8 with a byte-order mark (Excel then reads Cyrillic right), row by row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield ("\ufeff" + buffer.getvalue()).encode()
    for row in body:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe(value) for value in row])
        yield buffer.getvalue().encode()


def as_xlsx(header: list[str], body: Iterable[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header)
    for row in body:
        # In XLSX only text starting with "=" becomes a formula (openpyxl's rule); a
        # phone number keeps its "+".
        sheet.append(["'" + v if isinstance(v, str) and v.startswith("=") else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
