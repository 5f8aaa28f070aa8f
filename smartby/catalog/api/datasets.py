"""The datasets API: GET /datasets (filtered like the /data/ page, with facet counts),
GET /datasets/{id} (everything on the dataset page, quality and availability included),
POST /datasets and PATCH /datasets/{id} with a personal API token.

The same services and rules as the pages decide: bad values answer 422, refused actions
403, unknown datasets 404, a PATCH based on an old `version` 409."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest
from ninja import Field, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.responses import Status as ResponseStatus
from pydantic import BaseModel, ValidationInfo, field_validator

from smartby.accounts.api import optional_auth, token_auth
from smartby.cases.models import Theme
from smartby.catalog.api.base import router
from smartby.catalog.filters import FACETS, DatasetFilters, UnknownValue, Vocabulary
from smartby.catalog.models import (
    AccessRights,
    Dataset,
    DatasetStatus,
    Distribution,
    Frequency,
    PriceModel,
    QualityBand,
)
from smartby.catalog.search import dataset_snippet
from smartby.catalog.selectors.detail import dataset_get_by_id
from smartby.catalog.selectors.discovery import dataset_page
from smartby.catalog.services.datasets import dataset_create, dataset_update
from smartby.core.api import (
    LANGUAGE_NOTE,
    BodySchema,
    FiltersSchema,
    LanguageParams,
    PageParams,
    errors,
    in_request_language,
    unknown_value,
)
from smartby.core.facets import API_FACET_VALUES
from smartby.organisations.models import Municipality, Organisation
from smartby.reference.models import DataTheme, Licence

# Filters


class DatasetFiltersIn(FiltersSchema):
    q: str | None = Field(
        None,
        description="Words to search for in titles, descriptions and keywords (bokmål and "
        "English). Any text is accepted; only the first 1,000 characters are read.",
    )
    theme: list[str] = Field([], description="EU data theme code.", examples=[["TRAN"]])
    network_theme: list[str] = Field([], description="Slug of a network theme or sector.")
    publisher: list[str] = Field([], description="Slug of the publishing organisation.")
    licence: list[str] = Field([], description="Licence identifier.", examples=[["NLOD-2.0"]])
    access: list[str] = Field(
        [], description="Access rights: " + ", ".join(f"`{v}`" for v in AccessRights.values)
    )
    price_model: list[str] = Field(
        [], description="Price model: " + ", ".join(f"`{v}`" for v in PriceModel.values)
    )
    format: list[str] = Field(
        [], description="EU file-type code of a distribution.", examples=[["CSV"]]
    )
    municipality: list[str] = Field(
        [], description="Municipality number the data covers.", examples=[["0301"]]
    )
    quality_band: list[str] = Field(
        [], description="Metadata quality: " + ", ".join(f"`{v}`" for v in QualityBand.values)
    )
    withdrawn: Literal["yes"] | None = Field(
        None, description="`yes`: include withdrawn datasets (they have `status` withdrawn)."
    )
    sort: Literal["relevance", "title", "modified", "quality"] | None = Field(
        None, description="Order; `relevance` (the default with `q`) or `title` (otherwise)."
    )

    @field_validator(*FACETS, mode="after")
    @classmethod
    def _known(cls, values: list[Any], info: ValidationInfo) -> list[str]:
        name = info.field_name or ""
        given = [str(v) for v in values if str(v).strip()]
        try:
            return Vocabulary().check(name, given)
        except UnknownValue as exc:
            raise unknown_value(name.replace("_", " "), exc.value, exc.allowed) from exc

    def filters(self) -> DatasetFilters:
        return DatasetFilters(
            q=(self.q or "").strip()[:1000],
            sort=self.sort or "",
            withdrawn=self.withdrawn == "yes",
            **{name: list(getattr(self, name)) for name in FACETS},
        )


# Outputs


class PublisherOut(Schema):
    id: int
    slug: str
    name: str


class DatasetOut(Schema):
    id: int
    slug: str
    uri: str = Field(description="The dataset's identity in DCAT.")
    url: str = Field(description="Path of the dataset's web page.")
    title: str
    description: str
    publisher: PublisherOut
    themes: list[str] = Field(description="EU data theme codes.")
    network_themes: list[str] = Field(description="Network theme and sector slugs.")
    municipalities: list[str] = Field(description="Numbers of the municipalities covered.")
    formats: list[str] = Field(description="EU file-type codes of the distributions.")
    licence: str | None = Field(description="Licence identifier, if a known one.")
    access_rights: str = Field(description="`PUBLIC`, `RESTRICTED`, `NON_PUBLIC` or empty.")
    price_model: PriceModel
    price_nok: Decimal | None
    quality_points: int
    quality_band: QualityBand
    status: DatasetStatus
    modified: date | None
    harvested: bool = Field(description="Harvested from another catalogue (not editable here).")
    is_demo: bool = Field(description="Fictional demo content.")
    snippet: str | None = Field(
        None, description="With `q`: HTML excerpt of the description, matches in <mark>."
    )


# A plain pydantic model, not a ninja Schema: a list answers hundreds of these, and a Schema
# reads each through its attribute getter (a third of the endpoint's time).
class FacetValueOut(BaseModel):
    value: str
    label: str
    count: int = Field(description="Datasets with this value among those matching the others.")


class DatasetListOut(Schema):
    count: int = Field(description="Datasets matching the filters, over all pages.")
    results: list[DatasetOut]
    facets: dict[str, list[FacetValueOut]] = Field(
        description="Per filter, its values with counts, each over the datasets matching "
        "every other filter (what choosing that value alone gives); at most the "
        f"{API_FACET_VALUES} largest per filter, plus the chosen ones."
    )


class QualityDimensionOut(Schema):
    points: int
    max: int


class QualityIndicatorOut(Schema):
    dimension: str = ""
    key: str = ""
    label: str = ""
    points: int = 0
    max: int = 0
    met: bool = False


class QualityOut(Schema):
    """The data.europa.eu Metadata Quality Assessment of the dataset's description."""

    points: int = Field(description="Points reached.")
    max_points: int = Field(description="Points possible.")
    band: QualityBand
    dimensions: dict[str, QualityDimensionOut] = Field(
        description="Per MQA dimension (findability, accessibility, interoperability, "
        "reusability, contextuality): points reached and possible."
    )
    indicators: list[QualityIndicatorOut] = Field(description="Each indicator, met or not.")
    improve: list[str] = Field(default=[], description="How to improve, most points first.")


