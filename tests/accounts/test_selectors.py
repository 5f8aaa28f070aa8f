"""Reads about people: the bounded public lists behind the People panels."""

from __future__ import annotations

import pytest

from smartby.accounts import selectors
from smartby.accounts.models import Role
from smartby.organisations.models import Municipality
from tests.accounts.builders import organisation_with_members
from tests.accounts.factories import member_create
from tests.organisations.factories import organisation_create

pytestmark = pytest.mark.django_db


def test_public_people_leave_out_hidden_and_inactive_people():
    organisation = organisation_create()
    shown = member_create(organisation=organisation, full_name="Berit Shown", is_public=True)
    member_create(organisation=organisation, full_name="Hidden Person", is_public=False)
    member_create(organisation=organisation, full_name="Gone Person", is_active=False)
    people = selectors.organisation_public_people(organisation=organisation)
    assert [m.user for m in people.memberships] == [shown]
    assert people.total == 1 and not people.has_more


def test_public_people_are_one_query_bounded_and_counted(django_assert_num_queries):
    organisation, _people = organisation_with_members(members=7, admins=1)
    with django_assert_num_queries(1):
        people = selectors.organisation_public_people(organisation=organisation, limit=5)
        names = [m.user.full_name for m in people.memberships]
        orgs = {m.organisation.pk for m in people.memberships}
    assert len(names) == 5 and people.total == 8 and people.has_more
    assert names == sorted(names)
    assert orgs == {organisation.pk}


def test_an_organisation_without_public_people_has_an_empty_list():
    organisation = organisation_create()
    people = selectors.organisation_public_people(organisation=organisation)
    assert people.memberships == [] and people.total == 0


def test_municipality_people_come_from_every_organisation_based_there(django_assert_num_queries):
    bergen = Municipality.objects.get(country="NO", code="4601")
    first = organisation_create(municipality=bergen)
    second = organisation_create(municipality=bergen)
    elsewhere = organisation_create()  # Oslo
    a = member_create(organisation=first, full_name="Anne Bergen", role=Role.ADMIN)
    b = member_create(organisation=second, full_name="Bjørn Bergen")
    member_create(organisation=elsewhere, full_name="Olav Oslo")
    with django_assert_num_queries(1):
        people = selectors.municipality_public_people(municipality=bergen)
    assert [m.user for m in people.memberships] == [a, b]
    assert people.total == 2


def test_a_persons_memberships_are_sorted_by_organisation_name():
    late = organisation_create(name="Zeta AS")
    early = organisation_create(name="Alfa AS")
    person = member_create(organisation=late)
    early.memberships.create(user=person, role=Role.EDITOR)
    assert [m.organisation for m in selectors.user_memberships(user=person)] == [early, late]
