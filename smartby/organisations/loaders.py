"""Reference loaders: counties, municipalities, the Nordic network's cities, and one
organisation per public authority. Idempotent; see smartby.reference.registry."""

from __future__ import annotations

from collections import Counter

from smartby.core.text import slugify_nordic
from smartby.organisations.models import County, Municipality, Organisation, OrganisationKind
from smartby.reference.registry import LoadResult, read_csv, upsert

OSLO_COUNTY = "03"  # Oslo kommune is also the county authority: no separate organisation.


def _int(value: str) -> int | None:
    return int(value) if value.strip() else None


def load_counties() -> LoadResult:
    result = LoadResult()
    for row in read_csv("norwegian_counties.csv"):
        _, r = upsert(
            County,
            {"number": row["county_number"]},
            {
                "name": row["name_nor"],
                "name_official": row["name_official"],
                "name_sme": row["name_sme"],
                "name_sma": row["name_sma"],
                "name_smj": row["name_smj"],
                "name_fkv": row["name_fkv"],
                "is_sami_administrative_area": row["sami_administrative_area"] == "true",
                "population": _int(row["population"]),
                "population_year": _int(row["population_year"]),
            },
        )
        result.add(r)
    return result


def _slugs() -> dict[tuple[str, str], str]:
    """One slug per (country, code): the name, or name and code where names repeat
    (Herøy, Våler and Nes exist twice in Norway)."""
    municipalities = [
        ("NO", row["kommunenummer"], row["name_norwegian"])
        for row in read_csv("norwegian_municipalities.csv")
    ] + [
        (row["country_code"], row["geonames_id"], row["name_en"])
        for row in read_csv("nordic_network_cities.csv")
        if row["country_code"] != "NO"
    ]
    counts = Counter(slugify_nordic(name) for _, _, name in municipalities)
    slugs = {}
    for country, code, name in municipalities:
        base = slugify_nordic(name)
        slugs[(country, code)] = base if counts[base] == 1 else f"{base}-{code}"
    return slugs


def load_municipalities() -> LoadResult:
    result = LoadResult()
    counties = {c.number: c for c in County.objects.all()}
    slugs = _slugs()
    for row in read_csv("norwegian_municipalities.csv"):
        code = row["kommunenummer"]
        _, r = upsert(
            Municipality,
            {"country": "NO", "code": code},
            {
                "slug": slugs[("NO", code)],
                "name": row["name_norwegian"],
                "name_official": row["name_official"],
                "parallel_names": row["parallel_names"],
                "county": counties[row["county_number"]],
                "admin_centre": row["admin_centre"],
                "population": _int(row["population"]),
                "population_year": _int(row["population_year"]),
                "population_note": "SSB 07459",
                "latitude": float(row["interior_point_lat"]),
                "longitude": float(row["interior_point_lon"]),
            },
        )
        result.add(r)
    return result


def load_nordic_cities() -> LoadResult:
    """The Nordic Smart City Network's cities; Norwegian ones are already municipalities."""
    result = LoadResult()
    slugs = _slugs()
    capitals = {"København", "Helsinki", "Reykjavík", "Oslo", "Stockholm"}
    for row in read_csv("nordic_network_cities.csv"):
        common = {
            "name_en": row["name_en"],
            "is_capital": row["name_local"] in capitals,
        }
        if row["country_code"] == "NO":
            _, r = upsert(Municipality, {"country": "NO", "code": row["kommunenummer"]}, common)
        else:
            _, r = upsert(
                Municipality,
                {"country": row["country_code"], "code": row["geonames_id"]},
                {
                    **common,
                    "slug": slugs[(row["country_code"], row["geonames_id"])],
                    "name": row["name_local"],
                    "name_official": row["name_local"],
                    "population": _int(row["population"]),
                    "population_year": _int(row["population_year"]),
                    "population_note": "GeoNames",
                    "latitude": float(row["latitude"]),
                    "longitude": float(row["longitude"]),
                    "geonames_id": _int(row["geonames_id"]),
                },
            )
        result.add(r)
    return result


def load_public_organisations() -> LoadResult:
    """One organisation per municipality and per county authority, linked to its record."""
    result = LoadResult()
    existing = {
        o.municipality_id: o
        for o in Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
    }
    for m in Municipality.objects.select_related("county"):
        name = f"{m.name} kommune" if m.country == "NO" else m.name
        values = {"name": name, "county": m.county, "is_reference": True}
        org = existing.get(m.pk)
        if org is None:
            slug = f"{m.slug}-kommune" if m.country == "NO" else f"{m.slug}-{m.country.lower()}"
            Organisation.objects.create(
                kind=OrganisationKind.MUNICIPALITY, municipality=m, slug=slug, **values
            )
            result.created += 1
            continue
        _, r = upsert(Organisation, {"pk": org.pk}, values)
        result.add(r)
    for county in County.objects.exclude(number=OSLO_COUNTY):
        _, r = upsert(
            Organisation,
            {"kind": OrganisationKind.COUNTY, "county": county, "is_reference": True},
            {
                "name": f"{county.name} fylkeskommune",
                "slug": f"{slugify_nordic(county.name)}-fylkeskommune",
            },
        )
        result.add(r)
    return result
