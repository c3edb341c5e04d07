"""``haven match`` and ``haven match-check``: the engine from the command line.

Exit codes: 0 success, 1 a result that breaks a rule (match-check), 2 bad input with
one line on stderr naming what is wrong. No partial output is ever written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from haven.matching.engine.model import InstanceError, parse_instance


class BadInput(Exception):
    pass


def _read_json(path: str, what: str) -> Any:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"{what}: cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise BadInput(f"{what}: {path} is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"{what}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise BadInput(f"{what}: JSON nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise BadInput(f"{what}: {exc}") from None


def _write_atomically(path: str, text: str) -> None:
    if path == "-":
        sys.stdout.write(text)
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=".haven-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it 0600; a result file is not secret
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def match(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="haven match", description="Solve a haven-match/1 instance.")
    parser.add_argument("--input", required=True, help="instance JSON file, or - for stdin")
    parser.add_argument("--output", default="-", help="result JSON file (default: stdout)")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    args = parser.parse_args(argv)
    try:
        instance = parse_instance(_read_json(args.input, "input"))
        if args.output != "-":
            target = Path(args.output)
            if target.is_dir():
                raise BadInput(f"output: {args.output} is a directory")
            if not target.resolve().parent.is_dir() or not os.access(target.resolve().parent, os.W_OK):
                raise BadInput(f"output: cannot write in the directory of {args.output}")
    except (BadInput, InstanceError) as exc:
        print(f"haven match: {exc}", file=sys.stderr)
        return 2
    from haven.matching.engine.solve import solve

    result = solve(instance, time_limit=args.time_limit)
    _write_atomically(args.output, json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
    return 0


def match_check(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="haven match-check", description="Validate and score a result.")
    parser.add_argument("instance")
    parser.add_argument("result")
    args = parser.parse_args(argv)
    try:
        instance = parse_instance(_read_json(args.instance, "instance"))
        result = _read_json(args.result, "result")
    except (BadInput, InstanceError) as exc:
        print(f"haven match-check: {exc}", file=sys.stderr)
        return 2
    from haven.matching.engine.validate import check_result

    report = check_result(instance, result)
    for violation in report.violations:
        print(violation)
    bound = result.get("upper_bound") if isinstance(result, dict) else None
    print(
        json.dumps({"ok": report.ok, "score": report.score, "upper_bound": bound, "violations": len(report.violations)})
    )
    return 0 if report.ok else 1
