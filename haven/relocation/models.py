"""An employer moving a team: one request for housing and desks, with a roster of households.

The households are ordinary households (``registry``), each with its own case code
handed to the employer to distribute, linked to the request; matching honours the
request's budget for paid places. Desks are one booking at a workspace for the team.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from haven.hosting.models import Currency
from haven.lib.crypto import EncryptedTextField


class Company(models.Model):
    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(_("company name"), max_length=120)
    # The person the coordinators talk to: a work contact, kept encrypted all the same.
    contact = EncryptedTextField(_("contact for coordinators"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name


class CompanyMember(models.Model):
    """A person who files relocation requests for a company (the employer's role)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="companies")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["company", "user"], name="company_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.company}"


class RelocationRequest(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="requests", verbose_name=_("company"))
    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("city"))
    district = models.ForeignKey(
        "accounts.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("preferred district"),
    )  # fmt: skip
    first_night = models.DateField(_("first night"))
    leaving_on = models.DateField(_("leaving on"))
    company_pays = models.BooleanField(_("the company pays for housing"), default=False)
    budget_per_night = models.DecimalField(
        _("budget per household and night"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    workspace = models.ForeignKey(
        "workspaces.Workspace", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("desks at"),
    )  # fmt: skip
    desk_booking = models.OneToOneField(
        "workspaces.Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="relocation"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # The form's one-time token: the same form sent twice (a reload of the codes page) files once.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("relocation request")
        verbose_name_plural = _("relocation requests")
        constraints = [
            models.CheckConstraint(condition=Q(leaving_on__gt=F("first_night")), name="relocation_dates_ordered"),
            models.CheckConstraint(
                condition=Q(budget_per_night__isnull=True) | Q(budget_per_night__gte=0),
                name="relocation_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} → {self.region} ({self.first_night})"

    def pays_for(self, price: object, currency: str) -> bool:
        """Whether a paid place at ``price`` per night fits this request's budget."""
        return bool(
            self.company_pays and self.budget_per_night is not None and currency == self.currency
            and price is not None and price <= self.budget_per_night  # type: ignore[operator]
        )  # fmt: skip
