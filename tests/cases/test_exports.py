"""The filtered case list taken elsewhere: CSV (safe to open in a spreadsheet), JSON and the
Atom feed. Drafts and network-only cases never leave with an anonymous request."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from smartby.cases.models import Case, Phase, Visibility
from smartby.cases.selectors.discovery import FEED_ENTRIES
from tests.accounts.factories import member_create
from tests.cases.factories import case_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - the site's own feed, parsed in a test


def _csv_rows(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _dataset() -> dict[str, Case]:
    return {
        "public": case_create(title="Public case", themes=["mobility"], phase=Phase.PILOT),
        "energy": case_create(title="Energy case", themes=["energy"]),
        "members": case_create(title="Members case", visibility=Visibility.NETWORK),
        "draft": case_create(title="Draft case", published=False),
    }


def test_csv_export_has_a_header_and_one_row_per_filtered_case(client) -> None:
    cases = _dataset()
    response = client.get("/en/cases/export.csv", {"theme": "mobility"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == str(cases["public"].pk)
    assert row["title"] == "Public case"
    assert row["themes"] == "mobility"
    assert row["phase"] == "testing"
    assert row["municipality_code"] == "0301"
    assert row["url"] == f"http://testserver/en/cases/{cases['public'].slug}/"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_would_run_as_formulas_are_prefixed(client, start) -> None:
    payload = f'{start}HYPERLINK("http://evil.example")'
    case_create(title=payload, summary=f"{start}1+1")
    rows = _csv_rows(client.get("/en/cases/export.csv"))
    assert rows[0]["title"] == "'" + payload
    assert rows[0]["summary"] == f"'{start}1+1"


def test_csv_leaves_ordinary_text_alone(client) -> None:
    case_create(title="Smart lys i 2024 - fase 2", summary="Kostnad: 1 000 kr = lite")
    rows = _csv_rows(client.get("/en/cases/export.csv"))
    assert rows[0]["title"] == "Smart lys i 2024 - fase 2"
    assert rows[0]["summary"] == "Kostnad: 1 000 kr = lite"


def test_exports_and_feed_leave_out_drafts_and_network_only_cases(client) -> None:
    _dataset()
    csv_titles = {row["title"] for row in _csv_rows(client.get("/en/cases/export.csv"))}
    json_titles = {row["title"] for row in client.get("/en/cases/export.json").json()["results"]}
    root = _xml(client.get("/en/cases/feed.atom").content)
    feed_titles = {entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")}
    assert csv_titles == json_titles == feed_titles == {"Public case", "Energy case"}


def test_a_member_exports_network_only_cases_but_never_drafts(client) -> None:
    _dataset()
    client.force_login(member_create(organisation=municipal_organisation("0301")))
    titles = {row["title"] for row in _csv_rows(client.get("/en/cases/export.csv"))}
    assert titles == {"Public case", "Energy case", "Members case"}


def test_json_export_uses_the_api_fields(client) -> None:
    cases = _dataset()
    response = client.get("/en/cases/export.json", {"phase": "testing"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == cases["public"].pk
    assert row["themes"] == ["mobility"]
    assert row["owner"]["name"] == "Oslo kommune"
    assert row["municipality"] == {"code": "0301", "name": "Oslo"}


@pytest.mark.parametrize("path", ["export.csv", "export.json", "feed.atom"])
def test_exports_refuse_unknown_filters_with_400(client, path) -> None:
    _dataset()
    response = client.get(f"/en/cases/{path}", {"theme": "no-such-theme"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "no-such-theme" in text
    if path == "export.json":
        assert "detail" in json.loads(text)


def test_feed_is_atom_with_the_newest_cases_for_the_filter(client) -> None:
    cases = _dataset()
    response = client.get("/en/cases/feed.atom", {"theme": "mobility"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = _xml(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = list(root.iter(f"{ATOM}entry"))
    assert len(entries) == 1
    entry = entries[0]
    assert entry.findtext(f"{ATOM}title") == "Public case"
    link = entry.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == f"http://testserver/en/cases/{cases['public'].slug}/"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Oslo kommune"
    assert [c.get("term") for c in entry.iter(f"{ATOM}category")] == ["Mobility"]


def test_feed_holds_at_most_50_entries_newest_first(client) -> None:
    for n in range(FEED_ENTRIES + 3):
        case_create(title=f"Case {n}")
    root = _xml(client.get("/en/cases/feed.atom").content)
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert len(titles) == FEED_ENTRIES
    assert titles[0] == f"Case {FEED_ENTRIES + 2}"


def test_list_page_links_the_feed_for_its_filters(client) -> None:
    html = client.get("/en/cases/", {"theme": "mobility"}).content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in html
    assert 'href="/en/cases/feed.atom?theme=mobility"' in html


def test_exports_stop_at_the_row_cap_and_say_how_many_match(client, monkeypatch) -> None:
    monkeypatch.setattr("smartby.cases.views.discovery.EXPORT_MAX_ROWS", 1)
    _dataset()  # two public cases
    csv_response = client.get("/en/cases/export.csv")
    assert len(_csv_rows(csv_response)) == 1
    assert csv_response["X-Total-Count"] == "2"
    body = client.get("/en/cases/export.json").json()
    assert len(body["results"]) == 1
    assert body["count"] == 2 and body["limit"] == 1
