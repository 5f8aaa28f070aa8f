from __future__ import annotations

import pytest
from django.core.management import call_command

from smartby.accounts.models import User
from smartby.demo.cases import PEOPLE_FILE, read_data
from smartby.demo.content import DEMO_USERS, load_demo
from smartby.network.models import NetworkMembership
from smartby.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_demo_content_is_idempotent_and_marked_as_demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo", verbosity=0)
    second = load_demo()

    assert second == {
        "organisations": 0,
        "users": 0,
        "memberships": 0,
        "network_members": 0,
        "case_authors": 0,
        "living_labs": 0,
        "cases": 0,
        "assessments": 0,
        "workgroups": 0,
        "datasets": 0,
        "harvest_sources": 0,
        "meetings": 0,
        "decisions": 0,
        "priority_rounds": 0,
        "leadership_terms": 0,
    }
    assert Organisation.objects.filter(is_demo=True).count() == 6
    smartbyene = NetworkMembership.objects.filter(network__slug="smartbyene")
    assert smartbyene.count() == 14
    assert all(m.is_demo for m in smartbyene)
    case_authors = {person["email"] for person in read_data(PEOPLE_FILE).values()}
    demo_emails = {user.email for user in DEMO_USERS} | case_authors
    assert set(User.objects.filter(is_demo=True).values_list("email", flat=True)) == demo_emails
    assert "koordinator@demo.smartby.no" in (tmp_path / "demo-logins.txt").read_text()


def test_demo_logins_work_and_the_secretariat_can_open_the_admin(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    load_demo()
    client.force_login(User.objects.get(email="sekretariat@demo.smartby.no"))
    response = client.get("/admin/organisations/organisation/")
    assert response.status_code == 200


def test_pages_that_show_demo_content_say_so(client):
    load_demo()
    response = client.get("/networks/smartbyene/")
    assert "demo" in response.content.decode().lower()
    assert 'class="demo-notice"' in response.content.decode()
    plain = client.get("/roadmap/")
    assert 'class="demo-notice"' not in plain.content.decode()
