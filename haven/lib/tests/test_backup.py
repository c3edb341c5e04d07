"""A backup taken while Haven runs restores to the same records, on both databases."""

from __future__ import annotations

import io
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

TABLES = ["registry_household", "hosting_offer", "stays_stay", "queues_ticket", "workspaces_booking", "audit_entry"]


def counts_here() -> dict[str, int]:
    with connection.cursor() as cursor:
        found = {}
        for table in TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed names
            found[table] = cursor.fetchone()[0]
        return found


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_to_the_same_records(tmp_path: Path):
    call_command("seed_demo", stdout=io.StringIO(), households=20, offers=8)
    expected = counts_here()
    assert expected["queues_ticket"] > 0
    if connection.vendor == "sqlite":
        copy = tmp_path / "haven.sqlite3"
        call_command("backup_database", to=copy, stdout=io.StringIO())
        restored = sqlite3.connect(copy)
        try:
            got = {t: restored.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608
        finally:
            restored.close()
        assert got == expected
        return
    dump = tmp_path / "haven.dump"
    call_command("backup_database", to=dump, stdout=io.StringIO())
    into = f"{connection.settings_dict['NAME']}_restored"
    drop = [shutil.which("dropdb") or "dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", into]
    subprocess.run(drop, check=True)
    try:
        call_command("backup_database", restore=dump, into=into, stdout=io.StringIO())
        query = "; ".join(f"SELECT COUNT(*) FROM {t}" for t in TABLES)  # noqa: S608 - fixed names
        psql = [shutil.which("psql") or "psql", "-h", "127.0.0.1", "-U", "postgres", "-d", into, "-At", "-c", query]
        out = subprocess.run(psql, check=True, capture_output=True, text=True).stdout.split()
        assert dict(zip(TABLES, map(int, out), strict=True)) == expected
    finally:
        subprocess.run(drop, check=True)
