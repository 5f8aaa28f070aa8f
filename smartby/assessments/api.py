"""Self-assessments in the API: the assessments the caller may see (each with its
`visibility`), one assessment with its principles and answers, and the network benchmark
(aggregates only, never a municipality's own figures; withheld under three)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from smartby.accounts.api import optional_auth
from smartby.assessments import scoring
from smartby.assessments.models import Answer, Assessment, Section, Status, Visibility
from smartby.assessments.selectors.benchmark import benchmark, rounds_shared
from smartby.assessments.selectors.network import latest_shared_year
from smartby.assessments.selectors.visibility import assessment_shared, assessment_visible_to
from smartby.cases.selectors.visibility import case_visible_to
from smartby.core.api import FiltersSchema, ListOut, PageParams, errors, unknown_value
from smartby.network.models import Network

router = Router(tags=["assessments"])


class MunicipalityRefOut(Schema):
    id: int
    name: str
    slug: str
    code: str | None


class AssessmentOut(Schema):
    id: int
    url: str
    municipality: MunicipalityRefOut
    year: int = Field(description="The round.")
    status: str = Field(description="draft or submitted.")
    visibility: str = Field(description="private, network or public: who may see it.")
    score: float | None = Field(description="Overall score 0–100 (mean of the principles).")
    answered: int = Field(description="Key questions answered, of 58.")
    submitted_at: datetime | None
    is_demo: bool

    @staticmethod
    def resolve_url(obj: Assessment) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_municipality(obj: Assessment) -> dict[str, Any]:
        org = obj.organisation
        return {
            "id": org.pk,
            "name": org.name,
            "slug": org.slug,
            "code": org.municipality.code if org.municipality else None,
        }


class AssessmentListOut(ListOut[AssessmentOut]):
    """`facets`: counts per `year`, `status` and `visibility` over all matching rows."""


class PrincipleScoreOut(Schema):
    number: int
    slug: str
    title: str
    score: float | None
    level: int | None = Field(description="The maturity level nearest to the score, 1–5.")
    answered: int
    barriers: list[str] = Field(description="Codes of the challenges ticked as applying.")


class AnswerOut(Schema):
    key_question: str = Field(description="Code, e.g. 3.2.")
    principle: int
    level: int | None
    comment: str
    evidence: list[int] = Field(description="Ids of evidence cases the caller may see.")


class AssessmentDetailOut(AssessmentOut):
    principles: list[PrincipleScoreOut]
    answers: list[AnswerOut]

    @staticmethod
    def resolve_principles(obj: Assessment) -> list[dict[str, Any]]:
        return obj.api_principles  # type: ignore[attr-defined, no-any-return]

    @staticmethod
    def resolve_answers(obj: Assessment) -> list[dict[str, Any]]:
        return obj.api_answers  # type: ignore[attr-defined, no-any-return]


def _known_network(value: str | None) -> str | None:
    if value is not None:
        known = list(Network.objects.values_list("slug", flat=True))
        if value not in known:
            raise unknown_value("network", value, known)
    return value


class AssessmentFiltersIn(FiltersSchema):
    year: int | None = Field(None, ge=2000, le=2100, description="The round.")
    municipality: str | None = Field(
        None, description="Municipality number or slug.", examples=["4601"]
    )
    status: str | None = Field(None, description="draft or submitted.")
    visibility: str | None = Field(None, description="private, network or public.")
    network: str | None = Field(
        None, description="Network slug: only its current members' shared assessments."
    )

    @field_validator("status")
    @classmethod
    def _status(cls, value: str | None) -> str | None:
        if value is not None and value not in Status.values:
            raise unknown_value("status", value, Status.values)
        return value

    @field_validator("visibility")
    @classmethod
    def _visibility(cls, value: str | None) -> str | None:
        if value is not None and value not in Visibility.values:
            raise unknown_value("visibility", value, Visibility.values)
        return value

    @field_validator("network")
    @classmethod
    def _network(cls, value: str | None) -> str | None:
        return _known_network(value)


def _network_id(slug: str | None) -> int | None:
    if slug is None:
        return None
    return Network.objects.filter(slug=slug).values_list("pk", flat=True).first()


@router.get(
    "/assessments",
    response={200: AssessmentListOut, **errors(401, 422)},
    auth=optional_auth,
    summary="List self-assessments",
    description="The self-assessments you may see: public ones for everyone, network ones "
    "for people of member organisations sharing a network with the municipality, and all of "
    "your own municipality's (drafts too) with your token.",
)
def assessment_list(
    request: HttpRequest, filters: Query[AssessmentFiltersIn], paging: Query[PageParams]
) -> dict[str, Any]:
    rows = assessment_visible_to(viewer=request.user).select_related("organisation__municipality")
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    if filters.municipality is not None:
        rows = rows.filter(
            Q(organisation__municipality__code=filters.municipality)
            | Q(organisation__municipality__slug=filters.municipality)
            | Q(organisation__slug=filters.municipality)
        )
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    if filters.visibility is not None:
        rows = rows.filter(visibility=filters.visibility)
    if filters.network is not None:
        rows = rows.filter(
            pk__in=assessment_shared(network_id=_network_id(filters.network)).values("pk")
        )
    facets = {
        name: {
            str(value): n for value, n in rows.order_by().values_list(name).annotate(n=Count("id"))
        }
        for name in ("year", "status", "visibility")
    }
    rows = rows.order_by("-year", "organisation__name", "id")
    count = rows.count()
    return {
        "count": count,
        "results": list(rows[paging.offset : paging.offset + paging.limit]),
        "facets": facets,
    }


@router.get(
    "/assessments/{assessment_id}",
    response={200: AssessmentDetailOut, **errors(401, 404, 422)},
    auth=optional_auth,
    summary="One self-assessment",
    description="With the score per principle and every answer. 404 for what you may not see.",
)
def assessment_detail(request: HttpRequest, assessment_id: int) -> Assessment:
    viewer = request.user
    try:
        assessment = (
            assessment_visible_to(viewer=viewer)
            .select_related("organisation__municipality")
            .prefetch_related(
                Prefetch(
                    "sections",
                    queryset=Section.objects.select_related("principle")
                    .prefetch_related("barriers__principle")
                    .order_by("principle__number"),
                ),
                Prefetch(
                    "sections__answers",
                    queryset=Answer.objects.select_related("key_question")
                    .prefetch_related(
                        Prefetch(
                            "evidence",
                            queryset=case_visible_to(viewer=viewer).only("id"),
                            to_attr="visible_evidence",
                        )
                    )
                    .order_by("key_question__position"),
                ),
            )
            .get(pk=assessment_id)
        )
    except Assessment.DoesNotExist as exc:
        raise Http404 from exc
    sections = list(assessment.sections.all())
    assessment.api_principles = [  # type: ignore[attr-defined]
        {
            "number": s.principle.number,
            "slug": s.principle.slug,
            "title": s.principle.title,
            "score": s.score,
            "level": scoring.band(s.score),
            "answered": s.answered,
            "barriers": [f"{b.principle.number}.{b.position}" for b in s.barriers.all()],
        }
        for s in sections
    ]
    assessment.api_answers = [  # type: ignore[attr-defined]
        {
            "key_question": a.key_question.code,
            "principle": s.principle.number,
            "level": a.level,
            "comment": a.comment,
            "evidence": [c.pk for c in a.visible_evidence],  # type: ignore[attr-defined]
        }
        for s in sections
        for a in s.answers.all()
    ]
    return assessment


class SpreadOut(Schema):
    n: int
    median: float
    q1: float
    q3: float
    min: float
    max: float


class PrincipleBenchmarkOut(Schema):
    number: int
    slug: str
    title: str
    figures: SpreadOut | None = Field(description="null when fewer than three municipalities.")


class RoundOut(Schema):
    year: int
    n: int = Field(description="Municipalities that shared a submitted assessment.")


class BenchmarkOut(Schema):
    year: int | None
    n: int = Field(description="Municipalities in the group.")
    withheld: bool = Field(description="True when fewer than three: no figures are given.")
    min_group: int
    overall: SpreadOut | None
    principles: list[PrincipleBenchmarkOut]
    rounds: list[RoundOut]


class BenchmarkFiltersIn(FiltersSchema):
    year: int | None = Field(
        None, ge=2000, le=2100, description="The round; default the latest shared one."
    )
    network: str | None = Field(None, description="Network slug.")

    @field_validator("network")
    @classmethod
    def _network(cls, value: str | None) -> str | None:
        return _known_network(value)


def _spread(value: scoring.Spread | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "n": value.n,
        "median": value.median,
        "q1": value.q1,
        "q3": value.q3,
        "min": value.minimum,
        "max": value.maximum,
    }


@router.get(
    "/roadmap/benchmark",
    response={200: BenchmarkOut, **errors(422)},
    summary="Network benchmark of the self-assessments",
    description="Median, quartiles, minimum and maximum per principle over the municipalities "
    "that shared a submitted assessment for the round. Aggregates only; private assessments "
    "never count; groups of fewer than three are withheld.",
)
def roadmap_benchmark(request: HttpRequest, filters: Query[BenchmarkFiltersIn]) -> dict[str, Any]:
    network_id = _network_id(filters.network)
    year = filters.year or latest_shared_year(network_id=network_id)
    rounds = [{"year": y, "n": n} for y, n in rounds_shared(network_id=network_id)]
    if year is None:
        return {
            "year": None,
            "n": 0,
            "withheld": True,
            "min_group": scoring.MIN_GROUP,
            "overall": None,
            "principles": [],
            "rounds": rounds,
        }
    figures = benchmark(year=year, network_id=network_id)
    return {
        "year": year,
        "n": figures.n,
        "withheld": figures.withheld,
        "min_group": scoring.MIN_GROUP,
        "overall": _spread(figures.overall),
        "principles": [
            {
                "number": item.principle.number,
                "slug": item.principle.slug,
                "title": item.principle.title,
                "figures": _spread(item.spread),
            }
            for item in figures.principles
        ],
        "rounds": rounds,
    }
