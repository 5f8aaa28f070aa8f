"""A dataset as read from outside (a harvested DCAT record, a CKAN package, a demo file):
plain values, before they meet the database. Harvesters produce records, and
services/records.py `dataset_apply_record` turns one into a Dataset with its distributions,
idempotently (the record's `uri` is the identity)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass
class DistributionRecord:
    access_url: str
    uri: str = ""
    title_nb: str = ""
    title_en: str = ""
    description_nb: str = ""
    description_en: str = ""
    download_url: str = ""
    format: str = ""  # EU file-type code when known (vocabularies.file_type), else as given
    media_type: str = ""
    byte_size: int | None = None
    api_description_url: str = ""
    licence_uri: str = ""
    conforms_to: list[str] = field(default_factory=list)
    rights: str = ""
    modified: date | None = None


@dataclass
class DatasetRecord:
    uri: str  # identity: the RDF subject, or for CKAN the package's URL
    identifier: str = ""
    title_nb: str = ""
    title_en: str = ""
    description_nb: str = ""
    description_en: str = ""
    publisher_uri: str = ""  # e.g. https://data.brreg.no/enhetsregisteret/api/enheter/<orgnr>
    publisher_name: str = ""
    publisher_orgnr: str = ""  # nine digits when known
    contact_name: str = ""
    contact_email: str = ""
    contact_url: str = ""
    contact_phone: str = ""
    keywords_nb: list[str] = field(default_factory=list)
    keywords_en: list[str] = field(default_factory=list)
    data_themes: list[str] = field(default_factory=list)  # EU data-theme codes (TRAN, ...)
    themes: list[str] = field(default_factory=list)  # Smartby theme slugs
    spatial: list[str] = field(default_factory=list)  # municipality numbers or URIs
    temporal_start: date | None = None
    temporal_end: date | None = None
    frequency: str = ""  # EU frequency code
    issued: date | None = None
    modified: date | None = None
    landing_page: str = ""
    conforms_to: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)  # ISO 639-1
    access_rights: str = ""  # PUBLIC / RESTRICTED / NON_PUBLIC
    licence_uri: str = ""
    price_model: str = ""  # free / one_off / subscription / per_call
    price_nok: Decimal | None = None
    price_terms: str = ""
    distributions: list[DistributionRecord] = field(default_factory=list)
