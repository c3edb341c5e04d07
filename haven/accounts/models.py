"""People who log in (hosts, coordinators, administrators), and the regions they serve.

No legal names: a person who logs in has an e-mail address and, if they like, a name
to show to others. Roles are grants per region, so a coordinator of Almaty sees
Almaty and nothing else.
"""

from __future__ import annotations

import uuid
import zoneinfo
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(zone)s is not a time zone; write one like Asia/Almaty."), params={"zone": value})


def in_language(obj: object, field: str) -> str:
    """``obj.<field>_<language of the page>``, or the Russian text when that one is empty."""
    lang = (get_language() or "ru")[:2]
    return getattr(obj, f"{field}_{lang}", "") or getattr(obj, f"{field}_ru")


class NamedInThreeLanguages(models.Model):
    name_ru = models.CharField(_("name in Russian"), max_length=80)
    name_kk = models.CharField(_("name in Kazakh"), max_length=80)
    name_en = models.CharField(_("name in English"), max_length=80)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")


class Region(NamedInThreeLanguages):
    """A city or area that one team of coordinators serves."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    country = models.CharField(_("country code"), max_length=2)
    is_active = models.BooleanField(_("open for registrations"), default=True)
    # Opening hours, queue days and reminders are read on the region's own clock.
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Almaty", validators=[validate_timezone],
        help_text=_("As in the tz database, for example Asia/Almaty or Asia/Bishkek."),
    )  # fmt: skip

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class District(NamedInThreeLanguages):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="districts", verbose_name=_("region"))
    slug = models.SlugField(_("code"), max_length=40)

    class Meta:
        ordering = ["region", "name_en"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [models.UniqueConstraint(fields=["region", "slug"], name="district_slug_unique_in_region")]


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    # Legal names are never asked: the inherited name fields are removed.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(
        _("name to show to others"), max_length=40, blank=True, help_text=_("A first name or a nickname.")
    )
    # The language of the pages when this person last logged in: messages use it.
    language = models.CharField(_("language of messages"), max_length=8, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    # A coordinator who also decides who else coordinates the region.
    LEAD = "lead", _("Lead coordinator")
    # Sees the region's figures only: no names, no contacts, no changes.
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    """A role that a person holds in one region."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("region"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.COORDINATOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role in a region")
        verbose_name_plural = _("roles in regions")
        constraints = [models.UniqueConstraint(fields=["user", "region", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region}"
