from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelocationConfig(AppConfig):
    name = "haven.relocation"
    label = "relocation"
    verbose_name = _("Relocation")
