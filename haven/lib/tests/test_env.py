import pytest

from haven.lib.env import database_from_url, env_bool, env_list


def test_database_url_becomes_a_postgres_entry():
    db = database_from_url("postgres://haven:s%40cret@db.local:5433/haven?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "haven", "haven", "s@cret", "db.local", "5433",
    )  # fmt: skip
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_an_unknown_database_scheme_is_refused():
    with pytest.raises(ValueError, match="unsupported scheme"):
        database_from_url("mysql://x@y/z")


def test_booleans_and_lists_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_bool("X_BOOL") is True
    assert env_list("X_LIST") == ["a", "b", "c"]
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ValueError, match="X_BOOL"):
        env_bool("X_BOOL")
