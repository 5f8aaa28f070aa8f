"""Adopting a case, the lineage page and the network's count of reused solutions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from smartby.accounts.models import Role
from smartby.cases.models import Case, Phase, Status, Technology, Theme
from smartby.cases.selectors.detail import case_lineage, reused_solution_count
from smartby.cases.services.adoption import case_adopt
from smartby.network.models import Network, NetworkMembership
from tests.accounts.factories import member_create
from tests.cases.factories import case_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def origin():
    case = case_create(
        owner=municipal_organisation("1103"),
        title="Sensor bins",
        phase=Phase.SCALING,
        status=Status.COMPLETED,
        lessons=[("worked", "Their lesson")],
    )
    case.themes.set(Theme.objects.all()[:2])
    case.technologies.set(Technology.objects.all()[:1])
    case.lineage_root = case
    case.save()
    return case


@pytest.fixture
def bergen():
    return municipal_organisation("4601")


@pytest.fixture
def bergen_editor(bergen):
    return member_create(organisation=bergen, role=Role.EDITOR)


def test_adopting_creates_a_draft_with_the_structure_copied(client, origin, bergen, bergen_editor):
    client.force_login(bergen_editor)
    url = reverse("cases:case-adopt", args=[origin.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"]["title"].value() == "Sensor bins"
    response = client.post(
        url, {"organisation": bergen.pk, "title": "Sensor bins in Bergen", "language": "nn"}
    )
    adopted = Case.objects.get(adopted_from=origin)
    assert response.status_code == 302
    assert response.url == reverse("cases:case-edit", args=[adopted.slug])
    assert adopted.owner == bergen
    assert adopted.municipality == bergen.municipality
    assert adopted.is_published is False
    assert adopted.lineage_root == origin
    assert adopted.language == "nn"
    assert (adopted.phase, adopted.status) == (Phase.ANALYSIS, Status.ONGOING)
    assert set(adopted.themes.all()) == set(origin.themes.all())
    assert set(adopted.technologies.all()) == set(origin.technologies.all())
    assert adopted.summary == "" and adopted.problem == "" and adopted.solution == ""
    assert not adopted.lessons.exists()
    assert not adopted.partners.exists()


def test_adoption_of_an_adoption_keeps_the_root(origin, bergen, bergen_editor):
    first = case_adopt(origin=origin, actor=bergen_editor, organisation=bergen)
    first.is_published = True
    first.summary = "Ours"
    first.save()
    oslo = municipal_organisation("0301")
    oslo_editor = member_create(organisation=oslo, role=Role.EDITOR)
    second = case_adopt(origin=first, actor=oslo_editor, organisation=oslo)
    assert second.adopted_from == first
    assert second.lineage_root == origin


def test_owner_cannot_adopt_its_own_case(client, origin):
    editor = member_create(organisation=origin.owner, role=Role.EDITOR)
    client.force_login(editor)
    assert client.get(reverse("cases:case-adopt", args=[origin.slug])).status_code == 403
    with pytest.raises(PermissionDenied):
        case_adopt(origin=origin, actor=editor, organisation=origin.owner)
    assert not Case.objects.filter(adopted_from=origin).exists()


def test_member_who_is_not_an_editor_cannot_adopt(client, origin, bergen):
    client.force_login(member_create(organisation=bergen, role=Role.MEMBER))
    assert client.get(reverse("cases:case-adopt", args=[origin.slug])).status_code == 403


def test_draft_cannot_be_adopted(client, bergen_editor):
    draft = case_create(owner=municipal_organisation("1103"), published=False)
    client.force_login(bergen_editor)
    assert client.get(reverse("cases:case-adopt", args=[draft.slug])).status_code == 404


def test_adopt_form_refuses_an_organisation_the_user_does_not_edit(client, origin, bergen_editor):
    client.force_login(bergen_editor)
    oslo = municipal_organisation("0301")
    response = client.post(
        reverse("cases:case-adopt", args=[origin.slug]),
        {"organisation": oslo.pk, "title": "X", "language": "nb"},
    )
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert not Case.objects.filter(adopted_from=origin).exists()


def test_adopt_form_refuses_an_empty_title(client, origin, bergen, bergen_editor):
    client.force_login(bergen_editor)
    response = client.post(
        reverse("cases:case-adopt", args=[origin.slug]),
        {"organisation": bergen.pk, "title": "", "language": "nb"},
    )
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert not Case.objects.filter(adopted_from=origin).exists()


def test_service_refuses_an_unknown_language(origin, bergen, bergen_editor):
    with pytest.raises(ValidationError):
        case_adopt(origin=origin, actor=bergen_editor, organisation=bergen, language="xx")


def test_published_adoption_appears_on_the_origin_page(client, origin, bergen):
    case_create(owner=bergen, title="Bergen's bins", adopted_from=origin, lineage_root=origin)
    body = client.get(origin.get_absolute_url()).content.decode()
    assert "Bergen&#x27;s bins" in body or "Bergen's bins" in body
    assert 'role="region"' in body  # the map, beside the list
    assert reverse("cases:case-lineage", args=[origin.slug]) in body


def test_lineage_is_a_nested_tree_without_others_drafts(client, origin, bergen):
    oslo = municipal_organisation("0301")
    child = case_create(owner=bergen, title="Child", adopted_from=origin, lineage_root=origin)
    grandchild = case_create(
        owner=oslo, title="Grandchild", adopted_from=child, lineage_root=origin
    )
    case_create(
        owner=oslo, title="Secret draft", adopted_from=origin, lineage_root=origin, published=False
    )
    response = client.get(reverse("cases:case-lineage", args=[child.slug]))
    assert response.status_code == 200
    tree = response.context["tree"]
    assert [n.case for n in tree] == [origin]
    assert [n.case for n in tree[0].children] == [child]
    assert [n.case for n in tree[0].children[0].children] == [grandchild]
    assert "Secret draft" not in response.content.decode()


def test_lineage_is_one_query(origin, bergen):
    from django.contrib.auth.models import AnonymousUser

    for _i in range(5):
        case_create(owner=bergen, adopted_from=origin, lineage_root=origin)
    with CaptureQueriesContext(connection) as ctx:
        case_lineage(case=origin, viewer=AnonymousUser())
    assert len(ctx.captured_queries) == 1


def test_lineage_page_queries_do_not_grow(client, origin, bergen):
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("cases:case-lineage", args=[origin.slug]))
    for _i in range(20):
        case_create(owner=bergen, adopted_from=origin, lineage_root=origin)
    with CaptureQueriesContext(connection) as big:
        client.get(reverse("cases:case-lineage", args=[origin.slug]))
    assert len(small.captured_queries) == len(big.captured_queries)


def test_reused_solution_count_counts_originals_adopted_elsewhere(origin, bergen):
    assert reused_solution_count() == 0
    # A draft adoption does not count, nor one in the same municipality.
    case_create(owner=bergen, adopted_from=origin, published=False)
    case_create(owner=origin.owner, adopted_from=origin)
    assert reused_solution_count() == 0
    case_create(owner=bergen, adopted_from=origin)
    case_create(owner=bergen, adopted_from=origin)
    assert reused_solution_count() == 1
    network = Network.objects.first()
    NetworkMembership.objects.filter(organisation=origin.owner).delete()
    assert reused_solution_count(network) == 0
    NetworkMembership.objects.create(network=network, organisation=origin.owner)
    assert reused_solution_count(network) == 1


def test_network_page_shows_the_reused_solution_count(client, origin, bergen):
    network = Network.objects.first()
    NetworkMembership.objects.get_or_create(
        network=network, organisation=origin.owner, left_on=None
    )
    case_create(owner=bergen, adopted_from=origin)
    response = client.get(network.get_absolute_url())
    assert response.status_code == 200
    assert "reuse-heading" in response.content.decode()
    panel = next(p for p in response.context["panels"] if "reuse" in p.template)
    assert panel.context["reused_count"] == 1


def test_adopt_button_shows_only_to_those_who_may_adopt(client, origin, bergen_editor):
    adopt_url = reverse("cases:case-adopt", args=[origin.slug])
    assert adopt_url not in client.get(origin.get_absolute_url()).content.decode()
    client.force_login(member_create(organisation=origin.owner, role=Role.EDITOR))
    assert adopt_url not in client.get(origin.get_absolute_url()).content.decode()
    client.force_login(bergen_editor)
    assert adopt_url in client.get(origin.get_absolute_url()).content.decode()


def test_adoption_page_links_back_to_its_origin(client, origin, bergen):
    child = case_create(owner=bergen, adopted_from=origin, lineage_root=origin, is_demo=True)
    body = client.get(child.get_absolute_url()).content.decode()
    assert origin.get_absolute_url() in body
    assert "badge-demo" in body


def test_publishing_an_adoption_records_it_in_the_activity_stream(origin, bergen, bergen_editor):
    from smartby.cases.services.cases import case_publish, case_update
    from smartby.core.models import Activity

    draft = case_adopt(origin=origin, actor=bergen_editor, organisation=bergen)
    with pytest.raises(ValidationError):
        case_publish(case=draft, actor=bergen_editor)  # no summary yet
    draft = case_update(
        case=draft, actor=bergen_editor, expected_version=draft.version, fields={"summary": "Ours"}
    )
    case_publish(case=draft, actor=bergen_editor)
    activity = Activity.objects.get(verb="cases.adopted")
    assert "Sensor bins" in activity.text_en
