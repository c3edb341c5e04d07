from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from haven.hosting.models import HostProfile, Offer


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    """An overview without addresses; coordinators see those in the back-office, audited."""

    list_display = ["public_id", "kind", "region", "district", "beds", "status", "available_from"]
    list_filter = ["region", "status", "kind"]
    fields = ("public_id", "host", "kind", "region", "district", "beds", "max_households", "status",
              "available_from", "available_until")  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(HostProfile)
class HostProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "vetting", "vetted_by", "vetted_at"]
    list_filter = ["vetting"]
    readonly_fields = ["user", "vetting", "vetting_note", "vetted_by", "vetted_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
