"""API of municipalities, counties and organisations (the actor directory)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import AfterValidator, field_validator

from smartby.core.api import FiltersSchema, ListOut, PageParams, errors, page, unknown_value
from smartby.organisations import selectors
from smartby.organisations.models import County, Municipality, Organisation, OrganisationKind

router = Router()

ALL_COUNTRIES = "all"


def _known_county(value: str) -> str:
    numbers = selectors.county_numbers()
    if value not in numbers:
        raise unknown_value("county number", value, numbers)
    return value


def _known_network(value: str) -> str:
    slugs = [slug for slug, _name in selectors.network_choices()]
    if value not in slugs:
        raise unknown_value("network", value, slugs)
    return value


KnownCounty = Annotated[str, AfterValidator(_known_county)]
KnownNetwork = Annotated[str, AfterValidator(_known_network)]


# Inputs


class MunicipalityFilters(FiltersSchema):
    country: str = Field(
        "NO",
        description="ISO 3166-1 alpha-2 country code, or `all` for every country.",
        examples=["NO", "all"],
    )
    county: KnownCounty | None = Field(None, description="County number.", examples=["03"])
    network: KnownNetwork | None = Field(
        None,
        description="Slug of a network: keeps its current member municipalities.",
        examples=["smartbyene", "nordic-smart-city-network"],
    )
    q: str | None = Field(
        None, max_length=100, description="Part of the name, or the municipality number."
    )

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        if value.lower() == ALL_COUNTRIES:
            return ALL_COUNTRIES
        countries = selectors.municipality_countries()
        if value.upper() not in countries:
            raise unknown_value("country", value, [ALL_COUNTRIES, *countries])
        return value.upper()


class OrganisationFilters(FiltersSchema):
    kind: OrganisationKind | None = Field(None, description="Penta-helix group.")
    municipality: str | None = Field(
        None, description="Slug of the municipality it is based in.", examples=["oslo"]
    )
    county: KnownCounty | None = Field(
        None,
        description="County number: organisations in the county or in its municipalities.",
        examples=["03"],
    )
    network: KnownNetwork | None = Field(
        None,
        description="Slug of a network: keeps its current members.",
        examples=["smartbyene"],
    )
    q: str | None = Field(
        None, max_length=100, description="Words in the name, description or municipality."
    )

    @field_validator("municipality")
    @classmethod
    def _known_municipality(cls, value: str) -> str:
        if not selectors.municipality_exists(slug=value):
            raise unknown_value("municipality", value)
        return value


# Outputs


class CountyRefOut(Schema):
    number: str
    name: str


class MunicipalityRefOut(Schema):
    slug: str
    name: str
    country: str


class MunicipalityOut(Schema):
    code: str = Field(description="Kommunenummer; for other countries the GeoNames id.")
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    slug: str
    name: str
    name_official: str
    name_en: str
    parallel_names: str = Field(description="Sami or Kven name(s), as Kartverket gives them.")
    county: CountyRefOut | None
    admin_centre: str
    population: int | None
    population_year: int | None
    latitude: float | None
    longitude: float | None
    url: str = Field(description="Path of the municipality's web page.")

    @staticmethod
    def resolve_url(obj: Municipality) -> str:
        return obj.get_absolute_url()


class CountyOut(Schema):
    number: str
    name: str
    name_official: str
    is_sami_administrative_area: bool
    population: int | None
    population_year: int | None
    municipality_count: int


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: OrganisationKind
    municipality: MunicipalityRefOut | None
    county: CountyRefOut | None
    org_number: str = Field(description="Norwegian organisation number, or empty.")
    website: str
    email: str = Field(description="Public contact address, or empty.")
    description: str = Field(description="Markdown.")
    is_demo: bool = Field(description="Fictional demo content.")
    url: str = Field(description="Path of the organisation's web page.")

    @staticmethod
    def resolve_url(obj: Organisation) -> str:
        return obj.get_absolute_url()


# Operations


@router.get(
    "/municipalities",
    response={200: ListOut[MunicipalityOut], **errors(422)},
    summary="List municipalities",
    description=(
        "Norwegian municipalities by default (`country=NO`); `country=all` adds the other "
        "cities of the Nordic Smart City Network. Ordered by name. Facets: `county` (by "
        "county number) and, with `country=all`, `country`."
    ),
    tags=["municipalities"],
)
def municipality_list(
    request: HttpRequest, filters: Query[MunicipalityFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    queryset = selectors.municipality_list(
        country=None if filters.country == ALL_COUNTRIES else filters.country,
        county=filters.county or "",
        network=filters.network or "",
        q=filters.q or "",
    )
    facets = {"county": selectors.municipality_county_facets(queryset=queryset)}
    if filters.country == ALL_COUNTRIES:
        facets["country"] = selectors.municipality_country_facets(queryset=queryset)
    return page(queryset, paging, facets)


@router.get(
    "/municipalities/{slug}",
    response={200: MunicipalityOut, **errors(404)},
    summary="Get a municipality",
    tags=["municipalities"],
)
def municipality_detail(request: HttpRequest, slug: str) -> Municipality:
    try:
        return selectors.municipality_get(slug=slug)
    except Municipality.DoesNotExist as exc:
        raise Http404(f"No municipality has the slug '{slug}'.") from exc


@router.get(
    "/counties",
    response={200: ListOut[CountyOut], **errors(422)},
    summary="List counties",
    description="The Norwegian counties (fylker, 2024 numbering), ordered by number.",
    tags=["counties"],
)
def county_list(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    return page(selectors.county_list().order_by("number"), paging)


@router.get(
    "/counties/{number}",
    response={200: CountyOut, **errors(404)},
    summary="Get a county",
    tags=["counties"],
)
def county_detail(request: HttpRequest, number: str) -> County:
    try:
        return selectors.county_get(number=number)
    except County.DoesNotExist as exc:
        raise Http404(f"No county has the number '{number}'.") from exc


@router.get(
    "/organisations",
    response={200: ListOut[OrganisationOut], **errors(422)},
    summary="List organisations",
    description=(
        "The actor directory: municipalities, county authorities, agencies, businesses, "
        "academia, civil society and finance. Ordered by name. Facet: `kind`."
    ),
    tags=["organisations"],
)
def organisation_list(
    request: HttpRequest, filters: Query[OrganisationFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    queryset = selectors.organisation_list(
        filters=selectors.OrganisationFilters(
            q=filters.q or "",
            kind=filters.kind or "",
            county=filters.county or "",
            municipality=filters.municipality or "",
            network=filters.network or "",
        )
    )
    kinds = selectors.organisation_kind_facets(queryset=queryset)
    facets = {"kind": dict(sorted(kinds.items()))}
    return page(queryset, paging, facets)


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationOut, **errors(404)},
    summary="Get an organisation",
    tags=["organisations"],
)
def organisation_detail(request: HttpRequest, slug: str) -> Organisation:
    try:
        return selectors.organisation_get(slug=slug)
    except Organisation.DoesNotExist as exc:
        raise Http404(f"No organisation has the slug '{slug}'.") from exc
