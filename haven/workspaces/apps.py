from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspacesConfig(AppConfig):
    name = "haven.workspaces"
    label = "workspaces"
    verbose_name = _("Workspaces")

    def ready(self) -> None:
        from haven.workspaces import links

        links.register_all()
