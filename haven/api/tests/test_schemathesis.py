"""schemathesis against the partner API's own OpenAPI schema, in process through the WSGI
application: every operation is sent generated requests (valid and not) with a token
that may write in Almaty. The only check is the one the issue asks: no server error."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from haven.partners import services as partners
from haven.partners.models import Partner
from haven.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _one_connection_for_the_test() -> Any:
    """The WSGI handler closes the database connection after each request, which would
    end the test's transaction; Django's test client holds these signals off likewise."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(almaty: Any, host: Any) -> str:
    partner = Partner.objects.create(name="Red Crescent")
    partner.hosts.add(host)
    return partners.make_token(partner=partner, regions=[almaty], can_write=True)[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_a_server_error(case: Any, token: str):
    if case.path_parameters and "code" in case.path_parameters:
        case.path_parameters["code"] = "almaty"  # the token's region: the bodies and queries reach the code
    if isinstance(case.query, dict) and "region" in case.query:
        case.query["region"] = "almaty"
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error])
