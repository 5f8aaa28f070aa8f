"""CKAN's action API in: paging through `package_search` and turning a CKAN package into a
DatasetRecord.

Paging: `GET <portal>/api/3/action/package_search?rows=N&start=M` until `count` packages
are read (https://docs.ckan.org/en/latest/api/index.html#ckan.logic.action.get.package_search).

Mapping (a CKAN package → DatasetRecord):

- identity: the package's page on the portal, `<portal>/dataset/<name>`; identifier = id.
- title / notes → title / description. CKAN does not say the language: untagged text counts
  as bokmål (as in rdf.py); ckanext-fluent's `title_translated` / `notes_translated`
  ({"nb"|"no": ..., "en": ...}) are used when present.
- tags → keywords (bokmål); groups → EU data themes when the group's name is a theme code or
  a data-theme URI, else Smartby theme slugs (unknown ones are left out with a warning).
- license_id / license_url → licence: CKAN's own ids (cc-by, odc-odbl, ...) mapped to the
  licence identifiers Smartby knows, else the licence URL, else the id as given.
- organization → publisher name (title); an organisation number is read from the
  organisation's or the package's extras (`orgnr`, `organization_number`, `publisher_orgnr`).
- maintainer / author → contact point; url → landing page; metadata_created / _modified →
  issued / modified.
- extras (DCAT extension keys and common names): issued, modified, frequency
  (accrual_periodicity), access_rights, language, conforms_to, spatial_uri, landing_page,
  contact_email, publisher_name, temporal_start / temporal_end.
- resources → distributions: url = access URL (and download URL for a file format),
  name, description, format (EU file type when known), mimetype, size, last_modified.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from smartby.catalog.records import DatasetRecord, DistributionRecord
from smartby.catalog.vocabularies import DATA_THEME_BASE, file_type

DATA_THEME_CODES = {
    "AGRI",
    "ECON",
    "EDUC",
    "ENER",
    "ENVI",
    "GOVE",
    "HEAL",
    "INTR",
    "JUST",
    "REGI",
    "SOCI",
    "TECH",
    "TRAN",
}

# CKAN's default licence ids → the identifiers Smartby's reference data uses.
LICENCE_ALIASES = {
    "cc-by": "CC-BY-4.0",
    "cc-by-4.0": "CC-BY-4.0",
    "cc-by-sa": "CC-BY-SA-4.0",
    "cc-by-sa-4.0": "CC-BY-SA-4.0",
    "cc-nc": "CC-BY-NC-4.0",
    "cc-zero": "CC0-1.0",
    "cc0": "CC0-1.0",
    "cc0-1.0": "CC0-1.0",
    "odc-odbl": "ODbL-1.0",
    "odbl": "ODbL-1.0",
    "nlod": "NLOD-2.0",
    "nlod-2.0": "NLOD-2.0",
    "nlod-1.0": "NLOD-1.0",
}

# Formats that describe a service rather than a file to download.
SERVICE_FORMATS = {"API", "WMS", "WFS", "WCS", "WMTS", "SPARQL", "HTML", "MQTT", "SIRI"}
ACCESS_RIGHTS = {"PUBLIC", "RESTRICTED", "NON_PUBLIC"}
ORGNR_KEYS = ("orgnr", "organization_number", "organisation_number", "publisher_orgnr")


class CkanError(Exception):
    """A CKAN answer Smartby cannot read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def portal_root(url: str) -> str:
    """The portal's address without a trailing slash and without any `/api/...` part."""
    parts = urlsplit(url.strip())
    path = parts.path
    if "/api/" in path + "/":
        path = path[: (path + "/").index("/api/")]
    return urlunsplit((parts.scheme, parts.netloc, path.rstrip("/"), "", ""))


def search_url(root: str, *, start: int, rows: int) -> str:
    return f"{root}/api/3/action/package_search?" + urlencode({"rows": rows, "start": start})


def parse_search(content: bytes) -> tuple[int, list[dict[str, Any]]]:
    """(count, packages) of a package_search answer; raises CkanError on anything else."""
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CkanError(f"The CKAN answer is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("success") is not True:
        error = data.get("error") if isinstance(data, dict) else None
        detail = f" ({str(error)[:200]})" if error else ""
        raise CkanError(f"The CKAN API did not answer with success{detail}.")
    result = data.get("result")
    if not isinstance(result, dict):
        raise CkanError("The CKAN answer has no result object.")
    count = result.get("count")
    packages = result.get("results")
    if not isinstance(count, int) or count < 0 or not isinstance(packages, list):
        raise CkanError("The CKAN answer has no package count or no list of packages.")
    return count, [p for p in packages if isinstance(p, dict)]


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _date(value: Any) -> date | None:
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    text = _text(value)
    return int(text) if text.isdigit() else None


def _extras(items: Any) -> dict[str, str]:
    extras: dict[str, str] = {}
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("key"), str):
                value = item.get("value")
                extras[item["key"].strip().lower()] = (
                    value if isinstance(value, str) else json.dumps(value)
                )
    return extras


