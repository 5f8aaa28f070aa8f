"""Network figures: per principle, the median and quartiles of the scores of the
municipalities that share their submitted assessment for a round. Groups smaller than
scoring.MIN_GROUP are withheld, so no figure ever describes one or two municipalities."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from smartby.assessments import scoring
from smartby.assessments.models import Section
from smartby.assessments.selectors.visibility import assessment_shared
from smartby.roadmap.models import Principle


@dataclass
class PrincipleBenchmark:
    principle: Principle
    spread: scoring.Spread | None


@dataclass
class Benchmark:
    year: int
    n: int  # municipalities that shared a submitted assessment this round
    overall: scoring.Spread | None
    principles: list[PrincipleBenchmark] = field(default_factory=list)

    @property
    def withheld(self) -> bool:
        return self.n < scoring.MIN_GROUP

    def for_principle(self, number: int) -> scoring.Spread | None:
        for item in self.principles:
            if item.principle.number == number:
                return item.spread
        return None


def benchmark(*, year: int, network_id: int | None = None) -> Benchmark:
    """Two queries: the principles, and the shared sections' scores of the round."""
    principles = list(Principle.objects.order_by("number"))
    shared = assessment_shared(network_id=network_id).filter(year=year)
    rows = Section.objects.filter(assessment__in=shared, score__isnull=False).values_list(
        "assessment_id", "principle_id", "score", "assessment__score"
    )
    per_principle: dict[int, list[float]] = defaultdict(list)
    overall: dict[int, float] = {}
    for assessment_id, principle_id, score, assessment_score in rows:
        if score is not None:
            per_principle[principle_id].append(score)
        if assessment_score is not None:
            overall[assessment_id] = assessment_score
    n = len(overall)
    return Benchmark(
        year=year,
        n=n,
        overall=scoring.spread(list(overall.values())),
        principles=[
            PrincipleBenchmark(principle=p, spread=scoring.spread(per_principle.get(p.pk, [])))
            for p in principles
        ],
    )


def rounds_shared(*, network_id: int | None = None) -> list[tuple[int, int]]:
    """(year, municipalities that shared a submitted assessment), newest round first."""
    return list(
        assessment_shared(network_id=network_id)
        .values("year")
        .annotate(n=Count("id"))
        .order_by("-year")
        .values_list("year", "n")
    )
