"""Living labs by the pages and services: the list with map and filters, one lab with the
cases run there, registering and editing with lost-update protection."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from smartby.accounts.models import Role
from smartby.cases.models import LivingLab, Theme, Visibility
from smartby.cases.services.labs import living_lab_create, living_lab_update
from smartby.core.errors import ConflictError
from smartby.organisations.models import OrganisationKind
from tests.accounts.factories import member_create, user_create
from tests.cases.factories import case_create
from tests.cases.factories import living_lab_create as lab_build
from tests.organisations.factories import municipal_organisation, organisation_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Addresses under /en/, so the pages answer in the source language."""
    with translation.override("en"):
        yield


def _lab_data(**overrides):
    data = {
        "name": "Fornebu testbed",
        "description": "A *street* for testing.",
        "facilities": "- Sensors\n- 5G",
        "how_to_apply": "Write to **us**.",
        "website": "https://example.org/lab",
        "latitude": "",
        "longitude": "",
    }
    data.update(overrides)
    return data


# The list page


def test_list_shows_labs_with_map_points_and_the_same_text_list(client, oslo):
    lab_build(host=oslo, name="Oslo street lab", latitude=59.91, longitude=10.75)
    lab_build(host=municipal_organisation("4601"), name="Bergen harbour lab")
    response = client.get(reverse("cases:living-lab-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="region"' in html and "Oslo street lab" in html and "Bergen harbour lab" in html
    points = response.context["map_points"]
    assert [p["name"] for p in points] == ["Oslo street lab"]
    assert response.context["nav"] == "labs"


def test_list_filters_by_theme_and_county(client, oslo):
    theme = Theme.objects.order_by("pk").first()
    tagged = lab_build(host=oslo, name="Themed lab")
    tagged.themes.add(theme)
    lab_build(host=municipal_organisation("4601"), name="Bergen lab")
    by_theme = client.get(reverse("cases:living-lab-list"), {"theme": theme.slug})
    assert [lab.name for lab, _n in by_theme.context["rows"]] == ["Themed lab"]
    bergen_county = municipal_organisation("4601").municipality.county.number
    by_county = client.get(reverse("cases:living-lab-list"), {"county": bergen_county})
    assert [lab.name for lab, _n in by_county.context["rows"]] == ["Bergen lab"]


def test_list_refuses_an_unknown_filter_value_with_a_message(client, oslo):
    lab_build(host=oslo, name="Oslo lab")
    response = client.get(reverse("cases:living-lab-list"), {"theme": "no-such-theme"})
    assert response.status_code == 400
    assert "Some filters could not be used" in response.content.decode()


def _add_labs(count: int) -> None:
    themes = list(Theme.objects.all()[:3])
    hosts = [municipal_organisation(code) for code in ("0301", "4601", "1103")]
    for n in range(count):
        lab = lab_build(host=hosts[n % 3], name=f"Bulk lab {n}", latitude=60.0, longitude=10.0)
        lab.themes.set(themes)
        case_create(owner=hosts[n % 3], living_lab=lab)


def test_list_and_detail_run_the_same_queries_with_10_or_200_labs(client, oslo):
    viewer = member_create(organisation=oslo, role=Role.EDITOR)
    client.force_login(viewer)

    def measure() -> tuple[int, int]:
        lab = LivingLab.objects.order_by("pk").first()
        with CaptureQueriesContext(connection) as listing:
            assert client.get(reverse("cases:living-lab-list")).status_code == 200
        with CaptureQueriesContext(connection) as detail:
            assert client.get(lab.get_absolute_url()).status_code == 200
        return len(listing), len(detail)

    _add_labs(10)
    few = measure()
    _add_labs(190)
    assert measure() == few


# The detail page


def test_detail_shows_host_markdown_and_only_cases_the_viewer_may_see(client, oslo):
    lab = lab_build(
        host=oslo,
        name="Oslo lab",
        how_to_apply="Send **an e-mail**.",
        facilities="- Sensors",
        website="https://example.org/lab",
        is_demo=True,
    )
    case_create(owner=oslo, living_lab=lab, title="Public pilot")
    case_create(owner=oslo, living_lab=lab, title="Draft pilot", published=False)
    case_create(owner=oslo, living_lab=lab, title="Members pilot", visibility=Visibility.NETWORK)
    response = client.get(lab.get_absolute_url())
    html = response.content.decode()
    assert "Oslo kommune" in html and "<strong>an e-mail</strong>" in html
    assert "<li>Sensors</li>" in html and "https://example.org/lab" in html
    assert [c.title for c in response.context["cases"]] == ["Public pilot"]
    assert "badge-demo" in html
    # An insider sees the draft and network-only cases as well? No: only published ones.
    client.force_login(member_create(organisation=oslo))
    titles = {c.title for c in client.get(lab.get_absolute_url()).context["cases"]}
    assert titles == {"Public pilot", "Members pilot"}


def test_detail_escapes_html_in_markdown(client, oslo):
    lab = lab_build(host=oslo, how_to_apply="<script>alert(1)</script> [x](javascript:alert(1))")
    html = client.get(lab.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;" in html


def test_detail_of_an_unknown_lab_is_404(client):
    assert client.get(reverse("cases:living-lab-detail", args=["nope"])).status_code == 404


# Registering


def test_editor_registers_a_lab_placed_at_the_municipality(client, oslo, editor):
    client.force_login(editor)
    theme = Theme.objects.first()
    response = client.post(
        reverse("cases:living-lab-create"),
        _lab_data(host=oslo.pk, themes=[theme.pk]),
    )
    assert response.status_code == 302
    lab = LivingLab.objects.get(name="Fornebu testbed")
    assert response.url == lab.get_absolute_url()
    assert lab.slug == "fornebu-testbed"
    assert lab.host == oslo and lab.municipality == oslo.municipality
    assert (lab.latitude, lab.longitude) == (
        oslo.municipality.latitude,
        oslo.municipality.longitude,
    )
    assert list(lab.themes.all()) == [theme]


def test_coordinates_given_are_kept_and_slugs_stay_unique(oslo, editor):
    first = living_lab_create(actor=editor, host=oslo, name="Tøyen lab")
    second = living_lab_create(
        actor=editor, host=oslo, name="Tøyen lab", latitude=59.9, longitude=10.77
    )
    assert (first.slug, second.slug) == ("toyen-lab", "toyen-lab-2")
    assert (second.latitude, second.longitude) == (59.9, 10.77)


def test_host_choices_are_only_the_municipalities_the_user_edits(client, oslo, editor):
    business = organisation_create(kind=OrganisationKind.BUSINESS)
    from smartby.accounts.models import Membership

    Membership.objects.create(user=editor, organisation=business, role=Role.EDITOR)
    client.force_login(editor)
    form = client.get(reverse("cases:living-lab-create")).context["form"]
    assert list(form.fields["host"].queryset) == [oslo]
    bergen = municipal_organisation("4601")
    response = client.post(reverse("cases:living-lab-create"), _lab_data(host=bergen.pk))
    assert response.status_code == 400
    assert not LivingLab.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"website": "not a url at all"}, "website"),
        ({"latitude": "59.9"}, "latitude"),
        ({"latitude": "120", "longitude": "10"}, "latitude"),
        ({"longitude": "abc", "latitude": "1"}, "longitude"),
    ],
)
def test_bad_lab_input_is_refused_with_a_message_and_nothing_saved(
    client, oslo, editor, overrides, field
):
    client.force_login(editor)
    response = client.post(reverse("cases:living-lab-create"), _lab_data(host=oslo.pk, **overrides))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not LivingLab.objects.exists()


