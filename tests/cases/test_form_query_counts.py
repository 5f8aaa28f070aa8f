"""The form pages and actions of cases and living labs run the same number of SQL queries
with little and with much data: writing a case, adopting, adding, downloading and removing
attachments, publishing, and registering and editing a living lab.

A page is measured twice: first with little data, then after adding much of what it shows
or touches (the cases, organisations and memberships around it, or the lessons, partners,
themes and attachments of the case it works on). An action changes state, so it is measured
on two equivalent targets, one small and one large. What runs after the request's commit
(the search index) is counted too: it runs in the request in production."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smartby.accounts.models import Membership, Role, User
from smartby.cases.models import (
    AttachmentKind,
    Case,
    CaseAttachment,
    CasePartner,
    Lesson,
    LessonKind,
    LivingLab,
    Technology,
    Theme,
)
from smartby.cases.services.attachments import attachment_add
from smartby.organisations.models import Organisation, OrganisationKind
from smartby.reference.models import SdgTarget, SustainableDevelopmentGoal
from smartby.roadmap.models import PentaHelixGroup, Principle, TargetPicture
from tests.cases.authoring_helpers import case_form_data
from tests.cases.factories import case_create, living_lab_create
from tests.organisations.factories import municipal_organisation
from tests.querycounts import analyze, at_most

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CASE_ATTACHMENT_MAX_MB = 1


# Data


def _businesses(n: int, prefix: str) -> list[Organisation]:
    oslo = municipal_organisation("0301").municipality
    return Organisation.objects.bulk_create(
        Organisation(
            name=f"{prefix} {i}",
            slug=f"{prefix.lower()}-{i}",
            kind=OrganisationKind.BUSINESS,
            municipality=oslo,
            county=oslo.county,
        )
        for i in range(n)
    )


def _edit_municipalities(user: User, n: int, *, exclude: list[Organisation]) -> None:
    """Make `user` an editor of `n` more municipalities: more choices in the forms."""
    taken = set(user.memberships.values_list("organisation_id", flat=True))
    taken |= {o.pk for o in exclude}
    organisations = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).exclude(
        pk__in=taken
    )[:n]
    Membership.objects.bulk_create(
        Membership(user=user, organisation=o, role=Role.EDITOR) for o in organisations
    )


def _owned_cases(owner: Organisation, n: int, prefix: str, **fields: Any) -> list[Case]:
    return Case.objects.bulk_create(
        Case(
            slug=f"{prefix}-{i}",
            owner=owner,
            municipality=owner.municipality,
            title=f"Owned case {i}",
            summary="Bulk.",
            **fields,
        )
        for i in range(n)
    )


def _fill(case: Case, n: int, partners: list[Organisation]) -> None:
    """`n` lessons, `n` partners and `n` attachments on `case`, and as many of each
    vocabulary as there are (up to `n`)."""
    Lesson.objects.bulk_create(
        Lesson(case=case, kind=LessonKind.WORKED, text=f"Lesson {i}", position=i) for i in range(n)
    )
    role = PentaHelixGroup.objects.first()
    CasePartner.objects.bulk_create(
        CasePartner(case=case, organisation=o, role=role, can_edit=i % 2 == 0)
        for i, o in enumerate(partners[:n])
    )
    CaseAttachment.objects.bulk_create(
        CaseAttachment(
            case=case,
            kind=AttachmentKind.PDF,
            file=f"cases/{case.pk}/bulk-{i}.pdf",
            title=f"File {i}",
            content_type="application/pdf",
            size=len(PDF),
        )
        for i in range(n)
    )
    case.themes.set(Theme.objects.all()[:n])
    case.technologies.set(Technology.objects.all()[:n])
    case.principles.set(Principle.objects.all()[:n])
    case.target_pictures.set(TargetPicture.objects.all()[:n])
    case.sdgs.set(SustainableDevelopmentGoal.objects.all()[:n])
    case.sdg_targets.set(SdgTarget.objects.all()[:n])


def _pair(owner: Organisation, partners: list[Organisation], **fields: Any) -> tuple[Case, Case]:
    """Two equivalent cases of `owner`: one with 2 of everything, one with 200."""
    small = case_create(owner=owner, slug="small-case", **fields)
    large = case_create(owner=owner, slug="large-case", **fields)
    _fill(small, 2, partners)
    _fill(large, 200, partners)
    analyze()
    return small, large


# Writing a case


def _case_post(owner: Organisation, partners: list[Organisation], n: int) -> dict[str, Any]:
    role = PentaHelixGroup.objects.first()
    return case_form_data(
        owner_id=owner.pk,
        themes=[t.pk for t in Theme.objects.all()[:n]],
        technologies=[t.pk for t in Technology.objects.all()[:n]],
        principles=[p.pk for p in Principle.objects.all()[:n]],
        sdgs=[g.pk for g in SustainableDevelopmentGoal.objects.all()[:n]],
        rows={
            "lessons": [{"kind": "worked", "text": f"Lesson {i}"} for i in range(n)],
            "links": [{"url": f"https://example.org/{i}", "title": f"Link {i}"} for i in range(n)],
            "partners": [
                {"organisation": o.pk, "role": role.pk, "can_edit": "on"} for o in partners[:n]
            ],
            "translations": [{"language": "en", "title": "In English", "summary": "English."}],
        },
    )


def test_writing_a_case_runs_the_same_queries_with_little_or_much(
    client, count_queries, oslo, editor
) -> None:
    client.force_login(editor)
    partners = _businesses(3, "Partner")
    _edit_municipalities(editor, 1, exclude=[])
    living_lab_create(host=oslo)
    _owned_cases(oslo, 2, "few")
    analyze()
    small = {
        "get": count_queries("get", "/en/cases/new/"),
        "post": count_queries("post", "/en/cases/new/", _case_post(oslo, partners, 2), status=302),
    }

    partners += _businesses(300, "Company")
    _edit_municipalities(editor, 200, exclude=[])
    for i in range(100):
        living_lab_create(host=oslo, slug=f"bulk-lab-{i}")
    _owned_cases(oslo, 300, "many")
    analyze()
    large = {
        "get": count_queries("get", "/en/cases/new/"),
        # The form takes at most 50 partners and 50 links.
        "post": count_queries("post", "/en/cases/new/", _case_post(oslo, partners, 40), status=302),
    }

    assert large == small
    at_most(small, {"get": 18, "post": 50})
    assert Case.objects.get(slug="smart-street-lights-2").partners.count() == 40


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("organisation", "999999"),
        ("organisation", "not-a-number"),
        ("organisation", "99999999999999999999999"),
        ("organisation", "-1"),
        ("role", "999999"),
    ],
)
def test_partner_rows_read_in_one_query_still_refuse_unknown_choices(
    client, oslo, editor, field, value
) -> None:
    client.force_login(editor)
    row = {"organisation": _businesses(1, "Partner")[0].pk, "role": "", field: value}
    response = client.post(
        "/en/cases/new/", case_form_data(owner_id=oslo.pk, rows={"partners": [row]})
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Case.objects.filter(title="Smart street lights").exists()


# Adopting


def test_adopting_runs_the_same_queries_for_a_small_or_a_large_case(
    client, count_queries, oslo, editor
) -> None:
    client.force_login(editor)
    stavanger = municipal_organisation("1103")
    small, large = _pair(stavanger, _businesses(200, "Partner"))
    _owned_cases(stavanger, 2, "small-adoption", adopted_from=small, lineage_root=small)
    _edit_municipalities(editor, 1, exclude=[stavanger])
    analyze()
    data = {"organisation": oslo.pk, "title": "Our sensor bins", "language": "nb"}
    few = {
        "get": count_queries("get", f"/en/cases/{small.slug}/adopt/"),
        "post": count_queries("post", f"/en/cases/{small.slug}/adopt/", data, status=302),
    }

    _owned_cases(stavanger, 300, "large-adoption", adopted_from=large, lineage_root=large)
    _edit_municipalities(editor, 200, exclude=[stavanger])
    analyze()
    many = {
        "get": count_queries("get", f"/en/cases/{large.slug}/adopt/"),
        "post": count_queries("post", f"/en/cases/{large.slug}/adopt/", data, status=302),
    }

    assert many == few
    at_most(few, {"get": 12, "post": 45})
    adopted = Case.objects.get(adopted_from=large, owner=oslo)
    assert adopted.themes.count() == large.themes.count() > 2


# Attachments


def _stored_attachment(case: Case, editor: User) -> CaseAttachment:
    upload = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    return attachment_add(case=case, actor=editor, title="Report", upload=upload)


def test_adding_an_attachment_runs_the_same_queries_for_a_small_or_a_large_case(
    client, count_queries, oslo, editor
) -> None:
    client.force_login(editor)
    small, large = _pair(oslo, _businesses(200, "Partner"))

    def measure(case: Case) -> dict[str, int]:
        url = f"/en/cases/{case.slug}/attachments/"
        upload = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
        return {
            "get": count_queries("get", url),
            "post": count_queries("post", url, {"title": "Report", "file": upload}, status=302),
        }

    few = measure(small)
    assert measure(large) == few
    at_most(few, {"get": 8, "post": 12})
    assert large.attachments.count() == 201


@pytest.mark.parametrize("viewer", ["anonymous", "editor"])
def test_downloading_an_attachment_runs_the_same_queries_for_a_small_or_a_large_case(
    client, count_queries, oslo, editor, viewer
) -> None:
    small, large = _pair(oslo, _businesses(200, "Partner"))
    files = {case.slug: _stored_attachment(case, editor) for case in (small, large)}
    if viewer == "editor":
        client.force_login(editor)

    def measure(case: Case) -> int:
        return count_queries("get", f"/en/cases/{case.slug}/attachments/{files[case.slug].pk}/")

    few = measure(small)
    assert measure(large) == few
    assert few <= 9


def test_removing_an_attachment_runs_the_same_queries_for_a_small_or_a_large_case(
    client, count_queries, oslo, editor
) -> None:
    client.force_login(editor)
    small, large = _pair(oslo, _businesses(200, "Partner"))
    files = {case.slug: _stored_attachment(case, editor) for case in (small, large)}

    def measure(case: Case) -> int:
        url = f"/en/cases/{case.slug}/attachments/{files[case.slug].pk}/delete/"
        return count_queries("post", url, status=302)

    few = measure(small)
    assert measure(large) == few
    assert few <= 12
    assert not CaseAttachment.objects.filter(pk=files[large.slug].pk).exists()
    assert large.attachments.count() == 200


# Publishing


@pytest.mark.parametrize("adopted", [False, True], ids=["original", "adoption"])
def test_publishing_runs_the_same_queries_for_a_small_or_a_large_case(
    client, count_queries, oslo, editor, adopted
) -> None:
    client.force_login(editor)
    fields: dict[str, Any] = {"published": False}
    if adopted:
        origin = case_create(owner=municipal_organisation("1103"), slug="origin")
        fields.update(adopted_from=origin, lineage_root=origin)
    small, large = _pair(oslo, _businesses(200, "Partner"), **fields)

    def measure(case: Case) -> dict[str, int]:
        url = f"/en/cases/{case.slug}/publish/"
        return {
            "publish": count_queries("post", url, status=302),
            "unpublish": count_queries("post", url, {"action": "unpublish"}, status=302),
            "publish again": count_queries("post", url, status=302),
        }

    few = measure(small)
    assert measure(large) == few
    at_most(few, {"publish": 28, "unpublish": 19, "publish again": 28})
    large.refresh_from_db()
    assert large.is_published


# Living labs


def _lab_post(n: int, **extra: Any) -> dict[str, Any]:
    return {
        "name": "Fornebu testbed",
        "description": "A *street* for testing.",
        "facilities": "- Sensors",
        "how_to_apply": "Write to us.",
        "website": "https://example.org/lab",
        "latitude": "59.9",
        "longitude": "10.6",
        "themes": [t.pk for t in Theme.objects.order_by("pk")[:n]],
        **extra,
    }


def test_registering_a_living_lab_runs_the_same_queries_with_little_or_much(
    client, count_queries, oslo, editor
) -> None:
    client.force_login(editor)
    _edit_municipalities(editor, 1, exclude=[])
    for i in range(2):
        living_lab_create(host=oslo, name="Fornebu testbed", slug=f"fornebu-testbed-{i + 10}")
    analyze()
    small = {
        "get": count_queries("get", "/en/living-labs/new/"),
        "post": count_queries(
            "post", "/en/living-labs/new/", _lab_post(2, host=oslo.pk), status=302
        ),
    }

    _edit_municipalities(editor, 200, exclude=[])
    LivingLab.objects.bulk_create(
        LivingLab(
            slug=f"fornebu-testbed-{i + 100}",
            name="Fornebu testbed",
            host=oslo,
            municipality=oslo.municipality,
        )
        for i in range(300)
    )
    analyze()
    themes = Theme.objects.count()
    large = {
        "get": count_queries("get", "/en/living-labs/new/"),
        "post": count_queries(
            "post", "/en/living-labs/new/", _lab_post(themes, host=oslo.pk), status=302
        ),
    }

    assert large == small
    at_most(small, {"get": 9, "post": 16})
    assert LivingLab.objects.get(slug="fornebu-testbed-2").themes.count() == themes > 2


def test_editing_a_living_lab_runs_the_same_queries_for_a_small_or_a_large_lab(
    client, count_queries, oslo, editor
) -> None:
    client.force_login(editor)
    labs = {}
    for size in (2, 300):
        lab = living_lab_create(host=oslo, slug=f"lab-{size}")
        lab.themes.set(Theme.objects.all()[:size])
        _owned_cases(oslo, size, f"lab-{size}-case", living_lab=lab, is_published=True)
        labs[size] = lab
    _edit_municipalities(editor, 1, exclude=[])
    analyze()

    def measure(lab: LivingLab, themes: int) -> dict[str, int]:
        url = f"/en/living-labs/{lab.slug}/edit/"
        data = _lab_post(themes, version=lab.version)
        return {
            "get": count_queries("get", url),
            "post": count_queries("post", url, data, status=302),
        }

    few = measure(labs[2], 2)
    _edit_municipalities(editor, 200, exclude=[])
    analyze()
    assert measure(labs[300], Theme.objects.count()) == few
    at_most(few, {"get": 8, "post": 14})
    assert labs[300].themes.count() == Theme.objects.count()
