"""Partner organisations and their API tokens.

A token is shown once, when an administrator makes it; Haven keeps only its SHA-256
(the token is 32 random bytes: a fast hash is enough, there is nothing to guess). Each
token reads or writes only in its regions, and can be revoked.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Partner(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("organisation"), max_length=120, unique=True)
    contact = models.EmailField(_("organisation's e-mail"), blank=True)
    # Hosts' accounts of the organisation (a shelter's): its stays are theirs to read and update.
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="partners", verbose_name=_("its hosts' accounts")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self) -> str:
        return self.name


class ApiToken(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="tokens", verbose_name=_("partner"))
    label = models.CharField(_("what it is for"), max_length=80, blank=True)
    # The first characters, to tell tokens apart in lists; the rest is never kept.
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    regions = models.ManyToManyField("accounts.Region", related_name="+", verbose_name=_("regions"))
    can_write = models.BooleanField(_("may write"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}…"


class IdempotencyKey(models.Model):
    """A write's answer, kept for its key: the same key again gets the same answer, and
    the same key with another body is refused."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    body_digest = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="idempotency_key_once_per_token")]

    def __str__(self) -> str:
        return f"idempotency {self.pk}"
