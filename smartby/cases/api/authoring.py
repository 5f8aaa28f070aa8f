"""Write operations of the cases API and the full case detail: create, change (with the
version the client read: 409 when someone saved in between), adopt.

The same services and rules as the pages decide; bad values answer 422, refused actions
403, cases the token's user may not see 404."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.responses import Status as ResponseStatus

# Anyone may read (a token shows more); writing needs a token.
from smartby.accounts.api import optional_auth, token_auth
from smartby.cases.api.base import router
from smartby.cases.models import (
    Case,
    Language,
    LessonKind,
    LivingLab,
    Phase,
    Status,
    Technology,
    Theme,
    Visibility,
)
from smartby.cases.selectors.detail import case_detail_queryset
from smartby.cases.services.adoption import case_adopt
from smartby.cases.services.cases import case_create, case_update
from smartby.core.api import BodySchema, errors
from smartby.organisations.models import Municipality, Organisation
from smartby.reference.models import SdgTarget, SustainableDevelopmentGoal
from smartby.roadmap.models import PentaHelixGroup, Principle, TargetPicture

# Inputs


class LessonIn(BodySchema):
    kind: LessonKind
    text: str = Field(min_length=1, max_length=2000)


class LinkIn(BodySchema):
    url: str = Field(max_length=500)
    title: str = Field("", max_length=200)


class TranslationIn(BodySchema):
    language: Language
    title: str = Field(min_length=1, max_length=200)
    summary: str = Field(min_length=1, max_length=1000)


class PartnerIn(BodySchema):
    organisation: int = Field(description="Id of the partner organisation.")
    role: str | None = Field(None, description="Slug of a penta-helix group.")
    can_edit: bool = False


class CaseFieldsIn(BodySchema):
    title: str | None = Field(None, min_length=1, max_length=200)
    summary: str | None = Field(None, min_length=1, max_length=1000)
    language: Language | None = None
    problem: str | None = None
    solution: str | None = None
    results: str | None = None
    tags: str | None = Field(None, max_length=300)
    phase: Phase | None = None
    status: Status | None = None
    visibility: Visibility | None = None
    municipality: str | None = Field(None, description="Slug of the municipality.")
    living_lab: str | None = Field(None, description="Slug of a living lab.")
    started_on: date | None = None
    ended_on: date | None = None
    funding: str | None = None
    contact_name: str | None = Field(None, max_length=200)
    contact_email: str | None = Field(None, max_length=254)
    themes: list[str] | None = Field(None, description="Theme slugs.")
    principles: list[str] | None = Field(None, description="Roadmap principle slugs.")
    target_pictures: list[str] | None = Field(None, description="Target picture slugs.")
    sdgs: list[int] | None = Field(None, description="SDG numbers (1–17).")
    sdg_targets: list[str] | None = Field(None, description="SDG target codes, e.g. 11.2.")
    technologies: list[str] | None = Field(None, description="Technology slugs.")
    lessons: list[LessonIn] | None = Field(None, description="Replaces all lessons.")
    links: list[LinkIn] | None = Field(None, description="Replaces all links.")
    translations: list[TranslationIn] | None = Field(None, description="Replaces all.")
    partners: list[PartnerIn] | None = Field(
        None, description="Replaces all partners; only the owner's editors may send it."
    )


class CaseIn(CaseFieldsIn):
    owner: int = Field(description="Id of an organisation you edit.")
    title: str = Field(min_length=1, max_length=200)  # type: ignore[assignment]
    summary: str = Field(min_length=1, max_length=1000)  # type: ignore[assignment]


class CasePatchIn(CaseFieldsIn):
    version: int = Field(description="The `version` you read; 409 if the case changed since.")


class AdoptIn(BodySchema):
    organisation: int = Field(description="Id of the municipality (organisation) adopting.")
    title: str | None = Field(None, max_length=200, description="Defaults to the origin's title.")
    language: Language = Language.NB


# Outputs


class RefOut(Schema):
    slug: str
    name: str


class AdoptionOut(Schema):
    id: int
    title: str
    owner: RefOut
    municipality: RefOut | None
    url: str


class CaseDetailOut(Schema):
    id: int
    slug: str
    url: str
    version: int
    title: str
    summary: str
    language: str
    problem: str
    solution: str
    results: str
    tags: str
    phase: str
    status: str
    visibility: str
    is_published: bool
    published_at: datetime | None
    started_on: date | None
    ended_on: date | None
    funding: str
    contact_name: str
    contact_email: str
    owner: RefOut
    municipality: RefOut | None
    living_lab: RefOut | None
    themes: list[str]
    principles: list[str]
    target_pictures: list[str]
    sdgs: list[int]
    sdg_targets: list[str]
    technologies: list[str]
    lessons: list[dict[str, str]]
    links: list[dict[str, str]]
    translations: list[dict[str, str]]
    partners: list[dict[str, Any]]
    adopted_from: AdoptionOut | None
    adoptions: list[AdoptionOut]
    is_demo: bool


def _ref(obj: Any, name: str = "name") -> dict[str, str] | None:
    return None if obj is None else {"slug": obj.slug, "name": getattr(obj, name)}


def _adoption(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "title": case.title,
        "owner": _ref(case.owner),
        "municipality": _ref(case.municipality),
        "url": case.get_absolute_url(),
    }


def _detail(case: Case, viewer: Any) -> dict[str, Any]:
    origin = case.adopted_from
    if origin is not None and not viewer.has_perm("cases.view_case", origin):
        origin = None
    return {
        **{
            name: getattr(case, name)
            for name in [
                "slug",
                "version",
                "title",
                "summary",
                "language",
                "problem",
                "solution",
                "results",
                "tags",
                "phase",
                "status",
                "visibility",
                "is_published",
                "published_at",
                "started_on",
                "ended_on",
                "funding",
                "contact_name",
                "contact_email",
                "is_demo",
            ]
        },
        "id": case.pk,
        "url": case.get_absolute_url(),
        "owner": _ref(case.owner),
        "municipality": _ref(case.municipality),
        "living_lab": _ref(case.living_lab),
        "themes": [t.slug for t in case.themes.all()],
        "principles": [p.slug for p in case.principles.all()],
        "target_pictures": [p.slug for p in case.target_pictures.all()],
        "sdgs": [g.number for g in case.sdgs.all()],
        "sdg_targets": [t.code for t in case.sdg_targets.all()],
        "technologies": [t.slug for t in case.technologies.all()],
        "lessons": [{"kind": x.kind, "text": x.text} for x in case.lessons.all()],
        "links": [{"url": x.url, "title": x.title} for x in case.links.all()],
        "translations": [
            {"language": x.language, "title": x.title, "summary": x.summary}
            for x in case.translations.all()
        ],
        "partners": [
            {
                "organisation": _ref(p.organisation),
                "role": p.role.slug if p.role else None,
                "can_edit": p.can_edit,
            }
            for p in case.partners.all()
        ],
        "adopted_from": _adoption(origin) if origin is not None else None,
        "adoptions": [_adoption(a) for a in case.visible_adoptions],  # type: ignore[attr-defined]
    }


def _get(pk: int, viewer: Any) -> Case:
    try:
        return case_detail_queryset(viewer=viewer).get(pk=pk)
    except Case.DoesNotExist as exc:
        raise Http404(f"No case with id {pk}, or you may not see it.") from exc


def _lookup(model: type[Model], field: str, values: list[Any], name: str) -> list[Any]:
    found = list(model._default_manager.filter(**{f"{field}__in": values}))
    known = {getattr(o, field) for o in found}
    missing = [str(v) for v in values if v not in known]
    if missing:
        raise HttpError(422, f"{name}: unknown value(s) {', '.join(missing)}")
    return found


def _one(model: type[Model], field: str, value: Any, name: str) -> Any:
    if value is None:
        return None
    return _lookup(model, field, [value], name)[0]


_M2M_LOOKUPS: dict[str, tuple[type[Model], str]] = {
    "themes": (Theme, "slug"),
    "principles": (Principle, "slug"),
    "target_pictures": (TargetPicture, "slug"),
    "sdgs": (SustainableDevelopmentGoal, "number"),
    "sdg_targets": (SdgTarget, "code"),
    "technologies": (Technology, "slug"),
}


def _service_args(payload: CaseFieldsIn) -> dict[str, Any]:
    sent = payload.model_dump(exclude_unset=True)
    sent.pop("owner", None)
    sent.pop("version", None)
    children: dict[str, Any] = {}
    for name in ("lessons", "links", "translations"):
        if name in sent:
            children[name] = sent.pop(name) or []
    if "partners" in sent:
        rows = []
        for row in sent.pop("partners") or []:
            rows.append(
                {
                    "organisation": _one(Organisation, "pk", row["organisation"], "partners"),
                    "role": _one(PentaHelixGroup, "slug", row.get("role"), "partners.role"),
                    "can_edit": row.get("can_edit", False),
                }
            )
        children["partners"] = rows
    for name, (model, field) in _M2M_LOOKUPS.items():
        if name in sent:
            sent[name] = _lookup(model, field, sent[name] or [], name)
    if "municipality" in sent:
        sent["municipality"] = _one(Municipality, "slug", sent["municipality"], "municipality")
    if "living_lab" in sent:
        sent["living_lab"] = _one(LivingLab, "slug", sent["living_lab"], "living_lab")
    for name in (
        "problem",
        "solution",
        "results",
        "tags",
        "funding",
        "contact_name",
        "contact_email",
    ):
        if name in sent and sent[name] is None:
            sent[name] = ""
    for name in ("title", "summary", "language", "phase", "status", "visibility"):
        if name in sent and sent[name] is None:
            raise HttpError(422, f"{name}: may be left out but not null")
    return {"fields": sent, **children}


def _unprocessable(exc: ValidationError) -> HttpError:
    if hasattr(exc, "error_dict"):
        detail = "; ".join(
            f"{name}: {' '.join(m for e in errs for m in e.messages)}"
            for name, errs in exc.error_dict.items()
        )
    else:
        detail = " ".join(exc.messages)
    return HttpError(422, detail)


@router.get(
    "/cases/{int:case_id}",
    response={200: CaseDetailOut, **errors(401, 404, 422)},
    auth=optional_auth,
    summary="Get a case with everything on its page",
    description="Lessons, partners, links, translations, the case it was adopted from and "
    "the published adoptions. 404 when the case does not exist or you may not see it.",
)
def case_detail_api(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _detail(_get(case_id, request.user), request.user)


@router.post(
    "/cases",
    response={201: CaseDetailOut, **errors(401, 403, 404, 422)},
    auth=token_auth,
    summary="Create a draft case",
    description="`owner` must be an organisation you edit (403 otherwise).",
)
def case_create_api(request: HttpRequest, payload: CaseIn) -> ResponseStatus:
    owner = Organisation.objects.filter(pk=payload.owner).first()
    if owner is None:
        raise HttpError(422, f"owner: no organisation with id {payload.owner}")
    args = _service_args(payload)
    try:
        case = case_create(actor=request.user, owner=owner, **args)
    except ValidationError as exc:
        raise _unprocessable(exc) from exc
    return ResponseStatus(201, _detail(_get(case.pk, request.user), request.user))


@router.patch(
    "/cases/{int:case_id}",
    response={200: CaseDetailOut, **errors(401, 403, 404, 409, 422)},
    auth=token_auth,
    summary="Change a case",
    description="Send the `version` you read; fields left out stay as they are; lists "
    "(lessons, links, translations, partners) replace the whole list. 409 when the case was "
    "changed since you read it.",
)
def case_update_api(request: HttpRequest, case_id: int, payload: CasePatchIn) -> dict[str, Any]:
    case = _get(case_id, request.user)
    args = _service_args(payload)
    try:
        case_update(case=case, actor=request.user, expected_version=payload.version, **args)
    except ValidationError as exc:
        raise _unprocessable(exc) from exc
    return _detail(_get(case.pk, request.user), request.user)


@router.post(
    "/cases/{int:case_id}/adopt",
    response={201: CaseDetailOut, **errors(401, 403, 404, 422)},
    auth=token_auth,
    summary="Adopt a case",
    description="Creates a draft case of `organisation` (a municipality you edit, not the "
    "owner) with the origin's tagging copied.",
)
def case_adopt_api(request: HttpRequest, case_id: int, payload: AdoptIn) -> ResponseStatus:
    origin = _get(case_id, request.user)
    organisation = Organisation.objects.filter(pk=payload.organisation).first()
    if organisation is None:
        raise HttpError(422, f"organisation: no organisation with id {payload.organisation}")
    try:
        case = case_adopt(
            origin=origin,
            actor=request.user,
            organisation=organisation,
            language=payload.language,
            title=payload.title,
        )
    except ValidationError as exc:
        raise _unprocessable(exc) from exc
    return ResponseStatus(201, _detail(_get(case.pk, request.user), request.user))
