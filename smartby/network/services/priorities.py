"""Theme priorities: member organisations rank proposed collaboration themes, and the
ranking of the network is the Borda count.

Borda count: with n themes, a member's first choice gets n − 1 points, the second n − 2,
and so on down to 0 for the last; themes a member left out of its ranking get 0. The
network's ranking orders the themes by their total points (ties share a place). One ranking
per member organisation, cast by its representative or deputy while the round is open; a new
ranking replaces the old.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from smartby.network.models import (
    Network,
    NetworkMembership,
    PriorityBallot,
    PriorityCandidate,
    PriorityRound,
)
from smartby.organisations.models import Organisation

METHOD = "borda"


@dataclass
class Ranked:
    candidate: PriorityCandidate
    points: int
    place: int
    first_choices: int


def priority_round_create(
    *,
    network: Network,
    actor: Any,
    title_nb: str,
    closes_at: datetime.datetime,
    candidates: Sequence[tuple[str, str]],
    title_en: str = "",
    is_demo: bool = False,
) -> PriorityRound:
    if not actor.has_perm("network.manage_decisions", network):
        raise PermissionDenied(_("Only the network's secretariat starts a priority round."))
    names = [(nb.strip(), en.strip()) for nb, en in candidates if nb.strip()]
    errors: dict[str, str] = {}
    if not title_nb.strip():
        errors["title_nb"] = _("Give the round a title.")
    if len(names) < 2:
        errors["candidates"] = _("Give at least two themes to rank.")
    elif len({nb.casefold() for nb, _en in names}) < len(names):
        errors["candidates"] = _("Each theme can be listed once.")
    if closes_at <= timezone.now():
        errors["closes_at"] = _("Ranking must close in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rnd = PriorityRound.objects.create(
            network=network,
            title_nb=title_nb.strip(),
            title_en=title_en.strip(),
            closes_at=closes_at,
            is_demo=is_demo,
        )
        PriorityCandidate.objects.bulk_create(
            [
                PriorityCandidate(round=rnd, position=i, name_nb=nb, name_en=en)
                for i, (nb, en) in enumerate(names)
            ]
        )
    return rnd


def may_rank_for(user: Any, rnd: PriorityRound) -> list[Organisation]:
    if not user.is_authenticated:
        return []
    return list(
        Organisation.objects.filter(
            pk__in=NetworkMembership.objects.filter(
                Q(representative=user) | Q(deputy=user),
                network_id=rnd.network_id,
                left_on__isnull=True,
            ).values("organisation_id")
        ).order_by("name")
    )


def priority_rank(
    *,
    rnd: PriorityRound,
    organisation: Organisation,
    ranking: Sequence[int],
    actor: Any,
    now: datetime.datetime | None = None,
) -> PriorityBallot:
    """Store `organisation`'s ranking (candidate ids, most important first)."""
    moment = now or timezone.now()
    if rnd.status != PriorityRound.Status.OPEN or moment >= rnd.closes_at:
        raise ValidationError(_("Ranking in this round has closed."))
    speaks = NetworkMembership.objects.filter(
        Q(representative=actor) | Q(deputy=actor),
        network_id=rnd.network_id,
        organisation=organisation,
        left_on__isnull=True,
    ).exists()
    if not speaks:
        raise PermissionDenied(
            _("Only the representative or deputy of %(org)s may rank for it.")
            % {"org": organisation.name}
        )
    ids = list(ranking)
    valid = set(rnd.candidates.values_list("pk", flat=True))
    if not ids:
        raise ValidationError({"ranking": _("Rank at least one theme.")})
    if len(set(ids)) != len(ids):
        raise ValidationError({"ranking": _("Each theme can have only one place.")})
    if not set(ids) <= valid:
        raise ValidationError({"ranking": _("That theme is not one of this round's.")})
    with transaction.atomic():
        updated = PriorityBallot.objects.filter(round=rnd, organisation=organisation).update(
            ranking=ids, cast_by=actor, cast_at=moment
        )
        if not updated:
            try:
                with transaction.atomic():
                    PriorityBallot.objects.create(
                        round=rnd,
                        organisation=organisation,
                        ranking=ids,
                        cast_by=actor,
                        cast_at=moment,
                    )
            except IntegrityError:
                PriorityBallot.objects.filter(round=rnd, organisation=organisation).update(
                    ranking=ids, cast_by=actor, cast_at=moment
                )
    return PriorityBallot.objects.get(round=rnd, organisation=organisation)


def priority_round_close(*, rnd: PriorityRound, actor: Any | None = None) -> PriorityRound:
    """Close a round at or after its closing time (or earlier, by the secretariat)."""
    if actor is not None and not actor.has_perm("network.manage_decisions", rnd.network):
        raise PermissionDenied(_("Only the network's secretariat closes a priority round."))
    if actor is None and rnd.closes_at > timezone.now():
        raise ValidationError(_("The round has not ended yet."))
    PriorityRound.objects.filter(pk=rnd.pk).update(
        status=PriorityRound.Status.CLOSED, updated_at=timezone.now()
    )
    rnd.refresh_from_db()
    return rnd


def priority_rounds_close_due(now: datetime.datetime | None = None) -> int:
    moment = now or timezone.now()
    return PriorityRound.objects.filter(
        status=PriorityRound.Status.OPEN, closes_at__lte=moment
    ).update(status=PriorityRound.Status.CLOSED, updated_at=moment)


def borda(
    candidates: Sequence[PriorityCandidate], rankings: Sequence[Sequence[int]]
) -> list[Ranked]:
    """The Borda count of `rankings` over `candidates` (see the module's description)."""
    n = len(candidates)
    points = {c.pk: 0 for c in candidates}
    firsts = {c.pk: 0 for c in candidates}
    for ranking in rankings:
        for place, cid in enumerate(ranking):
            if cid in points:
                points[cid] += n - 1 - place
        if ranking and ranking[0] in firsts:
            firsts[ranking[0]] += 1
    ordered = sorted(candidates, key=lambda c: (-points[c.pk], -firsts[c.pk], c.position))
    result: list[Ranked] = []
    for i, c in enumerate(ordered):
        same = result and result[-1].points == points[c.pk]
        place = result[-1].place if same else i + 1
        result.append(Ranked(c, points[c.pk], place, firsts[c.pk]))
    return result
