"""API of the national smart-city roadmap: principles with their key questions and
challenges, and the target pictures."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from smartby.core.api import (
    LANGUAGE_NOTE,
    LanguageParams,
    ListOut,
    PageParams,
    errors,
    in_request_language,
    page,
)
from smartby.roadmap import selectors
from smartby.roadmap.models import Challenge, KeyQuestion, Principle

router = Router()
router.add_decorator(in_request_language, mode="view")


class KeyQuestionOut(Schema):
    code: str = Field(description="`<principle number>.<position>`.", examples=["1.2"])
    text: str


class ChallengeOut(Schema):
    position: int
    text: str


class PrincipleOut(Schema):
    number: int
    slug: str
    title: str
    description: str
    key_questions: list[KeyQuestionOut]
    challenges: list[ChallengeOut]
    url: str = Field(description="Path of the principle's web page, in the response language.")

    @staticmethod
    def resolve_key_questions(obj: Principle) -> list[KeyQuestion]:
        return list(obj.key_questions.all())

    @staticmethod
    def resolve_challenges(obj: Principle) -> list[Challenge]:
        return list(obj.challenges.all())

    @staticmethod
    def resolve_url(obj: Principle) -> str:
        return obj.get_absolute_url()


class TargetPictureOut(Schema):
    slug: str
    position: int
    title: str
    description: str


@router.get(
    "/principles",
    response={200: ListOut[PrincipleOut], **errors(422)},
    summary="List the roadmap's principles",
    description=(
        "The eight principles of the national smart-city roadmap, by number, each with its "
        f"key questions and challenges. {LANGUAGE_NOTE}"
    ),
    tags=["roadmap"],
)
def principle_list(
    request: HttpRequest, language: Query[LanguageParams], paging: Query[PageParams]
) -> dict[str, Any]:
    return page(selectors.principle_list().order_by("number"), paging)


@router.get(
    "/principles/{slug}",
    response={200: PrincipleOut, **errors(404, 422)},
    summary="Get a principle",
    description=f"One principle with its key questions and challenges. {LANGUAGE_NOTE}",
    tags=["roadmap"],
)
def principle_detail(request: HttpRequest, slug: str, language: Query[LanguageParams]) -> Principle:
    try:
        return selectors.principle_get(slug=slug)
    except Principle.DoesNotExist as exc:
        raise Http404(f"No principle has the slug '{slug}'.") from exc


@router.get(
    "/target-pictures",
    response={200: ListOut[TargetPictureOut], **errors(422)},
    summary="List the roadmap's target pictures",
    description=f"The six target pictures (målbilder), in the roadmap's order. {LANGUAGE_NOTE}",
    tags=["roadmap"],
)
def target_picture_list(
    request: HttpRequest, language: Query[LanguageParams], paging: Query[PageParams]
) -> dict[str, Any]:
    return page(selectors.target_picture_list().order_by("position", "slug"), paging)
