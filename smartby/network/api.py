"""API of the networks, their current members and work themes."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from smartby.core.api import (
    LANGUAGE_NOTE,
    LanguageParams,
    ListOut,
    PageParams,
    errors,
    in_request_language,
    page,
)
from smartby.network import selectors
from smartby.network.api_decisions import register as register_decisions
from smartby.network.api_meetings import register as register_meetings
from smartby.network.models import Network, NetworkMembership, WorkTheme
from smartby.organisations.models import Organisation, OrganisationKind

router = Router()
router.add_decorator(in_request_language, mode="view")


class MemberOrganisationOut(Schema):
    slug: str
    name: str
    kind: OrganisationKind
    municipality: str | None = Field(description="Slug of the municipality it is based in.")
    url: str = Field(description="Path of the organisation's web page.")

    @staticmethod
    def resolve_municipality(obj: Organisation) -> str | None:
        return obj.municipality.slug if obj.municipality else None

    @staticmethod
    def resolve_url(obj: Organisation) -> str:
        return obj.get_absolute_url()


class NetworkMemberOut(Schema):
    organisation: MemberOrganisationOut
    joined_on: datetime.date | None
    is_demo: bool = Field(description="Fictional demo membership.")


class WorkThemeOut(Schema):
    slug: str
    name: str


class NetworkOut(Schema):
    slug: str
    name: str
    tagline: str
    website: str
    established: int | None = Field(description="Year the network was founded.")
    member_count: int = Field(description="Current members.")
    demo_member_count: int = Field(description="Of them, fictional demo members.")
    url: str = Field(description="Path of the network's web page.")

    @staticmethod
    def resolve_url(obj: Network) -> str:
        return obj.get_absolute_url()


class NetworkDetailOut(NetworkOut):
    description: str
    members: list[NetworkMemberOut] = Field(description="Current members, by name.")
    themes: list[WorkThemeOut] = Field(description="What the members work on together.")

    @staticmethod
    def resolve_members(obj: Network) -> list[NetworkMembership]:
        memberships: list[NetworkMembership] = obj.current_memberships  # type: ignore[attr-defined]
        return memberships

    @staticmethod
    def resolve_themes(obj: Network) -> list[WorkTheme]:
        return list(obj.themes.all())


@router.get(
    "/networks",
    response={200: ListOut[NetworkOut], **errors(422)},
    summary="List networks",
    description=f"The networks on the platform, ordered by bokmål name. {LANGUAGE_NOTE}",
    tags=["networks"],
)
def network_list(
    request: HttpRequest, language: Query[LanguageParams], paging: Query[PageParams]
) -> dict[str, Any]:
    return page(selectors.network_list().order_by("name_nb", "slug"), paging)


@router.get(
    "/networks/{slug}",
    response={200: NetworkDetailOut, **errors(404, 422)},
    summary="Get a network with its members and themes",
    description=LANGUAGE_NOTE,
    tags=["networks"],
)
def network_detail(request: HttpRequest, slug: str, language: Query[LanguageParams]) -> Network:
    try:
        return selectors.network_get(slug=slug)
    except Network.DoesNotExist as exc:
        raise Http404(f"No network has the slug '{slug}'.") from exc


# Decisions and votes (api_decisions.py).
register_decisions(router)
# Members, workgroups and meetings (api_meetings.py).
register_meetings(router)
