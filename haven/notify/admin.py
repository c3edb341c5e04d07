from django.contrib import admin

from haven.notify.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """What was sent and what failed; never the text (it is rendered only when sent)."""

    list_display = ["template", "channel", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state", "channel", "template"]
    fields = ("template", "channel", "language", "state", "attempts", "last_error", "created_at", "sent_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False
