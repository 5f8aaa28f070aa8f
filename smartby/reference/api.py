"""API of the reference vocabularies: UN sustainable development goals, EU data themes and
licences."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema

from smartby.core.api import (
    LANGUAGE_NOTE,
    LanguageParams,
    ListOut,
    PageParams,
    errors,
    in_request_language,
    page,
)
from smartby.reference import selectors
from smartby.reference.models import Licence, SdgTarget, SustainableDevelopmentGoal

router = Router()
router.add_decorator(in_request_language, mode="view")


# Outputs


class SdgTargetOut(Schema):
    code: str = Field(examples=["11.2"])
    text: str


class SdgOut(Schema):
    number: int
    short_title: str
    title: str
    colour: str = Field(description="The goal's official colour, `#rrggbb`.")
    targets: list[SdgTargetOut]

    @staticmethod
    def resolve_targets(obj: SustainableDevelopmentGoal) -> list[SdgTarget]:
        return list(obj.targets.all())


class DataThemeOut(Schema):
    code: str = Field(examples=["TRAN"])
    uri: str = Field(description="The theme in the EU data-theme authority table.")
    label: str


class LicenceOut(Schema):
    identifier: str = Field(examples=["NLOD-2.0"])
    title: str
    uri: str
    eu_authority_uri: str = Field(description="The licence in the EU authority table, or empty.")
    is_open: bool

    @staticmethod
    def resolve_title(obj: Licence) -> str:
        # Not every licence has a bokmål title; the English one is better than none.
        return str(obj.title) or obj.title_en


# Operations


@router.get(
    "/sdgs",
    response={200: ListOut[SdgOut], **errors(422)},
    summary="List the sustainable development goals",
    description=f"The UN's 17 goals by number, each with its targets. {LANGUAGE_NOTE}",
    tags=["reference"],
)
def sdg_list(
    request: HttpRequest, language: Query[LanguageParams], paging: Query[PageParams]
) -> dict[str, Any]:
    return page(selectors.sdg_list(), paging)


@router.get(
    "/sdgs/{number}",
    response={200: SdgOut, **errors(404, 422)},
    summary="Get a sustainable development goal",
    description=f"One goal with its targets. {LANGUAGE_NOTE}",
    tags=["reference"],
)
def sdg_detail(
    request: HttpRequest,
    number: Path[int],
    language: Query[LanguageParams],
) -> SustainableDevelopmentGoal:
    try:
        return selectors.sdg_list().get(number=number)
    except SustainableDevelopmentGoal.DoesNotExist as exc:
        raise Http404(f"There is no goal number {number}; the goals are 1–17.") from exc


@router.get(
    "/data-themes",
    response={200: ListOut[DataThemeOut], **errors(422)},
    summary="List the data themes",
    description=(
        f"The EU data themes that DCAT-AP-NO uses to classify datasets, by code. {LANGUAGE_NOTE}"
    ),
    tags=["reference"],
)
def data_theme_list(
    request: HttpRequest, language: Query[LanguageParams], paging: Query[PageParams]
) -> dict[str, Any]:
    return page(selectors.data_theme_list(), paging)


@router.get(
    "/licences",
    response={200: ListOut[LicenceOut], **errors(422)},
    summary="List the licences",
    description=(
        "Licences a dataset can carry, by identifier; `is_open` marks open licences. "
        f"{LANGUAGE_NOTE}"
    ),
    tags=["reference"],
)
def licence_list(
    request: HttpRequest, language: Query[LanguageParams], paging: Query[PageParams]
) -> dict[str, Any]:
    return page(selectors.licence_list(), paging)
