"""Pages for writing, publishing and adopting cases, the case page itself, its lineage and
its attachments. Thin: forms read input, services write, selectors read, rules decide."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from smartby.cases.forms import (
    AdoptForm,
    AttachmentForm,
    CaseForm,
    LessonFormSet,
    LinkFormSet,
    PartnerFormSet,
    TranslationFormSet,
    formset_rows,
)
from smartby.cases.models import AttachmentKind, Case, CaseAttachment, LessonKind
from smartby.cases.rules import editor_org_ids
from smartby.cases.selectors.detail import case_get
from smartby.cases.selectors.detail import case_lineage as case_lineage_select
from smartby.cases.selectors.similar import similar_cases
from smartby.cases.selectors.visibility import case_visible_to
from smartby.cases.services.adoption import case_adopt as case_adopt_service
from smartby.cases.services.attachments import (
    attachment_add,
    attachment_max_bytes,
)
from smartby.cases.services.attachments import attachment_delete as attachment_delete_service
from smartby.cases.services.cases import case_create as case_create_service
from smartby.cases.services.cases import case_publish as case_publish_service
from smartby.cases.services.cases import case_update
from smartby.core.errors import ConflictError
from smartby.core.panels import panels_for
from smartby.organisations.models import Organisation, OrganisationKind
from smartby.roadmap.models import PentaHelixGroup


def _visible_case(request: HttpRequest, slug: str) -> Case:
    try:
        return case_visible_to(viewer=request.user).prefetch_related("partners").get(slug=slug)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def _editable_case(request: HttpRequest, slug: str) -> Case:
    """The case if the person may edit it: 404 when they may not even see it, 403 when
    they see it but may not edit."""
    case = _visible_case(request, slug)
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    return case


def _add_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.error_dict.items():
        messages_ = [m for e in errors for m in e.messages]
        form.add_error(name if name in form.fields else None, messages_)


# The case page


def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request.user
    try:
        case = case_get(slug=slug, viewer=viewer)
    except Case.DoesNotExist as exc:
        raise Http404 from exc
    lessons = list(case.lessons.all())
    lesson_groups = [
        (kind, label, [lesson for lesson in lessons if lesson.kind == kind])
        for kind, label in LessonKind.choices
    ]
    language = translation.get_language() or settings.LANGUAGE_CODE
    language = language.split("-")[0]
    shown_translation = None
    if language != case.language:
        shown_translation = next(
            (t for t in case.translations.all() if t.language == language), None
        )
    origin = case.adopted_from
    if origin is not None and not viewer.has_perm("cases.view_case", origin):
        origin = None
    adoptions: list[Case] = case.visible_adoptions  # type: ignore[attr-defined]
    map_points = [
        {
            "name": f"{a.municipality.name}: {a.title}",
            "url": a.get_absolute_url(),
            "lat": a.municipality.latitude,
            "lon": a.municipality.longitude,
            "country": a.municipality.country,
            "networks": [],
        }
        for a in adoptions
        if a.municipality
        and a.municipality.latitude is not None
        and a.municipality.longitude is not None
    ]
    can_edit = viewer.has_perm("cases.change_case", case)
    context: dict[str, Any] = {
        "case": case,
        "lesson_groups": [g for g in lesson_groups if g[2]],
        "shown_translation": shown_translation,
        "origin": origin,
        "adoptions": adoptions,
        "map_points": map_points,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_attribution": getattr(settings, "MAP_ATTRIBUTION", ""),
        "can_edit": can_edit,
        "can_adopt": viewer.has_perm("cases.adopt_case", case),
        "updates": list(case.updates.all()),
        "images": [a for a in case.attachments.all() if a.kind == AttachmentKind.IMAGE],
        "documents": [a for a in case.attachments.all() if a.kind == AttachmentKind.PDF],
        "similar_cases": similar_cases(case=case, viewer=viewer) if case.is_published else [],
        "case_panels": panels_for("case", request, case),
        "has_demo": case.is_demo,
        "nav": "cases",
    }
    return render(request, "cases/case_detail.html", context)


# Writing


def _formsets(request: HttpRequest, case: Case | None, can_manage_partners: bool) -> dict[str, Any]:
    data = request.POST if request.method == "POST" else None
    initial_lessons = [{"kind": x.kind, "text": x.text} for x in case.lessons.all()] if case else []
    initial_links = [{"url": x.url, "title": x.title} for x in case.links.all()] if case else []
    initial_translations = (
        [
            {"language": x.language, "title": x.title, "summary": x.summary}
            for x in case.translations.all()
        ]
        if case
        else []
    )
    sets: dict[str, Any] = {
        "lessons": LessonFormSet(data, prefix="lessons", initial=initial_lessons),
        "links": LinkFormSet(data, prefix="links", initial=initial_links),
        "translations": TranslationFormSet(
            data, prefix="translations", initial=initial_translations
        ),
    }
    if can_manage_partners:
        initial_partners = (
            [
                {"organisation": p.organisation_id, "role": p.role_id, "can_edit": p.can_edit}
                for p in case.partners.all()
            ]
            if case
            else []
        )
        partners = PartnerFormSet(data, prefix="partners", initial=initial_partners)
        # The choices are read once for all rows, so the page's queries do not grow with them;
        # so are the organisations the rows name, so validating them does not either.
        organisations = [
            ("", "---------"),
            *Organisation.objects.order_by("name").values_list("pk", "name"),
        ]
        role_objects = {r.pk: r for r in PentaHelixGroup.objects.all()}
        roles = [("", "---------"), *((pk, str(r)) for pk, r in role_objects.items())]
        named: dict[int, Organisation] | None = None
        if data is not None:
            wanted = {
                str(form.data.get(form.add_prefix("organisation"), "")).strip()
                for form in partners.forms
            }
            named = Organisation.objects.in_bulk(
                [int(v) for v in wanted if v.isascii() and v.isdigit() and len(v) < 19]
            )
        for partner_form in [*partners.forms, partners.empty_form]:
            partner_form.fields["organisation"].choices = organisations  # type: ignore[attr-defined]
            partner_form.fields["role"].choices = roles  # type: ignore[attr-defined]
            if named is not None:
                partner_form.fields["organisation"].objects = named  # type: ignore[attr-defined]
                partner_form.fields["role"].objects = role_objects  # type: ignore[attr-defined]
        sets["partners"] = partners
    return sets


def _apply_service_errors(form: CaseForm, formsets: dict[str, Any], exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        messages_ = [m for e in errors for m in e.messages]
        if name in form.fields:
            form.add_error(name, messages_)
        elif name in formsets:
            formsets[name].non_form_errors().extend(messages_)
            form.add_error(None, messages_)
        else:
            form.add_error(None, messages_)


def _render_form(
    request: HttpRequest,
    form: CaseForm,
    formsets: dict[str, Any],
    case: Case | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "cases/case_form.html",
        {"form": form, "formsets": formsets, "case": case, "nav": "cases"},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    owners = list(Organisation.objects.filter(pk__in=editor_org_ids(request.user)).order_by("name"))
    if not owners:
        raise PermissionDenied
    form = CaseForm(request.POST or None, owners=owners)
    formsets = _formsets(request, None, can_manage_partners=True)
    if request.method == "POST":
        if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
            try:
                case = case_create_service(
                    actor=request.user,
                    owner=form.cleaned_data["owner"],
                    fields=form.service_fields(),
                    **{name: formset_rows(fs) for name, fs in formsets.items()},
                )
            except ValidationError as exc:
                _apply_service_errors(form, formsets, exc)
            else:
                messages.success(
                    request, _("The case was saved as a draft. Publish it when it is ready.")
                )
                return redirect(case.get_absolute_url())
        return _render_form(request, form, formsets, None, status=400)
    return _render_form(request, form, formsets, None)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, slug: str) -> HttpResponse:
    case = _editable_case(request, slug)
    can_manage_partners = request.user.has_perm("cases.manage_partners", case)
    form = CaseForm(request.POST or None, instance=case)
    formsets = _formsets(request, case, can_manage_partners)
    if request.method == "POST":
        if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
            version = form.cleaned_data.get("version")
            try:
                case_update(
                    case=case,
                    actor=request.user,
                    expected_version=version if version is not None else -1,
                    fields=form.service_fields(),
                    **{name: formset_rows(fs) for name, fs in formsets.items()},
                )
            except ConflictError as exc:
                # The person's text stays in the form; nothing was written.
                form.add_error(None, exc.message)
                return _render_form(request, form, formsets, case, status=409)
            except ValidationError as exc:
                _apply_service_errors(form, formsets, exc)
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect(case.get_absolute_url())
        return _render_form(request, form, formsets, case, status=400)
    return _render_form(request, form, formsets, case)


@login_required
@require_POST
def case_publish(request: HttpRequest, slug: str) -> HttpResponse:
    case = _editable_case(request, slug)
    publish = request.POST.get("action", "publish") != "unpublish"
    try:
        case_publish_service(case=case, actor=request.user, publish=publish)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The case is published.") if publish else _("The case is a draft again."),
        )
    return redirect(case.get_absolute_url())


# Adoption and lineage


@login_required
@require_http_methods(["GET", "POST"])
def case_adopt(request: HttpRequest, slug: str) -> HttpResponse:
    origin = _visible_case(request, slug)
    if not request.user.has_perm("cases.adopt_case", origin):
        raise PermissionDenied
    organisations = list(
        Organisation.objects.filter(
            pk__in=editor_org_ids(request.user) - {origin.owner_id},
            kind=OrganisationKind.MUNICIPALITY,
        ).order_by("name")
    )
    form = AdoptForm(request.POST or None, organisations=organisations, origin=origin)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                case = case_adopt_service(
                    origin=origin,
                    actor=request.user,
                    organisation=form.cleaned_data["organisation"],
                    language=form.cleaned_data["language"],
                    title=form.cleaned_data["title"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Your draft is ready. Describe how the solution works for you, "
                        "then publish it."
                    ),
                )
                return redirect("cases:case-edit", slug=case.slug)
    return render(
        request,
        "cases/case_adopt.html",
        {"case": origin, "form": form, "nav": "cases"},
        status=status,
    )


def case_lineage(request: HttpRequest, slug: str) -> HttpResponse:
    case = _visible_case(request, slug)
    return render(
        request,
        "cases/case_lineage.html",
        {"case": case, "tree": case_lineage_select(case=case, viewer=request.user), "nav": "cases"},
    )


# Attachments


class _SizeCapUploadHandler(FileUploadHandler):
    """Stops reading an upload as soon as it passes the size limit, so an oversized file is
    refused without being read to the end (Django would otherwise spool it all first)."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _too_large_message() -> str:
    return _("The file is larger than %(max)s MB.") % {
        "max": f"{settings.CASE_ATTACHMENT_MAX_MB:g}"
    }


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def attachment_upload(request: HttpRequest, slug: str) -> HttpResponse:
    # The size guard must be in place before anything reads the body, the CSRF check
    # included; so CSRF is checked just below, after it.
    limit = attachment_max_bytes()
    guard = _SizeCapUploadHandler(request, limit)
    if request.method == "POST":
        request.upload_handlers = [guard, *request.upload_handlers]
    return _attachment_upload(request, slug, guard)


