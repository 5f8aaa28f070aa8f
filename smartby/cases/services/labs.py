"""Writes for living labs: create (an editor of a municipal organisation, for that
organisation) and change (an editor of the host), with lost-update protection."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartby.cases.models import LivingLab, Theme
from smartby.cases.rules import editor_org_ids
from smartby.core.services import save_versioned
from smartby.core.text import unique_slug
from smartby.organisations.models import Organisation, OrganisationKind

# The fields a host's editor writes; host, municipality and slug are set by the service.
LAB_FIELDS = [
    "name",
    "description",
    "facilities",
    "how_to_apply",
    "website",
    "latitude",
    "longitude",
]


def living_lab_unique_slug(*, name: str, exclude_pk: int | None = None) -> str:
    """A slug from the name, with -2, -3, ... added when it is taken."""
    return unique_slug(LivingLab.objects.all(), name, fallback="lab", exclude_pk=exclude_pk)


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise the plain fields; raises ValidationError naming each bad field."""
    errors: dict[str, str] = {}
    cleaned = dict(fields)
    for name in ("name", "description", "facilities", "how_to_apply", "website"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "name" in cleaned:
        if not cleaned["name"]:
            errors["name"] = _("Give the living lab a name.")
        elif len(cleaned["name"]) > 200:
            errors["name"] = _("The name can have at most 200 characters.")
    if cleaned.get("website"):
        try:
            URLValidator(schemes=["http", "https"])(cleaned["website"])
        except ValidationError:
            errors["website"] = _("Enter a web address starting with http:// or https://.")
    latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
    if ("latitude" in cleaned or "longitude" in cleaned) and (latitude is None) != (
        longitude is None
    ):
        errors["latitude"] = _("Give both latitude and longitude, or neither.")
    if latitude is not None and not -90 <= latitude <= 90:
        errors["latitude"] = _("Latitude is between -90 and 90.")
    if longitude is not None and not -180 <= longitude <= 180:
        errors["longitude"] = _("Longitude is between -180 and 180.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_host(*, actor: Any, host: Organisation) -> None:
    if not actor.has_perm("cases.add_livinglab"):
        raise PermissionDenied(_("Only editors of a municipality may register a living lab."))
    if host.pk not in editor_org_ids(actor):
        raise PermissionDenied(_("You may only register a living lab for a municipality you edit."))
    if host.kind != OrganisationKind.MUNICIPALITY or host.municipality_id is None:
        raise ValidationError({"host": _("The host must be a municipality.")})


def living_lab_create(
    *,
    actor: Any,
    host: Organisation,
    name: str,
    themes: Iterable[Theme] = (),
    description: str = "",
    facilities: str = "",
    how_to_apply: str = "",
    website: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    is_demo: bool = False,
) -> LivingLab:
    """Register a living lab hosted by `host`, in the host's municipality; without
    coordinates it is placed at the municipality's. Raises PermissionDenied unless `actor`
    edits `host`, ValidationError for bad values."""
    _check_host(actor=actor, host=host)
    fields = _clean(
        {
            "name": name,
            "description": description,
            "facilities": facilities,
            "how_to_apply": how_to_apply,
            "website": website,
            "latitude": latitude,
            "longitude": longitude,
        }
    )
    municipality = host.municipality
    assert municipality is not None  # checked by _check_host
    if fields["latitude"] is None and municipality.latitude is not None:
        fields["latitude"] = municipality.latitude
        fields["longitude"] = municipality.longitude
    with transaction.atomic():
        lab = LivingLab.objects.create(
            slug=living_lab_unique_slug(name=fields["name"]),
            host=host,
            municipality=municipality,
            is_demo=is_demo,
            **fields,
        )
        lab.themes.set(list(themes))
    return lab


def living_lab_update(
    *,
    lab: LivingLab,
    actor: Any,
    expected_version: int,
    themes: Iterable[Theme] | None = None,
    **fields: Any,
) -> LivingLab:
    """Change the plain fields given (see LAB_FIELDS) and, when given, the focus themes.
    Raises PermissionDenied unless `actor` edits the host, ValidationError for bad values,
    ConflictError when the lab changed since `expected_version`; nothing is saved then."""
    if not actor.has_perm("cases.change_livinglab", lab):
        raise PermissionDenied(_("Only editors of the host may change this living lab."))
    unknown = set(fields) - set(LAB_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    current = {name: getattr(lab, name) for name in ("latitude", "longitude")}
    cleaned = _clean({**current, **fields})
    for name, value in cleaned.items():
        setattr(lab, name, value)
    lab.updated_at = timezone.now()
    changed = [*sorted(set(fields) | {"latitude", "longitude"}), "updated_at"]
    with transaction.atomic():
        save_versioned(obj=lab, expected_version=expected_version, fields=changed)
        if themes is not None:
            lab.themes.set(list(themes))
    return lab
