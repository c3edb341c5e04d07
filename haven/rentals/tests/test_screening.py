"""The ad screener: the labelled corpora, the cases the issue names, the tricks, and
the ``haven screen-ad`` contract (../shared/CONTRACTS.md) run as a process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.ad_screening import CORPORA, read, score
from haven.rentals.screening import screen

# The issue's floor: recall 0.95, precision 0.9, on the corpus under tests/fixtures.
RECALL, PRECISION = 0.95, 0.9


@pytest.mark.parametrize("name", list(CORPORA))
def test_the_screener_keeps_its_precision_and_recall_on_each_corpus(name):
    lines = read(CORPORA[name])  # a corpus that went missing fails here
    assert sum(line.label for line in lines) >= 60
    assert sum(not line.label for line in lines) >= 60
    precision, recall, wrong = score(lines, lambda text: screen(text).flagged)
    misses = "\n".join(f"{'flag' if w.label else 'pass'}: {w.text}" for w in wrong)
    assert recall >= RECALL, misses
    assert precision >= PRECISION, misses


@pytest.mark.parametrize(
    ("text", "term", "why"),
    [
        ("Сдаю 2-комнатную, только славянам", "только славянам", "ethnicity"),
        ("без азиатов", "без азиатов", "ethnicity"),
        ("Лиц кавказской национальности не беспокоить", "Лиц кавказской национальности не беспокоить", "ethnicity"),
        ("Русским не сдаём!", "Русским не сдаём", "ethnicity"),
        ("Only for locals", "Only for locals", "origin"),
        ("Сдам православной семье", "Сдам православной семье", "religion"),
        ("Иностранцам не сдаём", "Иностранцам не сдаём", "nationality"),
        ("тек қазақ отбасына беріледі", "тек қазақ отбасына беріледі", "ethnicity"),
    ],
)
def test_what_the_issue_names_is_flagged_with_the_phrase_as_written_and_why(text, term, why):
    verdict = screen(text)
    assert verdict.flagged
    assert term in verdict.terms
    assert verdict.why == f"excludes people by {why}"


@pytest.mark.parametrize(
    "text",
    [
        "Без животных",
        "Только некурящим",
        "Семье с детьми",
        "Студентам не сдаём",
        "Рядом мечеть",
        "Русская школа во дворе",
        "Говорим по-русски и по-казахски",
        "Любой национальности рады",
        "Мы русская семья, сдаём комнату",
        "Russian-speaking landlord",
        "All nationalities welcome",
        "local bus stop nearby",
        "орыс тілінде сөйлейміз",
        "ұлтына қарамастан береміз",
        "",
    ],
)
def test_lawful_conditions_and_group_words_about_things_pass(text):
    assert screen(text).as_json() == {"flagged": False, "terms": [], "why": ""}


@pytest.mark.parametrize(
    "text",
    [
        "Только славянам, всем остальным просьба не беспокоить",
        "Без азиатов, остальным рады",
        "No Russians, everyone else welcome",
        "Jews not welcome",
        "Мусульманам не рады",
        "Кавказцы не приветствуются",
        "Сдаю любой семье, но только славянам",
        "Гастарбайтерам не беспокоить",
        "Сдам только соотечественникам",
        "Орыстар болмасын",
        "We prefer tenants from Europe",
    ],
)
def test_a_welcome_to_the_rest_does_not_undo_an_exclusion(text):
    assert screen(text).flagged, text


@pytest.mark.parametrize(
    "text",
    [
        "Сдам квартиру, можно иностранцам",
        "Сдам на месяц командировочным из России",
        "Идеально для релокантов из России",
        "Жақын жерде орыс мектебі бар, тек ұзақ мерзімге",
        "Национальность не имеет значения",
        "Вероисповедание и национальность значения не имеют",
    ],
)
def test_a_welcome_or_a_place_is_not_an_exclusion(text):
    assert not screen(text).flagged, text


@pytest.mark.parametrize(
    "text",
    [
        "ТОЛЬКО СЛАВЯНАМ",
        "только с л а в я н а м",
        "только сла-вя-нам",
        "только слaвянам",  # a Latin a
        "только слааавянам",
        "только сла\u200bвянам",
        "tolko slavyanam",
        "russkim ne sdaem",
        "только славянам!!! 🙂",
        "Сдам славянке",
        "Сдам девушке-славянке",
        "N o  R u s s i a n s",
    ],
)
def test_the_tricks_do_not_hide_it(text):
    verdict = screen(text)
    assert verdict.flagged, text
    assert all(term in text for term in verdict.terms)  # quoted as written, the tricks with it


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gets_a_verdict_whose_terms_are_quotes_of_it(text):
    verdict = screen(text)
    assert verdict.flagged == bool(verdict.terms)
    assert all(term and term in text for term in verdict.terms)


def test_a_long_ad_is_screened_whole():
    ad = "Светлая квартира, ремонт, мебель. " * 3000 + "Только славянам."
    assert screen(ad).terms == ["Только славянам"]


def run_cli(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-c", "from haven.cli import main; raise SystemExit(main())", "screen-ad", *args]
    return subprocess.run(command, input=stdin, capture_output=True, timeout=120, check=False)


def test_the_command_answers_one_json_line_per_ad_in_order():
    ads = ["Сдам квартиру только славянам", "Без животных\\nтолько некурящим", "No Asians, no pets", ""]
    done = run_cli(stdin=("\n".join(ads) + "\n").encode())
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert answers == [
        {"flagged": True, "terms": ["только славянам"], "why": "excludes people by ethnicity"},
        {"flagged": False, "terms": [], "why": ""},
        {"flagged": True, "terms": ["No Asians"], "why": "excludes people by ethnicity"},
        {"flagged": False, "terms": [], "why": ""},
    ]


def test_the_command_reads_a_newline_inside_an_ad_as_one_ad():
    done = run_cli("--lang", "ru", stdin="Сдаю квартиру.\\nТолько славянам.\n".encode())
    assert [json.loads(line)["terms"] for line in done.stdout.decode().splitlines()] == [["Только славянам"]]


def test_the_command_answers_a_line_that_is_not_utf8_and_goes_on():
    done = run_cli(stdin=b"\xff\xfe broken\n" + "Только славянам\n".encode() + "a\u2028b\n".encode())
    assert done.returncode == 0
    lines = done.stdout.decode().split("\n")[:-1]  # split on newlines only, as a strict reader would
    assert [json.loads(line)["flagged"] for line in lines] == [False, True, False]


@pytest.mark.parametrize(
    ("args", "stdin", "says"), [(["--lang", "de"], b"x\n", "--lang"), (["--what"], b"", "unrecognized")]
)
def test_the_command_refuses_bad_input_with_exit_2_and_one_line(args, stdin, says):
    done = run_cli(*args, stdin=stdin)
    assert done.returncode == 2
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1
    assert says in lines[0]
