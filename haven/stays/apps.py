from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaysConfig(AppConfig):
    name = "haven.stays"
    label = "stays"
    verbose_name = _("Stays")

    def ready(self) -> None:
        from haven.stays import links

        links.register_all()
