"""Reading the sheets grassroots groups keep: CSV in UTF-8 or cp1251, with commas,
semicolons or tabs; XLSX with merged or empty header cells; dates as 01.10.2022,
2022-10-01, 01/10/2022 or Excel day numbers. Empty rows are skipped.

Everything that can go wrong with a whole file raises ``FileRefused`` with a message
for the coordinator; what goes wrong with one row is the row's own error, later.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 200
EXCEL_EPOCH = dt.date(1899, 12, 30)


class FileRefused(Exception):
    """The whole file cannot be read; the message says why, in the user's language."""


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]  # each as long as the header; row i is line i + 2 of the sheet
    numbers: list[int]  # the sheet's row number of each row (empty rows skipped)


def read_table(name: str, data: bytes) -> Table:
    if len(data) > MAX_BYTES:
        raise FileRefused(
            _("The file is larger than %(mb)s MB. Split it into smaller files.") % {"mb": MAX_BYTES // 2**20}
        )
    if not data.strip():
        raise FileRefused(_("The file is empty."))
    if name.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        raw = _xlsx_rows(data)
    elif name.lower().endswith((".csv", ".txt", ".tsv")):
        raw = _csv_rows(data)
    else:
        raise FileRefused(_("Upload a CSV or an XLSX file."))
    numbered = [(n, row) for n, row in enumerate(raw, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise FileRefused(_("The file has no rows."))
    (_header_number, header), *body = numbered
    if not body:
        raise FileRefused(_("The file has no rows."))
    if len(body) > MAX_ROWS:
        raise FileRefused(_("The file has more than %(rows)s rows. Split it into smaller files.") % {"rows": MAX_ROWS})
    # Trailing columns empty everywhere go (a formatted cell far to the right makes
    # XLSX rows thousands of cells long); a sheet still wider is refused.
    width = max(
        (max((i + 1 for i, cell in enumerate(row) if cell.strip()), default=0) for _, row in numbered), default=0
    )
    if width > MAX_COLUMNS:
        raise FileRefused(
            _("The file has more than %(columns)s columns. Keep only the columns with data.") % {"columns": MAX_COLUMNS}
        )
    titles = [
        (header[i].strip() if i < len(header) and header[i].strip() else _("column %(n)s") % {"n": i + 1})
        for i in range(width)
    ]
    rows = [[*(cell.strip() for cell in row), *([""] * (width - len(row)))][:width] for _, row in body]
    return Table(header=titles, rows=rows, numbers=[n for n, _ in body])


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1251 decodes almost any byte
        raise FileRefused(_("The file's text cannot be read. Save it as CSV in UTF-8."))
    if "\x00" in text:
        raise FileRefused(_("This does not look like a CSV file. Save the sheet as CSV or XLSX."))
    sample = text[:20_000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise FileRefused(_("The CSV file is malformed: %(error)s") % {"error": str(exc)[:100]}) from exc


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise FileRefused(_("This XLSX file cannot be opened. Save it again from your spreadsheet.")) from exc
    try:
        sheet = book.worksheets[0]
        rows = []
        # Only as wide as a sheet may be (+1 to see that it is wider): a sheet with a cell
        # far to the right must not be read thousands of cells wide.
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            rows.append([_cell_text(v) for v in values])
            if len(rows) > MAX_ROWS + 50:
                break
        return rows
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_DOTTED = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str) -> dt.date | None:
    """01.10.2022, 1/10/22, 2022-10-01, or an Excel day number (44835); None if none of these."""
    text = text.strip()
    try:
        if match := _ISO.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DOTTED.match(text):
            year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
            return dt.date(year, int(match[2]), int(match[1]))  # day first, as in Kazakhstan and Kyrgyzstan
        if text.isdigit() and 30_000 <= int(text) <= 60_000:
            return EXCEL_EPOCH + dt.timedelta(days=int(text))
    except ValueError:
        return None
    return None


_YES = {"1", "yes", "y", "да", "д", "иә", "x", "+", "true", "есть", "бар"}


def parse_flag(text: str) -> bool:
    return text.strip().lower() in _YES
