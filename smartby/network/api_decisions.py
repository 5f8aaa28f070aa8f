"""API of the network bodies' decisions: read them (tallies only after close), and cast a
vote with a token as a member organisation's representative or deputy."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Schema
from ninja.errors import HttpError

from smartby.accounts.api import token_auth
from smartby.core.api import (
    LANGUAGE_NOTE,
    BodySchema,
    LanguageParams,
    ListOut,
    PageParams,
    errors,
    page,
)
from smartby.network.models import Decision, DecisionOption
from smartby.network.services.decisions import DecisionClosed, vote_cast
from smartby.organisations.models import Organisation


class OptionOut(Schema):
    id: int
    label: str
    role: str = Field(description="yes, no or abstain for a yes/no decision; abstain or empty.")


class OptionResultOut(Schema):
    option: int
    votes: int


class ResultOut(Schema):
    outcome: Decision.Outcome
    winning_option: int | None
    electorate: int = Field(description="Member organisations entitled to vote.")
    cast: int = Field(description="Organisations that voted (abstentions included).")
    quorum_percent: int
    majority: str
    options: list[OptionResultOut]
    closed_at: datetime.datetime


class DecisionOut(Schema):
    id: int
    network: str = Field(description="Slug of the network.")
    body: str = Field(description="owner_meeting, steering_group, secretariat or leadership.")
    title: str
    proposal: str
    kind: Decision.Kind
    secret: bool
    status: Decision.Status
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    options: list[OptionOut]
    result: ResultOut | None = Field(description="Only once the decision is closed.")

    @staticmethod
    def resolve_network(obj: Decision) -> str:
        return obj.body.network.slug

    @staticmethod
    def resolve_body(obj: Decision) -> str:
        return obj.body.kind

    @staticmethod
    def resolve_options(obj: Decision) -> list[DecisionOption]:
        return list(obj.options.all())

    @staticmethod
    def resolve_result(obj: Decision) -> dict[str, Any] | None:
        if obj.status != Decision.Status.CLOSED:
            return None
        return {
            "outcome": obj.outcome,
            "winning_option": obj.winning_option_id,
            "electorate": obj.electorate_size or 0,
            "cast": obj.tally.get("cast", 0),
            "quorum_percent": obj.quorum_percent or 0,
            "majority": obj.majority,
            "options": [
                {"option": o["id"], "votes": o["votes"]} for o in obj.tally.get("options", [])
            ],
            "closed_at": obj.closed_at,
        }


class DecisionFilters(Schema):
    network: str | None = Field(None, description="Slug of a network.")
    status: Decision.Status | None = None


class VoteIn(BodySchema):
    organisation: int = Field(description="Id of the member organisation you vote for.")
    option: int = Field(description="Id of one of the decision's options.")


class VoteOut(Schema):
    decision: int
    organisation: int
    option: int
    cast_at: datetime.datetime


def decisions() -> QuerySet[Decision]:
    return (
        Decision.objects.exclude(status=Decision.Status.DRAFT)
        .select_related("body__network")
        .prefetch_related(Prefetch("options", DecisionOption.objects.order_by("position", "id")))
    )


def register(router: Any) -> None:
    @router.get(
        "/decisions",
        response={200: ListOut[DecisionOut], **errors(422)},
        summary="List decisions",
        description="Decisions open for voting or closed, newest first. Tallies appear only "
        f"after close; a secret ballot never shows who chose what. {LANGUAGE_NOTE}",
        tags=["networks"],
    )
    def decision_list(
        request: HttpRequest,
        filters: Query[DecisionFilters],
        language: Query[LanguageParams],
        paging: Query[PageParams],
    ) -> dict[str, Any]:
        rows = decisions()
        if filters.network:
            rows = rows.filter(body__network__slug=filters.network)
        if filters.status:
            rows = rows.filter(status=filters.status)
        return page(rows.order_by("-opens_at", "-id"), paging)

    @router.get(
        "/decisions/{int:decision_id}",
        response={200: DecisionOut, **errors(404, 422)},
        summary="Get a decision",
        description=LANGUAGE_NOTE,
        tags=["networks"],
    )
    def decision_detail(
        request: HttpRequest, decision_id: int, language: Query[LanguageParams]
    ) -> Decision:
        found = decisions().filter(pk=decision_id).first()
        if found is None:
            raise Http404(f"No decision has the id {decision_id}.")
        return found

    @router.post(
        "/decisions/{int:decision_id}/votes",
        response={200: VoteOut, **errors(401, 403, 404, 409, 422)},
        auth=token_auth,
        summary="Cast or change a vote",
        description="As the representative or deputy of a member organisation in the "
        "decision's electorate, while voting is open. A second vote replaces the first. "
        "409 once voting has closed.",
        tags=["networks"],
    )
    def vote_cast_api(request: HttpRequest, decision_id: int, payload: VoteIn) -> dict[str, Any]:
        decision = decisions().filter(pk=decision_id).first()
        if decision is None:
            raise Http404(f"No decision has the id {decision_id}.")
        organisation = Organisation.objects.filter(pk=payload.organisation).first()
        if organisation is None:
            raise HttpError(422, f"organisation: no organisation with id {payload.organisation}")
        option = next((o for o in decision.options.all() if o.pk == payload.option), None)
        if option is None:
            raise HttpError(422, f"option: {payload.option} is not an option of this decision")
        try:
            ballot = vote_cast(
                decision=decision, organisation=organisation, option=option, actor=request.user
            )
        except DecisionClosed as exc:
            raise HttpError(409, " ".join(exc.messages)) from exc
        except ValidationError as exc:
            raise HttpError(422, " ".join(exc.messages)) from exc
        return {
            "decision": decision.pk,
            "organisation": organisation.pk,
            "option": option.pk,
            "cast_at": ballot.cast_at,
        }
