"""The assessment actions run the same number of SQL queries with little and with much data:
starting a round (which carries over the last round's answers, evidence and ticked
challenges), submitting, reopening, sharing and deleting it.

Each action changes the round it acts on, so the actions are measured on two equivalent
municipalities: Bergen, with one earlier round, one case as evidence and one ticked
challenge; and Stavanger, with an earlier round every year since 2019, five cases as evidence
on every answer, every challenge ticked, and more cases of its own. The start page, which
lists both, is measured before and after Stavanger's history (and other municipalities'
rounds) is added.

Five cases, not the ten an answer may have: carrying ten on each of the 58 answers inserts
580 rows, and SQLite takes at most 499 rows of two columns in one INSERT, so Django sends two
there (one on PostgreSQL). Those are batches, bounded by the fixed number of questions, not a
query per row."""

from __future__ import annotations

import pytest
from django.utils import timezone

from smartby.assessments.models import Answer, Assessment, Status
from smartby.assessments.services import FIRST_ROUND
from smartby.cases.models import Case
from smartby.organisations.models import Organisation
from smartby.roadmap.models import Challenge
from tests.accounts.factories import user_create
from tests.assessments.factories import assessment_create
from tests.organisations.factories import municipal_organisation
from tests.querycounts import request_queries

pytestmark = pytest.mark.django_db
START = "/en/roadmap/assessments/start/"
# Measured: at most 26 queries, for starting a round (the round, its sections and answers,
# the carried-over evidence and challenges, the scores, and two savepoints).
MAX_QUERIES = 30


def _cases(organisation: Organisation, n: int, tag: str) -> list[Case]:
    return Case.objects.bulk_create(
        Case(
            owner=organisation,
            municipality=organisation.municipality,
            slug=f"{organisation.slug}-{tag}-{i}",
            title=f"Case {i}",
            summary="A case.",
            is_published=True,
            published_at=timezone.now(),
        )
        for i in range(n)
    )


def _history(organisation: Organisation, *, rounds: int, evidence: int, challenges: int) -> None:
    """Submitted rounds for the years before this one, each with `evidence` cases on every
    answer (on one answer when `evidence` is 1) and `challenges` challenges ticked."""
    codes = [
        f"{c.principle.number}.{c.position}"
        for c in Challenge.objects.select_related("principle").order_by("principle__number", "id")
    ][:challenges]
    cases = _cases(organisation, evidence * 3, "evidence")
    through = Answer.evidence.through
    this_year = timezone.localdate().year
    for year in range(this_year - 1, this_year - 1 - rounds, -1):
        assessment = assessment_create(organisation=organisation, year=year, barriers=codes)
        answers = list(Answer.objects.filter(section__assessment=assessment).order_by("id"))
        if evidence == 1:
            answers = answers[:1]
        through.objects.bulk_create(
            through(answer_id=a.pk, case_id=cases[(i + k) % len(cases)].pk)
            for i, a in enumerate(answers)
            for k in range(evidence)
        )


_measure = request_queries


def _round_trip(client, organisation: Organisation) -> dict[str, int]:
    """Start this year's round, submit it, reopen it, share it, delete it; the queries of
    each step."""
    year = timezone.localdate().year
    counts = {}
    counts["start"] = _measure(
        client,
        "post",
        START,
        {"organisation": organisation.pk, "year": year, "visibility": "private"},
        status=302,
    )
    draft = Assessment.objects.get(organisation=organisation, year=year)
    assert draft.previous is not None and draft.answered == draft.previous.answered
    base = f"/en/roadmap/assessments/{draft.pk}"
    counts["submit"] = _measure(client, "post", f"{base}/submit/", status=302)
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    counts["reopen"] = _measure(client, "post", f"{base}/reopen/", status=302)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    counts["visibility"] = _measure(
        client,
        "post",
        f"{base}/visibility/",
        {"visibility": "network", "version": draft.version},
        status=302,
    )
    draft.refresh_from_db()
    assert draft.visibility == "network"
    counts["delete (form)"] = _measure(client, "get", f"{base}/delete/", status=200)
    counts["delete"] = _measure(client, "post", f"{base}/delete/", status=302)
    assert not Assessment.objects.filter(pk=draft.pk).exists()
    return counts


def test_assessment_actions_cost_the_same_with_little_or_much_history(client):
    bergen, stavanger = municipal_organisation("4601"), municipal_organisation("1103")
    editor = user_create()
    for organisation in (bergen, stavanger):
        editor.memberships.create(organisation=organisation, role="editor")
    client.force_login(editor)

    _history(bergen, rounds=1, evidence=1, challenges=1)
    small = {"start (form)": _measure(client, "get", START, status=200)}
    small.update(_round_trip(client, bergen))

    this_year = timezone.localdate().year
    _history(stavanger, rounds=this_year - FIRST_ROUND, evidence=5, challenges=999)
    _cases(stavanger, 200, "more")
    others = Organisation.objects.filter(kind="municipality").exclude(
        pk__in=[bergen.pk, stavanger.pk]
    )
    for organisation in others[:40]:
        assessment_create(organisation=organisation, year=this_year - 1)
    large = {"start (form)": _measure(client, "get", START, status=200)}
    large.update(_round_trip(client, stavanger))

    assert large == small
    assert max(small.values()) <= MAX_QUERIES, small
