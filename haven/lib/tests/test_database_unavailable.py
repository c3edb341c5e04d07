"""Which database errors are "the database went away" (503, try again) and which are bugs
(500): real exception classes of psycopg and sqlite3, wrapped as Django wraps them."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import translation

from haven.lib.middleware import DatabaseUnavailableMiddleware, connection_lost, server_error


def wrapped(cause: BaseException) -> OperationalError:
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("cause", "lost"),
    [
        (psycopg.OperationalError("connection failed: Connection refused"), True),  # no sqlstate: never connected
        (psycopg.errors.AdminShutdown("terminating connection due to administrator command"), True),
        (psycopg.errors.CannotConnectNow("the database system is starting up"), True),
        (psycopg.errors.ConnectionFailure("connection failure"), True),
        (psycopg.errors.DeadlockDetected("deadlock detected"), False),
        (psycopg.errors.QueryCanceled("canceling statement due to statement timeout"), False),
        (psycopg.errors.SerializationFailure("could not serialize access"), False),
        (sqlite3.OperationalError("database is locked"), True),
        (sqlite3.OperationalError("unable to open database file"), True),
        (sqlite3.OperationalError("no such table: rentals_listing"), False),
    ],
)
def test_only_a_lost_or_refused_connection_counts_as_the_database_gone(cause, lost):
    assert connection_lost(wrapped(cause)) is lost


def test_a_closed_connection_counts_and_other_errors_do_not():
    assert connection_lost(InterfaceError("connection already closed"))
    assert not connection_lost(ValueError("no"))
    assert not connection_lost(None)


def request() -> HttpRequest:
    return RequestFactory().get("/")


def test_a_view_that_meets_the_database_gone_answers_503_in_the_visitors_language():
    middleware = DatabaseUnavailableMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    with translation.override("ru"):
        response = middleware.process_exception(request(), wrapped(psycopg.errors.AdminShutdown("x")))
    assert response is not None
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "могло не сохраниться" in response.content.decode()
    assert middleware.process_exception(request(), wrapped(psycopg.errors.DeadlockDetected("x"))) is None


def test_the_500_handler_answers_503_for_the_database_gone_and_500_for_anything_else():
    try:
        raise wrapped(psycopg.OperationalError("connection failed"))
    except OperationalError:
        assert server_error(request()).status_code == 503
    try:
        raise wrapped(sqlite3.OperationalError("no such table: x"))
    except OperationalError:
        assert server_error(request()).status_code == 500
    assert server_error(request()).status_code == 500
