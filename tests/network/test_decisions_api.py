"""The decisions API: tallies only after close, secret ballots never linkable, votes by token
under the same rules as the service, bad input answered clearly with nothing changed, and a
constant number of queries."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smartby.accounts.services import api_token_create
from smartby.network.models import Ballot, Body, Decision, Network, NetworkMembership, NetworkRole
from smartby.network.services.decisions import decision_close, decision_create, decision_open
from tests.accounts.factories import user_create
from tests.organisations.factories import organisation_create

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def network():
    return Network.objects.create(slug="testnett", name_nb="Testnett", name_en="Test network")


@pytest.fixture
def secretariat(network):
    user = user_create()
    NetworkRole.objects.create(network=network, user=user)
    return user


def seat(network):
    org, rep = organisation_create(), user_create()
    NetworkMembership.objects.create(network=network, organisation=org, representative=rep)
    return org, rep


def auth(user):
    _token, raw = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", **EN}


def open_decision(network, secretariat, *, secret=False, kind=Body.Kind.STEERING_GROUP):
    body, _ = Body.objects.get_or_create(network=network, kind=kind)
    now = timezone.now()
    decision = decision_create(
        body=body,
        actor=secretariat,
        title_nb="Vedtak",
        title_en="Decision",
        opens_at=now - HOUR,
        closes_at=now + HOUR,
        secret=secret,
    )
    decision_open(decision=decision, actor=secretariat)
    return decision


def vote(client, user, decision, org, role):
    option = decision.options.get(role=role)
    return client.post(
        f"/api/v1/decisions/{decision.pk}/votes",
        json.dumps({"organisation": org.pk, "option": option.pk}),
        content_type="application/json",
        **auth(user),
    )


def close_now(decision):
    Decision.objects.filter(pk=decision.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    return decision_close(decision=decision)


def test_a_representative_votes_by_token_and_a_second_vote_replaces_the_first(
    client, network, secretariat
):
    org, rep = seat(network)
    decision = open_decision(network, secretariat)
    assert vote(client, rep, decision, org, "yes").status_code == 200
    response = vote(client, rep, decision, org, "no")
    assert response.status_code == 200
    assert response.json()["option"] == decision.options.get(role="no").pk
    assert Ballot.objects.filter(decision=decision).count() == 1


def test_tallies_appear_only_after_close(client, network, secretariat):
    org, rep = seat(network)
    decision = open_decision(network, secretariat)
    vote(client, rep, decision, org, "yes")
    before = client.get(f"/api/v1/decisions/{decision.pk}", **EN).json()
    assert before["status"] == "open" and before["result"] is None
    close_now(decision)
    after = client.get(f"/api/v1/decisions/{decision.pk}", **EN).json()
    assert after["result"]["outcome"] == "adopted"
    assert after["result"]["cast"] == 1 and after["result"]["electorate"] == 1
    yes = decision.options.get(role="yes").pk
    assert {"option": yes, "votes": 1} in after["result"]["options"]


def test_refusals_answer_clearly_and_change_nothing(client, network, secretariat):
    org, rep = seat(network)
    other_org, other_rep = seat(network)
    decision = open_decision(network, secretariat)
    outsider = organisation_create()

    not_rep = vote(client, other_rep, decision, org, "yes")
    assert not_rep.status_code == 403
    assert "representative or deputy" in not_rep.json()["detail"]

    NetworkMembership.objects.create(network=network, organisation=outsider, representative=rep)
    outside = vote(client, rep, decision, outsider, "yes")
    assert outside.status_code == 422 and "not in the electorate" in outside.json()["detail"]

    bad_option = client.post(
        f"/api/v1/decisions/{decision.pk}/votes",
        json.dumps({"organisation": org.pk, "option": 999999}),
        content_type="application/json",
        **auth(rep),
    )
    assert bad_option.status_code == 422
    garbage = client.post(
        f"/api/v1/decisions/{decision.pk}/votes",
        "{not json",
        content_type="application/json",
        **auth(rep),
    )
    assert garbage.status_code in (400, 422)
    assert (
        client.post(
            f"/api/v1/decisions/{decision.pk}/votes",
            json.dumps({"organisation": org.pk, "option": 1}),
            content_type="application/json",
        ).status_code
        == 401
    )
    assert not Ballot.objects.exists()

    close_now(decision)
    late = vote(client, rep, decision, org, "yes")
    assert late.status_code == 409 and "closed" in late.json()["detail"]
    assert not Ballot.objects.exists()


def test_an_unknown_decision_is_404(client, network, secretariat):
    org, rep = seat(network)
    response = client.post(
        "/api/v1/decisions/987654/votes",
        json.dumps({"organisation": org.pk, "option": 1}),
        content_type="application/json",
        **auth(rep),
    )
    assert response.status_code == 404
    assert client.get("/api/v1/decisions/987654", **EN).status_code == 404


def test_a_secret_ballot_never_links_a_choice_to_an_organisation(client, network, secretariat):
    seats = [seat(network) for _ in range(3)]
    decision = open_decision(network, secretariat, secret=True)
    for (org, rep), role in zip(seats, ["yes", "no", "yes"], strict=True):
        vote(client, rep, decision, org, role)
    close_now(decision)
    body = client.get(f"/api/v1/decisions/{decision.pk}", **EN).content.decode()
    listing = client.get("/api/v1/decisions", **EN).content.decode()
    for text in (body, listing):
        for org, _ in seats:
            assert f'"organisation": {org.pk}' not in text and org.name not in text


def test_drafts_are_not_listed_and_the_list_filters_by_network_and_status(
    client, network, secretariat
):
    seat(network)
    shown = open_decision(network, secretariat)
    body = Body.objects.get(network=network, kind=Body.Kind.STEERING_GROUP)
    decision_create(
        body=body,
        actor=secretariat,
        title_nb="Utkast",
        opens_at=timezone.now(),
        closes_at=timezone.now() + HOUR,
    )
    data = client.get("/api/v1/decisions", {"network": "testnett"}, **EN).json()
    assert [d["id"] for d in data["results"]] == [shown.pk]
    assert client.get("/api/v1/decisions", {"status": "closed"}, **EN).json()["count"] == 0
    assert client.get("/api/v1/decisions", {"status": "nonsense"}, **EN).status_code == 422


def test_the_list_runs_a_constant_number_of_queries(client, network, secretariat):
    def count(n):
        for _ in range(n):
            seat(network)
            open_decision(network, secretariat)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/decisions", {"limit": 100}, **EN).status_code == 200
        return len(ctx.captured_queries)

    assert count(2) == count(20)
