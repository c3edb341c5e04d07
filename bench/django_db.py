"""For the benches that need Django: a throwaway test database and a city to fill.

Run from the project root; ``DATABASE_URL`` picks PostgreSQL, else SQLite in memory.
The database is created, handed over and dropped, whatever happens inside.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def throwaway_database() -> Iterator[Any]:
    """Django set up on a fresh test database; yields the connection."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("createcachetable", verbosity=0)
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def a_city() -> Any:
    """Almaty with one district, as the benches need it."""
    from haven.accounts.models import District, Region

    region = Region.objects.create(slug="almaty", name_ru="Алматы", name_kk="Алматы", name_en="Almaty", country="KZ")
    District.objects.create(region=region, slug="medeu", name_ru="Медеу", name_kk="Медеу", name_en="Medeu")
    return region
