"""`smartby checklinks`: check the access and download addresses of the catalogue now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartby.catalog.models import Dataset, Distribution
from smartby.catalog.services.linkcheck import (
    distributions_of,
    linkcheck_distributions,
    linkcheck_due,
)

BATCH = 200


class Command(BaseCommand):
    help = (
        "Check the addresses of the distributions that are due (not checked for 24 hours), "
        "of the datasets named with --dataset, or of every dataset with --all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dataset", action="append", default=[], metavar="SLUG", help="A dataset's slug."
        )
        parser.add_argument("--all", action="store_true", help="Every distribution.")

    def handle(self, *args: Any, **options: Any) -> None:
        slugs: list[str] = options["dataset"]
        if slugs:
            datasets = list(Dataset.objects.filter(slug__in=slugs))
            unknown = sorted(set(slugs) - {d.slug for d in datasets})
            if unknown:
                raise CommandError(f"No dataset with the slug: {', '.join(unknown)}")
            ids = distributions_of(datasets)
        elif options["all"]:
            ids = list(Distribution.objects.order_by("pk").values_list("pk", flat=True))
        else:
            ids = linkcheck_due()
        checked = failed = 0
        for start in range(0, len(ids), BATCH):
            made, bad = linkcheck_distributions(distribution_ids=ids[start : start + BATCH])
            checked += made
            failed += bad
        self.stdout.write(f"Addresses checked: {checked}; failed: {failed}")
