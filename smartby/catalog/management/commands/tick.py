"""`smartby tick`: queue the periodic work that is due. scripts/run.sh runs it every 10
minutes beside the worker; in production run it from cron or a systemd timer. Each step only
queues tasks; the worker does the work."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from smartby.catalog.services.harvest import harvest_enqueue, harvest_sources_due

LINKCHECK_BATCH = 200


class Command(BaseCommand):
    help = (
        "Queue the work that is due: scheduled harvests and link checks; close decisions "
        "whose voting window has ended; rebuild search postings that fell behind; prune "
        "old change rows."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.harvests()
        self.linkchecks()
        self.decisions()
        self.postings()
        self.changes()

    def harvests(self) -> None:
        """Every enabled source whose last run is older than its schedule_hours."""
        due = harvest_sources_due()
        for source in due:
            harvest_enqueue(source=source)
        self.stdout.write(f"Harvests queued: {len(due)}")

    def linkchecks(self) -> None:
        """The distributions not checked for SMARTBY_LINKCHECK_HOURS, in tasks of BATCH."""
        from smartby.catalog.services.linkcheck import linkcheck_due
        from smartby.catalog.tasks import check_links

        due = linkcheck_due()
        for start in range(0, len(due), LINKCHECK_BATCH):
            check_links.enqueue(due[start : start + LINKCHECK_BATCH])
        self.stdout.write(f"Link checks queued: {len(due)} distributions")

    def decisions(self) -> None:
        """Decisions whose voting window has ended get their result now (quick: no queue)."""
        from smartby.network.services.decisions import decisions_close_due

        closed = decisions_close_due()
        self.stdout.write(f"Decisions closed: {len(closed)}")
        from smartby.network.services.priorities import priority_rounds_close_due

        self.stdout.write(f"Theme priority rounds closed: {priority_rounds_close_due()}")

    def postings(self) -> None:
        """A build of the word postings of each search index many rows changed in since its
        last build (smartby.core.postings)."""
        from smartby.core.postings import postings_due
        from smartby.core.tasks import refresh_postings

        due = postings_due()
        for table in due:
            refresh_postings.enqueue(table)
        self.stdout.write(f"Search postings queued: {len(due)}")

    def changes(self) -> None:
        """Change rows older than a day are pruned (the newest of each kind stays, and those
        since the last build of a search index's postings)."""
        from smartby.core.services import changes_prune

        self.stdout.write(f"Change rows pruned: {changes_prune()}")