class LinkCheckOut(Schema):
    checked_at: datetime
    kind: str
    ok: bool
    status: int | None
    response_ms: int | None


class AvailabilityOut(Schema):
    last_checked_at: datetime | None
    last_ok_at: datetime | None
    last_status: int | None
    last_response_ms: int | None
    last_error: str
    availability_30d: float | None = Field(description="Share of good checks over 30 days, 0–1.")
    checks: list[LinkCheckOut] = Field(description="The checks of the last 30 days, oldest first.")


class DistributionOut(Schema):
    id: int
    title: str
    title_nb: str
    title_en: str
    access_url: str
    download_url: str
    format: str
    media_type: str
    byte_size: int | None
    api_description_url: str
    licence: str | None
    availability: AvailabilityOut


class CaseRefOut(Schema):
    id: int
    slug: str
    title: str
    url: str


class DatasetDetailOut(DatasetOut):
    version: int = Field(description="Send it back with PATCH; 409 if it changed since.")
    title_nb: str
    title_en: str
    description_nb: str
    description_en: str
    identifier: str
    contact_name: str
    contact_email: str
    contact_url: str
    contact_phone: str
    keywords_nb: list[str]
    keywords_en: list[str]
    temporal_start: date | None
    temporal_end: date | None
    frequency: str
    issued: date | None
    landing_page: str
    conforms_to: list[str]
    languages: list[str]
    licence_uri: str
    price_terms: str
    withdrawn_at: datetime | None
    harvest_source: str | None = Field(description="Name of the catalogue it is harvested from.")
    quality: QualityOut
    distributions: list[DistributionOut]
    used_in_cases: list[CaseRefOut] = Field(description="Published cases you may see.")


def _named(dataset: Dataset, attribute: str, read: Callable[[], list[str]]) -> list[str]:
    """What a list row (selectors.discovery) carries already, else read from the links."""
    named = getattr(dataset, attribute, None)
    return list(named) if named is not None else read()


def _formats(dataset: Dataset) -> list[str]:
    return _named(
        dataset, "distribution_formats", lambda: [d.format for d in dataset.distributions.all()]
    )


