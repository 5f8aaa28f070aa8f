"""Writes about organisations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smartby.core.services import save_versioned
from smartby.core.text import unique_slug
from smartby.organisations.models import Municipality, Organisation, OrganisationKind

EDITABLE_FIELDS = ("name", "org_number", "website", "email", "description")
PUBLIC_AUTHORITY_KINDS = (OrganisationKind.MUNICIPALITY, OrganisationKind.COUNTY)


def _unique_slug(name: str) -> str:
    return unique_slug(Organisation.objects.all(), name, fallback="organisation")


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str,
    municipality: Municipality | None,
    org_number: str = "",
    website: str = "",
    email: str = "",
    description: str = "",
    is_demo: bool = False,
) -> Organisation:
    """Create an organisation that is not a public authority (those come from the
    reference data). Raises ValidationError for bad input."""
    if kind in PUBLIC_AUTHORITY_KINDS:
        raise ValidationError(
            _(
                "Municipalities and county authorities come from the reference data and "
                "cannot be created by hand."
            )
        )
    organisation = Organisation(
        name=name.strip(),
        slug=_unique_slug(name),
        kind=kind,
        municipality=municipality,
        county=municipality.county if municipality else None,
        org_number=org_number,
        website=website,
        email=email,
        description=description,
        is_demo=is_demo,
    )
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, actor: Any, expected_version: int, **changes: Any
) -> Organisation:
    """Change an organisation's editable fields. Raises PermissionDenied, ValidationError,
    or ConflictError when someone else saved since `expected_version`."""
    if not actor.has_perm("organisations.change_organisation", organisation):
        raise PermissionDenied
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown or (organisation.is_reference and "name" in changes):
        raise ValidationError(_("These fields cannot be changed here."))
    for field, value in changes.items():
        setattr(organisation, field, value.strip() if isinstance(value, str) else value)
    organisation.full_clean(exclude=["slug"])
    return save_versioned(obj=organisation, expected_version=expected_version, fields=list(changes))
