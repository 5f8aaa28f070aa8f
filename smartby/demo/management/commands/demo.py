from typing import Any

from django.core.management.base import BaseCommand

from smartby.core.postings import postings_build_all
from smartby.demo.content import load_demo, write_logins_file


class Command(BaseCommand):
    help = "Load the fictional demo content (idempotent) and write var/demo-logins.txt."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo()
        self.stdout.write(", ".join(f"{k}: {v} created" for k, v in created.items()))
        postings_build_all()  # searches read the words of the new content from these
        self.stdout.write(write_logins_file())