def _summary(dataset: Dataset) -> dict[str, Any]:
    return {
        "id": dataset.pk,
        "slug": dataset.slug,
        "uri": dataset.uri,
        "url": dataset.get_absolute_url(),
        "title": str(dataset.title),
        "description": str(dataset.description),
        "publisher": {
            "id": dataset.publisher.pk,
            "slug": dataset.publisher.slug,
            "name": dataset.publisher.name,
        },
        "themes": _named(
            dataset, "theme_codes", lambda: [t.code for t in dataset.data_themes.all()]
        ),
        "network_themes": _named(
            dataset, "network_theme_slugs", lambda: [t.slug for t in dataset.themes.all()]
        ),
        "municipalities": _named(
            dataset, "municipality_codes", lambda: [m.code for m in dataset.spatial.all()]
        ),
        "formats": list(dict.fromkeys(f for f in _formats(dataset) if f)),
        "licence": dataset.licence.identifier if dataset.licence else None,
        "access_rights": dataset.access_rights,
        "price_model": dataset.price_model,
        "price_nok": dataset.price_nok,
        "quality_points": dataset.quality_points,
        "quality_band": dataset.quality_band,
        "status": dataset.status,
        "modified": dataset.modified,
        "harvested": dataset.harvest_source_id is not None,
        "is_demo": dataset.is_demo,
        "snippet": getattr(dataset, "snippet", None),
    }


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def quality_out(dataset: Dataset) -> dict[str, Any]:
    """The stored quality JSON in the documented shape (missing parts are empty), so a
    partial or older breakdown never breaks the response."""
    stored = dataset.quality if isinstance(dataset.quality, dict) else {}
    dimensions = stored.get("dimensions") if isinstance(stored.get("dimensions"), dict) else {}
    indicators = stored.get("indicators") if isinstance(stored.get("indicators"), list) else []
    improve = stored.get("improve") if isinstance(stored.get("improve"), list) else []
    band = stored.get("band")
    return {
        "points": _int(stored.get("points", dataset.quality_points)),
        "max_points": _int(stored.get("max_points")),
        "band": band if band in QualityBand.values else dataset.quality_band,
        "dimensions": {
            str(name): {"points": _int(v.get("points")), "max": _int(v.get("max"))}
            for name, v in (dimensions or {}).items()
            if isinstance(v, dict)
        },
        "indicators": [
            {
                "dimension": str(i.get("dimension", "")),
                "key": str(i.get("key", "")),
                "label": str(i.get("label", "")),
                "points": _int(i.get("points")),
                "max": _int(i.get("max")),
                "met": bool(i.get("met")),
            }
            for i in (indicators or [])
            if isinstance(i, dict)
        ],
        "improve": [str(text) for text in (improve or [])],
    }


def _distribution(d: Distribution) -> dict[str, Any]:
    return {
        "id": d.pk,
        "title": str(d.title),
        "title_nb": d.title_nb,
        "title_en": d.title_en,
        "access_url": d.access_url,
        "download_url": d.download_url,
        "format": d.format,
        "media_type": d.media_type,
        "byte_size": d.byte_size,
        "api_description_url": d.api_description_url,
        "licence": d.licence.identifier if d.licence else None,
        "availability": {
            "last_checked_at": d.last_checked_at,
            "last_ok_at": d.last_ok_at,
            "last_status": d.last_status,
            "last_response_ms": d.last_response_ms,
            "last_error": d.last_error,
            "availability_30d": d.availability_30d,
            "checks": [
                {
                    "checked_at": c.checked_at,
                    "kind": c.kind,
                    "ok": c.ok,
                    "status": c.status,
                    "response_ms": c.response_ms,
                }
                for c in getattr(d, "checks", [])
            ],
        },
    }


def _detail(dataset: Dataset) -> dict[str, Any]:
    plain = [
        "version",
        "title_nb",
        "title_en",
        "description_nb",
        "description_en",
        "identifier",
        "contact_name",
        "contact_email",
        "contact_url",
        "contact_phone",
        "keywords_nb",
        "keywords_en",
        "temporal_start",
        "temporal_end",
        "frequency",
        "issued",
        "landing_page",
        "conforms_to",
        "languages",
        "licence_uri",
        "price_terms",
        "withdrawn_at",
    ]
    return {
        **_summary(dataset),
        **{name: getattr(dataset, name) for name in plain},
        "harvest_source": dataset.harvest_source.name if dataset.harvest_source else None,
        "quality": quality_out(dataset),
        "distributions": [_distribution(d) for d in dataset.distributions.all()],
        "used_in_cases": [
            {"id": c.pk, "slug": c.slug, "title": c.title, "url": c.get_absolute_url()}
            for c in dataset.visible_cases  # type: ignore[attr-defined]
        ],
    }


def _get(pk: int, viewer: Any) -> Dataset:
    try:
        return dataset_get_by_id(pk=pk, viewer=viewer)
    except Dataset.DoesNotExist as exc:
        raise Http404(f"No dataset with id {pk}.") from exc