@csrf_protect
def _attachment_upload(
    request: HttpRequest, slug: str, guard: _SizeCapUploadHandler
) -> HttpResponse:
    case = _editable_case(request, slug)
    status = 200
    form = AttachmentForm()
    size_error = ""
    if request.method == "POST":
        status = 400
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared > guard.limit + 64 * 1024 or (request.FILES is not None and guard.too_large):
            size_error = _too_large_message()
            status = 413
        else:
            form = AttachmentForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    attachment_add(
                        case=case,
                        actor=request.user,
                        title=form.cleaned_data["title"],
                        upload=form.cleaned_data["file"],
                    )
                except ValidationError as exc:
                    _add_errors(form, exc)
                else:
                    messages.success(request, _("The file was added."))
                    return redirect(case.get_absolute_url())
    return render(
        request,
        "cases/attachment_form.html",
        {"case": case, "form": form, "size_error": size_error, "nav": "cases"},
        status=status,
    )


def attachment_download(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    case = _visible_case(request, slug)
    attachment = get_object_or_404(CaseAttachment, pk=pk, case=case)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    if attachment.kind == AttachmentKind.PDF:
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"{case.slug}-{attachment.pk}.pdf",
            content_type="application/pdf",
        )
    else:
        content_type = attachment.content_type
        if content_type not in ("image/png", "image/jpeg", "image/webp"):
            raise Http404
        response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@login_required
@require_POST
def attachment_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    case = _editable_case(request, slug)
    attachment = get_object_or_404(CaseAttachment, pk=pk, case=case)
    attachment.case = case
    attachment_delete_service(attachment=attachment, actor=request.user)
    messages.success(request, _("The file was removed."))
    return redirect(case.get_absolute_url())
