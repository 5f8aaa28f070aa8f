"""One member organisation, one vote: the electorate fixed at opening, votes only by the
representative or deputy, a second vote replacing the first (never counted twice, also when
two requests race — the database constraint holds it), quorum and majority, secret ballots
and a result that never changes after close."""

from __future__ import annotations

import datetime
import io
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from smartby.network.models import (
    Ballot,
    Body,
    Decision,
    Elector,
    Network,
    NetworkMembership,
    NetworkRole,
    VoteRecord,
)
from smartby.network.services.decisions import (
    decision_close,
    decision_create,
    decision_open,
    may_vote_for,
    vote_cast,
)
from tests.accounts.factories import user_create
from tests.organisations.factories import organisation_create

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def network():
    return Network.objects.create(slug="testnett", name_nb="Testnett", name_en="Test network")


@pytest.fixture
def secretariat(network):
    user = user_create()
    NetworkRole.objects.create(network=network, user=user)
    return user


def members(network, n):
    rows = []
    for _ in range(n):
        org = organisation_create()
        rep, deputy = user_create(), user_create()
        NetworkMembership.objects.create(
            network=network, organisation=org, representative=rep, deputy=deputy
        )
        rows.append((org, rep, deputy))
    return rows


def body(network, **fields):
    return Body.objects.create(network=network, kind=Body.Kind.STEERING_GROUP, **fields)


def opened(network, secretariat, *, secret=False, kind="yes_no", options=(), **body_fields):
    decision = decision_create(
        body=body(network, **body_fields),
        actor=secretariat,
        title_nb="Vedtak",
        opens_at=NOW - HOUR,
        closes_at=NOW + HOUR,
        secret=secret,
        kind=kind,
        options=options,
    )
    decision_open(decision=decision, actor=secretariat, now=NOW - HOUR)
    return decision


def option(decision, role_or_label):
    for o in decision.options.all():
        if role_or_label in (o.role, o.label_nb):
            return o
    raise LookupError(role_or_label)


def test_the_electorate_is_fixed_when_voting_opens(network, secretariat):
    (a, _, _), (b, _, _) = members(network, 2)
    decision = opened(network, secretariat)
    late = members(network, 1)[0][0]
    assert set(
        Elector.objects.filter(decision=decision).values_list("organisation", flat=True)
    ) == {
        a.pk,
        b.pk,
    }
    NetworkMembership.objects.filter(organisation=a).update(left_on=NOW.date())
    assert decision.electors.count() == 2
    assert late.pk not in decision.electors.values_list("organisation", flat=True)


def test_only_the_secretariat_prepares_and_opens_decisions(network):
    members(network, 1)
    outsider = user_create()
    with pytest.raises(PermissionDenied):
        decision_create(
            body=body(network), actor=outsider, title_nb="X", opens_at=NOW, closes_at=NOW + HOUR
        )
    assert not Decision.objects.exists()


def test_a_window_that_closes_before_it_opens_is_refused(network, secretariat):
    with pytest.raises(ValidationError, match="close after it opens"):
        decision_create(
            body=body(network), actor=secretariat, title_nb="X", opens_at=NOW, closes_at=NOW
        )
    assert not Decision.objects.exists()


def test_a_second_vote_replaces_the_first_and_is_counted_once(network, secretariat):
    (org, rep, deputy), *_ = members(network, 3)
    decision = opened(network, secretariat)
    vote_cast(
        decision=decision, organisation=org, option=option(decision, "yes"), actor=rep, now=NOW
    )
    vote_cast(
        decision=decision, organisation=org, option=option(decision, "no"), actor=deputy, now=NOW
    )
    assert Ballot.objects.filter(decision=decision).count() == 1
    closed = decision_close(decision=decision, now=NOW + 2 * HOUR)
    votes = {o["role"]: o["votes"] for o in closed.tally["options"]}
    assert votes == {"yes": 0, "no": 1, "abstain": 0}
    assert closed.tally["cast"] == 1
    assert VoteRecord.objects.filter(decision=decision).count() == 2


