"""Two app nodes behind nginx, two RQ workers, one PostgreSQL and one Redis, for a short load:
nothing lost, nothing done twice (``bench/two_nodes.py``, the short version).

It needs what the script needs: PostgreSQL (the suite's own server), Redis on
127.0.0.1:6379, nginx, and the ``load`` dependency group (gunicorn, locust). The script
makes and drops a database of its own (``haven_two_nodes_test``), not the test database.
No worker is killed here: the clock hands a dead worker's job on after 60 s, too long
for a test; the full run (``make two-nodes``) kills one, and ``tests/test_faults.py``
kills ``db_worker`` processes and calls the clock as if the lease had run out.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="the nodes share one PostgreSQL",
    ),
]


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def test_two_nodes_and_two_workers_lose_nothing_and_do_nothing_twice(tmp_path):
    missing = [
        what
        for what, there in (
            ("nginx", shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")),
            ("Redis on 127.0.0.1:6379", redis_answers()),
            (
                "locust and gunicorn (uv sync --group load)",
                importlib.util.find_spec("locust") and shutil.which("gunicorn"),
            ),
        )
        if not there
    ]
    if missing:
        if os.environ.get("HAVEN_REQUIRE_TWO_NODES") == "1":  # CI installs them: missing is a failure there
            pytest.fail("needs " + ", ".join(missing))
        pytest.skip("needs " + ", ".join(missing))
    result = subprocess.run(
        [
            sys.executable, "-m", "bench.two_nodes", "--minutes", "0.25", "--users", "8", "--kill-at", "0",
            "--hosts", "2", "--proposals", "10", "--import-rows", "100", "--match-every", "5", "--drain", "40",
            "--database", "haven_two_nodes_test", "--port", "8780", "--redis-url", "redis://127.0.0.1:6379/12",
            "--out", str(tmp_path),
        ],
        cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    report = (tmp_path / "report.md").read_text() if (tmp_path / "report.md").exists() else result.stderr[-3000:]
    assert result.returncode == 0, report
    assert "problems: none" in report
    assert "requests to node-1: 0" not in report
    assert "requests to node-2: 0" not in report
