from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "haven.guide"
    verbose_name = _("Guide")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from haven.guide.links import clock_path
        from haven.notify import links

        links.register("stay-clock", clock_path)
