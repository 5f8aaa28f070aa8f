"""Metadata quality of datasets, after the data.europa.eu Metadata Quality Assessment (MQA)
method (data.europa.eu, "Metadata Quality Assessment Methodology"; the indicator tables are
reproduced in the mjanez/ckan-mqa README).

Five dimensions, 405 points in all:
- findability: keywords 30, categories (EU data themes) 30, spatial coverage 20,
  temporal coverage 20;
- accessibility: access URL accessible 50, download URL given 20, download URL accessible 30;
- interoperability: format 20, media type 10, format or media type from a vocabulary 10,
  non-proprietary format 20, machine-readable format 20, DCAT-AP compliance 30;
- reusability: licence 20, licence from a vocabulary 10, access rights 10, access rights from
  the vocabulary 5, contact point 20, publisher 10;
- contextuality: rights 5, byte size 5, date of issue 5, modification date 5.
Bands: excellent 351–405, good 221–350, sufficient 121–220, bad 0–120.

How Smartby applies it:
- Distribution-level indicators give their points times the share of the dataset's
  distributions that meet them (MQA scores distributions the same way and averages them); a
  dataset without distributions gets none of them.
- "Accessible" is the availability over 30 days the link checker records for the address
  (the share of successful checks); an address never checked counts as not accessible.
- DCAT-AP compliance: running SHACL on every save is too costly, so the 30 points go to a
  description with every DCAT-AP-NO mandatory property (title, description, publisher, an EU
  data theme, an identifier) and an access URL on every distribution — what the DCAT-AP-NO
  shapes require of the export (tests/catalog/test_shacl.py checks the export itself).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from smartby.catalog.models import Dataset, Distribution, QualityBand
from smartby.catalog.vocabularies import file_type

MAX_POINTS = 405
BANDS = ((351, QualityBand.EXCELLENT), (221, QualityBand.GOOD), (121, QualityBand.SUFFICIENT))


@dataclass(frozen=True)
class Indicator:
    dimension: str
    key: str
    label: Any
    max: int
    improve: Any
    # Dataset level: yes/no for the dataset; distribution level: share of distributions.
    dataset: Callable[[Dataset], bool] | None = None
    distribution: Callable[[Distribution], float] | None = None


def _known_format(d: Distribution) -> float:
    return 1.0 if file_type(d.format) or file_type(d.media_type) else 0.0


def _type_flag(d: Distribution, attr: str) -> float:
    known = file_type(d.format) or file_type(d.media_type)
    return 1.0 if known is not None and getattr(known, attr) else 0.0


def _mandatory(dataset: Dataset) -> bool:
    distributions = list(dataset.distributions.all())
    return bool(
        (dataset.title_nb or dataset.title_en)
        and (dataset.description_nb or dataset.description_en)
        and dataset.publisher_id
        and list(dataset.data_themes.all())
        and (dataset.identifier or dataset.uri)
        and all(d.access_url for d in distributions)
    )


INDICATORS = [
    Indicator(
        "findability",
        "keywords",
        _("Keywords"),
        30,
        _("Add keywords, in Norwegian and English."),
        dataset=lambda d: bool(d.keywords_nb or d.keywords_en),
    ),
    Indicator(
        "findability",
        "categories",
        _("Categories"),
        30,
        _("Choose at least one EU data theme."),
        dataset=lambda d: bool(list(d.data_themes.all())),
    ),
    Indicator(
        "findability",
        "spatial",
        _("Spatial coverage"),
        20,
        _("Say which municipalities the data covers."),
        dataset=lambda d: bool(list(d.spatial.all())),
    ),
    Indicator(
        "findability",
        "temporal",
        _("Temporal coverage"),
        20,
        _("Say which period the data covers."),
        dataset=lambda d: bool(d.temporal_start or d.temporal_end),
    ),
    Indicator(
        "accessibility",
        "access_url_accessible",
        _("Access URL accessible"),
        50,
        _("Make sure the access addresses answer: they failed link checks or were never checked."),
        distribution=lambda d: d.availability_30d or 0.0,
    ),
    Indicator(
        "accessibility",
        "download_url",
        _("Download URL"),
        20,
        _("Give a direct download address for each distribution."),
        distribution=lambda d: 1.0 if d.download_url else 0.0,
    ),
    Indicator(
        "accessibility",
        "download_url_accessible",
        _("Download URL accessible"),
        30,
        _("Make sure the download addresses answer."),
        distribution=lambda d: (d.availability_30d or 0.0) if d.download_url else 0.0,
    ),
    Indicator(
        "interoperability",
        "format",
        _("Format"),
        20,
        _("Give the format of each distribution."),
        distribution=lambda d: 1.0 if d.format else 0.0,
    ),
    Indicator(
        "interoperability",
        "media_type",
        _("Media type"),
        10,
        _("Give the media type of each distribution."),
        distribution=lambda d: 1.0 if d.media_type else 0.0,
    ),
    Indicator(
        "interoperability",
        "format_vocabulary",
        _("Format from a vocabulary"),
        10,
        _("Use a format from the EU file-type list."),
        distribution=_known_format,
    ),
    Indicator(
        "interoperability",
        "non_proprietary",
        _("Non-proprietary format"),
        20,
        _("Offer the data in an open format (CSV, JSON, GeoJSON, ...)."),
        distribution=lambda d: _type_flag(d, "non_proprietary"),
    ),
    Indicator(
        "interoperability",
        "machine_readable",
        _("Machine-readable format"),
        20,
        _("Offer the data in a machine-readable format, not only PDF or HTML."),
        distribution=lambda d: _type_flag(d, "machine_readable"),
    ),
    Indicator(
        "interoperability",
        "dcat_ap",
        _("DCAT-AP compliance"),
        30,
        _(
            "Fill in every mandatory property: title, description, publisher, EU data "
            "theme, and an access URL on every distribution."
        ),
        dataset=_mandatory,
    ),
    Indicator(
        "reusability",
        "licence",
        _("Licence"),
        20,
        _("State the licence."),
        dataset=lambda d: bool(d.licence_id or d.licence_uri),
    ),
    Indicator(
        "reusability",
        "licence_vocabulary",
        _("Licence from a vocabulary"),
        10,
        _("Choose one of the known licences (NLOD, Creative Commons, ...)."),
        dataset=lambda d: bool(d.licence_id),
    ),
    Indicator(
        "reusability",
        "access_rights",
        _("Access rights"),
        10,
        _("Say whether the data is public, restricted or non-public."),
        dataset=lambda d: bool(d.access_rights),
    ),
    Indicator(
        "reusability",
        "access_rights_vocabulary",
        _("Access rights from the vocabulary"),
        5,
        _("Say whether the data is public, restricted or non-public."),
        dataset=lambda d: bool(d.access_rights),
    ),
    Indicator(
        "reusability",
        "contact_point",
        _("Contact point"),
        20,
        _("Give a contact e-mail address or page."),
        dataset=lambda d: bool(d.contact_email or d.contact_url),
    ),
    Indicator(
        "reusability",
        "publisher",
        _("Publisher"),
        10,
        _("Name the publisher."),
        dataset=lambda d: bool(d.publisher_id),
    ),
    Indicator(
        "contextuality",
        "rights",
        _("Rights"),
        5,
        _("Describe the rights of use on each distribution."),
        distribution=lambda d: 1.0 if d.rights else 0.0,
    ),
    Indicator(
        "contextuality",
        "byte_size",
        _("File size"),
        5,
        _("Give the size of each distribution."),
        distribution=lambda d: 1.0 if d.byte_size else 0.0,
    ),
    Indicator(
        "contextuality",
        "issued",
        _("Date of issue"),
        5,
        _("Give the date the dataset was first published."),
        dataset=lambda d: bool(d.issued),
    ),
    Indicator(
        "contextuality",
        "modified",
        _("Modification date"),
        5,
        _("Give the date the dataset last changed."),
        dataset=lambda d: bool(d.modified),
    ),
]
DIMENSIONS = ["findability", "accessibility", "interoperability", "reusability", "contextuality"]
assert sum(i.max for i in INDICATORS) == MAX_POINTS


def band_for(points: int) -> str:
    for floor, band in BANDS:
        if points >= floor:
            return band
    return QualityBand.BAD


def quality_compute(dataset: Dataset) -> dict[str, Any]:
    """The breakdown of one dataset. Reads `distributions`, `data_themes` and `spatial`
    (prefetch them)."""
    distributions = list(dataset.distributions.all())
    indicators: list[dict[str, Any]] = []
    for indicator in INDICATORS:
        if indicator.dataset is not None:
            share = 1.0 if indicator.dataset(dataset) else 0.0
        elif distributions and indicator.distribution is not None:
            share = sum(indicator.distribution(d) for d in distributions) / len(distributions)
        else:
            share = 0.0
        points = round(indicator.max * max(0.0, min(1.0, share)))
        indicators.append(
            {
                "dimension": indicator.dimension,
                "key": indicator.key,
                "label": str(indicator.label),
                "points": points,
                "max": indicator.max,
                "met": points == indicator.max,
            }
        )
    dimensions = {
        name: {
            "points": sum(i["points"] for i in indicators if i["dimension"] == name),
            "max": sum(i["max"] for i in indicators if i["dimension"] == name),
        }
        for name in DIMENSIONS
    }
    points = sum(i["points"] for i in indicators)
    missed = sorted(
        (i for i in zip(INDICATORS, indicators, strict=True) if not i[1]["met"]),
        key=lambda pair: -(pair[1]["max"] - pair[1]["points"]),
    )
    return {
        "points": points,
        "max_points": MAX_POINTS,
        "band": band_for(points),
        "dimensions": dimensions,
        "indicators": indicators,
        "improve": [str(indicator.improve) for indicator, _row in missed],
    }


def quality_refresh(*, dataset_ids: Iterable[int]) -> None:
    """Recompute and store the quality of these datasets (four queries and one update per
    batch, whatever their number)."""
    ids = list(dataset_ids)
    if not ids:
        return
    datasets = list(
        Dataset.objects.filter(pk__in=ids).prefetch_related(
            Prefetch("distributions", queryset=Distribution.objects.order_by("position", "id")),
            "data_themes",
            "spatial",
        )
    )
    for dataset in datasets:
        result = quality_compute(dataset)
        dataset.quality = result
        dataset.quality_points = result["points"]
        dataset.quality_band = result["band"]
    Dataset.objects.bulk_update(
        datasets, ["quality", "quality_points", "quality_band"], batch_size=500
    )
