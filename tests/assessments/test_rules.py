"""Who may see and change an assessment: one matrix over role x the assessment's state."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from smartby.accounts.models import Role
from smartby.assessments.selectors.visibility import assessment_visible_to
from smartby.network.models import Network, NetworkRole
from tests.accounts.factories import member_create, user_create
from tests.assessments.factories import assessment_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db

STATES = {
    "draft_private": {"submitted": False, "visibility": "private"},
    "draft_public": {"submitted": False, "visibility": "public"},
    "submitted_private": {"submitted": True, "visibility": "private"},
    "submitted_network": {"submitted": True, "visibility": "network"},
    "submitted_public": {"submitted": True, "visibility": "public"},
}

# Who sees which state. Stavanger owns; Bergen shares the Nordic network with it; Lillehammer
# shares no network with it.
SEES = {
    "owner_editor": set(STATES),
    "owner_member": set(STATES),
    "network_peer_editor": {"submitted_network", "submitted_public"},
    "outsider_editor": {"submitted_public"},
    "secretariat": {"submitted_public"},
    "anonymous": {"submitted_public"},
    "superuser": set(STATES),
}
EDITS = {"owner_editor"}


@pytest.fixture
def people():
    stavanger = municipal_organisation("1103")
    secretariat = user_create()
    NetworkRole.objects.create(network=Network.objects.get(slug="smartbyene"), user=secretariat)
    return {
        "owner_editor": member_create(organisation=stavanger, role=Role.EDITOR),
        "owner_member": member_create(organisation=stavanger, role=Role.MEMBER),
        "network_peer_editor": member_create(
            organisation=municipal_organisation("4601"), role=Role.EDITOR
        ),
        "outsider_editor": member_create(
            organisation=municipal_organisation("3405"), role=Role.EDITOR
        ),
        "secretariat": secretariat,
        "anonymous": AnonymousUser(),
        "superuser": user_create(is_superuser=True, is_staff=True),
    }


@pytest.mark.parametrize("who", SEES)
@pytest.mark.parametrize("state", STATES)
def test_rules_matrix(people, who, state):
    user = people[who]
    assessment = assessment_create(organisation=municipal_organisation("1103"), **STATES[state])
    may_see = state in SEES[who]
    assert user.has_perm("assessments.view_assessment", assessment) is may_see
    # The queryset every list and endpoint starts from applies the same rule.
    assert assessment_visible_to(viewer=user).filter(pk=assessment.pk).exists() is may_see
    is_draft = state.startswith("draft")
    if who == "superuser":  # Django grants an active superuser every permission
        return
    assert user.has_perm("assessments.change_assessment", assessment) is (who in EDITS and is_draft)
    assert user.has_perm("assessments.share_assessment", assessment) is (who in EDITS)
    assert user.has_perm("assessments.reopen_assessment", assessment) is (
        who in EDITS and not is_draft
    )


@pytest.mark.parametrize("who", SEES)
def test_who_may_start_a_round(people, who):
    user = people[who]
    stavanger = municipal_organisation("1103")
    assert user.has_perm("assessments.add_assessment", stavanger) is (
        who in EDITS or who == "superuser"
    )
