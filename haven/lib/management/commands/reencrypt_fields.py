from django.core.management.base import BaseCommand

from haven.lib.crypto import reencrypt_all


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field under the first key of HAVEN_FIELD_KEYS."

    def handle(self, *args: object, **options: object) -> None:
        count = reencrypt_all()
        self.stdout.write(f"Re-encrypted {count} values under the newest key.")
