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

    try:
        for raw in sys.stdin.buffer:
            # A line that is not UTF-8 is still answered (its bad bytes replaced), so that
            # the answers stay one per line, in order.
            ad = raw.decode("utf-8", errors="replace").rstrip("\r\n").replace("\\n", "\n")
            answer = json.dumps(screen(ad, args.lang).as_json(), ensure_ascii=False)
            # Characters some readers take for line breaks are written escaped.
            for separator in ("\u2028", "\u2029", "\x85"):
                answer = answer.replace(separator, f"\\u{ord(separator):04x}")
            print(answer)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early: not an error of ours
        sys.stderr.close()
    return 0
