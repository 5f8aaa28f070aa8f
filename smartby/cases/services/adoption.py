"""Adopting a case: another municipality copies the structure of a solution into a draft
of its own, keeping a link to the origin (adopted_from) and to the first case of the chain
(lineage_root)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smartby.cases.models import Case, Language, Phase, Status
from smartby.cases.rules import editor_org_ids
from smartby.cases.services.cases import M2M_FIELDS, _reindex_on_commit, case_unique_slug
from smartby.organisations.models import Organisation, OrganisationKind


def case_adopt(
    *,
    origin: Case,
    actor: Any,
    organisation: Organisation,
    language: str = Language.NB,
    title: str | None = None,
) -> Case:
    """A draft case of `organisation` adopting `origin`: the tagging (themes, principles,
    target pictures, SDGs, SDG targets, technologies) is copied; the texts, lessons and
    partners are the adopter's own to write. Phase starts at analysis, status ongoing."""
    if not actor.has_perm("cases.adopt_case", origin):
        raise PermissionDenied(_("You may not adopt this case."))
    if organisation.pk not in editor_org_ids(actor):
        raise PermissionDenied(_("You may only adopt for an organisation you edit."))
    if organisation.kind != OrganisationKind.MUNICIPALITY:
        raise ValidationError({"organisation": [_("Only a municipality can adopt a case.")]})
    if organisation.pk == origin.owner_id:
        raise ValidationError({"organisation": [_("A municipality cannot adopt its own case.")]})
    if language not in Language.values:
        raise ValidationError({"language": [_("Choose a language from the list.")]})
    title = (title if title is not None else origin.title).strip()
    if not title:
        raise ValidationError({"title": [_("Give the adopted case a title.")]})
    if len(title) > 200:
        raise ValidationError({"title": [_("The title can have at most 200 characters.")]})
    with transaction.atomic():
        case = Case.objects.create(
            slug=case_unique_slug(title=title),
            owner=organisation,
            municipality=organisation.municipality,
            language=language,
            title=title,
            summary="",
            phase=Phase.ANALYSIS,
            status=Status.ONGOING,
            visibility=origin.visibility,
            adopted_from=origin,
            lineage_root_id=origin.lineage_root_id or origin.pk,
            created_by=actor,
            is_published=False,
        )
        for name in M2M_FIELDS:
            getattr(case, name).set(getattr(origin, name).all())
        _reindex_on_commit([case.pk])
    return case
