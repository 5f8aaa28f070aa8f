from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from smartby.reference.registry import load_all, loaders


class Command(BaseCommand):
    help = "Load or update the reference data shipped in smartby/reference/data (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--only", nargs="*", choices=[name for name, _ in loaders()])

    def handle(self, *args: Any, **options: Any) -> None:
        results = load_all(options.get("only"))
        for name, r in results.items():
            self.stdout.write(
                f"{name}: {r.created} created, {r.updated} updated, {r.unchanged} unchanged"
            )
