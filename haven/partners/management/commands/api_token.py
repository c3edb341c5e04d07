"""``manage.py api_token "Red Crescent" almaty bishkek [--write]``: make a partner's API
token (and the partner, if new) and print it, the only time it is shown."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.accounts.models import Region
from haven.partners import services
from haven.partners.models import Partner


class Command(BaseCommand):
    help = "Make an API token for a partner organisation and print it (shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("partner")
        parser.add_argument("regions", nargs="+", help="region codes, like almaty")
        parser.add_argument("--write", action="store_true", help="the token may write, not only read")
        parser.add_argument("--label", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        regions = list(Region.objects.filter(slug__in=options["regions"]))
        unknown = set(options["regions"]) - {r.slug for r in regions}
        if unknown:
            raise CommandError(f"unknown regions: {', '.join(sorted(unknown))}")
        partner, _ = Partner.objects.get_or_create(name=options["partner"][:120])
        _token, text = services.make_token(
            partner=partner, regions=regions, can_write=options["write"], label=options["label"]
        )
        self.stdout.write(text)