def test_people_who_edit_no_municipality_may_not_register_a_lab(client, oslo):
    member = member_create(organisation=oslo, role=Role.MEMBER)
    client.force_login(member)
    assert client.get(reverse("cases:living-lab-create")).status_code == 403
    business = organisation_create(kind=OrganisationKind.BUSINESS)
    client.force_login(member_create(organisation=business, role=Role.EDITOR))
    assert client.post(reverse("cases:living-lab-create"), _lab_data()).status_code == 403
    client.logout()
    assert client.get(reverse("cases:living-lab-create")).status_code == 302
    assert not LivingLab.objects.exists()


# Editing


def test_host_editor_edits_the_lab(client, oslo, editor):
    lab = lab_build(host=oslo, name="Old name")
    client.force_login(editor)
    page = client.get(reverse("cases:living-lab-edit", args=[lab.slug]))
    assert page.status_code == 200
    data = _lab_data(name="New name", version=lab.version, latitude="59.5", longitude="10.5")
    response = client.post(reverse("cases:living-lab-edit", args=[lab.slug]), data)
    assert response.status_code == 302
    lab.refresh_from_db()
    assert (lab.name, lab.version, lab.latitude) == ("New name", 2, 59.5)
    assert lab.slug == lab.slug  # the address does not change with the name


def test_editor_of_another_municipality_may_not_edit(client, oslo):
    lab = lab_build(host=oslo, name="Oslo lab")
    client.force_login(member_create(organisation=municipal_organisation("4601"), role="editor"))
    url = reverse("cases:living-lab-edit", args=[lab.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, _lab_data(version=lab.version)).status_code == 403
    lab.refresh_from_db()
    assert lab.name == "Oslo lab"


def test_lost_update_is_refused_and_the_typed_text_kept(client, oslo, editor):
    lab = lab_build(host=oslo, name="Oslo lab")
    living_lab_update(lab=lab, actor=editor, expected_version=1, name="Someone else's name")
    client.force_login(editor)
    response = client.post(
        reverse("cases:living-lab-edit", args=[lab.slug]),
        _lab_data(name="My name", version=1),
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved a change" in html and 'value="My name"' in html
    lab.refresh_from_db()
    assert lab.name == "Someone else's name"


def test_edit_without_version_is_refused(client, oslo, editor):
    lab = lab_build(host=oslo, name="Oslo lab")
    client.force_login(editor)
    response = client.post(reverse("cases:living-lab-edit", args=[lab.slug]), _lab_data())
    assert response.status_code == 400
    lab.refresh_from_db()
    assert lab.name == "Oslo lab"


def test_update_service_checks_rules_and_conflicts(oslo, editor):
    lab = lab_build(host=oslo, name="Oslo lab")
    outsider = user_create()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        living_lab_update(lab=lab, actor=outsider, expected_version=1, name="X")
    with pytest.raises(ConflictError):
        living_lab_update(lab=lab, actor=editor, expected_version=7, name="X")
    lab.refresh_from_db()
    assert lab.name == "Oslo lab"


def test_map_points_are_json_for_the_map_script(client, oslo):
    lab_build(host=oslo, name="Pointed lab", latitude=59.9, longitude=10.7)
    html = client.get(reverse("cases:living-lab-list")).content.decode()
    start = html.index('id="network-map-points"')
    payload = html[html.index(">", start) + 1 : html.index("</script>", start)]
    assert json.loads(payload)[0]["lat"] == 59.9
