from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "haven.guide"
    verbose_name = _("Guide")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.urls import reverse

        from haven.notify import links

        links.register("stay-clock", lambda context: reverse("guide:clock-saved", args=[context["clock"]]))
