"""The poster: an A4 PDF whose QR code, read back from the rendered page, opens the
city's help list; bad input gets the form again, never a PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client, override_settings

from haven.helppoints.models import Kind
from haven.helppoints.tests.conftest import make_point

pytestmark = pytest.mark.django_db

TOOLS = ("pdftoppm", "pdftotext", "pdfinfo", "zbarimg")


def poster(client: Client, **params: Any) -> Any:
    query = {"city": "almaty", "place": "Автовокзал Сайран", "languages": ["ru", "kk", "en"], **params}
    return client.get("/help/poster/?" + urlencode(query, doseq=True))


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout


@pytest.fixture
def tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (poppler-utils, zbar-tools; CI installs them)")


@override_settings(SITE_URL="https://haven.example.org/")
def test_the_poster_is_an_a4_pdf_whose_qr_code_opens_the_citys_help_list(
    client: Client, almaty: Any, tools: None, tmp_path: Path
):
    make_point(almaty, name="Столовая «Достык»", hours_text="09:00-18:00")
    make_point(almaty, name="Центр обслуживания населения", kind=Kind.REGISTRATION, hours_text="09:00-18:00")
    make_point(almaty, name="Телефон доверия", kind=Kind.HOTLINE, address="", phone="+77272000000")
    response = poster(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(response.content)

    info = run("pdfinfo", str(pdf))
    assert "Pages:           1" in info
    assert "(A4)" in info
    text = run("pdftotext", "-layout", str(pdf), "-")
    assert "Перешли границу? Здесь помогут" in text
    assert "Шекарадан өттіңіз бе? Көмек осында" in text
    assert "Crossed the border? Help is here" in text
    assert "Автовокзал Сайран" in text
    assert "https://haven.example.org/help/?city=almaty" in text
    assert "Столовая «Достык»" in text
    assert "Телефон доверия" in text
    run("pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page"))
    decoded = run("zbarimg", "--quiet", "--raw", str(tmp_path / "page.png")).strip()
    assert decoded == "https://haven.example.org/help/?city=almaty"


def test_one_language_prints_only_its_headline(client: Client, almaty: Any, tools: None, tmp_path: Path):
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(poster(client, languages=["kk"], place="КПП Кордай").content)
    text = run("pdftotext", str(pdf), "-")
    assert "Шекарадан өттіңіз бе?" in text
    assert "Перешли границу" not in text
    assert "КПП Кордай" in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"place": ""}, "Enter where the poster will hang"),
        ({"place": "   "}, "Enter where the poster will hang"),
        ({"place": "Я" * 500}, "must fit on one line"),
        ({"city": "atlantis"}, "There is no such city here"),
        ({"languages": []}, "Choose at least one language"),
        ({"languages": ["de"]}, "Choose languages from the list"),
        ({"place": "Вокзал\u202e"}, "invisible"),
    ],
)
def test_bad_input_gets_the_form_with_a_message_and_no_pdf(client: Client, almaty: Any, params: Any, message: str):
    client.cookies["django_language"] = "en"
    response = poster(client, **params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_the_form_opens_with_the_city_and_all_three_languages(client: Client, almaty: Any):
    text = client.get("/help/poster/").content.decode()
    assert '<option value="almaty" selected>' in text
    assert text.count('name="languages"') == 3
    assert text.count("checked") == 3


def test_a_place_with_emoji_or_a_city_without_points_still_prints(client: Client, bishkek: Any):
    response = poster(client, city="bishkek", place="Вокзал 🚉 Бишкек-2")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_city_with_many_points_stays_on_one_page(client: Client, almaty: Any, tools: None, tmp_path: Path):
    for kind in Kind:
        for n in range(3):
            make_point(
                almaty, kind=kind, name=f"{kind.label} {n} " + "очень длинное название " * 3, phone="+77270000000"
            )
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(poster(client).content)
    assert "Pages:           1" in run("pdfinfo", str(pdf))
