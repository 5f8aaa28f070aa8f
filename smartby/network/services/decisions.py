"""Decisions of a network's bodies: one member organisation, one vote.

- decision_create: a draft with its options (yes/no/abstain, or several options + abstain).
- decision_open: fixes the electorate — the body's network's current member organisations —
  and opens voting; nothing about the electorate changes after that.
- vote_cast: the organisation's representative or deputy casts or changes its vote while the
  window is open. One Ballot row per organisation and decision, held by a unique constraint,
  so two requests at once can never count twice: the second replaces the first.
- decision_close: at or after the end of the window, computes the tally, quorum and outcome
  once; a closed decision's result never changes (every write refuses it).

Quorum: at least quorum_percent of the electorate voted (abstentions count as voting).
Majority (yes/no): simple = more yes than no; two thirds = yes at least two thirds of yes +
no. Several options: the option with the most votes wins (abstentions do not count), if it
also has the body's majority of the votes cast for an option; a tie is no decision.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from smartby.network.models import (
    Ballot,
    Body,
    Decision,
    DecisionOption,
    Elector,
    NetworkMembership,
    VoteRecord,
)
from smartby.organisations.models import Organisation

YES_NO = [("yes", "Ja", "Yes"), ("no", "Nei", "No"), ("abstain", "Avstår", "Abstain")]


class DecisionClosed(ValidationError):
    pass


def decision_create(
    *,
    body: Body,
    actor: Any,
    title_nb: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    kind: str = Decision.Kind.YES_NO,
    secret: bool = False,
    options: Sequence[tuple[str, str]] = (),
    **fields: Any,
) -> Decision:
    """A draft decision of `body`. `options` (label nb, label en) for a several-options
    decision; an "abstain" option is added to every decision."""
    if not actor.has_perm("network.manage_decisions", body.network):
        raise PermissionDenied(_("Only the network's secretariat prepares decisions."))
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("Voting must close after it opens.")})
    if kind == Decision.Kind.OPTIONS and len(options) < 2:
        raise ValidationError({"options": _("Give at least two options.")})
    with transaction.atomic():
        decision = Decision.objects.create(
            body=body,
            title_nb=title_nb,
            opens_at=opens_at,
            closes_at=closes_at,
            kind=kind,
            secret=secret,
            **fields,
        )
        if kind == Decision.Kind.YES_NO:
            rows = [
                DecisionOption(decision=decision, position=i, label_nb=nb, label_en=en, role=r)
                for i, (r, nb, en) in enumerate(YES_NO)
            ]
        else:
            rows = [
                DecisionOption(decision=decision, position=i, label_nb=nb, label_en=en)
                for i, (nb, en) in enumerate(options)
            ]
            rows.append(
                DecisionOption(
                    decision=decision,
                    position=len(rows),
                    label_nb="Avstår",
                    label_en="Abstain",
                    role="abstain",
                )
            )
        DecisionOption.objects.bulk_create(rows)
    return decision


def decision_open(*, decision: Decision, actor: Any, now: datetime.datetime | None = None) -> int:
    """Open voting and fix the electorate; returns its size."""
    if not actor.has_perm("network.manage_decisions", decision.body.network):
        raise PermissionDenied(_("Only the network's secretariat opens voting."))
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        if locked.status != Decision.Status.DRAFT:
            raise ValidationError(_("Voting on this decision has already been opened."))
        members = NetworkMembership.objects.filter(
            network_id=decision.body.network_id, left_on__isnull=True
        ).values_list("organisation_id", flat=True)
        Elector.objects.bulk_create(
            [Elector(decision=locked, organisation_id=org) for org in members]
        )
        moment = now or timezone.now()
        locked.status = Decision.Status.OPEN
        locked.opens_at = min(locked.opens_at, moment)
        locked.save(update_fields=["status", "opens_at", "updated_at"])
    decision.refresh_from_db()
    return decision.electors.count()


def may_vote_for(user: Any, decision: Decision) -> list[Organisation]:
    """The organisations of the electorate `user` may cast a vote for (as representative or
    deputy of its membership of the body's network)."""
    if not user.is_authenticated:
        return []
    org_ids = NetworkMembership.objects.filter(
        Q(representative=user) | Q(deputy=user),
        network_id=decision.body.network_id,
        left_on__isnull=True,
    ).values_list("organisation_id", flat=True)
    return list(
        Organisation.objects.filter(
            pk__in=Elector.objects.filter(decision=decision, organisation_id__in=org_ids).values(
                "organisation_id"
            )
        ).order_by("name")
    )


def vote_cast(
    *,
    decision: Decision,
    organisation: Organisation,
    option: DecisionOption,
    actor: Any,
    now: datetime.datetime | None = None,
) -> Ballot:
    """Cast or change `organisation`'s vote. ValidationError (with the reason in words) when
    the window is not open, the organisation is not in the electorate, or the option is not
    one of this decision's; PermissionDenied when `actor` is not its representative or
    deputy."""
    moment = now or timezone.now()
    if option.decision_id != decision.pk:
        raise ValidationError({"option": _("That option is not one of this decision's.")})
    with transaction.atomic():
        seat = (
            Elector.objects.select_for_update()
            .select_related("decision")
            .filter(decision=decision, organisation=organisation)
            .first()
        )
        current = seat.decision if seat else Decision.objects.get(pk=decision.pk)
        _check_window(current, moment)
        if seat is None:
            raise ValidationError(
                _("%(org)s is not in the electorate of this decision.") % {"org": organisation.name}
            )
        speaks = NetworkMembership.objects.filter(
            Q(representative=actor) | Q(deputy=actor),
            network_id=current.body.network_id,
            organisation=organisation,
            left_on__isnull=True,
        ).exists()
        if not speaks:
            raise PermissionDenied(
                _("Only the representative or deputy of %(org)s may vote for it.")
                % {"org": organisation.name}
            )
        ballot = _upsert_ballot(current, organisation, option, moment)
        VoteRecord.objects.create(
            decision=current,
            organisation=organisation,
            cast_by=actor,
            cast_at=moment,
            option=None if current.secret else option,
        )
    return ballot


def _upsert_ballot(
    decision: Decision, organisation: Organisation, option: DecisionOption, moment: Any
) -> Ballot:
    updated = Ballot.objects.filter(decision=decision, organisation=organisation).update(
        option=option, cast_at=moment
    )
    if not updated:
        try:
            with transaction.atomic():
                return Ballot.objects.create(
                    decision=decision, organisation=organisation, option=option, cast_at=moment
                )
        except IntegrityError:
            # Another request for the same organisation inserted first: replace its vote.
            Ballot.objects.filter(decision=decision, organisation=organisation).update(
                option=option, cast_at=moment
            )
    return Ballot.objects.get(decision=decision, organisation=organisation)


def _check_window(decision: Decision, moment: datetime.datetime) -> None:
    if decision.status == Decision.Status.CLOSED or moment >= decision.closes_at:
        raise DecisionClosed(_("Voting on this decision has closed; votes can no longer change."))
    if decision.status != Decision.Status.OPEN or moment < decision.opens_at:
        raise ValidationError(_("Voting on this decision has not opened yet."))


def decision_close(*, decision: Decision, now: datetime.datetime | None = None) -> Decision:
    """Compute and store the result once the window has ended. Closing a closed decision
    changes nothing and returns it as it is."""
    moment = now or timezone.now()
    with transaction.atomic():
        locked = Decision.objects.select_for_update().select_related("body").get(pk=decision.pk)
        if locked.status == Decision.Status.CLOSED:
            return locked
        if locked.status != Decision.Status.OPEN:
            raise ValidationError(_("Voting on this decision was never opened."))
        if moment < locked.closes_at:
            raise ValidationError(_("The voting window has not ended yet."))
        options = list(locked.options.order_by("position", "id"))
        counts = dict(
            Ballot.objects.filter(decision=locked)
            .values_list("option_id")
            .annotate(n=Count("id"))
            .values_list("option_id", "n")
        )
        electorate = locked.electors.count()
        cast = sum(counts.values())
        body = locked.body
        locked.quorum_percent = body.quorum_percent
        locked.majority = body.majority
        locked.electorate_size = electorate
        locked.tally = {
            "cast": cast,
            "electorate": electorate,
            "options": [
                {"id": o.pk, "role": o.role, "votes": counts.get(o.pk, 0)} for o in options
            ],
        }
        outcome, winner = _outcome(locked, options, counts, cast, electorate)
        locked.outcome = outcome
        locked.winning_option = winner
        locked.status = Decision.Status.CLOSED
        locked.closed_at = moment
        locked.save()
    return locked


def _outcome(
    decision: Decision,
    options: list[DecisionOption],
    counts: dict[int, int],
    cast: int,
    electorate: int,
) -> tuple[str, DecisionOption | None]:
    if electorate == 0 or cast * 100 < decision.quorum_percent * electorate:  # type: ignore[operator]
        return Decision.Outcome.NO_DECISION, None
    two_thirds = decision.majority == Body.Majority.TWO_THIRDS

    def carried(votes: int, counted: int) -> bool:
        return votes * 3 >= counted * 2 if two_thirds else votes * 2 > counted

    if decision.kind == Decision.Kind.YES_NO:
        by_role = {o.role: counts.get(o.pk, 0) for o in options}
        yes, no = by_role.get("yes", 0), by_role.get("no", 0)
        if yes + no == 0:
            return Decision.Outcome.NO_DECISION, None
        return (
            Decision.Outcome.ADOPTED if carried(yes, yes + no) else Decision.Outcome.REJECTED
        ), None
    choices = [(counts.get(o.pk, 0), o) for o in options if o.role != "abstain"]
    counted = sum(v for v, _ in choices)
    choices.sort(key=lambda item: -item[0])
    if not choices or counted == 0:
        return Decision.Outcome.NO_DECISION, None
    top_votes, top = choices[0]
    tie = len(choices) > 1 and choices[1][0] == top_votes
    if tie or not carried(top_votes, counted):
        return Decision.Outcome.NO_DECISION, None
    return Decision.Outcome.CHOSEN, top


def decisions_close_due(now: datetime.datetime | None = None) -> list[Decision]:
    """Close every open decision whose voting window has ended (run by `smartby tick`)."""
    moment = now or timezone.now()
    due = Decision.objects.filter(status=Decision.Status.OPEN, closes_at__lte=moment)
    return [decision_close(decision=d, now=moment) for d in due.order_by("closes_at", "pk")]