# Reading


@router.get(
    "/datasets",
    response={200: DatasetListOut, **errors(401, 422)},
    auth=optional_auth,
    summary="List datasets",
    description=(
        "The data catalogue, filtered like the /data/ page. Filters repeat for alternatives "
        "(`theme=TRAN&theme=ENVI`); different filters all apply. Withdrawn datasets are left "
        "out unless `withdrawn=yes`. Facets: "
        + ", ".join(f"`{name}`" for name in FACETS)
        + ". "
        + LANGUAGE_NOTE
    ),
    tags=["datasets"],
)
@decorate_view(in_request_language)
def dataset_list_api(
    request: HttpRequest,
    filters: Query[DatasetFiltersIn],
    paging: Query[PageParams],
    language: Query[LanguageParams],
) -> dict[str, Any]:
    parsed = filters.filters()
    found = dataset_page(
        filters=parsed,
        vocabulary=Vocabulary(),
        offset=paging.offset,
        limit=paging.limit,
        facets_shown=API_FACET_VALUES,
    )
    results = found.datasets
    if parsed.q:
        for dataset in results:
            dataset.snippet = dataset_snippet(  # type: ignore[attr-defined]
                str(dataset.description), parsed.q
            )
    facets = found.facets
    return {
        "count": found.count,
        "results": [_summary(d) for d in results],
        "facets": {
            name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
            for name, values in facets.items()
        },
    }


@router.get(
    "/datasets/{int:dataset_id}",
    response={200: DatasetDetailOut, **errors(401, 404, 422)},
    auth=optional_auth,
    summary="Get a dataset with its distributions, quality and availability",
    description="Everything on the dataset's page: all DCAT-AP-NO fields, price and terms, "
    "the distributions with their availability (link checks of the last 30 days), the "
    "metadata quality breakdown and the published cases using it. " + LANGUAGE_NOTE,
    tags=["datasets"],
)
@decorate_view(in_request_language)
def dataset_detail_api(
    request: HttpRequest, dataset_id: int, language: Query[LanguageParams]
) -> dict[str, Any]:
    return _detail(_get(dataset_id, request.user))


# Writing


class DistributionIn(BodySchema):
    id: int | None = Field(None, description="Keep this existing distribution (and its history).")
    title_nb: str = Field("", max_length=300)
    title_en: str = Field("", max_length=300)
    access_url: str = Field(max_length=1000, description="Required.")
    download_url: str = Field("", max_length=1000)
    format: str = Field("", max_length=40, description="EU file-type code, e.g. CSV.")
    media_type: str = Field("", max_length=120, description="Defaults from the format.")
    byte_size: int | None = Field(None, ge=0)
    api_description_url: str = Field("", max_length=1000)
    licence: str | None = Field(None, description="Licence identifier.")


class DatasetFieldsIn(BodySchema):
    title_nb: str | None = Field(None, max_length=300)
    title_en: str | None = Field(None, max_length=300)
    description_nb: str | None = Field(None, max_length=20000)
    description_en: str | None = Field(None, max_length=20000)
    identifier: str | None = Field(None, max_length=300)
    contact_name: str | None = Field(None, max_length=200)
    contact_email: str | None = Field(None, max_length=254)
    contact_url: str | None = Field(None, max_length=500)
    contact_phone: str | None = Field(None, max_length=40)
    keywords_nb: list[str] | None = None
    keywords_en: list[str] | None = None
    themes: list[str] | None = Field(None, description="EU data theme codes.")
    network_themes: list[str] | None = Field(None, description="Network theme slugs.")
    municipalities: list[str] | None = Field(None, description="Municipality numbers.")
    temporal_start: date | None = None
    temporal_end: date | None = None
    frequency: Frequency | None = None
    issued: date | None = None
    modified: date | None = None
    landing_page: str | None = Field(None, max_length=500)
    conforms_to: list[str] | None = Field(None, description="URLs of standards.")
    languages: list[str] | None = Field(None, description="ISO 639-1 codes (nb, nn, en, ...).")
    access_rights: AccessRights | None = None
    licence: str | None = Field(None, description="Licence identifier, e.g. NLOD-2.0.")
    licence_uri: str | None = Field(None, max_length=500)
    price_model: PriceModel | None = None
    price_nok: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    price_terms: str | None = Field(None, max_length=5000)
    status: DatasetStatus | None = None
    distributions: list[DistributionIn] | None = Field(
        None, description="Replaces the whole list; rows with an `id` keep that distribution."
    )


