from django.apps import AppConfig


class LibConfig(AppConfig):
    """Shared helpers; an app only so that its checks and commands are found."""

    name = "haven.lib"
    label = "lib"

    def ready(self) -> None:
        from haven.lib import checks  # noqa: F401  (registers the deploy checks)
