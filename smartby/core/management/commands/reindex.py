from typing import Any

from django.core.management.base import BaseCommand
from django.utils.module_loading import autodiscover_modules

from smartby.core.postings import postings_build_all
from smartby.core.search import registered_rebuilds


class Command(BaseCommand):
    help = (
        "Rebuild every full-text search index from the database, and their word postings "
        "(safe to run any time)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Each app registers its index in its `search` module; importing them is enough.
        autodiscover_modules("search")
        for table, rebuild in sorted(registered_rebuilds().items()):
            count = rebuild()
            self.stdout.write(f"{table}: {count} rows indexed")
        for table, count in postings_build_all().items():
            self.stdout.write(f"{table}: word postings of {count} rows built")
