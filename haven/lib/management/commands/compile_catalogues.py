from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from haven.lib.catalogues import compile_tree


class Command(BaseCommand):
    help = "Compile Haven's translation catalogues without GNU gettext (used by `make demo`)."

    def handle(self, *args: object, **options: object) -> None:
        written = []
        for path in settings.LOCALE_PATHS:
            if Path(path).is_dir():
                written += compile_tree(Path(path))
        self.stdout.write(f"Compiled {len(written)} catalogues.")
