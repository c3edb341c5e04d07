"""Administrators make partner organisations and their tokens. A token's text is shown
once, in the message after saving; Haven keeps only its hash."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from haven.partners import services
from haven.partners.models import ApiToken, Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "contact", "created_at"]
    filter_horizontal = ["hosts"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "partner", "label", "can_write", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["partner", "can_write"]
    fields = ["partner", "label", "regions", "can_write", "revoked_at"]
    filter_horizontal = ["regions"]
    actions = ["revoke"]

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new token: made by the service, which returns its text this once.
        made, text = services.make_token(
            partner=obj.partner, regions=form.cleaned_data["regions"], can_write=obj.can_write, by=request.user,
            label=obj.label,
        )  # fmt: skip
        obj.pk, obj.public_id, obj.prefix, obj.digest = made.pk, made.public_id, made.prefix, made.digest
        obj._state.adding = False
        messages.warning(request, _("The token, shown only now: %(token)s") % {"token": text})

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if change:
            super().save_related(request, form, formsets, change)

    @admin.action(description=_("Revoke the chosen tokens"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            services.revoke(token=token, by=request.user)
