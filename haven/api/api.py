"""Haven's partner API, version 1: its OpenAPI schema is at /api/v1/openapi.json and
its documentation at /api/v1/docs. Every endpoint needs a partner's token."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from haven.api import aggregates, writes
from haven.api.auth import TokenAuth

api = NinjaAPI(
    title="Haven partner API",
    version="1",
    description=(
        "For partner organisations: anonymous figures of their regions, households and offers in bulk "
        "(checked as the import page checks them), and the stays at their shelters. Send the token as "
        "`Authorization: Bearer hv_…`; every write needs an `Idempotency-Key` header."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("", aggregates.router)
api.add_router("", writes.router)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("An unknown or revoked token.")}, status=401)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("The request is too large: send fewer rows at once.")}, status=413)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)
