"""A consistent copy of the database, while Haven runs; and back from one.

    manage.py backup_database --to haven-2026-11-25.dump     # PostgreSQL: pg_dump -Fc
    manage.py backup_database --to haven-2026-11-25.sqlite3  # SQLite: the online backup API
    manage.py backup_database --restore FILE --into NAME     # PostgreSQL: into a new database

The copy holds contacts and addresses encrypted: keep HAVEN_FIELD_KEYS and HAVEN_CODE_KEY
somewhere else (without them a restored copy cannot read contacts or find case codes,
which is the point if the copy is stolen). See docs/security.md.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise CommandError(f"{name} is not installed (PostgreSQL's client programs)")
    return found


def _pg_env() -> tuple[dict[str, str], dict[str, Any]]:
    params = connection.settings_dict
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return env, params


def _pg_args(params: dict[str, Any]) -> list[str]:
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if params.get(key):
            args += [flag, str(params[key])]
    return args


def backup(to: Path) -> None:
    if connection.vendor == "postgresql":
        env, params = _pg_env()
        command = [_tool("pg_dump"), "-Fc", *_pg_args(params), "-f", str(to), str(params["NAME"])]
        subprocess.run(command, check=True, env=env)  # noqa: S603 - our program, arguments from settings
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(to)
        try:
            connection.connection.backup(target)  # a consistent snapshot, WAL included
        finally:
            target.close()
    else:  # pragma: no cover - Haven runs on the two
        raise CommandError(f"no backup for {connection.vendor}")


def restore_postgres(dump: Path, into: str) -> None:
    """Restore a pg_dump into a new database (never over the running one)."""
    env, params = _pg_env()
    subprocess.run([_tool("createdb"), *_pg_args(params), into], check=True, env=env)  # noqa: S603
    restore = [_tool("pg_restore"), "--no-owner", *_pg_args(params), "-d", into, str(dump)]
    subprocess.run(restore, check=True, env=env)  # noqa: S603


class Command(BaseCommand):
    help = "Copy the database to a file while Haven runs (pg_dump, or SQLite's backup API), or restore a dump."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", type=Path, help="the file to write")
        parser.add_argument("--restore", type=Path, help="a PostgreSQL dump to restore")
        parser.add_argument("--into", help="the new database to restore into")

    def handle(self, *args: object, **options: Any) -> None:
        if options["restore"]:
            if connection.vendor != "postgresql" or not options["into"]:
                raise CommandError("restore a PostgreSQL dump --into a new database; for SQLite, copy the file back")
            restore_postgres(options["restore"], options["into"])
            self.stdout.write(f"Restored into {options['into']}.")
            return
        if not options["to"]:
            raise CommandError("say where: --to FILE")
        backup(options["to"])
        self.stdout.write(f"Copied to {options['to']}.")
