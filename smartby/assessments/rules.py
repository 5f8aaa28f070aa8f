"""Who may see and change self-assessments.

- The municipality's own people see all its assessments, drafts too; its editors (and admins)
  start rounds, answer, submit, reopen and decide who else may see them.
- A submitted assessment shared with the network is seen by people of organisations that
  share a current network membership with the municipality; a public one by everyone.
- Drafts and private assessments are the municipality's alone: not the secretariat, not the
  network; to outsiders they do not exist (404).
- Network figures are computed from shared, submitted assessments only (see selectors).
"""

from __future__ import annotations

from typing import Any

import rules

from smartby.cases.rules import editor_org_ids, member_org_ids, network_ids
from smartby.organisations.rules import is_platform_admin

ASSESSING_KINDS = ("municipality", "county")


@rules.predicate
def is_assessment_insider(user: Any, assessment: Any) -> bool:
    return assessment is not None and assessment.organisation_id in member_org_ids(user)


@rules.predicate
def is_assessment_editor(user: Any, assessment: Any) -> bool:
    return assessment is not None and assessment.organisation_id in editor_org_ids(user)


@rules.predicate
def is_submitted(user: Any, assessment: Any) -> bool:
    return assessment is not None and assessment.status == "submitted"


@rules.predicate
def is_draft(user: Any, assessment: Any) -> bool:
    return assessment is not None and assessment.status == "draft"


@rules.predicate
def is_public(user: Any, assessment: Any) -> bool:
    return assessment is not None and assessment.visibility == "public"


@rules.predicate
def is_network_shared(user: Any, assessment: Any) -> bool:
    return assessment is not None and assessment.visibility == "network"


@rules.predicate
def shares_network_with_municipality(user: Any, assessment: Any) -> bool:
    if assessment is None or not user.is_authenticated:
        return False
    mine = network_ids(user)
    if not mine:
        return False
    from smartby.network.models import NetworkMembership

    return NetworkMembership.objects.filter(
        organisation_id=assessment.organisation_id, left_on__isnull=True, network_id__in=mine
    ).exists()


@rules.predicate
def edits_the_organisation(user: Any, organisation: Any) -> bool:
    return (
        organisation is not None
        and organisation.kind in ASSESSING_KINDS
        and organisation.pk in editor_org_ids(user)
    )


can_view = (
    is_platform_admin
    | is_assessment_insider
    | (is_submitted & is_public)
    | (is_submitted & is_network_shared & shares_network_with_municipality)
)

rules.add_perm("assessments.view_assessment", can_view)
# Object: the organisation the round is for (a municipality or county authority).
rules.add_perm("assessments.add_assessment", edits_the_organisation)
rules.add_perm("assessments.change_assessment", is_assessment_editor & is_draft)
rules.add_perm("assessments.submit_assessment", is_assessment_editor & is_draft)
rules.add_perm("assessments.reopen_assessment", is_assessment_editor & is_submitted)
rules.add_perm("assessments.share_assessment", is_assessment_editor)
rules.add_perm("assessments.delete_assessment", is_assessment_editor & is_draft)
