"""Who may edit, see and adopt a case: one matrix over role x ownership, checked through the
rules, the edit page and the API."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from smartby.accounts.models import Role
from smartby.accounts.services import api_token_create
from smartby.cases.models import CasePartner
from smartby.network.models import Network, NetworkRole
from tests.accounts.factories import member_create, user_create
from tests.cases.factories import case_create
from tests.organisations.factories import municipal_organisation, organisation_create

pytestmark = pytest.mark.django_db

#  who                          change  adopt
MATRIX = {
    "owner_editor": (True, False),
    "owner_admin": (True, False),
    "owner_member": (False, False),
    "partner_with_edit": (True, False),
    "partner_without_edit": (False, False),
    "other_municipality_editor": (False, True),
    "other_municipality_member": (False, False),
    "secretariat": (False, False),
    "anonymous": (False, False),
}


@pytest.fixture
def world():
    stavanger = municipal_organisation("1103")
    case = case_create(owner=stavanger, title="Stavanger case")
    with_edit = organisation_create(kind="business", name="Editing partner")
    without_edit = organisation_create(kind="business", name="Silent partner")
    CasePartner.objects.create(case=case, organisation=with_edit, can_edit=True)
    CasePartner.objects.create(case=case, organisation=without_edit, can_edit=False)
    bergen = municipal_organisation("4601")
    secretariat = user_create()
    NetworkRole.objects.create(network=Network.objects.first(), user=secretariat)
    people = {
        "owner_editor": member_create(organisation=stavanger, role=Role.EDITOR),
        "owner_admin": member_create(organisation=stavanger, role=Role.ADMIN),
        "owner_member": member_create(organisation=stavanger, role=Role.MEMBER),
        "partner_with_edit": member_create(organisation=with_edit, role=Role.EDITOR),
        "partner_without_edit": member_create(organisation=without_edit, role=Role.EDITOR),
        "other_municipality_editor": member_create(organisation=bergen, role=Role.EDITOR),
        "other_municipality_member": member_create(organisation=bergen, role=Role.MEMBER),
        "secretariat": secretariat,
        "anonymous": AnonymousUser(),
    }
    return case, people


@pytest.mark.parametrize("who", MATRIX)
def test_rules_matrix(world, who):
    case, people = world
    user = people[who]
    can_change, can_adopt = MATRIX[who]
    assert user.has_perm("cases.change_case", case) is can_change
    assert user.has_perm("cases.adopt_case", case) is can_adopt
    assert user.has_perm("cases.view_case", case) is True  # published and public


@pytest.mark.parametrize("who", MATRIX)
def test_edit_page_follows_the_rules(client, world, who):
    case, people = world
    user = people[who]
    if who != "anonymous":
        client.force_login(user)
    response = client.get(reverse("cases:case-edit", args=[case.slug]))
    if MATRIX[who][0]:
        assert response.status_code == 200
    elif who == "anonymous":
        assert response.status_code == 302  # to the login page
    else:
        assert response.status_code in (403, 404)


@pytest.mark.parametrize("who", [w for w in MATRIX if w != "anonymous"])
def test_api_patch_follows_the_rules(client, world, who):
    case, people = world
    _token, raw = api_token_create(user=people[who], name="t")
    response = client.patch(
        f"/api/v1/cases/{case.pk}",
        json.dumps({"version": case.version, "title": f"By {who}"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    case.refresh_from_db()
    if MATRIX[who][0]:
        assert response.status_code == 200
        assert case.title == f"By {who}"
    else:
        assert response.status_code in (403, 404)
        assert case.title == "Stavanger case"


def test_bergen_editor_cannot_publish_or_unpublish_stavangers_case(client, world):
    case, people = world
    client.force_login(people["other_municipality_editor"])
    response = client.post(reverse("cases:case-publish", args=[case.slug]), {"action": "unpublish"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.is_published


def test_only_owner_editors_manage_partners(world):
    case, people = world
    assert people["owner_editor"].has_perm("cases.manage_partners", case)
    assert not people["partner_with_edit"].has_perm("cases.manage_partners", case)


def test_draft_is_visible_to_insiders_and_editing_partners_only(world):
    case, people = world
    case.is_published = False
    case.save()
    visible = {who for who, user in people.items() if user.has_perm("cases.view_case", case)}
    assert visible == {"owner_editor", "owner_admin", "owner_member", "partner_with_edit"}
