from __future__ import annotations

import itertools
from typing import Any

from smartby.organisations.models import Municipality, Organisation, OrganisationKind

_seq = itertools.count(1)


def organisation_create(
    *, kind: str = OrganisationKind.BUSINESS, municipality: Municipality | None = None, **extra: Any
) -> Organisation:
    n = next(_seq)
    name = extra.pop("name", f"Test Organisation {n}")
    if municipality is None and kind != OrganisationKind.MUNICIPALITY:
        municipality = Municipality.objects.get(country="NO", code="0301")
    return Organisation.objects.create(
        name=name,
        slug=extra.pop("slug", f"test-organisation-{n}"),
        kind=kind,
        municipality=municipality,
        county=extra.pop("county", municipality.county if municipality else None),
        **extra,
    )


def municipal_organisation(code: str = "0301") -> Organisation:
    return Organisation.objects.get(kind=OrganisationKind.MUNICIPALITY, municipality__code=code)
