"""An import of a 10,000-row sheet, start to end, in a throwaway test database.

    uv run python -m bench.import_rows --rows 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/haven uv run python -m bench.import_rows

Writes a CSV of ``--rows`` households (one in twenty without dates, one in fifty a
repeat of an earlier row's contact), reads it, checks and imports it as the worker does,
and prints rows per second for the reading and for the import, and what came out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from bench.django_db import a_city, throwaway_database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import_rows", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args(argv)
    with throwaway_database() as connection:
        from django.utils import timezone

        from haven.accounts.models import User
        from haven.imports import reading, services
        from haven.imports.models import ImportJob, ImportStatus

        region = a_city()
        coordinator = User.objects.create_user(email="coord@example.org", password="x" * 12)
        today = timezone.localdate()
        lines = ["Имя;Взрослые;Дети;Заезд;Выезд;Район;Телефон"]
        for n in range(args.rows):
            start, end = today + dt.timedelta(days=n % 7), today + dt.timedelta(days=n % 7 + 3)
            dates = "" if n % 20 == 19 else f"{start:%d.%m.%Y};{end:%d.%m.%Y}"
            dates = dates or ";"
            phone = f"+7701{(n // 50 * 50 if n % 50 == 49 else n):07d}"
            lines.append(f"Группа {n};{1 + n % 3};{n % 2};{dates};Медеу;{phone}")
        data = "\n".join(lines).encode("cp1251")
        started = time.perf_counter()
        table = reading.read_table("big.csv", data)
        read_seconds = time.perf_counter() - started
        job = services.start(region=region, by=coordinator, source="bench", file_name="big.csv", table=table)
        job = services.set_mapping(job=job, mapping=job.mapping, remember=False)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
        started = time.perf_counter()
        services.run(str(job.public_id))
        run_seconds = time.perf_counter() - started
        job.refresh_from_db()
        print(f"{connection.vendor}: {args.rows} rows, {len(data) / 1e6:.1f} MB (cp1251, semicolons)")
        print(f"read   {read_seconds:6.2f} s  {args.rows / read_seconds:8.0f} rows/s")
        print(f"import {run_seconds:6.2f} s  {args.rows / run_seconds:8.0f} rows/s")
        print(
            f"imported {job.imported}, rows with errors {len({e[0] for e in job.errors})}, held {len(job.duplicates)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