def test_the_database_holds_one_ballot_per_organisation(network, secretariat):
    (org, _, _), *_ = members(network, 1)
    decision = opened(network, secretariat)
    Ballot.objects.create(
        decision=decision, organisation=org, option=option(decision, "yes"), cast_at=NOW
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(
            decision=decision, organisation=org, option=option(decision, "no"), cast_at=NOW
        )


def test_a_vote_racing_another_for_the_same_organisation_replaces_it(
    network, secretariat, monkeypatch
):
    """The other request inserts between this one's update and insert: the insert hits the
    constraint and becomes an update."""
    from smartby.network.services import decisions as service

    (org, rep, deputy), *_ = members(network, 1)
    decision = opened(network, secretariat)
    real = service._upsert_ballot

    def racing(decision_, organisation, option_, moment):
        monkeypatch.setattr(service, "_upsert_ballot", real)
        Ballot.objects.create(
            decision=decision_,
            organisation=organisation,
            option=option(decision, "yes"),
            cast_at=moment,
        )
        original_filter = Ballot.objects.filter

        class NoUpdate:
            def update(self, **kwargs):
                return 0

        calls = {"n": 0}

        def first_update_misses(*args, **kwargs):
            calls["n"] += 1
            return NoUpdate() if calls["n"] == 1 else original_filter(*args, **kwargs)

        monkeypatch.setattr(Ballot.objects, "filter", first_update_misses)
        try:
            return real(decision_, organisation, option_, moment)
        finally:
            monkeypatch.setattr(Ballot.objects, "filter", original_filter)

    monkeypatch.setattr(service, "_upsert_ballot", racing)
    vote_cast(
        decision=decision, organisation=org, option=option(decision, "no"), actor=deputy, now=NOW
    )
    ballot = Ballot.objects.get(decision=decision)
    assert ballot.option.role == "no"


@pytest.mark.usefixtures("committed_db")
def test_two_concurrent_votes_for_one_organisation_leave_one_ballot():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL's row locks (SQLite serialises writes)")
    network = Network.objects.create(slug="race", name_nb="Race", name_en="Race")
    secretariat = user_create()
    NetworkRole.objects.create(network=network, user=secretariat)
    (org, rep, deputy), *_ = members(network, 2)
    decision = opened(network, secretariat)
    choices = [option(decision, "yes"), option(decision, "no")]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def cast(actor, choice):
        try:
            barrier.wait()
            vote_cast(decision=decision, organisation=org, option=choice, actor=actor)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=cast, args=(rep, choices[0])),
        threading.Thread(target=cast, args=(deputy, choices[1])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Ballot.objects.filter(decision=decision, organisation=org).count() == 1
    assert VoteRecord.objects.filter(decision=decision).count() == 2


def test_a_vote_by_someone_who_is_not_the_representative_is_refused(network, secretariat):
    (org, _, _), (other_org, other_rep, _) = members(network, 2)
    decision = opened(network, secretariat)
    with pytest.raises(PermissionDenied, match="representative or deputy"):
        vote_cast(
            decision=decision, organisation=org, option=option(decision, "yes"), actor=other_rep
        )
    assert not Ballot.objects.exists() and not VoteRecord.objects.exists()


def test_a_vote_for_an_organisation_outside_the_electorate_is_refused(network, secretariat):
    members(network, 2)
    decision = opened(network, secretariat)
    ((late, rep, _),) = members(network, 1)
    with pytest.raises(ValidationError, match="not in the electorate"):
        vote_cast(decision=decision, organisation=late, option=option(decision, "yes"), actor=rep)
    assert not Ballot.objects.exists()


def test_a_vote_after_close_or_before_opening_is_refused(network, secretariat):
    (org, rep, _), *_ = members(network, 1)
    decision = opened(network, secretariat)
    with pytest.raises(ValidationError, match="has closed"):
        vote_cast(
            decision=decision,
            organisation=org,
            option=option(decision, "yes"),
            actor=rep,
            now=NOW + 2 * HOUR,
        )
    draft = decision_create(
        body=Body.objects.create(network=network, kind=Body.Kind.OWNER_MEETING),
        actor=secretariat,
        title_nb="Utkast",
        opens_at=NOW,
        closes_at=NOW + HOUR,
    )
    with pytest.raises(ValidationError, match="not opened"):
        vote_cast(decision=draft, organisation=org, option=option(draft, "yes"), actor=rep)
    assert not Ballot.objects.exists()


def test_an_option_of_another_decision_is_refused(network, secretariat):
    (org, rep, _), *_ = members(network, 1)
    decision = opened(network, secretariat)
    other = decision_create(
        body=Body.objects.create(network=network, kind=Body.Kind.OWNER_MEETING),
        actor=secretariat,
        title_nb="Annet",
        opens_at=NOW,
        closes_at=NOW + HOUR,
    )
    with pytest.raises(ValidationError, match="not one of this decision"):
        vote_cast(decision=decision, organisation=org, option=option(other, "yes"), actor=rep)


def test_quorum_not_reached_yields_no_decision(network, secretariat):
    seats = members(network, 4)
    decision = opened(network, secretariat, quorum_percent=75)
    for org, rep, _ in seats[:2]:
        vote_cast(
            decision=decision, organisation=org, option=option(decision, "yes"), actor=rep, now=NOW
        )
    closed = decision_close(decision=decision, now=NOW + 2 * HOUR)
    assert closed.outcome == Decision.Outcome.NO_DECISION
    assert (closed.tally["cast"], closed.electorate_size) == (2, 4)


def test_simple_and_two_thirds_majorities(network, secretariat):
    seats = members(network, 5)
    simple = opened(network, secretariat)
    for (org, rep, _), role in zip(seats, ["yes", "yes", "yes", "no", "abstain"], strict=True):
        vote_cast(
            decision=simple, organisation=org, option=option(simple, role), actor=rep, now=NOW
        )
    assert decision_close(decision=simple, now=NOW + 2 * HOUR).outcome == "adopted"

    Body.objects.filter(pk=simple.body_id).update(majority=Body.Majority.TWO_THIRDS)
    strict = decision_create(
        body=Body.objects.get(pk=simple.body_id),
        actor=secretariat,
        title_nb="Vedtektsendring",
        opens_at=NOW - HOUR,
        closes_at=NOW + HOUR,
    )
    decision_open(decision=strict, actor=secretariat, now=NOW - HOUR)
    for (org, rep, _), role in zip(seats, ["yes", "yes", "no", "no", "yes"], strict=True):
        vote_cast(
            decision=strict, organisation=org, option=option(strict, role), actor=rep, now=NOW
        )
    # 3 of 5 is less than two thirds.
    assert decision_close(decision=strict, now=NOW + 2 * HOUR).outcome == "rejected"


def test_several_options_choose_the_majority_option_and_a_tie_is_no_decision(network, secretariat):
    seats = members(network, 4)
    decision = opened(
        network, secretariat, kind="options", options=[("Bergen", "Bergen"), ("Bodø", "Bodø")]
    )
    for (org, rep, _), label in zip(seats, ["Bergen", "Bergen", "Bergen", "Bodø"], strict=True):
        vote_cast(
            decision=decision, organisation=org, option=option(decision, label), actor=rep, now=NOW
        )
    closed = decision_close(decision=decision, now=NOW + 2 * HOUR)
    assert (closed.outcome, closed.winning_option.label_nb) == ("chosen", "Bergen")

    tie = decision_create(
        body=closed.body,
        actor=secretariat,
        title_nb="Uavgjort",
        kind="options",
        options=[("A", "A"), ("B", "B")],
        opens_at=NOW - HOUR,
        closes_at=NOW + HOUR,
    )
    decision_open(decision=tie, actor=secretariat, now=NOW - HOUR)
    for (org, rep, _), label in zip(seats, ["A", "A", "B", "B"], strict=True):
        vote_cast(decision=tie, organisation=org, option=option(tie, label), actor=rep, now=NOW)
    assert decision_close(decision=tie, now=NOW + 2 * HOUR).outcome == "no_decision"


def test_a_secret_ballot_keeps_who_voted_but_never_the_choice_in_the_audit(network, secretariat):
    (org, rep, _), *_ = members(network, 1)
    decision = opened(network, secretariat, secret=True)
    vote_cast(
        decision=decision, organisation=org, option=option(decision, "no"), actor=rep, now=NOW
    )
    record = VoteRecord.objects.get()
    assert (record.organisation, record.cast_by, record.option) == (org, rep, None)
    assert "no" not in str(Ballot.objects.get()).lower().split()


def test_the_result_of_a_closed_decision_cannot_change(network, secretariat):
    (org, rep, _), (org2, rep2, _) = members(network, 2)
    decision = opened(network, secretariat)
    vote_cast(
        decision=decision, organisation=org, option=option(decision, "yes"), actor=rep, now=NOW
    )
    vote_cast(
        decision=decision, organisation=org2, option=option(decision, "yes"), actor=rep2, now=NOW
    )
    closed = decision_close(decision=decision, now=NOW + 2 * HOUR)
    tally = dict(closed.tally)
    with pytest.raises(ValidationError, match="has closed"):
        vote_cast(
            decision=closed, organisation=org, option=option(decision, "no"), actor=rep, now=NOW
        )
    again = decision_close(decision=closed, now=NOW + 3 * HOUR)
    assert again.tally == tally and again.closed_at == closed.closed_at
    closed.outcome = Decision.Outcome.REJECTED
    with pytest.raises(ValueError, match="cannot change"):
        closed.save()
    closed.refresh_from_db()
    assert closed.outcome == "adopted"


def test_representatives_see_which_organisations_they_may_vote_for(network, secretariat):
    (org, rep, deputy), (org2, _, _) = members(network, 2)
    decision = opened(network, secretariat)
    assert may_vote_for(rep, decision) == [org]
    assert may_vote_for(deputy, decision) == [org]
    assert may_vote_for(user_create(), decision) == []


def test_tick_closes_decisions_whose_window_has_ended(network, secretariat):
    (org, rep, _), *_ = members(network, 1)
    decision = opened(network, secretariat)
    vote_cast(decision=decision, organisation=org, option=option(decision, "yes"), actor=rep)
    call_command("tick", stdout=io.StringIO())
    decision.refresh_from_db()
    assert decision.status == Decision.Status.OPEN
    Decision.objects.filter(pk=decision.pk).update(closes_at=timezone.now() - HOUR / 2)
    out = io.StringIO()
    call_command("tick", stdout=out)
    decision.refresh_from_db()
    assert (decision.status, decision.outcome) == ("closed", "adopted")
    assert "Decisions closed: 1" in out.getvalue()
