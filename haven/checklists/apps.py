from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecklistsConfig(AppConfig):
    name = "haven.checklists"
    verbose_name = _("Onward checklists")
    default_auto_field = "django.db.models.BigAutoField"
