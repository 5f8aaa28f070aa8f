"""`smartby harvest [--source ID ...] [--all]`: harvest now, in this process, and print what
each run did."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartby.catalog.models import HarvestRun, HarvestSource
from smartby.catalog.services.harvest import harvest_run


class Command(BaseCommand):
    help = (
        "Harvest catalogue sources now (synchronously) and print the counts: --source ID "
        "(repeatable) or --all for every enabled source."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source", type=int, action="append", default=[], metavar="ID", help="source id"
        )
        parser.add_argument("--all", action="store_true", help="every enabled source")

    def handle(self, *args: Any, **options: Any) -> None:
        ids: list[int] = options["source"]
        if not ids and not options["all"]:
            raise CommandError("Name a source with --source ID, or use --all.")
        sources = HarvestSource.objects.select_related("publisher").order_by("pk")
        if ids:
            chosen = list(sources.filter(pk__in=ids))
            missing = sorted(set(ids) - {s.pk for s in chosen})
            if missing:
                raise CommandError(f"No harvest source with id {', '.join(map(str, missing))}.")
        else:
            chosen = list(sources.filter(enabled=True))
            if not chosen:
                self.stdout.write("No enabled harvest sources.")
        failed = 0
        for source in chosen:
            run = harvest_run(source=source)
            self.stdout.write(
                f"{source.pk} {source.name}: {run.status} — created {run.created}, "
                f"updated {run.updated}, unchanged {run.unchanged}, withdrawn {run.withdrawn}, "
                f"errors {sum(1 for e in run.errors if e.get('level') != 'warning')}"
            )
            if run.message:
                self.stdout.write(f"  {run.message}")
            for error in run.errors:
                if error.get("level") != "warning":
                    self.stdout.write(f"  {error.get('record', '')}: {error.get('message', '')}")
            failed += run.status == HarvestRun.Status.FAILED
        if failed:
            raise CommandError(f"{failed} of {len(chosen)} harvests failed.")
