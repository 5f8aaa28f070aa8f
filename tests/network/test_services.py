from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from smartby.core.models import Activity
from smartby.network import services
from smartby.network.models import Network, NetworkMembership, NetworkRole
from tests.accounts.factories import user_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def smartbyene():
    return Network.objects.get(slug="smartbyene")


@pytest.fixture
def secretariat(smartbyene):
    user = user_create()
    NetworkRole.objects.create(network=smartbyene, user=user)
    return user


def test_secretariat_adds_a_member_and_the_activity_stream_shows_it(smartbyene, secretariat):
    asker = municipal_organisation("3203")
    membership = services.network_membership_add(
        network=smartbyene,
        organisation=asker,
        actor=secretariat,
        joined_on=datetime.date(2018, 5, 2),
    )
    assert membership.joined_on == datetime.date(2018, 5, 2)
    assert Activity.objects.filter(
        text_en="Asker kommune joined Smartbyene (the Norwegian Smart City Network)"
    ).exists()


def test_adding_a_current_member_twice_is_refused(smartbyene, secretariat):
    asker = municipal_organisation("3203")
    services.network_membership_add(network=smartbyene, organisation=asker, actor=secretariat)
    with pytest.raises(ValidationError, match="er allerede medlem av"):  # bokmål by default
        services.network_membership_add(network=smartbyene, organisation=asker, actor=secretariat)
    assert NetworkMembership.objects.filter(network=smartbyene, organisation=asker).count() == 1


def test_a_future_join_date_is_refused(smartbyene, secretariat):
    with pytest.raises(ValidationError):
        services.network_membership_add(
            network=smartbyene,
            organisation=municipal_organisation("3203"),
            actor=secretariat,
            joined_on=datetime.date(2999, 1, 1),
        )
    assert not NetworkMembership.objects.filter(network=smartbyene).exists()


def test_secretariat_of_another_network_may_not_change_members(smartbyene):
    other = user_create()
    NetworkRole.objects.create(
        network=Network.objects.get(slug="nordic-smart-city-network"), user=other
    )
    with pytest.raises(PermissionDenied):
        services.network_membership_add(
            network=smartbyene, organisation=municipal_organisation("3203"), actor=other
        )


def test_ending_a_membership_keeps_the_history_and_allows_rejoining(smartbyene, secretariat):
    asker = municipal_organisation("3203")
    m = services.network_membership_add(
        network=smartbyene,
        organisation=asker,
        actor=secretariat,
        joined_on=datetime.date(2020, 1, 1),
    )
    services.network_membership_end(
        membership=m, actor=secretariat, left_on=datetime.date(2024, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.network_membership_end(membership=m, actor=secretariat)
    services.network_membership_add(network=smartbyene, organisation=asker, actor=secretariat)
    assert NetworkMembership.objects.filter(network=smartbyene, organisation=asker).count() == 2


def test_only_platform_admins_assign_the_secretariat(smartbyene):
    person = user_create()
    with pytest.raises(PermissionDenied):
        services.secretariat_assign(network=smartbyene, user=person, actor=user_create())
    services.secretariat_assign(
        network=smartbyene, user=person, actor=user_create(is_superuser=True)
    )
    person.refresh_from_db()
    assert person.is_staff
    assert person.has_perm("organisations.change_municipality")


def test_the_secretariat_names_a_representative_and_deputy_of_the_member(smartbyene, secretariat):
    from tests.accounts.factories import member_create

    org = municipal_organisation("3203")
    membership = services.network_membership_add(
        network=smartbyene, organisation=org, actor=secretariat
    )
    rep, deputy = member_create(organisation=org), member_create(organisation=org)
    services.network_representatives_set(
        membership=membership, actor=secretariat, representative=rep, deputy=deputy
    )
    membership.refresh_from_db()
    assert (membership.representative, membership.deputy) == (rep, deputy)


def test_representatives_must_belong_to_the_member_and_be_two_people(smartbyene, secretariat):
    from tests.accounts.factories import member_create

    org = municipal_organisation("3203")
    membership = services.network_membership_add(
        network=smartbyene, organisation=org, actor=secretariat
    )
    rep = member_create(organisation=org)
    stranger = user_create()
    with pytest.raises(ValidationError):
        services.network_representatives_set(
            membership=membership, actor=secretariat, representative=stranger, deputy=None
        )
    with pytest.raises(ValidationError):
        services.network_representatives_set(
            membership=membership, actor=secretariat, representative=rep, deputy=rep
        )
    with pytest.raises(PermissionDenied):
        services.network_representatives_set(
            membership=membership, actor=rep, representative=rep, deputy=None
        )
    membership.refresh_from_db()
    assert membership.representative is None and membership.deputy is None
