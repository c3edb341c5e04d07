import argparse

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.demo.report import render_report
from haven.demo.services import DEFAULT_HOUSEHOLDS, DEFAULT_OFFERS, DemoRefused, load_demo


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"cannot be negative: {value}")
    return value


class Command(BaseCommand):
    help = (
        "Load demo data (Almaty, Astana, Bishkek: coordinators, hosts, households, offers) into an empty "
        "database, and print the logins. Run again, it adds nothing and prints the logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="where the site runs, for the printout")
        parser.add_argument("--households", type=_count, default=DEFAULT_HOUSEHOLDS, help="how many households")
        parser.add_argument("--offers", type=_count, default=DEFAULT_OFFERS, help="how many offers")

    def handle(self, *args: object, **options: object) -> None:
        try:
            report = load_demo(households=options["households"], offers=options["offers"])  # type: ignore[arg-type]
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(render_report(report, str(options["url"])))
