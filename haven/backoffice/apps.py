from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """Coordinators' pages. Presents data of other apps; has no models."""

    name = "haven.backoffice"
    label = "backoffice"
    verbose_name = _("Coordination")
