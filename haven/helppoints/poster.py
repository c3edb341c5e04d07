"""The A4 poster for a station or a border post: a headline in Russian, Kazakh and
English, a QR code to the city's help list, that address in letters, the place's name,
and the city's main help points by kind with their hours.

The headline and the line under it are written once per language here, not through
the catalogues: a poster prints all the chosen languages at once, whatever the
volunteer's own. The rest (kinds, weekdays) is in the first chosen language.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

import segno
from django.urls import reverse
from django.utils import translation
from fpdf import FPDF

from haven.accounts.models import Region
from haven.helppoints import hours
from haven.helppoints.models import HelpPoint, Kind
from haven.notify.links import absolute

FONTS = Path(__file__).parent / "fonts"
# fpdf2 subsets the fonts with fontTools, which logs every glyph at INFO: a poster is not news.
logging.getLogger("fontTools").setLevel(logging.WARNING)
HEADLINES = {
    "ru": "Перешли границу? Здесь помогут",
    "kk": "Шекарадан өттіңіз бе? Көмек осында",
    "en": "Crossed the border? Help is here",
}
SUBLINES = {
    "ru": "Наведите камеру телефона на код: еда, регистрация, юристы, врачи, психологи, SIM-карты — адреса и часы работы.",
    "kk": "Телефон камерасын кодқа бағыттаңыз: тамақ, тіркеу, заңгерлер, дәрігерлер, психологтар, SIM-карталар — мекенжайлар мен жұмыс уақыты.",
    "en": "Point your phone's camera at the code: food, registration, lawyers, doctors, counsellors, SIM cards — addresses and opening hours.",
}  # fmt: skip
# The kinds a person needs first after a border, in the poster's order.
ORDER = [Kind.REGISTRATION, Kind.MIGRATION, Kind.FOOD, Kind.LEGAL, Kind.MEDICAL, Kind.PSYCHOLOGICAL, Kind.HOTLINE,
         Kind.PEER_GROUP, Kind.SIM, Kind.EXCHANGE, Kind.WORKSPACE]  # fmt: skip
PER_KIND = 2
MARGIN = 14.0
QR_SIDE = 72.0
PAGE_BOTTOM = 297.0 - 12.0


def list_url(region: Region) -> str:
    """The absolute address of the city's help list (the QR code's target)."""
    return absolute(f"{reverse('helppoints:list')}?city={region.slug}")


def main_points(region: Region) -> list[tuple[str, list[HelpPoint]]]:
    found: dict[str, list[HelpPoint]] = {}
    for point in HelpPoint.objects.filter(region=region, is_active=True).order_by("kind", "name"):
        found.setdefault(point.kind, []).append(point)
    return [(kind, found[kind][:PER_KIND]) for kind in ORDER if kind in found]


def _qr_png(url: str) -> io.BytesIO:
    image = io.BytesIO()
    segno.make(url, error="m").save(image, kind="png", scale=12, border=2)
    image.seek(0)
    return image


def _compact(week: hours.Week) -> str:
    return "; ".join(f"{days} {text}" for days, text in hours.week_summary(week))


def render(*, region: Region, place: str, languages: list[str]) -> bytes:
    """The poster as PDF bytes, one A4 page."""
    url = list_url(region)
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(HEADLINES[languages[0]])
    pdf.set_creator("Haven")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_page()
    width = pdf.epw

    big = 30 if len(languages) == 1 else 24
    for index, lang in enumerate(languages):
        pdf.set_font("DejaVu", "B", big if index == 0 else big - 4)
        pdf.multi_cell(width, big * 0.5, HEADLINES[lang], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 10.5)
    for lang in languages:
        pdf.multi_cell(width, 5, SUBLINES[lang], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)

    top = pdf.get_y() + 3
    pdf.image(_qr_png(url), x=(210 - QR_SIDE) / 2, y=top, w=QR_SIDE, h=QR_SIDE)
    pdf.set_y(top + QR_SIDE + 1)
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(width, 6, url, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    with translation.override(languages[0]):
        pdf.set_font("DejaVu", "B", 18)
        pdf.multi_cell(width, 8, f"{place} · {region.name}", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_draw_color(120, 120, 120)
        pdf.line(MARGIN, pdf.get_y(), 210 - MARGIN, pdf.get_y())
        pdf.ln(2)
        _points(pdf, region, width)
    return bytes(pdf.output())


def _points(pdf: Any, region: Region, width: float) -> None:
    for kind, points in main_points(region):
        if pdf.get_y() > PAGE_BOTTOM - 12:
            return  # the rest is behind the QR code
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(width, 5.2, str(Kind(kind).label), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        for point in points:
            if pdf.get_y() > PAGE_BOTTOM - 5:
                return
            where = point.address or point.phone
            line = " — ".join(part for part in (point.name, where, _compact(point.week)) if part)
            pdf.multi_cell(width, 4.3, line, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.2)
