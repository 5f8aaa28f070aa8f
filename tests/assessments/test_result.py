"""The result page, the printable report, the CSV and the radar chart."""

from __future__ import annotations

import csv
import io

import defusedxml.ElementTree as ET
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smartby.assessments import charts
from smartby.assessments.models import Answer
from smartby.assessments.selectors.benchmark import benchmark
from smartby.assessments.selectors.learn import learn_from
from smartby.assessments.selectors.result import assessment_result
from smartby.network.models import Network, Workgroup, WorkTheme
from smartby.organisations.models import Organisation
from smartby.roadmap.models import Principle
from tests.accounts.factories import member_create
from tests.assessments.factories import assessment_create
from tests.cases.factories import case_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db


def test_radar_svg_is_valid_xml_with_a_text_alternative():
    svg = charts.radar_svg(
        labels=[str(n) for n in range(1, 9)],
        series=[charts.Series("Bergen <&> 2025", [100, 50, 0, 25, 75, 100, 50, 0], "radar-own")],
        title="Scores & more",
        description="principle 1: 100",
        uid="t",
    )
    root = ET.fromstring(str(svg))
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.find(f"{ns}title").text == "Scores & more"
    assert root.find(f"{ns}desc").text == "principle 1: 100"
    own = root.find(f"{ns}polygon[@class='radar-own']")
    points = own.get("points").split()
    # Axis 0 points up: 100 is at the top of the chart, 0 at the centre.
    assert points[0] == f"{charts.CENTRE},{charts.CENTRE - charts.RADIUS}"
    assert points[2] == f"{charts.CENTRE},{charts.CENTRE}"
    assert own.find(f"{ns}title").text == "Bergen <&> 2025"


def test_result_page_shows_the_scores_and_the_comparison(client):
    for code, level in [("0301", 1), ("1103", 3), ("5001", 5)]:
        assessment_create(
            organisation=municipal_organisation(code), visibility="network", levels=level
        )
    mine = assessment_create(
        organisation=municipal_organisation("4601"),
        visibility="public",
        levels={1: [5, 5, 3, 1, 1, 1], 2: 4},
    )
    body = client.get(f"/en/roadmap/assessments/{mine.pk}/").content.decode()
    assert "Compared with 4 municipalities" in body
    # Principle 1: (100+100+50+0+0+0)/6 = 41.7 → 42; the median of 0, 50, 100, 41.7 is 45.8.
    assert '<td class="num score-band-3">42</td>' in body
    assert "Network median" in body


def test_comparison_is_withheld_under_three_and_ignores_private_ones(client):
    mine = assessment_create(organisation=municipal_organisation("4601"), visibility="public")
    assessment_create(organisation=municipal_organisation("0301"), visibility="network")
    for code in ("1103", "5001", "3405"):
        assessment_create(organisation=municipal_organisation(code), visibility="private", levels=5)
    body = client.get(f"/en/roadmap/assessments/{mine.pk}/").content.decode()
    assert "Too few municipalities have shared this round" in body
    assert "Network median" not in body


def test_change_since_the_previous_round(client):
    bergen = municipal_organisation("4601")
    assessment_create(organisation=bergen, year=2024, visibility="public", levels=2)
    mine = assessment_create(organisation=bergen, year=2025, visibility="public", levels=4)
    body = client.get(f"/en/roadmap/assessments/{mine.pk}/").content.decode()
    assert "50 since 2024" in body
    assert "+50" in body


def test_a_private_assessment_is_not_found_by_others(client):
    private = assessment_create(organisation=municipal_organisation("4601"))
    for url in ("", "report/", "export.csv"):
        assert client.get(f"/en/roadmap/assessments/{private.pk}/{url}").status_code == 404
    client.force_login(member_create(organisation=municipal_organisation("4601")))
    assert client.get(f"/en/roadmap/assessments/{private.pk}/").status_code == 200