def _translated(package: dict[str, Any], name: str, fallback: str) -> tuple[str, str]:
    """(bokmål, English) of a field, from ckanext-fluent's `<name>_translated` if given."""
    translated = package.get(f"{name}_translated")
    if isinstance(translated, dict):
        nb = _text(translated.get("nb")) or _text(translated.get("no"))
        en = _text(translated.get("en"))
        if nb or en:
            return nb, en
    return _text(package.get(fallback)), ""


def _list(value: str) -> list[str]:
    """A list from an extra: a JSON list, or comma-separated text."""
    text = value.strip()
    if text.startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            items = []
        return [str(i).strip() for i in items if str(i).strip()]
    return [part.strip() for part in text.split(",") if part.strip()]


def _licence(package: dict[str, Any]) -> str:
    licence_id = _text(package.get("license_id"))
    if licence_id.lower() in LICENCE_ALIASES:
        return LICENCE_ALIASES[licence_id.lower()]
    return _text(package.get("license_url")) or licence_id


def _groups(package: dict[str, Any]) -> tuple[list[str], list[str]]:
    data_themes: list[str] = []
    themes: list[str] = []
    for group in package.get("groups") or []:
        if not isinstance(group, dict):
            continue
        name = _text(group.get("name"))
        if name.startswith(DATA_THEME_BASE):
            data_themes.append(name[len(DATA_THEME_BASE) :].strip("/").upper())
        elif name.upper() in DATA_THEME_CODES:
            data_themes.append(name.upper())
        elif name:
            themes.append(name)
    return data_themes, themes


def _distribution(resource: dict[str, Any]) -> DistributionRecord | None:
    url = _text(resource.get("url"))
    if not url:
        return None
    given = _text(resource.get("format"))
    known = file_type(given) or file_type(_text(resource.get("mimetype")))
    code = known.code if known else given.upper()
    return DistributionRecord(
        access_url=url,
        title_nb=_text(resource.get("name")),
        description_nb=_text(resource.get("description")),
        download_url=url if known is not None and code not in SERVICE_FORMATS else "",
        format=code,
        media_type=_text(resource.get("mimetype")) or (known.media_type if known else ""),
        byte_size=_int(resource.get("size")),
        modified=_date(resource.get("last_modified")),
    )


def record_from_package(package: dict[str, Any], *, root: str) -> DatasetRecord:
    """The DatasetRecord of one CKAN package (see the module docstring)."""
    name = _text(package.get("name")) or _text(package.get("id"))
    if not name:
        raise CkanError("The package has neither a name nor an id.")
    extras = _extras(package.get("extras"))
    organization = package.get("organization")
    organization = organization if isinstance(organization, dict) else {}
    org_extras = _extras(organization.get("extras"))
    title_nb, title_en = _translated(package, "title", "title")
    description_nb, description_en = _translated(package, "notes", "notes")
    data_themes, themes = _groups(package)
    orgnr = next(
        (
            value.replace(" ", "")
            for key in ORGNR_KEYS
            for value in (org_extras.get(key, ""), extras.get(key, ""))
            if value.replace(" ", "").isdigit() and len(value.replace(" ", "")) == 9
        ),
        "",
    )
    access = extras.get("access_rights", "").rstrip("/").rsplit("/", 1)[-1].upper()
    frequency = extras.get("frequency") or extras.get("accrual_periodicity", "")
    spatial = [extras["spatial_uri"]] if extras.get("spatial_uri") else []
    languages = [code.lower() for code in _list(extras.get("language", ""))]
    record = DatasetRecord(
        uri=f"{root}/dataset/{name}",
        identifier=_text(package.get("id")) or name,
        title_nb=title_nb,
        title_en=title_en,
        description_nb=description_nb,
        description_en=description_en,
        publisher_name=extras.get("publisher_name", "") or _text(organization.get("title")),
        publisher_orgnr=orgnr,
        contact_name=_text(package.get("maintainer")) or _text(package.get("author")),
        contact_email=extras.get("contact_email", "")
        or _text(package.get("maintainer_email"))
        or _text(package.get("author_email")),
        keywords_nb=[
            _text(tag.get("display_name")) or _text(tag.get("name"))
            for tag in package.get("tags") or []
            if isinstance(tag, dict) and (_text(tag.get("display_name")) or _text(tag.get("name")))
        ],
        data_themes=data_themes,
        themes=themes,
        spatial=spatial,
        temporal_start=_date(extras.get("temporal_start")),
        temporal_end=_date(extras.get("temporal_end")),
        frequency=frequency.rstrip("/").rsplit("/", 1)[-1].upper() if frequency else "",
        issued=_date(extras.get("issued")) or _date(package.get("metadata_created")),
        modified=_date(extras.get("modified")) or _date(package.get("metadata_modified")),
        landing_page=extras.get("landing_page", "") or _text(package.get("url")),
        conforms_to=_list(extras.get("conforms_to", "")),
        languages=[code[:2] for code in languages if code],
        access_rights=access if access in ACCESS_RIGHTS else "",
        licence_uri=_licence(package),
        distributions=[
            d
            for d in (
                _distribution(r) for r in package.get("resources") or [] if isinstance(r, dict)
            )
            if d is not None
        ],
    )
    return record
