"""`smartby tick`: queue the periodic work that is due. scripts/run.sh runs it every 10
minutes beside the worker; in production run it from cron or a systemd timer. Each step only
queues tasks; the worker does the work."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from smartby.catalog.services.harvest import harvest_enqueue, harvest_sources_due


class Command(BaseCommand):
    help = "Queue the work that is due: scheduled harvests (and link checks)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.harvests()
        # Link checks (helper H): add the call of the due link checks below this line.

    def harvests(self) -> None:
        """Every enabled source whose last run is older than its schedule_hours."""
        due = harvest_sources_due()
        for source in due:
            harvest_enqueue(source=source)
        self.stdout.write(f"Harvests queued: {len(due)}")
