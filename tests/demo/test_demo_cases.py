"""The demo cases and living labs: enough, varied, marked as demo, loaded idempotently, and
with the adoption chains and stalled pilots the pages are demonstrated with."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.test import override_settings
from django.utils import timezone

from smartby.accounts.models import Membership, User
from smartby.cases.models import (
    Case,
    CaseLink,
    CasePartner,
    CaseTranslation,
    CaseUpdate,
    Lesson,
    LessonKind,
    LivingLab,
    Phase,
    Status,
    UpdateKind,
    Visibility,
)
from smartby.cases.search import case_search
from smartby.demo.cases import DemoDataError, _Vocabularies, demo_case_data, load_demo_cases
from smartby.demo.content import load_demo

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def months(n: int) -> datetime.timedelta:
    """n calendar months at their longest, so "older than n months" holds on any day."""
    return datetime.timedelta(days=31 * n)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    """Load the demo once for the module, inside a transaction rolled back at the end so the
    rest of the session sees an empty database; each test runs in a savepoint within it."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        created = load_demo()
        yield created
        transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("demo")


def _demo_cases() -> Any:
    return Case.objects.filter(slug__in=[d["slug"] for d in demo_case_data()])


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Case,
            LivingLab,
            Lesson,
            CasePartner,
            CaseLink,
            CaseTranslation,
            CaseUpdate,
            User,
            Membership,
        )
    }


@pytest.mark.django_db
def test_the_demo_has_many_cases_in_several_languages_all_marked_as_demo(demo):
    assert demo["cases"] == len(demo_case_data())
    cases = _demo_cases()
    assert cases.count() >= 60
    assert not Case.objects.filter(is_demo=False).exists()
    assert cases.filter(language="en").count() >= 15
    assert cases.filter(language__in=["sv", "da"]).count() >= 4
    assert cases.filter(language="nb").count() >= 30
    # Nordic network cities own some, and every Smartbyene demo member owns at least one.
    assert cases.exclude(municipality__country="NO").count() >= 8
    assert cases.filter(municipality__country="NO").values("municipality").distinct().count() == 14
    # Mostly published and public, some for network members only, a few drafts.
    assert cases.filter(is_published=True, visibility=Visibility.PUBLIC).count() >= 50
    assert cases.filter(is_published=True, visibility=Visibility.NETWORK).count() >= 4
    assert 2 <= cases.filter(is_published=False).count() <= 5
    assert not cases.filter(is_published=True, published_at__isnull=True).exists()
    assert CaseTranslation.objects.filter(case__in=cases, language="en").count() >= 4


@pytest.mark.django_db
def test_every_case_has_full_text_tags_and_lessons():
    cases = _demo_cases().annotate(
        n_lessons=Count("lessons", distinct=True),
        n_themes=Count("themes", distinct=True),
        n_tech=Count("technologies", distinct=True),
        n_sdgs=Count("sdgs", distinct=True),
        n_principles=Count("principles", distinct=True),
        n_targets=Count("target_pictures", distinct=True),
    )
    for case in cases:
        assert 1 <= case.n_lessons <= 4, case.slug
        assert case.n_themes >= 1 and case.n_sdgs >= 1, case.slug
        assert case.n_principles >= 1 and case.n_targets >= 1, case.slug
        for field in ("summary", "problem", "solution", "results", "funding", "contact_name"):
            assert getattr(case, field), (case.slug, field)
        assert case.contact_email.endswith("@example.org")
        assert case.started_on is not None and case.municipality_id == case.owner.municipality_id
    assert sum(c.n_tech >= 1 for c in cases) >= 60
    kinds = set(Lesson.objects.filter(case__in=cases).values_list("kind", flat=True))
    assert kinds == set(LessonKind.values)
    assert Lesson.objects.filter(case__in=cases, kind=LessonKind.PITFALL).count() >= 30
    assert all(
        url.startswith("https://example.org/")
        for url in CaseLink.objects.filter(case__in=cases).values_list("url", flat=True)
    )
    assert CasePartner.objects.filter(case__in=cases).count() >= 40
    assert CasePartner.objects.filter(case__in=cases, role__isnull=True).count() == 0
    assert CasePartner.objects.filter(case__in=cases, can_edit=True).count() >= 3


@pytest.mark.django_db
def test_cases_are_written_by_a_demo_member_of_the_owner():
    cases = _demo_cases().select_related("created_by")
    for case in cases:
        assert case.created_by is not None and case.created_by.is_demo, case.slug
        assert Membership.objects.filter(
            user=case.created_by, organisation_id=case.owner_id
        ).exists(), case.slug
    asker = cases.filter(owner__slug="asker-kommune")
    assert {c.created_by.email for c in asker} == {"koordinator@demo.smartby.no"}


