"""Who calls the partner API: a bearer token of a partner organisation, checked on every
request (unknown and revoked tokens are refused alike), then counted against the
token's rate limit."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from haven.accounts.models import Region
from haven.lib import ratelimit
from haven.partners.models import ApiToken
from haven.partners.services import digest


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        if not token or len(token) > 200:
            return None
        found = (
            ApiToken.objects.select_related("partner")
            .prefetch_related("regions")
            .filter(digest=digest(token), revoked_at__isnull=True)
            .first()
        )
        if found is None:
            return None
        if not ratelimit.allow_for("api", str(found.public_id)):
            raise HttpError(429, _("Too many requests for this token: wait a minute."))
        if found.last_used_at is None or (timezone.now() - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        return found


def token_of(request: HttpRequest) -> ApiToken:
    auth: Any = getattr(request, "auth", None)
    if not isinstance(auth, ApiToken):
        raise HttpError(401, _("A partner token is needed."))
    return auth


def region_of(request: HttpRequest, slug: str, *, write: bool = False) -> Region:
    """The region, if the token may read (or write) there; 403 otherwise, 404 if there is none."""
    token = token_of(request)
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        raise HttpError(404, _("There is no region with that code."))
    if not any(r.pk == region.pk for r in token.regions.all()):
        raise HttpError(403, _("This token does not reach that region."))
    if write and not token.can_write:
        raise HttpError(403, _("This token may only read."))
    return region
