"""The result of a self-assessment: scores, radar chart, comparison with the network,
change since the previous round, who to learn from; the printable report and the CSV."""

from __future__ import annotations

import csv
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartby.assessments import scoring
from smartby.assessments.charts import Series, radar_svg
from smartby.assessments.models import Assessment, Level
from smartby.assessments.selectors.learn import learn_from
from smartby.assessments.selectors.result import Result, assessment_result, result_rows
from smartby.core.text import csv_safe
from smartby.network.models import Network


def _network_id(request: HttpRequest, networks: list[Network]) -> int | None:
    slug = request.GET.get("network", "")
    for network in networks:
        if network.slug == slug:
            return network.pk
    return None


def _level_names() -> dict[int, str]:
    return {level.value: str(level.label) for level in Level}


def _chart(result: Result, uid: str) -> Any:
    rows = result.rows
    assessment = result.assessment
    labels = [f"{r.principle.number}" for r in rows]
    series = [
        Series(
            _("%(name)s %(year)s")
            % {"name": assessment.organisation.name, "year": assessment.year},
            [r.score for r in rows],
            "radar-own",
        )
    ]
    if not result.benchmark.withheld:
        series.append(
            Series(
                _("Network median"),
                [r.spread.median if r.spread else None for r in rows],
                "radar-median",
                dashed=True,
            )
        )
    if result.previous is not None:
        series.append(
            Series(
                _("Previous round (%(year)s)") % {"year": result.previous.year},
                [r.previous for r in rows],
                "radar-previous",
                dashed=True,
            )
        )
    words = "; ".join(
        _("principle %(number)s: %(score)s")
        % {
            "number": r.principle.number,
            "score": "–" if r.score is None else f"{r.score:.0f}",
        }
        for r in rows
    )
    return radar_svg(
        labels=labels,
        series=series,
        title=_("Scores per principle, %(name)s %(year)s")
        % {"name": assessment.organisation.name, "year": assessment.year},
        description=_("Scores from 0 to 100 on the eight principles: %(words)s.")
        % {"words": words},
        uid=uid,
    )


def _load(request: HttpRequest, pk: int, *, with_answers: bool = False) -> Assessment:
    try:
        return assessment_result(viewer=request.user, pk=pk, with_answers=with_answers)
    except Assessment.DoesNotExist as exc:
        raise Http404 from exc


@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _load(request, pk)
    networks = list(Network.objects.order_by("name_en"))
    network_id = _network_id(request, networks)
    result = result_rows(viewer=request.user, assessment=assessment, network_id=network_id)
    return render(
        request,
        "assessments/detail.html",
        {
            "assessment": assessment,
            "result": result,
            "chart": _chart(result, f"radar-{assessment.pk}"),
            "overall_band": scoring.band(assessment.score),
            "level_names": _level_names(),
            "learning": learn_from(
                viewer=request.user, assessment=assessment, figures=result.benchmark
            ),
            "networks": networks,
            "network_id": network_id,
            "min_group": scoring.MIN_GROUP,
            "can_edit": request.user.has_perm("assessments.share_assessment", assessment),
            "nav": "roadmap",
        },
    )


@require_GET
def assessment_report(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _load(request, pk, with_answers=True)
    result = result_rows(viewer=request.user, assessment=assessment)
    return render(
        request,
        "assessments/report.html",
        {
            "assessment": assessment,
            "result": result,
            "chart": _chart(result, f"report-radar-{assessment.pk}"),
            "level_names": _level_names(),
            "sections": list(assessment.sections.all()),
            "nav": "roadmap",
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


CSV_COLUMNS = [
    "municipality",
    "round",
    "status",
    "principle_number",
    "principle",
    "principle_score",
    "key_question",
    "question",
    "level",
    "level_name",
    "comment",
    "evidence",
]


@require_GET
def assessment_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per key question, with its principle's score on every row of that principle;
    cells a spreadsheet would run as a formula are prefixed with `'`."""
    assessment = _load(request, pk, with_answers=True)
    names = _level_names()
    writer = csv.writer(_Echo())
    lines = [writer.writerow(CSV_COLUMNS)]
    for section in assessment.sections.all():
        for answer in section.answers.all():
            evidence = " ".join(
                request.build_absolute_uri(case.get_absolute_url())
                for case in answer.visible_evidence  # type: ignore[attr-defined]
            )
            row = [
                assessment.organisation.name,
                assessment.year,
                assessment.status,
                section.principle.number,
                section.principle.title,
                "" if section.score is None else section.score,
                answer.key_question.code,
                answer.key_question.text,
                answer.level or "",
                names.get(answer.level or 0, ""),
                answer.comment,
                evidence,
            ]
            lines.append(writer.writerow([csv_safe(v) for v in row]))
    response = HttpResponse("\ufeff" + "".join(lines), content_type="text/csv; charset=utf-8")
    filename = f"smartby-assessment-{assessment.organisation.slug}-{assessment.year}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
