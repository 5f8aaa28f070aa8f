"""Datasets from records read outside (harvested DCAT, CKAN, the demo files): create or
update the dataset a record describes, idempotently, and withdraw the ones a source no
longer lists.

The record's `uri` is the dataset's identity. A SHA-256 fingerprint of the record is kept
in `harvest_hash`: the same record again changes nothing ("unchanged"). Themes, licences
and municipalities are looked up in the reference data by URI or code; values Smartby does
not know are left out and named in a RecordWarning (also on `dataset.record_warnings`),
so the harvest log can show them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import warnings
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from smartby.cases.models import Theme
from smartby.catalog.models import (
    AccessRights,
    Dataset,
    DatasetStatus,
    Distribution,
    Frequency,
    HarvestSource,
    PriceModel,
)
from smartby.catalog.rdf import GEONAMES_BASE, KOMMUNE_BASE
from smartby.catalog.records import DatasetRecord, DistributionRecord
from smartby.catalog.vocabularies import LANGUAGE_URI, file_type
from smartby.organisations.models import Municipality, Organisation
from smartby.reference.models import DataTheme, Licence


class RecordError(Exception):
    """A record that cannot become a dataset (no title, or a URI another source owns)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RecordWarning(UserWarning):
    """Values of a record that were left out because Smartby does not know them."""


