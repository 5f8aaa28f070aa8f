"""Writing cases: create, edit (with lost-update protection), publish and unpublish.

A case's children (lessons, links, translations, partners) are given as whole lists and
replace what was there: the form and the API both send the full set. Passing None leaves a
collection as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartby.cases.models import (
    Case,
    CaseLink,
    CasePartner,
    CaseTranslation,
    Lesson,
    LessonKind,
    Visibility,
)
from smartby.core.services import activity_record, save_versioned
from smartby.core.text import unique_slug
from smartby.organisations.models import Organisation

# Plain fields a coordinator writes; anything else (owner, slug, publication, lineage,
# pilot-watch dates) has its own service.
CASE_FIELDS = [
    "municipality",
    "language",
    "title",
    "summary",
    "problem",
    "solution",
    "results",
    "tags",
    "phase",
    "status",
    "living_lab",
    "started_on",
    "ended_on",
    "funding",
    "contact_name",
    "contact_email",
    "visibility",
]
M2M_FIELDS = ["themes", "principles", "target_pictures", "sdgs", "sdg_targets", "technologies"]


def case_unique_slug(*, title: str, exclude_pk: int | None = None) -> str:
    """A slug from the title, with -2, -3, ... added when it is taken."""
    return unique_slug(Case.objects.all(), title, fallback="case", exclude_pk=exclude_pk)


def _check_dates(case: Case) -> None:
    if case.started_on and case.ended_on and case.ended_on < case.started_on:
        raise ValidationError({"ended_on": [_("The end date cannot be before the start date.")]})


def _reindex_on_commit(case_ids: list[int]) -> None:
    from smartby.cases.search import case_reindex

    transaction.on_commit(lambda: case_reindex(case_ids=case_ids))


def _clean_children(
    *,
    case: Case,
    lessons: list[dict[str, Any]] | None,
    links: list[dict[str, Any]] | None,
    partners: list[dict[str, Any]] | None,
    translations: list[dict[str, Any]] | None,
) -> None:
    errors: dict[str, list[str]] = {}
    for lesson in lessons or []:
        if lesson.get("kind") not in LessonKind.values:
            errors.setdefault("lessons", []).append(_("Choose what kind of lesson this is."))
        if not str(lesson.get("text", "")).strip():
            errors.setdefault("lessons", []).append(_("Write the lesson, or remove it."))
        elif len(str(lesson["text"])) > 2000:
            errors.setdefault("lessons", []).append(_("A lesson can have at most 2000 characters."))
    seen_languages: set[str] = set()
    for translation in translations or []:
        language = translation.get("language")
        if language == case.language:
            errors.setdefault("translations", []).append(
                _("A translation must be in another language than the case itself.")
            )
        if language in seen_languages:
            errors.setdefault("translations", []).append(
                _("Give at most one translation per language.")
            )
        seen_languages.add(str(language))
        row = CaseTranslation(case=case, **translation)
        try:
            row.full_clean(exclude=["case"])
        except ValidationError as exc:
            errors.setdefault("translations", []).extend(exc.messages)
    seen_orgs: set[Any] = set()
    for partner in partners or []:
        org = partner.get("organisation")
        org_id = getattr(org, "pk", org)
        if org_id == case.owner_id:
            errors.setdefault("partners", []).append(
                _("The owner cannot also be a partner of its own case.")
            )
        if org_id in seen_orgs:
            errors.setdefault("partners", []).append(
                _("Each organisation can be a partner only once.")
            )
        seen_orgs.add(org_id)
    for link in links or []:
        row_link = CaseLink(case=case, **link)
        try:
            row_link.full_clean(exclude=["case"])
        except ValidationError as exc:
            errors.setdefault("links", []).extend(exc.messages)
    if errors:
        raise ValidationError({k: list(dict.fromkeys(v)) for k, v in errors.items()})


def _write_children(
    *,
    case: Case,
    lessons: list[dict[str, Any]] | None,
    links: list[dict[str, Any]] | None,
    partners: list[dict[str, Any]] | None,
    translations: list[dict[str, Any]] | None,
) -> None:
    if lessons is not None:
        case.lessons.all().delete()
        Lesson.objects.bulk_create(
            Lesson(case=case, kind=row["kind"], text=row["text"].strip(), position=i)
            for i, row in enumerate(lessons)
        )
    if links is not None:
        case.links.all().delete()
        CaseLink.objects.bulk_create(
            CaseLink(case=case, url=row["url"], title=row.get("title") or "") for row in links
        )
    if translations is not None:
        case.translations.all().delete()
        CaseTranslation.objects.bulk_create(
            CaseTranslation(
                case=case,
                language=row["language"],
                title=row["title"],
                summary=row["summary"],
            )
            for row in translations
        )
    if partners is not None:
        case.partners.all().delete()
        CasePartner.objects.bulk_create(
            CasePartner(
                case=case,
                organisation_id=getattr(row["organisation"], "pk", row["organisation"]),
                role=row.get("role"),
                can_edit=bool(row.get("can_edit")),
            )
            for row in partners
        )


def _set_m2m(case: Case, m2m: dict[str, Iterable[Any]]) -> None:
    for name in M2M_FIELDS:
        if name in m2m:
            getattr(case, name).set(list(m2m[name]))


def _split(fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    unknown = set(fields) - set(CASE_FIELDS) - set(M2M_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    plain = {k: v for k, v in fields.items() if k in CASE_FIELDS}
    m2m = {k: v for k, v in fields.items() if k in M2M_FIELDS}
    return plain, m2m


def case_create(
    *,
    actor: Any,
    owner: Organisation,
    fields: dict[str, Any],
    lessons: list[dict[str, Any]] | None = None,
    links: list[dict[str, Any]] | None = None,
    partners: list[dict[str, Any]] | None = None,
    translations: list[dict[str, Any]] | None = None,
) -> Case:
    """A new draft case of `owner`, written by `actor` (an editor of the owner)."""
    if not actor.has_perm("cases.add_case", owner):
        raise PermissionDenied(_("You may only share cases for organisations you edit."))
    plain, m2m = _split(fields)
    plain.setdefault("municipality", owner.municipality)
    if plain.get("municipality") is None:
        plain["municipality"] = owner.municipality
    case = Case(owner=owner, created_by=actor if actor.is_authenticated else None, **plain)
    case.slug = case_unique_slug(title=case.title or "")
    _check_dates(case)
    case.full_clean(exclude=["slug", "lineage_root", "adopted_from", "created_by"])
    _clean_children(
        case=case, lessons=lessons, links=links, partners=partners, translations=translations
    )
    with transaction.atomic():
        case.save()
        # An original is the root of its own lineage, so a lineage is one indexed lookup.
        case.lineage_root = case
        Case.objects.filter(pk=case.pk).update(lineage_root=case)
        _set_m2m(case, m2m)
        _write_children(
            case=case, lessons=lessons, links=links, partners=partners, translations=translations
        )
        _reindex_on_commit([case.pk])
    return case


def case_update(
    *,
    case: Case,
    actor: Any,
    expected_version: int,
    fields: dict[str, Any],
    lessons: list[dict[str, Any]] | None = None,
    links: list[dict[str, Any]] | None = None,
    partners: list[dict[str, Any]] | None = None,
    translations: list[dict[str, Any]] | None = None,
) -> Case:
    """Change `case` as `actor` edited it from version `expected_version`.

    Raises ConflictError when someone saved in between (nothing is written then),
    PermissionDenied for non-editors and for partner changes by someone who is not an
    editor of the owner, ValidationError for bad input."""
    if not actor.has_perm("cases.change_case", case):
        raise PermissionDenied(_("You may not edit this case."))
    if partners is not None and not actor.has_perm("cases.manage_partners", case):
        raise PermissionDenied(_("Only the owner's editors may change the partners."))
    plain, m2m = _split(fields)
    if "municipality" in plain and plain["municipality"] is None:
        plain["municipality"] = case.owner.municipality
    for name, value in plain.items():
        setattr(case, name, value)
    _check_dates(case)
    case.full_clean(exclude=["slug", "lineage_root", "adopted_from", "created_by", "version"])
    _clean_children(
        case=case, lessons=lessons, links=links, partners=partners, translations=translations
    )
    with transaction.atomic():
        case.updated_at = timezone.now()
        save_versioned(obj=case, expected_version=expected_version, fields=[*plain, "updated_at"])
        _set_m2m(case, m2m)
        _write_children(
            case=case, lessons=lessons, links=links, partners=partners, translations=translations
        )
        _reindex_on_commit([case.pk])
    return case


def case_publish(*, case: Case, actor: Any, publish: bool = True) -> Case:
    """Publish (or take back to draft) `case`; editors only. Publishing a case with its
    summary still empty (a fresh adoption) is refused."""
    if not actor.has_perm("cases.change_case", case):
        raise PermissionDenied(_("You may not publish this case."))
    if publish and not (case.title.strip() and case.summary.strip()):
        raise ValidationError(_("Write a title and a summary before publishing."))
    if case.is_published == publish:
        return case
    with transaction.atomic():
        case.is_published = publish
        if publish and case.published_at is None:
            case.published_at = timezone.now()
        case.updated_at = timezone.now()
        save_versioned(
            obj=case,
            expected_version=case.version,
            fields=["is_published", "published_at", "updated_at"],
        )
        if publish and case.visibility == Visibility.PUBLIC:
            origin = case.adopted_from
            if origin is not None:
                activity_record(
                    verb="cases.adopted",
                    text_nb=(
                        f"{case.owner.name} tok i bruk «{origin.title}» fra {origin.owner.name}"
                    ),
                    text_en=(
                        f"{case.owner.name} adopted “{origin.title}” from {origin.owner.name}"
                    ),
                    url=case.get_absolute_url(),
                    is_demo=case.is_demo,
                )
            else:
                activity_record(
                    verb="cases.published",
                    text_nb=f"{case.owner.name} delte «{case.title}»",
                    text_en=f"{case.owner.name} shared “{case.title}”",
                    url=case.get_absolute_url(),
                    is_demo=case.is_demo,
                )
        _reindex_on_commit([case.pk])
    return case
