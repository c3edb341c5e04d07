from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueuesConfig(AppConfig):
    name = "haven.queues"
    label = "queues"
    verbose_name = _("Queues")

    def ready(self) -> None:
        from haven.queues import links

        links.register_all()