def record_fingerprint(record: DatasetRecord) -> str:
    """SHA-256 of every value of the record (distributions included)."""
    payload = json.dumps(dataclasses.asdict(record), sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def record_publisher(record: DatasetRecord, *, default: Organisation) -> Organisation:
    """The organisation the record names (by org number, or by its Smartby URI), else
    `default`."""
    if record.publisher_orgnr:
        found = Organisation.objects.filter(org_number=record.publisher_orgnr).first()
        if found is not None:
            return found
    prefix = f"{settings.SITE_URL}/organisations/"
    if record.publisher_uri.startswith(prefix):
        slug = record.publisher_uri[len(prefix) :].strip("/")
        found = Organisation.objects.filter(slug=slug).first()
        if found is not None:
            return found
    return default


def _norm(uri: str) -> str:
    text = uri.strip().rstrip("/")
    for scheme in ("https://", "http://"):
        if text.startswith(scheme):
            text = text[len(scheme) :]
    return text.lower()


def _licences() -> dict[str, Licence]:
    table: dict[str, Licence] = {}
    for licence in Licence.objects.all():
        for uri in (licence.uri, licence.eu_authority_uri):
            if uri:
                table[_norm(uri)] = licence
        table[licence.identifier.lower()] = licence
    return table


def _field_max(model: type[models.Model], name: str) -> int | None:
    return getattr(model._meta.get_field(name), "max_length", None)


class _Cleaner:
    """Fits record values to the model, collecting what had to be left out."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.warnings: list[str] = []
        self._url = URLValidator(schemes=["http", "https"])
        self._email = EmailValidator()

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def text(self, model: type[models.Model], name: str, value: str) -> str:
        value = (value or "").strip()
        limit = _field_max(model, name)
        return value[:limit] if limit else value

    def url(self, model: type[models.Model], name: str, value: str) -> str:
        value = (value or "").strip()
        if not value:
            return ""
        limit = _field_max(model, name) or 1000
        try:
            self._url(value)
        except ValidationError:
            self.warn(f"{name}: “{value[:80]}” is not a web address; left out.")
            return ""
        if len(value) > limit:
            self.warn(f"{name}: the address is longer than {limit} characters; left out.")
            return ""
        return value

    def urls(self, name: str, values: list[str]) -> list[str]:
        result = []
        for value in values:
            value = (value or "").strip()
            if not value:
                continue
            try:
                self._url(value)
            except ValidationError:
                self.warn(f"{name}: “{value[:80]}” is not a web address; left out.")
                continue
            result.append(value)
        return list(dict.fromkeys(result))

    def email(self, value: str) -> str:
        value = (value or "").strip()
        if not value:
            return ""
        try:
            self._email(value)
        except ValidationError:
            self.warn(f"contact e-mail: “{value[:80]}” is not an e-mail address; left out.")
            return ""
        return value[:254]

    def choice(self, name: str, value: str, choices: list[str], default: str = "") -> str:
        if not value:
            return default
        if value in choices:
            return value
        self.warn(f"{name}: unknown value “{value[:40]}”; left out.")
        return default


def _dataset_values(
    record: DatasetRecord, clean: _Cleaner, licences: dict[str, Licence]
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in (
        "identifier",
        "title_nb",
        "title_en",
        "description_nb",
        "description_en",
        "contact_name",
        "contact_phone",
        "price_terms",
    ):
        values[name] = clean.text(Dataset, name, getattr(record, name))
    if not (values["title_nb"] or values["title_en"]):
        raise RecordError("The dataset has no title.")
    values["contact_email"] = clean.email(record.contact_email)
    values["contact_url"] = clean.url(Dataset, "contact_url", record.contact_url)
    values["landing_page"] = clean.url(Dataset, "landing_page", record.landing_page)
    values["conforms_to"] = clean.urls("conforms_to", record.conforms_to)
    for name in ("keywords_nb", "keywords_en"):
        words = [w.strip()[:100] for w in getattr(record, name) if w and w.strip()]
        values[name] = list(dict.fromkeys(words))
    unknown_languages = [code for code in record.languages if code not in LANGUAGE_URI]
    if unknown_languages:
        clean.warn(f"languages: unknown {', '.join(unknown_languages)[:80]}; left out.")
    values["languages"] = [code for code in record.languages if code in LANGUAGE_URI]
    values["temporal_start"] = record.temporal_start
    values["temporal_end"] = record.temporal_end
    values["issued"] = record.issued
    values["modified"] = record.modified
    values["frequency"] = clean.choice("frequency", record.frequency, Frequency.values)
    values["access_rights"] = clean.choice(
        "access rights", record.access_rights, AccessRights.values
    )
    values["price_model"] = clean.choice(
        "price model", record.price_model, PriceModel.values, default=PriceModel.FREE
    )
    price = record.price_nok
    if values["price_model"] == PriceModel.FREE or price is None or price < 0:
        price = None
    elif abs(price) >= 10**10:
        clean.warn("price: too large; left out.")
        price = None
    values["price_nok"] = price.quantize(price.__class__("0.01")) if price is not None else None
    values["licence"] = None
    values["licence_uri"] = ""
    if record.licence_uri:
        licence = licences.get(_norm(record.licence_uri)) or licences.get(
            record.licence_uri.strip().lower()
        )
        if licence is not None:
            values["licence"] = licence
        else:
            values["licence_uri"] = clean.url(Dataset, "licence_uri", record.licence_uri)
    return values


def _m2m(record: DatasetRecord, clean: _Cleaner) -> dict[str, list[Any]]:
    codes = [
        c.rsplit("/", 1)[-1].upper() if c.startswith(("http:", "https:")) else c.upper()
        for c in record.data_themes
    ]
    data_themes = list(DataTheme.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {t.code for t in data_themes})
    if missing:
        clean.warn(f"EU data themes not known: {', '.join(missing)[:120]}; left out.")
    themes = list(Theme.objects.filter(slug__in=record.themes))
    missing = sorted(set(record.themes) - {t.slug for t in themes})
    if missing:
        clean.warn(f"themes not known: {', '.join(missing)[:120]}; left out.")
    norwegian: list[str] = []
    geonames: list[str] = []
    unknown: list[str] = []
    for value in record.spatial:
        text = value.strip()
        if text.startswith(KOMMUNE_BASE):
            norwegian.append(text[len(KOMMUNE_BASE) :].strip("/"))
        elif text.isdigit() and len(text) == 4:
            norwegian.append(text)
        elif text.replace("http://", "https://").startswith(GEONAMES_BASE):
            geonames.append(text.replace("http://", "https://")[len(GEONAMES_BASE) :].split("/")[0])
        else:
            unknown.append(text)
    places = list(Municipality.objects.filter(country="NO", code__in=norwegian)) + list(
        Municipality.objects.exclude(country="NO").filter(code__in=geonames)
    )
    found = {m.code for m in places}
    unknown += [c for c in norwegian + geonames if c not in found]
    if unknown:
        clean.warn(f"places not known: {', '.join(unknown)[:120]}; left out.")
    return {"data_themes": data_themes, "themes": themes, "spatial": places}


def _distribution_rows(
    dataset: Dataset,
    records: list[DistributionRecord],
    clean: _Cleaner,
    licences: dict[str, Licence],
) -> list[Distribution]:
    rows: list[Distribution] = []
    for position, item in enumerate(records):
        access = clean.url(Distribution, "access_url", item.access_url)
        if not access:
            clean.warn(f"distribution {position + 1}: no usable access URL; left out.")
            continue
        row = Distribution(dataset=dataset, position=len(rows), access_url=access)
        row.uri = clean.url(Distribution, "uri", item.uri)
        for name in ("title_nb", "title_en", "description_nb", "description_en", "rights"):
            setattr(row, name, clean.text(Distribution, name, getattr(item, name)))
        row.download_url = clean.url(Distribution, "download_url", item.download_url)
        row.api_description_url = clean.url(
            Distribution, "api_description_url", item.api_description_url
        )
        known = file_type(item.format) if item.format else None
        if item.format and known is None:
            clean.warn(f"distribution {position + 1}: unknown format “{item.format[:40]}”.")
        row.format = known.code if known else ""
        row.media_type = clean.text(Distribution, "media_type", item.media_type)
        row.byte_size = (
            item.byte_size if item.byte_size is not None and item.byte_size >= 0 else None
        )
        row.conforms_to = clean.urls("conforms_to", item.conforms_to)
        row.modified = item.modified
        if item.licence_uri:
            row.licence = licences.get(_norm(item.licence_uri))
            if row.licence is None:
                clean.warn(
                    f"distribution {position + 1}: licence “{item.licence_uri[:80]}” not known."
                )
        rows.append(row)
    return rows


def _slug_for(record: DatasetRecord, title: str) -> str:
    from smartby.catalog.services.datasets import dataset_unique_slug

    local = f"{settings.SITE_URL}/data/datasets/"
    if record.uri.startswith(local):
        candidate = record.uri[len(local) :].strip("/")
        usable = candidate and slugify(candidate) == candidate and len(candidate) <= 220
        if usable and not Dataset.objects.filter(slug=candidate).exists():
            return candidate
    return dataset_unique_slug(title=title)


@transaction.atomic
def dataset_apply_record(
    *, record: DatasetRecord, source: HarvestSource | None, publisher: Organisation
) -> tuple[Dataset, str]:
    """Create or update the dataset `record` describes; returns it and "created",
    "updated" or "unchanged". `publisher` is the organisation it is published under (see
    record_publisher). Raises RecordError for a record that cannot be used, and warns
    (RecordWarning) about values left out."""
    uri = (record.uri or "").strip()
    if not uri:
        raise RecordError("The dataset has no URI.")
    if len(uri) > 500:
        raise RecordError("The dataset URI is longer than 500 characters.")
    fingerprint = record_fingerprint(record)
    now = timezone.now()
    existing = Dataset.objects.select_for_update().filter(uri=uri).first()
    if existing is not None and source is not None and existing.harvest_source_id != source.pk:
        raise RecordError(
            "A dataset with this URI is already in the catalogue from elsewhere; it is "
            "left as it is."
        )
    if (
        existing is not None
        and existing.harvest_hash == fingerprint
        and existing.status == DatasetStatus.ACTIVE
        and existing.publisher_id == publisher.pk
    ):
        Dataset.objects.filter(pk=existing.pk).update(harvested_at=now)
        existing.harvested_at = now
        existing.record_warnings = []  # type: ignore[attr-defined]
        return existing, "unchanged"

    clean = _Cleaner(uri)
    licences = _licences()
    values = _dataset_values(record, clean, licences)
    m2m = _m2m(record, clean)
    if existing is None:
        dataset = Dataset(uri=uri, **values)
        dataset.slug = _slug_for(record, values["title_nb"] or values["title_en"])
        outcome = "created"
    else:
        dataset = existing
        for name, value in values.items():
            setattr(dataset, name, value)
        dataset.version += 1
        outcome = "updated"
    dataset.publisher = publisher
    dataset.status = DatasetStatus.ACTIVE
    dataset.withdrawn_at = None
    dataset.harvest_source = source
    dataset.harvested_at = now
    dataset.harvest_hash = fingerprint
    dataset.save()
    for name, items in m2m.items():
        getattr(dataset, name).set(items)
    rows = _distribution_rows(dataset, record.distributions, clean, licences)
    if outcome == "created" or _distributions_differ(dataset, rows):
        dataset.distributions.all().delete()
        Distribution.objects.bulk_create(rows)
    from smartby.catalog.services.datasets import datasets_refresh_on_commit

    datasets_refresh_on_commit([dataset.pk])
    dataset.record_warnings = clean.warnings  # type: ignore[attr-defined]
    if clean.warnings:
        warnings.warn(RecordWarning(f"{uri}: " + " ".join(clean.warnings)), stacklevel=2)
    return dataset, outcome


DISTRIBUTION_COMPARED = [
    "uri",
    "title_nb",
    "title_en",
    "description_nb",
    "description_en",
    "access_url",
    "download_url",
    "format",
    "media_type",
    "byte_size",
    "api_description_url",
    "licence_id",
    "conforms_to",
    "rights",
    "modified",
]


def _distributions_differ(dataset: Dataset, rows: list[Distribution]) -> bool:
    current = [
        [getattr(d, name) for name in DISTRIBUTION_COMPARED]
        for d in dataset.distributions.order_by("position", "id")
    ]
    new = [[getattr(d, name) for name in DISTRIBUTION_COMPARED] for d in rows]
    return current != new


def dataset_withdraw(*, dataset: Dataset) -> None:
    """Mark a dataset its source no longer lists as withdrawn (never deleted). A later
    record for it makes it active again."""
    if dataset.status == DatasetStatus.WITHDRAWN:
        return
    datasets_withdraw(dataset_ids=[dataset.pk])
    dataset.refresh_from_db()


_WITHDRAW_CHUNK = 500


def datasets_withdraw(*, dataset_ids: list[int]) -> int:
    """Mark these datasets withdrawn, those not withdrawn already; how many were. A statement
    per 500 datasets, and a quality refresh and reindex per 500 after commit, so a source
    that stops listing thousands of datasets does not cost queries per dataset."""
    from smartby.catalog.services.datasets import datasets_refresh_on_commit

    now = timezone.now()
    withdrawn = 0
    with transaction.atomic():
        for start in range(0, len(dataset_ids), _WITHDRAW_CHUNK):
            chunk = dataset_ids[start : start + _WITHDRAW_CHUNK]
            withdrawn += (
                Dataset.objects.filter(pk__in=chunk)
                .exclude(status=DatasetStatus.WITHDRAWN)
                .update(
                    status=DatasetStatus.WITHDRAWN,
                    withdrawn_at=now,
                    updated_at=now,
                    version=models.F("version") + 1,
                )
            )
            datasets_refresh_on_commit(chunk)
    return withdrawn
