from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelppointsConfig(AppConfig):
    name = "haven.helppoints"
    verbose_name = _("Help points")
    default_auto_field = "django.db.models.BigAutoField"
