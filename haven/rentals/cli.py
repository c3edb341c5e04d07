"""``haven screen-ad``: the ad screener from outside (../shared/CONTRACTS.md).

One ad per line on stdin (a newline inside an ad written as the two characters \\n),
one JSON object per line on stdout, in order. ``--lang ru|kk|en`` is a hint.
"""

from __future__ import annotations

import argparse
import json
import sys


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"haven screen-ad: {message}", file=sys.stderr)
        raise SystemExit(2)


def screen_ad(argv: list[str]) -> int:
    parser = _Parser(prog="haven screen-ad", description="Screen rental ads for discriminatory terms.")
    parser.add_argument("--lang", choices=["ru", "kk", "en"], default=None, help="the ads' language (a hint)")
    args = parser.parse_args(argv)
    from haven.rentals.screening import screen

    stdin = sys.stdin.buffer
    for raw in stdin:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            print("haven screen-ad: the input is not UTF-8", file=sys.stderr)
            return 2
        ad = line.rstrip("\r\n").replace("\\n", "\n")
        print(json.dumps(screen(ad, args.lang).as_json(), ensure_ascii=False), flush=False)
    sys.stdout.flush()
    return 0