@pytest.mark.django_db
def test_adoptions_form_lineages_across_municipalities():
    cases = _demo_cases()
    adoptions = cases.filter(adopted_from__isnull=False).select_related("adopted_from")
    assert adoptions.count() >= 8
    assert adoptions.filter(adopted_from__adopted_from__isnull=False).count() >= 2
    for case in adoptions:
        assert case.municipality_id != case.adopted_from.municipality_id, case.slug
        assert case.lineage_root_id == case.adopted_from.lineage_root_id, case.slug
        assert case.lineage_root_id != case.pk
    originals = cases.filter(adopted_from__isnull=True)
    assert not originals.exclude(lineage_root=F("pk")).exists()
    # An origin is older than its adoptions.
    assert not adoptions.filter(started_on__lt=F("adopted_from__started_on")).exists()


@pytest.mark.django_db
def test_living_labs_are_hosted_by_municipalities_and_have_cases():
    labs = LivingLab.objects.annotate(
        n_cases=Count("cases", distinct=True), n_themes=Count("themes", distinct=True)
    )
    assert labs.count() >= 5
    assert not labs.filter(is_demo=False).exists()
    for lab in labs.select_related("host", "municipality"):
        assert lab.host.kind == "municipality" and lab.municipality_id == lab.host.municipality_id
        assert lab.n_cases >= 1 and lab.n_themes >= 1, lab.slug
        assert lab.facilities and lab.how_to_apply and lab.description
        assert lab.website.startswith("https://example.org/")
        # Near the host municipality (within about 60 km).
        assert lab.latitude is not None and lab.longitude is not None
        assert abs(lab.latitude - lab.municipality.latitude) < 0.6
        assert abs(lab.longitude - lab.municipality.longitude) < 1.2


@pytest.mark.django_db
def test_stalled_pilots_are_stalled_by_the_pilot_watch_rule_whatever_the_day():
    now = timezone.now()
    stale_before = now - months(settings.PILOT_STALE_MONTHS)
    stalled = _demo_cases().filter(
        phase=Phase.PILOT,
        status=Status.ONGOING,
        progress_at__lt=stale_before,
        review_on__isnull=True,
    )
    assert stalled.count() >= 4
    assert stalled.filter(owner__slug="asker-kommune").exists()  # the coordinator's own
    for case in stalled:
        assert now - datetime.timedelta(days=30 * 31) <= case.progress_at
        assert case.progress_at <= now - datetime.timedelta(days=13 * 31)
    # The other ongoing pilots were updated recently or have a review date.
    fresh = _demo_cases().filter(phase=Phase.PILOT, status=Status.ONGOING).exclude(pk__in=stalled)
    assert fresh.count() >= 3
    assert not fresh.filter(Q(progress_at__lt=stale_before) & Q(review_on__isnull=True)).exists()


@pytest.mark.django_db
def test_pilots_have_an_update_history_with_each_decision():
    updates = CaseUpdate.objects.filter(case__in=_demo_cases())
    for kind in (UpdateKind.SCALED, UpdateKind.CONTINUED, UpdateKind.STOPPED):
        assert updates.filter(kind=kind).exists(), kind
    scaled = updates.filter(kind=UpdateKind.SCALED).select_related("case")
    assert all(u.phase_before == Phase.PILOT and u.case.phase != Phase.PILOT for u in scaled)
    stopped = updates.filter(kind=UpdateKind.STOPPED).select_related("case")
    assert all(u.case.status == Status.STOPPED for u in stopped)
    assert all(u.case.lessons.filter(kind=LessonKind.PITFALL).exists() for u in stopped)
    continued = updates.get(kind=UpdateKind.CONTINUED)
    assert continued.review_on is not None and continued.review_on > timezone.localdate()
    assert continued.case.review_on == continued.review_on
    assert not updates.filter(author__isnull=True).exists()


@pytest.mark.django_db
def test_loading_again_creates_and_changes_nothing():
    before = _counts()
    versions = dict(_demo_cases().values_list("slug", "updated_at"))
    assert load_demo_cases() == {"case_authors": 0, "living_labs": 0, "cases": 0}
    second = load_demo()
    assert set(second.values()) == {0}
    assert _counts() == before
    assert dict(_demo_cases().values_list("slug", "updated_at")) == versions


@pytest.mark.django_db
def test_published_demo_cases_can_be_found_by_search():
    published = Case.objects.filter(is_published=True)
    found = list(case_search(published, "bysykkel").values_list("slug", flat=True))
    assert "trondheim-bysykkel-vinter-demo" in found
    leaks = list(case_search(published, "lekkasje").values_list("slug", flat=True))
    assert "oslo-sensorer-vannlekkasjer-demo" in leaks
    assert not case_search(published, "tromso-digital-tvilling-havn-demo").exists()


@pytest.mark.django_db
def test_data_errors_name_the_case_and_what_is_wrong():
    vocab = _Vocabularies.load()
    with pytest.raises(DemoDataError, match="some-case: unknown themes \\['no-such-theme'\\]"):
        vocab.pick(vocab.themes, ["water", "no-such-theme"], "themes", "some-case")
    with pytest.raises(DemoDataError, match="unknown organisation 'nobody-demo'"):
        vocab.organisation("nobody-demo", "some-case")
