from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from smartby.accounts.models import Role
from smartby.core.errors import ConflictError
from smartby.organisations import services
from smartby.organisations.models import Municipality, Organisation
from tests.accounts.factories import member_create, user_create
from tests.organisations.factories import municipal_organisation, organisation_create

pytestmark = pytest.mark.django_db


def test_editor_updates_description_and_version_grows():
    org = organisation_create()
    editor = member_create(organisation=org, role=Role.EDITOR)
    updated = services.organisation_update(
        organisation=org, actor=editor, expected_version=1, description="We build sensors."
    )
    assert updated.description == "We build sensors."
    assert updated.version == 2


def test_second_save_from_an_old_version_is_refused_and_changes_nothing():
    org = organisation_create(description="first")
    editor = member_create(organisation=org, role=Role.EDITOR)
    services.organisation_update(
        organisation=org, actor=editor, expected_version=1, description="second"
    )
    stale = Organisation.objects.get(pk=org.pk)
    stale.version = 1
    with pytest.raises(ConflictError):
        services.organisation_update(
            organisation=stale, actor=editor, expected_version=1, description="third"
        )
    assert Organisation.objects.get(pk=org.pk).description == "second"


def test_member_without_editor_role_may_not_update():
    org = organisation_create()
    member = member_create(organisation=org, role=Role.MEMBER)
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            organisation=org, actor=member, expected_version=1, website="https://x.no"
        )


def test_bad_input_is_refused_and_nothing_changes():
    org = organisation_create(org_number="")
    editor = member_create(organisation=org, role=Role.EDITOR)
    with pytest.raises(ValidationError):
        services.organisation_update(
            organisation=org, actor=editor, expected_version=1, org_number="12ab"
        )
    with pytest.raises(ValidationError):
        services.organisation_update(
            organisation=org, actor=editor, expected_version=1, website="javascript:alert(1)"
        )
    assert Organisation.objects.get(pk=org.pk).org_number == ""
    assert Organisation.objects.get(pk=org.pk).version == 1


def test_reference_organisation_keeps_its_name():
    oslo = municipal_organisation("0301")
    admin = user_create(is_superuser=True)
    with pytest.raises(ValidationError):
        services.organisation_update(
            organisation=oslo, actor=admin, expected_version=oslo.version, name="Other"
        )
    assert Organisation.objects.get(pk=oslo.pk).name == "Oslo kommune"


def test_create_gives_a_unique_slug_and_refuses_public_authorities():
    oslo = Municipality.objects.get(country="NO", code="0301")
    first = services.organisation_create(name="Bytech AS", kind="business", municipality=oslo)
    second = services.organisation_create(name="Bytech AS", kind="business", municipality=oslo)
    assert first.slug == "bytech-as" and second.slug == "bytech-as-2"
    assert second.county == oslo.county
    with pytest.raises(ValidationError):
        services.organisation_create(name="Ny kommune", kind="municipality", municipality=oslo)
