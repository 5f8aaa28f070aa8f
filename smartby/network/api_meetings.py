"""API of a network's members (with representatives), its workgroups and meetings."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Schema
from ninja.errors import HttpError

from smartby.accounts.api import optional_auth
from smartby.core.api import LANGUAGE_NOTE, LanguageParams, ListOut, PageParams, errors, page
from smartby.network import selectors
from smartby.network.models import (
    AgendaItem,
    Body,
    Meeting,
    Network,
    NetworkMembership,
    Workgroup,
)
from smartby.organisations.models import Organisation, OrganisationKind


class PersonOut(Schema):
    name: str
    title: str


class MemberOrgOut(Schema):
    slug: str
    name: str
    kind: OrganisationKind
    url: str

    @staticmethod
    def resolve_url(obj: Organisation) -> str:
        return obj.get_absolute_url()


class MemberOut(Schema):
    organisation: MemberOrgOut
    joined_on: datetime.date | None
    left_on: datetime.date | None = Field(description="Set for former members only.")
    representative: PersonOut | None = Field(
        description="Shown when the person allows it in their profile; never the e-mail."
    )
    deputy: PersonOut | None

    @staticmethod
    def _person(user: Any) -> dict[str, str] | None:
        if user is None or not user.is_public:
            return None
        return {"name": user.full_name, "title": user.title}

    @staticmethod
    def resolve_representative(obj: NetworkMembership) -> dict[str, str] | None:
        return MemberOut._person(obj.representative)

    @staticmethod
    def resolve_deputy(obj: NetworkMembership) -> dict[str, str] | None:
        return MemberOut._person(obj.deputy)


class MemberFilters(Schema):
    include_former: bool = Field(False, description="Also members that have left.")


class WorkgroupOut(Schema):
    slug: str
    network: str = Field(description="Slug of the network.")
    name: str
    theme: str | None = Field(description="Slug of the work theme.")
    mandate: str = Field(description="Markdown.")
    lead: str | None = Field(description="Slug of the lead organisation.")
    members: list[str] = Field(description="Slugs of the member organisations.")
    created_on: datetime.date
    dissolved_on: datetime.date | None
    url: str

    @staticmethod
    def resolve_network(obj: Workgroup) -> str:
        return obj.network.slug

    @staticmethod
    def resolve_theme(obj: Workgroup) -> str | None:
        return obj.theme.slug if obj.theme else None

    @staticmethod
    def resolve_lead(obj: Workgroup) -> str | None:
        return obj.lead.slug if obj.lead else None

    @staticmethod
    def resolve_members(obj: Workgroup) -> list[str]:
        return [o.slug for o in obj.members.all()]

    @staticmethod
    def resolve_url(obj: Workgroup) -> str:
        return obj.get_absolute_url()


class WorkgroupFilters(Schema):
    network: str | None = Field(None, description="Slug of a network.")
    active: bool | None = Field(None, description="true: not dissolved; false: dissolved.")
    theme: str | None = Field(None, description="Slug of a work theme.")


class DocumentOut(Schema):
    title: str
    url: str


class MeetingOut(Schema):
    id: int
    network: str = Field(description="Slug of the network.")
    body: str | None = Field(description="Kind of body, for a body's meeting.")
    workgroup: str | None = Field(description="Slug of the workgroup, for its meeting.")
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    online_url: str
    is_public: bool
    status: Meeting.Status
    agenda: list[str]
    documents: list[DocumentOut]
    has_minutes: bool
    url: str

    @staticmethod
    def resolve_network(obj: Meeting) -> str:
        return obj.network.slug

    @staticmethod
    def resolve_body(obj: Meeting) -> str | None:
        return obj.body.kind if obj.body else None

    @staticmethod
    def resolve_workgroup(obj: Meeting) -> str | None:
        return obj.workgroup.slug if obj.workgroup else None

    @staticmethod
    def resolve_agenda(obj: Meeting) -> list[str]:
        return [item.title for item in obj.agenda.all()]

    @staticmethod
    def resolve_documents(obj: Meeting) -> list[Any]:
        return list(obj.documents.all())

    @staticmethod
    def resolve_has_minutes(obj: Meeting) -> bool:
        return bool(obj.minutes)

    @staticmethod
    def resolve_url(obj: Meeting) -> str:
        return obj.get_absolute_url()


class MeetingDetailOut(MeetingOut):
    minutes: str = Field(description="Markdown.")
    attendance: int = Field(description="How many people attended (names are not given).")

    @staticmethod
    def resolve_attendance(obj: Meeting) -> int:
        return obj.attendance_count  # type: ignore[attr-defined,no-any-return]


class MeetingFilters(Schema):
    network: str | None = Field(None, description="Slug of a network.")
    workgroup: str | None = Field(None, description="Slug of a workgroup.")
    body: Body.Kind | None = None
    status: Meeting.Status | None = None
    from_: datetime.date | None = Field(None, alias="from", description="Starting on or after.")
    to: datetime.date | None = Field(None, description="Starting on or before.")


def _network(slug: str) -> Network:
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise HttpError(422, f"network: no network has the slug '{slug}'")
    return network


def _meetings(request: HttpRequest) -> QuerySet[Meeting]:
    return (
        selectors.meetings_visible_to(viewer=request.user)
        .select_related("network", "body", "workgroup__network")
        .prefetch_related(
            Prefetch("agenda", AgendaItem.objects.order_by("position", "id")), "documents"
        )
    )


def register(router: Any) -> None:
    @router.get(
        "/networks/{slug}/members",
        response={200: ListOut[MemberOut], **errors(404, 422)},
        summary="List a network's members",
        description="Current member organisations by name, with their representative and "
        "deputy (names only, and only for people who allow it).",
        tags=["networks"],
    )
    def member_list(
        request: HttpRequest, slug: str, filters: Query[MemberFilters], paging: Query[PageParams]
    ) -> dict[str, Any]:
        network = Network.objects.filter(slug=slug).first()
        if network is None:
            raise Http404(f"No network has the slug '{slug}'.")
        rows = NetworkMembership.objects.filter(network=network).select_related(
            "organisation", "representative", "deputy"
        )
        if not filters.include_former:
            rows = rows.filter(left_on__isnull=True)
        return page(rows.order_by("organisation__name", "organisation__slug", "id"), paging)

    @router.get(
        "/workgroups",
        response={200: ListOut[WorkgroupOut], **errors(422)},
        summary="List workgroups",
        description=f"Workgroups of every network, by network and name. {LANGUAGE_NOTE}",
        tags=["networks"],
    )
    def workgroup_list(
        request: HttpRequest,
        filters: Query[WorkgroupFilters],
        language: Query[LanguageParams],
        paging: Query[PageParams],
    ) -> dict[str, Any]:
        rows = Workgroup.objects.select_related("network", "theme", "lead").prefetch_related(
            Prefetch("members", Organisation.objects.order_by("slug"))
        )
        if filters.network:
            rows = rows.filter(network=_network(filters.network))
        if filters.active is not None:
            rows = rows.filter(dissolved_on__isnull=filters.active)
        if filters.theme:
            rows = rows.filter(theme__slug=filters.theme)
        return page(rows.order_by("network__slug", "name_nb", "id"), paging)

    @router.get(
        "/meetings",
        response={200: ListOut[MeetingOut], **errors(401, 422)},
        auth=optional_auth,
        summary="List meetings",
        description="Meetings of the networks' bodies and workgroups by start time: public "
        "ones for everyone, and with your token also the closed ones you are invited to. "
        f"{LANGUAGE_NOTE}",
        tags=["networks"],
    )
    def meeting_list(
        request: HttpRequest,
        filters: Query[MeetingFilters],
        language: Query[LanguageParams],
        paging: Query[PageParams],
    ) -> dict[str, Any]:
        if filters.from_ and filters.to and filters.from_ > filters.to:
            raise HttpError(422, "from: must be on or before 'to'")
        rows = _meetings(request)
        if filters.network:
            rows = rows.filter(network=_network(filters.network))
        if filters.workgroup:
            rows = rows.filter(workgroup__slug=filters.workgroup)
        if filters.body:
            rows = rows.filter(body__kind=filters.body)
        if filters.status:
            rows = rows.filter(status=filters.status)
        if filters.from_:
            rows = rows.filter(starts_at__date__gte=filters.from_)
        if filters.to:
            rows = rows.filter(starts_at__date__lte=filters.to)
        return page(rows.order_by("starts_at", "id"), paging)

    @router.get(
        "/meetings/{int:meeting_id}",
        response={200: MeetingDetailOut, **errors(401, 404, 422)},
        auth=optional_auth,
        summary="Get a meeting",
        description=f"With the minutes and how many attended. {LANGUAGE_NOTE}",
        tags=["networks"],
    )
    def meeting_detail(
        request: HttpRequest, meeting_id: int, language: Query[LanguageParams]
    ) -> Meeting:
        found = (
            _meetings(request)
            .annotate(attendance_count=Count("attendance"))
            .filter(pk=meeting_id)
            .first()
        )
        if found is None:
            raise Http404(f"No meeting has the id {meeting_id}.")
        return found