def test_who_to_learn_from_picks_high_scorers_cases():
    stavanger, oslo, trondheim = (municipal_organisation(c) for c in ("1103", "0301", "5001"))
    principle = Principle.objects.get(number=6)
    mine = assessment_create(
        organisation=municipal_organisation("4601"), levels=dict.fromkeys(range(1, 9), 5) | {6: 1}
    )
    assessment_create(organisation=stavanger, visibility="network", levels=5)
    assessment_create(organisation=oslo, visibility="private", levels=5)
    assessment_create(organisation=trondheim, visibility="public", levels=1)
    good = case_create(owner=stavanger, title="Open data portal")
    good.principles.add(principle)
    hidden = case_create(owner=oslo, title="Oslo data")
    hidden.principles.add(principle)
    weak = case_create(owner=trondheim, title="Trondheim data")
    weak.principles.add(principle)
    draft = case_create(owner=stavanger, title="Draft data", published=False)
    draft.principles.add(principle)
    theme = WorkTheme.objects.get(slug="open-data")
    Workgroup.objects.create(
        network=Network.objects.get(slug="smartbyene"),
        slug="data",
        name_nb="Data",
        name_en="Data group",
        theme=theme,
        created_on="2025-01-01",
    )
    viewer = AnonymousUser()
    loaded = assessment_result(viewer=member_create(organisation=mine.organisation), pk=mine.pk)
    items = learn_from(viewer=viewer, assessment=loaded, figures=benchmark(year=2025))
    first = items[0]
    assert first.principle == principle
    assert [s.case.title for s in first.cases] == ["Open data portal"]
    assert first.cases[0].owner_score is None  # the anonymous viewer may not see Stavanger's
    assert [g.name_en for g in first.workgroups] == ["Data group"]
    assert [a.key_question.code for a in first.questions] == ["6.1", "6.2", "6.3"]


def test_report_shows_answers_and_only_visible_evidence(client):
    bergen = municipal_organisation("4601")
    mine = assessment_create(organisation=bergen, visibility="public")
    shown = case_create(owner=bergen, title="Public evidence")
    hidden = case_create(owner=bergen, title="Draft evidence", published=False)
    answer = Answer.objects.get(section__assessment=mine, key_question__code="1.1")
    answer.comment = "We ask citizens first"
    answer.save()
    answer.evidence.add(shown, hidden)
    body = client.get(f"/en/roadmap/assessments/{mine.pk}/report/").content.decode()
    assert "We ask citizens first" in body and "Public evidence" in body
    assert "Draft evidence" not in body
    assert "Print or save as PDF" in body


def test_csv_has_every_answer_and_guards_formulas(client):
    bergen = municipal_organisation("4601")
    mine = assessment_create(organisation=bergen, visibility="public", levels=4)
    answer = Answer.objects.get(section__assessment=mine, key_question__code="2.1")
    answer.comment = '=HYPERLINK("http://evil")'
    answer.save()
    response = client.get(f"/en/roadmap/assessments/{mine.pk}/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["municipality", "round", "status"]
    assert len(rows) == 1 + 58
    row = next(r for r in rows if r[6] == "2.1")
    assert row[8:10] == ["4", "In practice"]
    assert row[10].startswith("'=")
    assert row[5] == "75.0"


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_result_pages_run_a_constant_number_of_queries(client):
    bergen = municipal_organisation("4601")
    mine = assessment_create(organisation=bergen, visibility="public", levels=2)
    urls = [f"/en/roadmap/assessments/{mine.pk}/{u}" for u in ("", "report/", "export.csv")]
    for code in ("0301", "1103"):
        assessment_create(organisation=municipal_organisation(code), visibility="network", levels=5)
    # A suggestion exists with little data as with much (the count may differ between
    # "nothing to suggest" and "something", never with the amount of data).
    case_create(owner=municipal_organisation("1103")).principles.add(*Principle.objects.all())
    few = [_count(client, url) for url in urls]
    orgs = list(
        Organisation.objects.filter(kind="municipality").exclude(
            municipality__code__in=["4601", "0301", "1103"]
        )[:150]
    )
    for year in (2024, 2025):
        for org in orgs:
            assessment_create(organisation=org, year=year, visibility="public", levels=5)
            if year == 2025 and org.pk % 10 == 0:
                case_create(owner=org).principles.add(*Principle.objects.all())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    assert [_count(client, url) for url in urls] == few