class DatasetIn(DatasetFieldsIn):
    publisher: int = Field(description="Id of an organisation you edit.")


class DatasetPatchIn(DatasetFieldsIn):
    version: int = Field(description="The `version` you read; 409 if the dataset changed since.")


_M2M: dict[str, tuple[str, type[Model], str]] = {
    "themes": ("data_themes", DataTheme, "code"),
    "network_themes": ("themes", Theme, "slug"),
    "municipalities": ("spatial", Municipality, "code"),
}


def _lookup(model: type[Model], field: str, values: list[Any], name: str) -> list[Any]:
    found = list(model._default_manager.filter(**{f"{field}__in": values}))
    known = {getattr(o, field) for o in found}
    missing = [str(v) for v in values if v not in known]
    if missing:
        raise HttpError(422, f"{name}: unknown value(s) {', '.join(missing[:5])}")
    return found


def _licence(identifier: str | None, name: str) -> Licence | None:
    if not identifier:
        return None
    return _lookup(Licence, "identifier", [identifier], name)[0]  # type: ignore[no-any-return]


def _service_args(payload: DatasetFieldsIn) -> tuple[dict[str, Any], list[dict[str, Any]] | None]:
    sent = payload.model_dump(exclude_unset=True)
    sent.pop("publisher", None)
    sent.pop("version", None)
    distributions = sent.pop("distributions", None) if "distributions" in sent else None
    for name, (field, model, column) in _M2M.items():
        if name in sent:
            sent[field] = _lookup(model, column, sent.pop(name) or [], name)
    if "licence" in sent:
        sent["licence"] = _licence(sent["licence"], "licence")
    for name in ("price_model", "status"):
        if name in sent and sent[name] is None:
            raise HttpError(422, f"{name}: may be left out but not null")
    for name in ("keywords_nb", "keywords_en", "conforms_to", "languages"):
        if name in sent and sent[name] is None:
            sent[name] = []
    rows = None
    if distributions is not None:
        rows = []
        for number, row in enumerate(distributions, start=1):
            row = {k: v for k, v in row.items() if not (k == "id" and v is None)}
            if "licence" in row:
                row["licence"] = _licence(row["licence"], f"distributions[{number}].licence")
            rows.append(row)
    return sent, rows


def _unprocessable(exc: ValidationError) -> HttpError:
    if hasattr(exc, "error_dict"):
        detail = "; ".join(
            f"{name}: {' '.join(m for e in errs for m in e.messages)}"
            for name, errs in exc.error_dict.items()
        )
    else:
        detail = " ".join(exc.messages)
    return HttpError(422, detail)


@router.post(
    "/datasets",
    response={201: DatasetDetailOut, **errors(401, 403, 415, 422)},
    auth=token_auth,
    summary="Publish a dataset",
    description="`publisher` must be an organisation you edit (403 otherwise). Its URI is "
    "made from the site's address and the new slug.",
    tags=["datasets"],
)
@decorate_view(in_request_language)
def dataset_create_api(request: HttpRequest, payload: DatasetIn) -> ResponseStatus:
    publisher = Organisation.objects.filter(pk=payload.publisher).first()
    if publisher is None:
        raise HttpError(422, f"publisher: no organisation with id {payload.publisher}")
    fields, rows = _service_args(payload)
    try:
        dataset = dataset_create(
            actor=request.user, publisher=publisher, fields=fields, distributions=rows
        )
    except ValidationError as exc:
        raise _unprocessable(exc) from exc
    return ResponseStatus(201, _detail(_get(dataset.pk, request.user)))


@router.patch(
    "/datasets/{int:dataset_id}",
    response={200: DatasetDetailOut, **errors(401, 403, 404, 409, 415, 422)},
    auth=token_auth,
    summary="Change a dataset",
    description="Send the `version` you read; fields left out stay as they are; "
    "`distributions` replaces the whole list. 409 when the dataset changed since you read "
    "it; 403 for harvested datasets and datasets of publishers you do not edit.",
    tags=["datasets"],
)
@decorate_view(in_request_language)
def dataset_update_api(
    request: HttpRequest, dataset_id: int, payload: DatasetPatchIn
) -> dict[str, Any]:
    dataset = _get(dataset_id, request.user)
    fields, rows = _service_args(payload)
    try:
        dataset_update(
            dataset=dataset,
            actor=request.user,
            expected_version=payload.version,
            fields=fields,
            distributions=rows,
        )
    except ValidationError as exc:
        raise _unprocessable(exc) from exc
    return _detail(_get(dataset.pk, request.user))
