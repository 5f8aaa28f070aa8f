"""Writing cases by the pages: create, edit with lost-update protection, publish, and the
case page itself."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from smartby.accounts.models import Role
from smartby.cases.models import Case, CasePartner, CaseUpdate, Lesson, Theme
from smartby.cases.services.cases import case_create, case_update
from smartby.core.errors import ConflictError
from smartby.core.models import Activity
from tests.accounts.factories import member_create
from tests.cases.authoring_helpers import case_form_data
from tests.cases.factories import case_create as case_build
from tests.cases.factories import living_lab_create
from tests.organisations.factories import municipal_organisation, organisation_create

pytestmark = pytest.mark.django_db


def en_url(name: str, args: list | None = None) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def test_editor_creates_a_draft_case_with_lessons_links_and_translation(client, oslo, editor):
    client.force_login(editor)
    theme = Theme.objects.first()
    data = case_form_data(
        owner_id=oslo.pk,
        themes=[theme.pk],
        rows={
            "lessons": [
                {"kind": "worked", "text": "Start small."},
                {"kind": "pitfall", "text": "Forgot the privacy check."},
            ],
            "links": [{"url": "https://example.org/lights", "title": "Project page"}],
            "translations": [{"language": "en", "title": "Smart lights", "summary": "In English"}],
        },
    )
    response = client.post(reverse("cases:case-create"), data)
    assert response.status_code == 302
    case = Case.objects.get(title="Smart street lights")
    assert response.url == case.get_absolute_url()
    assert case.slug == "smart-street-lights"
    assert case.is_published is False
    assert case.owner == oslo
    assert case.municipality == oslo.municipality  # defaults to the owner's
    assert case.lineage_root_id == case.pk
    assert case.created_by == editor
    assert list(case.themes.all()) == [theme]
    assert [(x.kind, x.text) for x in case.lessons.all()] == [
        ("worked", "Start small."),
        ("pitfall", "Forgot the privacy check."),
    ]
    assert case.links.get().title == "Project page"
    assert case.translations.get().language == "en"


def test_slug_is_unique_when_titles_repeat(oslo, editor):
    first = case_create(actor=editor, owner=oslo, fields={"title": "Same", "summary": "x"})
    second = case_create(actor=editor, owner=oslo, fields={"title": "Same", "summary": "y"})
    assert (first.slug, second.slug) == ("same", "same-2")


def test_create_form_offers_only_organisations_the_user_edits(client, oslo, editor):
    other = municipal_organisation("4601")
    member_create(organisation=other, role=Role.MEMBER, email="x@example.org")
    client.force_login(editor)
    response = client.get(reverse("cases:case-create"))
    assert response.status_code == 200
    owners = list(response.context["form"].fields["owner"].queryset)
    assert owners == [oslo]
    response = client.post(reverse("cases:case-create"), case_form_data(owner_id=other.pk))
    assert response.status_code == 400
    assert "owner" in response.context["form"].errors
    assert not Case.objects.exists()


def test_person_editing_no_organisation_may_not_create(client, oslo):
    member = member_create(organisation=oslo, role=Role.MEMBER)
    client.force_login(member)
    assert client.get(reverse("cases:case-create")).status_code == 403


def test_anonymous_is_sent_to_login_for_the_form(client):
    response = client.get(reverse("cases:case-create"))
    assert response.status_code == 302
    assert "login" in response.url


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"title": ""}, "title"),
        ({"summary": ""}, "summary"),
        ({"summary": "x" * 1001}, "summary"),
        ({"phase": "nonsense"}, "phase"),
        ({"contact_email": "not-an-address"}, "contact_email"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    client, oslo, editor, override, field
):
    client.force_login(editor)
    response = client.post(
        reverse("cases:case-create"), case_form_data(owner_id=oslo.pk, **override)
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Case.objects.exists()


def test_translation_in_the_case_language_is_refused(client, oslo, editor):
    client.force_login(editor)
    data = case_form_data(
        owner_id=oslo.pk,
        rows={"translations": [{"language": "nb", "title": "T", "summary": "S"}]},
    )
    response = client.post(en_url("cases:case-create"), data)
    assert response.status_code == 400
    assert "another language" in response.content.decode()
    assert not Case.objects.exists()


def test_two_translations_in_one_language_are_refused(client, oslo, editor):
    client.force_login(editor)
    data = case_form_data(
        owner_id=oslo.pk,
        rows={
            "translations": [
                {"language": "en", "title": "T", "summary": "S"},
                {"language": "en", "title": "T2", "summary": "S2"},
            ]
        },
    )
    response = client.post(reverse("cases:case-create"), data)
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_editor_edits_a_case_and_lessons_are_replaced(client, oslo, editor):
    case = case_build(owner=oslo, lessons=[("worked", "Old lesson")])
    client.force_login(editor)
    response = client.get(reverse("cases:case-edit", args=[case.slug]))
    assert response.status_code == 200
    assert response.context["form"]["version"].value() == case.version
    data = case_form_data(
        case=case,
        title="New title",
        rows={"lessons": [{"kind": "differently", "text": "New lesson"}]},
    )
    response = client.post(reverse("cases:case-edit", args=[case.slug]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "New title"
    assert case.version == 2
    assert [(x.kind, x.text) for x in case.lessons.all()] == [("differently", "New lesson")]


def test_second_save_of_a_case_edited_meanwhile_is_refused_and_keeps_the_text(client, oslo, editor):
    case = case_build(owner=oslo, title="Original")
    stale = case_form_data(case=case, title="My edit", summary="My careful summary")
    # Someone else saves first.
    case_update(case=case, actor=editor, expected_version=case.version, fields={"title": "Theirs"})
    client.force_login(editor)
    response = client.post(en_url("cases:case-edit", args=[case.slug]), stale)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved a change" in body
    assert "My careful summary" in body  # nothing lost
    case.refresh_from_db()
    assert case.title == "Theirs"  # nothing overwritten


def test_service_refuses_a_stale_version(oslo, editor):
    case = case_build(owner=oslo)
    with pytest.raises(ConflictError):
        case_update(
            case=case, actor=editor, expected_version=case.version + 5, fields={"title": "X"}
        )
    case.refresh_from_db()
    assert case.title != "X"


def test_partner_editor_cannot_change_partners(client, oslo):
    company = organisation_create(kind="business")
    case = case_build(owner=oslo)
    CasePartner.objects.create(case=case, organisation=company, can_edit=True)
    partner_editor = member_create(organisation=company, role=Role.EDITOR)
    client.force_login(partner_editor)
    response = client.get(reverse("cases:case-edit", args=[case.slug]))
    assert response.status_code == 200
    assert "partners" not in response.context["formsets"]
    data = case_form_data(case=case, title="Partner edit")
    data.pop("partners-TOTAL_FORMS")
    data.pop("partners-INITIAL_FORMS")
    response = client.post(reverse("cases:case-edit", args=[case.slug]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Partner edit"
    assert case.partners.count() == 1  # untouched


def test_owner_editor_adds_a_partner_with_a_role(client, oslo, editor):
    from smartby.roadmap.models import PentaHelixGroup

    company = organisation_create(kind="business")
    role = PentaHelixGroup.objects.first()
    case = case_build(owner=oslo)
    client.force_login(editor)
    data = case_form_data(
        case=case,
        rows={"partners": [{"organisation": company.pk, "role": role.pk, "can_edit": "on"}]},
    )
    assert client.post(reverse("cases:case-edit", args=[case.slug]), data).status_code == 302
    partner = case.partners.get()
    assert (partner.organisation, partner.role, partner.can_edit) == (company, role, True)


def test_owner_as_its_own_partner_is_refused(client, oslo, editor):
    case = case_build(owner=oslo)
    client.force_login(editor)
    data = case_form_data(
        case=case, title="Changed", rows={"partners": [{"organisation": oslo.pk}]}
    )
    response = client.post(reverse("cases:case-edit", args=[case.slug]), data)
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.title != "Changed"


def test_publish_and_unpublish(client, oslo, editor):
    case = case_build(owner=oslo, published=False)
    client.force_login(editor)
    response = client.post(reverse("cases:case-publish", args=[case.slug]), {"action": "publish"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_published and case.published_at is not None
    assert Activity.objects.filter(verb="cases.published").exists()
    client.post(reverse("cases:case-publish", args=[case.slug]), {"action": "unpublish"})
    case.refresh_from_db()
    assert not case.is_published


def test_publish_needs_post(client, oslo, editor):
    case = case_build(owner=oslo, published=False)
    client.force_login(editor)
    assert client.get(reverse("cases:case-publish", args=[case.slug])).status_code == 405


def test_draft_is_hidden_from_outsiders(client, oslo, editor):
    case = case_build(owner=oslo, published=False)
    assert client.get(case.get_absolute_url()).status_code == 404
    client.force_login(member_create(organisation=municipal_organisation("4601")))
    assert client.get(case.get_absolute_url()).status_code == 404
    client.force_login(editor)
    assert client.get(case.get_absolute_url()).status_code == 200


def test_unknown_case_is_404(client):
    assert client.get(reverse("cases:case-detail", args=["no-such-case"])).status_code == 404


# The case page


def test_detail_shows_lessons_by_kind_partners_links_updates_and_lab(client, oslo):
    from django.utils import timezone

    from smartby.roadmap.models import PentaHelixGroup

    lab = living_lab_create(host=oslo, name="Fjord lab")
    case = case_build(
        owner=oslo,
        living_lab=lab,
        lessons=[("worked", "Talk to people"), ("pitfall", "Do not skip the DPIA")],
    )
    company = organisation_create(kind="business", name="Lamp AS")
    CasePartner.objects.create(
        case=case, organisation=company, role=PentaHelixGroup.objects.first()
    )
    case.links.create(url="https://example.org/x", title="Report")
    CaseUpdate.objects.create(
        case=case, kind="progress", text="Half way", created_at=timezone.now()
    )
    body = client.get(en_url("cases:case-detail", args=[case.slug])).content.decode()
    assert "What worked" in body and "Talk to people" in body
    assert "Pitfall to avoid" in body and "Do not skip the DPIA" in body
    assert "Lamp AS" in body
    assert "Report" in body
    assert "Half way" in body
    assert "Fjord lab" in body
    assert "Edit case" not in body


def test_detail_shows_translation_in_the_viewers_language(client, oslo):
    case = case_build(owner=oslo, title="Smarte lys", language="nb")
    case.translations.create(language="en", title="Smart lights", summary="English summary")
    body = client.get(en_url("cases:case-detail", args=[case.slug])).content.decode()
    assert '<h1 lang="en">Smart lights' in body
    assert "The case is written in" in body


def test_a_demo_case_is_marked_as_demo_on_its_page(client, oslo):
    demo = case_build(owner=oslo, title="Fiktiv sak", is_demo=True)
    real = case_build(owner=oslo, title="Ekte sak")
    assert 'class="demo-notice"' in client.get(demo.get_absolute_url()).content.decode()
    assert 'class="demo-notice"' not in client.get(real.get_absolute_url()).content.decode()


def test_detail_shows_edit_and_publish_to_editors(client, oslo, editor):
    case = case_build(owner=oslo)
    client.force_login(editor)
    body = client.get(en_url("cases:case-detail", args=[case.slug])).content.decode()
    assert reverse("cases:case-edit", args=[case.slug]) in body
    assert reverse("cases:case-publish", args=[case.slug]) in body
    assert reverse("cases:case-progress", args=[case.slug]) in body


def _detail_queries(client, case) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("logged_in", [False, True])
def test_detail_page_runs_the_same_queries_for_1_or_50_rows(client, oslo, editor, logged_in):
    from smartby.roadmap.models import PentaHelixGroup

    if logged_in:
        client.force_login(editor)
    role = PentaHelixGroup.objects.first()
    small = case_build(owner=oslo, lessons=[("worked", "one")])
    big = case_build(owner=oslo, lessons=[("worked", f"l{i}") for i in range(50)])
    bergen = municipal_organisation("4601")
    for target, n in ((small, 1), (big, 50)):
        for i in range(n):
            org = organisation_create(kind="business", name=f"P{target.pk}-{i}")
            CasePartner.objects.create(case=target, organisation=org, role=role)
            case_build(owner=bergen, adopted_from=target, lineage_root=target)
            target.links.create(url=f"https://example.org/{i}")
    Lesson.objects.count()
    assert _detail_queries(client, small) == _detail_queries(client, big)


def test_admin_lists_searches_and_opens_cases_and_labs(client, oslo):
    from tests.accounts.factories import user_create

    case = case_build(owner=oslo, title="Admin case", lessons=[("worked", "x")])
    lab = living_lab_create(host=oslo)
    client.force_login(user_create(is_staff=True, is_superuser=True))
    assert "Admin case" in client.get("/admin/cases/case/?q=Admin").content.decode()
    assert client.get(f"/admin/cases/case/{case.pk}/change/").status_code == 200
    assert client.get("/admin/cases/case/?is_published__exact=1&phase=analysis").status_code == 200
    assert client.get("/admin/cases/livinglab/").status_code == 200
    assert client.get(f"/admin/cases/livinglab/{lab.pk}/change/").status_code == 200


def test_edit_page_runs_the_same_queries_for_1_or_30_rows(client, oslo, editor):
    from smartby.roadmap.models import PentaHelixGroup

    role = PentaHelixGroup.objects.first()
    client.force_login(editor)
    counts = []
    for n in (1, 30):
        case = case_build(owner=oslo, lessons=[("worked", f"l{i}") for i in range(n)])
        for i in range(n):
            org = organisation_create(kind="business", name=f"Q{case.pk}-{i}")
            CasePartner.objects.create(case=case, organisation=org, role=role)
            case.links.create(url=f"https://example.org/{i}")
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("cases:case-edit", args=[case.slug]))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_a_draft_without_a_summary_cannot_be_published(client, oslo, editor):
    case = case_build(owner=oslo, published=False, summary="")
    client.force_login(editor)
    response = client.post(reverse("cases:case-publish", args=[case.slug]), {"action": "publish"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.is_published


def test_end_before_start_is_refused(client, oslo, editor):
    client.force_login(editor)
    data = case_form_data(owner_id=oslo.pk, started_on="2024-05-01", ended_on="2024-01-01")
    response = client.post(reverse("cases:case-create"), data)
    assert response.status_code == 400
    assert "ended_on" in response.context["form"].errors
    assert not Case.objects.exists()
