"""One seed run as the steps share it: the counts, a random stream per step, the writer, the
reference data, and what earlier steps made that later ones link to."""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator

from django.urls import reverse
from django.utils import translation

from smartby.demo.seed.references import Org, Refs
from smartby.demo.seed.scale import seed_counts
from smartby.demo.seed.writer import Rows, Writer, new_rows


class Seeder:
    """The state of one run; each step (organisations, people, cases ...) reads and fills
    it in turn."""

    def __init__(self, *, scale: float, seed: int, out: Callable[[str], None]) -> None:
        self.scale = scale
        self.seed = seed
        self.out = out
        self.counts = seed_counts(scale)
        self.writer = Writer(out)
        self.notes: list[str] = []
        self.refs = Refs.load()
        with translation.override("nb"):
            self.case_url = reverse("cases:case-detail", kwargs={"slug": "__slug__"})
            self.dataset_url = reverse("catalog:dataset-detail", kwargs={"slug": "__slug__"})
        # Filled as the steps go, read by later steps.
        self.orgs: list[Org] = []  # seeded organisations
        self.orgs_by_kind: dict[str, list[Org]] = defaultdict(list)
        self.org_by_id: dict[int, Org] = {}
        self.smartbyene_members: list[Org] = []
        self.users_by_org: dict[int, list[int]] = defaultdict(list)
        self.editors_by_org: dict[int, list[int]] = defaultdict(list)
        self.contacts: dict[int, tuple[str, str]] = {}  # editors: name, e-mail
        self.representatives: dict[int, tuple[int, int | None]] = {}  # org → user, deputy
        # Topic (index in TOPICS) → its published cases, for datasets to be used in.
        self.topic_cases: dict[int, list[int]] = defaultdict(list)
        # Topic → (case, lineage root, owner's words) of public originals others may adopt.
        self.adoptable: dict[int, list[tuple[int, int, tuple[str, str]]]] = defaultdict(list)
        # A municipality's organisation → (case, principle ids): evidence for its assessments.
        self.org_cases: dict[int, list[tuple[int, tuple[int, ...]]]] = defaultdict(list)

    def rng(self, step: str) -> random.Random:
        # A str seed is hashed with SHA-512 by random.Random: the same on every platform
        # and run, whatever PYTHONHASHSEED is.
        return random.Random(f"smartby-seed:{self.seed}:{step}")

    def progress(self, what: str, done: int, total: int, started: float) -> None:
        self.out(f"  {what}: {done:,} / {total:,} ({time.perf_counter() - started:.1f} s)")

    def chunks(self, what: str, total: int, chunk: int) -> Iterator[tuple[Rows, range]]:
        """The rows of each chunk of `total` and the numbers of the rows it is for: filled by
        the caller, then written in one transaction. Progress is reported about ten times."""
        every = max(1, math.ceil(total / chunk / 10))
        started = time.perf_counter()
        for first in range(0, total, chunk):
            rows = new_rows()
            yield rows, range(first, min(total, first + chunk))
            self.writer.write(rows)
            if (first // chunk) % every == 0 or first + chunk >= total:
                self.progress(what, min(total, first + chunk), total, started)
