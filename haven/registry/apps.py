from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "haven.registry"
    label = "registry"
    verbose_name = _("Households and needs")

    def ready(self) -> None:
        from haven.registry import links

        links.register_all()
