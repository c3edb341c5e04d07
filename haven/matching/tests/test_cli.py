"""``haven match`` and ``haven match-check`` from the outside: exit codes, one line, no partial output."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from haven.matching.tests.factories import household, instance, offer
from haven.matching.tests.paths import EXAMPLE_INSTANCE

GOOD = instance([household("h1")], [offer("o1")])


def haven(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "haven.cli", *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def run_match(tmp_path: Path, raw: object) -> tuple[subprocess.CompletedProcess[str], Path]:
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(raw if isinstance(raw, str) else json.dumps(raw))
    return haven("match", "--input", str(source), "--output", str(target), "--time-limit", "2"), target


def broken(change) -> dict:
    raw = copy.deepcopy(GOOD)
    change(raw)
    return raw


BAD = {
    "wrong format": (broken(lambda r: r.update(format="haven-match/2")), "format"),
    "missing field": (broken(lambda r: r["households"][0].pop("adults")), "households[0].adults: missing"),
    "wrong type": (broken(lambda r: r["offers"][0].update(beds="two")), "offers[0].beds"),
    "duplicate id": (broken(lambda r: r["households"].append(dict(r["households"][0]))), "duplicate id"),
    "unknown id in exclusions": (
        broken(lambda r: r.update(exclusions=[{"household": "h1", "offer": "nope"}])),
        "exclusions[0].offer",
    ),
    "negative beds": (broken(lambda r: r["offers"][0].update(beds=-1)), "offers[0].beds"),
    "until before from": (broken(lambda r: r["households"][0].update(until="2022-09-30")), "households[0].until"),
    "ten-year window": (broken(lambda r: r["offers"][0].update(until="2032-10-01")), "offers[0].until"),
    "zero adults": (broken(lambda r: r["households"][0].update(adults=0)), "households[0].adults"),
    "a date far from today": (
        broken(lambda r: r["offers"][0].update({"from": "9999-01-01", "until": "9999-01-05"})),
        "offers[0].from",
    ),
    "max_legs out of range": (broken(lambda r: r.update(policy={"max_legs": 366})), "policy.max_legs"),
    "not JSON": ("{not json", "input: not JSON"),
    "a 5000-digit number": ('{"format": "haven-match/1", "today": "2022-10-01", "x": ' + "9" * 5000 + "}", "input:"),
    "a lone surrogate in an id": (
        json.dumps(GOOD).replace('"h1"', '"\\ud800"', 1),
        "households[0].id",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, case):
    raw, expected = BAD[case]
    done, target = run_match(tmp_path, raw)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert expected in lines[0]
    assert not target.exists()
    assert not list(tmp_path.glob(".haven-*"))


def test_an_empty_instance_gives_an_empty_result(tmp_path):
    done, target = run_match(tmp_path, instance([], []))
    assert done.returncode == 0, done.stderr
    result = json.loads(target.read_text())
    assert result["assignments"] == result["unassigned"] == []


def test_an_output_that_is_a_directory_is_refused_before_solving(tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(GOOD))
    done = haven("match", "--input", str(source), "--output", str(tmp_path))
    assert done.returncode == 2
    assert "is a directory" in done.stderr


def test_the_example_solves_and_checks(tmp_path):
    target = tmp_path / "result.json"
    done = haven("match", "--input", str(EXAMPLE_INSTANCE), "--output", str(target))
    assert done.returncode == 0, done.stderr
    checked = haven("match-check", str(EXAMPLE_INSTANCE), str(target))
    assert checked.returncode == 0, checked.stdout
    summary = json.loads(checked.stdout.strip().splitlines()[-1])
    assert summary["ok"]
    assert summary["score"] == pytest.approx(52.75)


def test_match_check_exits_1_on_a_result_that_breaks_a_rule(tmp_path):
    source, result = tmp_path / "in.json", tmp_path / "r.json"
    raw = instance([household("a"), household("b")], [offer("o")])
    source.write_text(json.dumps(raw))
    legs = [{"offer": "o", "from": "2022-10-01", "until": "2022-10-04"}]
    bad = {
        "format": "haven-match-result/1", "score": 0, "upper_bound": 100, "unassigned": [],
        "assignments": [{"household": h, "legs": legs, "reasons": ["x"]} for h in ("a", "b")],
    }  # fmt: skip
    result.write_text(json.dumps(bad))
    done = haven("match-check", str(source), str(result))
    assert done.returncode == 1
    assert "beds" in done.stdout
