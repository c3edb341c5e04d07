"""The ad screener against labelled corpora, beside a naive baseline: a list of exact
phrases, lower-cased, as a moderator's filter would start.

    uv run python -m bench.ad_screening                  # both corpora
    uv run python -m bench.ad_screening --show-misses    # and every line it gets wrong

Prints precision and recall per corpus and language. The corpora are
tests/fixtures/ad-screening.tsv (written first; the screener was tuned on it) and
tests/fixtures/ad-screening-holdout.tsv (written apart, never tuned on).
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from haven.rentals.screening import screen

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
CORPORA = {"tuned": FIXTURES / "ad-screening.tsv", "held out": FIXTURES / "ad-screening-holdout.tsv"}
NAIVE = [
    "только славянам", "славянам", "без азиатов", "не сдаём кавказцам", "кавказской национальности",
    "русским не сдаём", "только русским", "только казахам", "только местным", "иностранцам не сдаём",
    "only slavs", "no asians", "only for locals", "locals only", "no russians", "no foreigners",
    "тек қазақтарға", "орыстарға бермейміз",
]  # fmt: skip


@dataclass
class Line:
    label: bool
    lang: str
    text: str


def read(path: Path) -> list[Line]:
    with path.open(encoding="utf-8") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Line(row["label"] == "flag", row["lang"], row["text"]) for row in rows]


def naive(text: str) -> bool:
    low = text.lower()
    return any(phrase in low for phrase in NAIVE)


def haven(text: str) -> bool:
    return screen(text).flagged


def score(lines: list[Line], judge: Callable[[str], bool]) -> tuple[float, float, list[Line]]:
    tp = fp = fn = 0
    wrong = []
    for line in lines:
        flagged = judge(line.text)
        tp += flagged and line.label
        fp += flagged and not line.label
        fn += line.label and not flagged
        if flagged != line.label:
            wrong.append(line)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    print("| corpus | language | lines | naive precision | naive recall | Haven precision | Haven recall |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name, path in CORPORA.items():
        if not path.exists():
            continue
        lines = read(path)
        for lang in ["all", "ru", "kk", "en", "translit"]:
            some = [line for line in lines if lang in ("all", line.lang)]
            if not some:
                continue
            np, nr, _ = score(some, naive)
            hp, hr, wrong = score(some, haven)
            print(f"| {name} | {lang} | {len(some)} | {np:.2f} | {nr:.2f} | {hp:.3f} | {hr:.3f} |")
            if args.show_misses and lang == "all":
                for line in wrong:
                    print(f"|   missed: {'flag' if line.label else 'pass'} | {line.lang} | {line.text} |")


if __name__ == "__main__":
    main()
