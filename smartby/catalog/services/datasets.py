"""Publishing datasets by hand: create and edit a dataset (with lost-update protection),
replace its distributions, and say which datasets a case uses.

The pages and the API both call these functions, so the rules and the validation are the
same everywhere. After every write the dataset's quality is recomputed and its search
index row rewritten, once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartby.catalog.models import (
    Dataset,
    DatasetStatus,
    Distribution,
    PriceModel,
)
from smartby.catalog.vocabularies import FILE_TYPES, LANGUAGE_URI
from smartby.core.errors import ConflictError
from smartby.core.services import activity_record, save_versioned
from smartby.core.text import unique_slug
from smartby.organisations.models import Organisation

# The fields an editor writes (DCAT-AP-NO). Identity (uri, slug), harvest bookkeeping,
# quality and the case links have their own code.
DATASET_FIELDS = [
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
    "modified",
    "landing_page",
    "conforms_to",
    "languages",
    "access_rights",
    "licence",
    "licence_uri",
    "price_model",
    "price_nok",
    "price_terms",
    "status",
]
M2M_FIELDS = ["data_themes", "themes", "spatial"]
DISTRIBUTION_FIELDS = [
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
    "licence",
]
MAX_KEYWORDS = 30
MAX_KEYWORD_CHARS = 100
MAX_LIST_URLS = 20
MAX_DISTRIBUTIONS = 50
LANGUAGE_CODES = tuple(LANGUAGE_URI)


def dataset_uri(slug: str) -> str:
    """The URI of a dataset published here."""
    return f"{settings.SITE_URL}/data/datasets/{slug}"


def dataset_unique_slug(*, title: str, exclude_pk: int | None = None) -> str:
    return unique_slug(Dataset.objects.all(), title, fallback="dataset", exclude_pk=exclude_pk)


def datasets_refresh_on_commit(dataset_ids: list[int]) -> None:
    """Queue the quality refresh and the search reindex of these datasets after commit."""
    from smartby.catalog.quality import quality_refresh
    from smartby.catalog.search import dataset_reindex

    def run() -> None:
        quality_refresh(dataset_ids=dataset_ids)
        dataset_reindex(dataset_ids=dataset_ids)

    transaction.on_commit(run)


# Validation


def _clean_list(
    value: Any, *, name: str, errors: dict[str, list[str]], max_items: int
) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        errors.setdefault(name, []).append(_("Give a list of values."))
        return []
    items = [str(v).strip() for v in value if str(v).strip()]
    if len(items) > max_items:
        errors.setdefault(name, []).append(
            _("Give at most %(count)d values.") % {"count": max_items}
        )
    return list(dict.fromkeys(items))


def _check_dataset(dataset: Dataset) -> None:
    """The rules a model field cannot say alone; raises ValidationError naming the fields."""
    errors: dict[str, list[str]] = {}
    if not (dataset.title_nb.strip() or dataset.title_en.strip()):
        errors["title_nb"] = [_("Give the dataset a title in bokmål or English.")]
    for name in ("keywords_nb", "keywords_en"):
        words = _clean_list(
            getattr(dataset, name), name=name, errors=errors, max_items=MAX_KEYWORDS
        )
        if any(len(w) > MAX_KEYWORD_CHARS for w in words):
            errors.setdefault(name, []).append(
                _("A keyword can have at most %(count)d characters.") % {"count": MAX_KEYWORD_CHARS}
            )
        setattr(dataset, name, words)
    urls = _clean_list(
        dataset.conforms_to, name="conforms_to", errors=errors, max_items=MAX_LIST_URLS
    )
    validate_url = URLValidator(schemes=["http", "https"])
    for url in urls:
        try:
            validate_url(url)
        except ValidationError:
            errors.setdefault("conforms_to", []).append(
                _("“%(value)s” is not a web address (http:// or https://).") % {"value": url[:80]}
            )
    dataset.conforms_to = urls
    languages = _clean_list(
        dataset.languages, name="languages", errors=errors, max_items=len(LANGUAGE_CODES)
    )
    unknown = [code for code in languages if code not in LANGUAGE_CODES]
    if unknown:
        errors.setdefault("languages", []).append(
            _("Unknown language code “%(value)s”. Use one of: %(allowed)s.")
            % {"value": unknown[0][:20], "allowed": ", ".join(LANGUAGE_CODES)}
        )
    dataset.languages = languages
    start, end = dataset.temporal_start, dataset.temporal_end
    if start and end and end < start:
        errors["temporal_end"] = [_("The end of the period cannot be before its start.")]
    if dataset.issued and dataset.modified and dataset.modified < dataset.issued:
        errors["modified"] = [_("The dataset cannot be modified before it was issued.")]
    if dataset.price_model == PriceModel.FREE:
        dataset.price_nok = None
    elif dataset.price_nok is None:
        errors["price_nok"] = [_("Give the price in NOK, or choose “Free”.")]
    elif Decimal(dataset.price_nok) < 0:
        errors["price_nok"] = [_("The price cannot be negative.")]
    if dataset.licence_id is not None and dataset.licence_uri:
        errors["licence_uri"] = [_("Choose a known licence or give another one's URI, not both.")]
    if errors:
        raise ValidationError(errors)


def _split(fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    unknown = set(fields) - set(DATASET_FIELDS) - set(M2M_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    plain = {k: v for k, v in fields.items() if k in DATASET_FIELDS}
    m2m = {k: v for k, v in fields.items() if k in M2M_FIELDS}
    for name in ("identifier", "contact_name", "contact_email", "contact_url", "contact_phone"):
        if name in plain and plain[name] is None:
            plain[name] = ""
    for name in (
        "title_nb",
        "title_en",
        "description_nb",
        "description_en",
        "landing_page",
        "licence_uri",
        "price_terms",
        "frequency",
        "access_rights",
    ):
        if name in plain and plain[name] is None:
            plain[name] = ""
    return plain, m2m


def _set_m2m(dataset: Dataset, m2m: dict[str, Iterable[Any]]) -> None:
    for name in M2M_FIELDS:
        if name in m2m:
            getattr(dataset, name).set(list(m2m[name] or []))


def _withdrawal(dataset: Dataset, previous_status: str) -> None:
    if dataset.status == DatasetStatus.WITHDRAWN and previous_status != DatasetStatus.WITHDRAWN:
        dataset.withdrawn_at = timezone.now()
    elif dataset.status != DatasetStatus.WITHDRAWN:
        dataset.withdrawn_at = None


# Datasets


def dataset_create(
    *,
    actor: Any,
    publisher: Organisation,
    fields: dict[str, Any],
    distributions: list[dict[str, Any]] | None = None,
    is_demo: bool = False,
) -> Dataset:
    """A new dataset of `publisher`, written by `actor` (an editor of the publisher). Its
    URI is SITE_URL/data/datasets/<slug>."""
    if not actor.has_perm("catalog.add_dataset", publisher):
        raise PermissionDenied(_("You may only publish datasets for organisations you edit."))
    plain, m2m = _split(fields)
    dataset = Dataset(publisher=publisher, is_demo=is_demo, **plain)
    dataset.slug = dataset_unique_slug(title=dataset.title_nb or dataset.title_en or "")
    dataset.uri = dataset_uri(dataset.slug)
    _withdrawal(dataset, DatasetStatus.ACTIVE)
    _check_dataset(dataset)
    dataset.full_clean(exclude=["version", "quality_points", "quality_band", "quality"])
    rows = _check_distributions(dataset, distributions) if distributions is not None else None
    with transaction.atomic():
        dataset.save()
        _set_m2m(dataset, m2m)
        if rows is not None:
            _write_distributions(dataset, rows)
        title_nb = dataset.title_nb or dataset.title_en
        title_en = dataset.title_en or dataset.title_nb
        activity_record(
            verb="catalog.published",
            text_nb=f"{publisher.name} publiserte datasettet «{title_nb}»",
            text_en=f"{publisher.name} published the dataset “{title_en}”",
            url=dataset.get_absolute_url(),
            is_demo=dataset.is_demo,
        )
        datasets_refresh_on_commit([dataset.pk])
    return dataset


def dataset_update(
    *,
    dataset: Dataset,
    actor: Any,
    expected_version: int,
    fields: dict[str, Any],
    distributions: list[dict[str, Any]] | None = None,
) -> Dataset:
    """Change `dataset` as `actor` edited it from version `expected_version`.

    ConflictError when someone saved in between (nothing is written), PermissionDenied for
    anyone but the publisher's editors and for harvested datasets, ValidationError for bad
    input. `distributions`, when given, replaces the whole list (see distributions_replace)."""
    if not actor.has_perm("catalog.change_dataset", dataset):
        raise PermissionDenied(_("You may not edit this dataset."))
    plain, m2m = _split(fields)
    previous_status = dataset.status
    for name, value in plain.items():
        setattr(dataset, name, value)
    _withdrawal(dataset, previous_status)
    _check_dataset(dataset)
    dataset.full_clean(
        exclude=["version", "quality_points", "quality_band", "quality", "uri", "slug"]
    )
    rows = _check_distributions(dataset, distributions) if distributions is not None else None
    with transaction.atomic():
        dataset.updated_at = timezone.now()
        # The cleaned lists are written too (keywords trimmed, duplicates dropped).
        written = sorted(
            {
                *plain,
                "keywords_nb",
                "keywords_en",
                "conforms_to",
                "languages",
                "price_nok",
                "withdrawn_at",
                "updated_at",
            }
        )
        save_versioned(
            obj=dataset,
            expected_version=expected_version,
            fields=[("licence_id" if f == "licence" else f) for f in written],
        )
        _set_m2m(dataset, m2m)
        if rows is not None:
            _write_distributions(dataset, rows)
        datasets_refresh_on_commit([dataset.pk])
    return dataset


# Distributions


def _check_distributions(dataset: Dataset, rows: list[dict[str, Any]]) -> list[Distribution]:
    """The rows as unsaved Distribution objects (an `id` keeps an existing one); raises
    ValidationError {"distributions": [...]} naming the row of each problem."""
    if len(rows) > MAX_DISTRIBUTIONS:
        raise ValidationError(
            {
                "distributions": [
                    _("A dataset can have at most %(count)d distributions.")
                    % {"count": MAX_DISTRIBUTIONS}
                ]
            }
        )
    existing = {d.pk: d for d in dataset.distributions.all()} if dataset.pk else {}
    errors: list[str] = []
    result: list[Distribution] = []
    for number, row in enumerate(rows, start=1):
        unknown = set(row) - set(DISTRIBUTION_FIELDS) - {"id"}
        if unknown:
            errors.append(
                _("Distribution %(n)d: unknown fields %(names)s")
                % {"n": number, "names": ", ".join(sorted(unknown))}
            )
            continue
        pk = row.get("id")
        if pk is not None and pk not in existing:
            errors.append(
                _("Distribution %(n)d: this dataset has no distribution %(id)s.")
                % {"n": number, "id": pk}
            )
            continue
        distribution = existing[pk] if pk is not None else Distribution(dataset=dataset)
        for name in DISTRIBUTION_FIELDS:
            if name in row:
                value = row[name]
                if value is None and name not in ("byte_size", "licence"):
                    value = ""
                setattr(distribution, name, value)
        distribution.position = number - 1
        code = (distribution.format or "").strip()
        if code:
            known = FILE_TYPES.get(code.upper())
            if known is None:
                errors.append(
                    _("Distribution %(n)d: unknown format “%(value)s”.")
                    % {"n": number, "value": code[:40]}
                )
            else:
                distribution.format = known.code
                if not distribution.media_type:
                    distribution.media_type = known.media_type
        try:
            distribution.full_clean(exclude=["dataset"])
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                label = (
                    str(
                        getattr(
                            Distribution._meta.get_field(field_name), "verbose_name", field_name
                        )
                    )
                    if field_name in DISTRIBUTION_FIELDS
                    else field_name
                )
                errors += [
                    _("Distribution %(n)d, %(field)s: %(message)s")
                    % {"n": number, "field": label, "message": m}
                    for m in messages
                ]
        result.append(distribution)
    if errors:
        raise ValidationError({"distributions": errors})
    return result


def _write_distributions(dataset: Dataset, rows: list[Distribution]) -> None:
    kept = [d.pk for d in rows if d.pk]
    dataset.distributions.exclude(pk__in=kept).delete()
    for distribution in rows:
        distribution.dataset = dataset
        distribution.save()


def distributions_replace(
    *, dataset: Dataset, actor: Any, expected_version: int, rows: list[dict[str, Any]]
) -> Dataset:
    """Replace the distributions of `dataset` with `rows` (dicts of DISTRIBUTION_FIELDS;
    a row with the `id` of an existing distribution keeps it and its check history, the
    others are deleted). The dataset's version guards the list like its own fields."""
    if not actor.has_perm("catalog.change_dataset", dataset):
        raise PermissionDenied(_("You may not edit this dataset."))
    checked = _check_distributions(dataset, rows)
    with transaction.atomic():
        dataset.updated_at = timezone.now()
        save_versioned(obj=dataset, expected_version=expected_version, fields=["updated_at"])
        _write_distributions(dataset, checked)
        datasets_refresh_on_commit([dataset.pk])
    return dataset


# Cases


def case_datasets_set(*, case: Any, actor: Any, datasets: list[Dataset]) -> None:
    """Say which datasets `case` uses (replaces the list). Case editors only; only active
    datasets may be newly chosen (a withdrawn one already linked may stay)."""
    if not actor.has_perm("catalog.link_case_datasets", case):
        raise PermissionDenied(_("You may not change which datasets this case uses."))
    already = set(Dataset.objects.filter(used_in_cases=case).values_list("pk", flat=True))
    withdrawn = [d for d in datasets if d.status != DatasetStatus.ACTIVE and d.pk not in already]
    if withdrawn:
        raise ValidationError(
            {"datasets": [_("“%(title)s” is withdrawn.") % {"title": withdrawn[0].title}]}
        )
    with transaction.atomic():
        case.datasets.set(datasets)


__all__ = [
    "ConflictError",
    "case_datasets_set",
    "dataset_create",
    "dataset_update",
    "distributions_replace",
]
