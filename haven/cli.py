"""The ``haven`` console command: subcommands that others call from outside.

Contracts are in ../shared/CONTRACTS.md. Each subcommand exits 0 on success and 2
on bad input with one line on stderr. Issue by issue, subcommands are added here
(``match``, ``match-check``, ``screen-ad``, ``stay-clock``); ``manage`` passes
through to Django's management commands.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        print(
            "usage: haven match --input I --output O | haven match-check I R | haven screen-ad [--lang ru|kk|en]"
            " | haven stay-clock --limit L --window W --trips T --on D [--stay N] | haven manage <command> ...",
            file=sys.stderr if not args else sys.stdout,
        )
        return 2 if not args else 0
    command, rest = args[0], args[1:]
    if command == "match":
        from haven.matching.cli import match

        return match(rest)
    if command == "match-check":
        from haven.matching.cli import match_check

        return match_check(rest)
    if command == "screen-ad":
        from haven.rentals.cli import screen_ad

        return screen_ad(rest)
    if command == "stay-clock":
        from haven.guide.cli import stay_clock_command

        return stay_clock_command(rest)
    if command == "manage":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(["haven manage", *rest])
        return 0
    print(f"haven: unknown command {command!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
