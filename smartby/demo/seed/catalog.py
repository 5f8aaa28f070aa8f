"""Datasets: published by the municipalities (half of them), Nordic cities, counties,
businesses, state agencies and research groups, with metadata as complete as a level drawn
for each (so the quality scores spread over every band), one to three distributions with a
link-check history, and the quality the catalogue computes, worked out before writing."""

from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal
from typing import Any

from smartby.catalog.models import AccessRights, Dataset, DatasetStatus, Distribution, PriceModel
from smartby.catalog.quality import quality_compute
from smartby.catalog.vocabularies import FILE_TYPES
from smartby.core.models import Activity
from smartby.demo.catalog import EXTENSIONS
from smartby.demo.seed.draw import EPOCH, Picker, Slugs, at, date_between, some
from smartby.demo.seed.references import Org, ids_of
from smartby.demo.seed.scale import CHUNKS
from smartby.demo.seed.seeder import Seeder
from smartby.demo.seed.text import DatasetDraft
from smartby.demo.seed.vocabulary import TOPICS
from smartby.demo.seed.writer import Rows
from smartby.organisations.models import Municipality, OrganisationKind
from smartby.reference.models import DataTheme

# Reserved example domains (RFC 2606): nothing seeded points at a real address.
WEB_BASE = "https://data.example.org/seed"
# (identifier, weight) of the open licences free public datasets get.
OPEN_LICENCES = (
    ("NLOD-2.0", 40),
    ("CC-BY-4.0", 30),
    ("CC0-1.0", 15),
    ("ODbL-1.0", 5),
    ("CC-BY-SA-4.0", 5),
    ("NLOD-1.0", 5),
)


def seed_datasets(seeder: Seeder) -> None:
    """The datasets, half of them published by municipalities drawn by population."""
    rng = seeder.rng("datasets")
    refs = seeder.refs
    total = seeder.counts["datasets"]
    municipal = refs.municipal_picker()
    sources: list[tuple[float, list[Org]]] = [
        (0.55, refs.nordic_orgs),
        (0.62, refs.county_orgs),
        (0.85, seeder.orgs_by_kind[OrganisationKind.BUSINESS]),
        (0.93, seeder.orgs_by_kind[OrganisationKind.STATE_AGENCY]),
        (1.01, seeder.orgs_by_kind[OrganisationKind.ACADEMIA]),
    ]
    known = [(k, w) for k, w in OPEN_LICENCES if k in refs.licences]
    open_licences = Picker([k for k, _w in known], [w for _k, w in known]) if known else None
    slugs = Slugs(Dataset.objects.values_list("slug", flat=True))
    for rows, indexes in seeder.chunks("datasets", total, CHUNKS["datasets"]):
        for _ in indexes:
            draw = rng.random()
            publisher = None
            if draw >= 0.5:
                for limit, candidates in sources:
                    if draw < limit:
                        publisher = rng.choice(candidates) if candidates else None
                        break
            if publisher is None:
                publisher = municipal.pick(rng)
            _dataset(seeder, rng, rows, publisher, open_licences, slugs)


def _dataset(
    seeder: Seeder,
    rng: random.Random,
    rows: Rows,
    publisher: Org,
    open_licences: Picker | None,
    slugs: Slugs,
) -> None:
    """One dataset with its links, distributions and quality, into `rows`."""
    refs = seeder.refs
    pk = seeder.writer.next_id(Dataset)
    topic_index = rng.randrange(len(TOPICS))
    topic = TOPICS[topic_index]
    draft = DatasetDraft.draw(rng, topic, publisher.place)
    titles = [draft.title_in(lang) for lang in (0, 1)]
    draw = rng.random()
    has = (True, True) if draw < 0.85 else (True, False) if draw < 0.97 else (False, True)
    # How complete the metadata is, so the quality scores spread over every band as in
    # real catalogues (as in the demo catalogue): 3 full, 2 good, 1 basic, 0 bare.
    level = Picker([3, 2, 1, 0], [15, 30, 35, 20]).pick(rng)

    commercial = publisher.kind == OrganisationKind.BUSINESS
    if commercial:
        price_model = Picker(
            [PriceModel.FREE, PriceModel.SUBSCRIPTION, PriceModel.PER_CALL, PriceModel.ONE_OFF],
            [30, 35, 20, 15],
        ).pick(rng)
        access = Picker(
            [AccessRights.PUBLIC, AccessRights.RESTRICTED, AccessRights.NON_PUBLIC],
            [60, 30, 10],
        ).pick(rng)
    else:
        price_model = PriceModel.FREE if rng.random() < 0.96 else PriceModel.SUBSCRIPTION
        access = Picker(
            [AccessRights.PUBLIC, AccessRights.RESTRICTED, AccessRights.NON_PUBLIC], [88, 8, 4]
        ).pick(rng)
    if level == 0 and rng.random() < 0.5:
        access = ""
    licence = None
    if price_model == PriceModel.FREE and access == AccessRights.PUBLIC:
        if open_licences is not None and (level > 0 or rng.random() < 0.3):
            licence = refs.licences[open_licences.pick(rng)]
    elif "CC-BY-NC-4.0" in refs.licences and rng.random() < 0.3:
        licence = refs.licences["CC-BY-NC-4.0"]
    price_nok = None
    price_terms = ""
    if price_model != PriceModel.FREE:
        low, high = {
            PriceModel.SUBSCRIPTION: (500, 20000),
            PriceModel.PER_CALL: (0.05, 2.0),
            PriceModel.ONE_OFF: (5000, 200000),
        }[PriceModel(price_model)]
        price_nok = Decimal(f"{rng.uniform(low, high):.2f}")
        price_terms = rng.choice(
            (
                "Pris eksklusive mva. Rabatt for kommuner i nettverket.",
                "Prisen gjelder per måned; oppsigelse med tre måneders varsel.",
                "Volumrabatt over 100 000 kall i måneden.",
                "Engangslisens for intern bruk i kommunen.",
            )
        )
    licence_name = next((k for k, v in refs.licences.items() if v == licence), "")
    descriptions = [
        draft.description_in(
            rng,
            lang,
            publisher=publisher.name,
            licence=licence_name,
            is_free=price_model == PriceModel.FREE,
        )
        for lang in (0, 1)
    ]
    keywords = rng.sample(topic.keywords, rng.randint(2, 4))
    slug = slugs.make(titles[0] if has[0] else titles[1], fallback="datasett")
    issued = date_between(
        rng, datetime.date(2015, 1, 1), EPOCH.date() - datetime.timedelta(days=10)
    )
    modified = date_between(rng, issued, EPOCH.date()) if level >= 2 else None
    temporal_start = (
        datetime.date(draft.y1, rng.randint(1, 12), 1)
        if level >= 2 and rng.random() < 0.8
        else None
    )
    if level == 0:
        keywords = []
    withdrawn = rng.random() < 0.03
    formats = list(
        dict.fromkeys(rng.sample(topic.formats, rng.randint(1, min(2, len(topic.formats)))))
    )
    conforms_to = []
    if "GTFS" in formats:
        conforms_to.append("https://gtfs.org/schedule/reference/")
    if "NETEX" in formats:
        conforms_to.append("https://netex-cen.eu/")
    rich = level >= 2
    dataset = Dataset(
        id=pk,
        uri=f"{WEB_BASE}/dataset/{slug}",
        slug=slug,
        identifier=slug,
        title_nb=titles[0] if has[0] else "",
        title_en=titles[1] if has[1] else "",
        description_nb=descriptions[0] if has[0] else "",
        description_en=descriptions[1] if has[1] else "",
        publisher_id=publisher.id,
        contact_name=f"Dataforvaltning, {publisher.name}"[:200] if rich else "",
        contact_email=f"data@{publisher.slug[:40]}.example.org" if rich else "",
        keywords_nb=[k[0] for k in keywords] if has[0] else [],
        keywords_en=[k[1] for k in keywords] if has[1] else [],
        temporal_start=temporal_start,
        temporal_end=temporal_start.replace(year=temporal_start.year + 1)
        if temporal_start and rng.random() < 0.3
        else None,
        frequency=draft.frequency[2] if rng.random() < 0.75 else "",
        issued=issued if level >= 2 else None,
        modified=modified,
        landing_page=f"{WEB_BASE}/{publisher.slug}/{slug}/" if level == 3 else "",
        conforms_to=conforms_to,
        languages=[code for code, present in zip(("nb", "en"), has, strict=True) if present],
        access_rights=access,
        licence_id=licence,
        price_model=price_model,
        price_nok=price_nok,
        price_terms=price_terms,
        status=DatasetStatus.WITHDRAWN if withdrawn else DatasetStatus.ACTIVE,
        withdrawn_at=at(date_between(rng, issued, EPOCH.date()), 10) if withdrawn else None,
        created_at=at(issued, 10),
        is_demo=True,
    )
    rows[Dataset].append(dataset)
    data_themes = some(
        rng,
        topic.data_themes[:1],
        topic.data_themes[1:] + tuple(refs.data_themes),
        rng.randint(1, 2) if level else 0,
    )
    themes = some(rng, topic.themes, (), rng.randint(0, 2))
    spatial: list[int] = []
    if level < 2:
        pass
    elif publisher.municipality_id:
        spatial = [publisher.municipality_id]
    elif publisher.kind == OrganisationKind.COUNTY:
        members = refs.county_municipalities.get(publisher.id, [])
        spatial = rng.sample(members, min(len(members), rng.randint(2, 5)))
    for model, column, values in (
        (Dataset.data_themes.through, "datatheme_id", ids_of(refs.data_themes, data_themes)),
        (Dataset.themes.through, "theme_id", ids_of(refs.themes, themes)),
        (Dataset.spatial.through, "municipality_id", spatial),
    ):
        rows[model].extend(model(dataset_id=pk, **{column: v}) for v in sorted(set(values)))
    published_cases = seeder.topic_cases.get(topic_index)
    if published_cases and rng.random() < 0.25:
        for case in sorted({rng.choice(published_cases) for _ in range(rng.randint(1, 2))}):
            rows[Dataset.used_in_cases.through].append(
                Dataset.used_in_cases.through(dataset_id=pk, case_id=case)
            )

    checked = EPOCH - datetime.timedelta(hours=rng.randint(1, 30))
    api = rng.random() < 0.25
    entries: list[tuple[str, bool]] = [(code, False) for code in formats]
    if api:
        entries.append(("JSON", True))
    distributions = []
    for position, (code, is_api) in enumerate(entries):
        file_type = FILE_TYPES.get(code)
        extension = EXTENSIONS.get(code, code.lower())
        pattern_draw = rng.random()
        never = pattern_draw < 0.1
        down = pattern_draw >= 0.93
        availability = (
            None
            if never
            else rng.uniform(0.2, 0.6)
            if down
            else rng.uniform(0.7, 0.93)
            if pattern_draw > 0.8
            else (1.0 if rng.random() < 0.7 else 29 / 30)
        )
        distributions.append(
            Distribution(
                dataset_id=pk,
                position=position,
                uri=f"{WEB_BASE}/dataset/{slug}/distribution/{position + 1}",
                title_nb="API" if is_api else f"{code}-fil",
                title_en="API" if is_api else f"{code} file",
                access_url=f"{WEB_BASE}/api/{slug}/v1/"
                if is_api
                else f"{WEB_BASE}/{publisher.slug}/{slug}/",
                download_url=""
                if is_api or level < 2
                else f"{WEB_BASE}/{publisher.slug}/{slug}/{slug}.{extension}",
                api_description_url=f"{WEB_BASE}/api/{slug}/v1/openapi.json" if is_api else "",
                format=code,
                media_type=file_type.media_type if file_type and level >= 2 else "",
                byte_size=rng.randint(2_000, 900_000_000) if not is_api and level == 3 else None,
                licence_id=licence if level == 3 else None,
                modified=modified,
                last_checked_at=None if never else checked,
                last_ok_at=None if never else checked - datetime.timedelta(days=9 if down else 0),
                last_status=None if never else 404 if down else 200,
                last_response_ms=None if never or down else rng.randint(40, 900),
                last_error="The server answered with an error." if down else "",
                availability_30d=availability,
                created_at=at(issued, 10),
            )
        )
    rows[Distribution].extend(distributions)
    started = time.perf_counter()
    quality = _quality(
        dataset,
        distributions,
        data_themes=ids_of(refs.data_themes, data_themes),
        spatial=spatial,
    )
    dataset.quality = quality
    dataset.quality_points = quality["points"]
    dataset.quality_band = quality["band"]
    seeder.writer.seconds["catalog_dataset (quality)"] += time.perf_counter() - started
    if not withdrawn:
        nb_title = titles[0] if has[0] else titles[1]
        en_title = titles[1] if has[1] else titles[0]
        rows[Activity].append(
            Activity(
                verb="catalog.published",
                text_nb=f"{publisher.name} publiserte datasettet «{nb_title}»"[:300],
                text_en=f"{publisher.name} published the dataset “{en_title}”"[:300],
                url=seeder.dataset_url.replace("__slug__", slug),
                is_demo=True,
                created_at=at(issued, 10),
            )
        )


def _quality(
    dataset: Dataset,
    distributions: list[Distribution],
    *,
    data_themes: list[int],
    spatial: list[int],
) -> dict[str, Any]:
    """The catalogue's own quality_compute for a dataset not written yet. It reads the
    distributions, data themes and spatial coverage through the related managers, and those
    answer from the prefetch cache when there is one: this fills the cache the way
    prefetch_related does (tests check the result equals what quality_refresh stores)."""
    cache: dict[str, Any] = {}
    objs: list[Any]
    model: Any
    for name, model, objs in (
        ("distributions", Distribution, sorted(distributions, key=lambda d: d.position)),
        ("data_themes", DataTheme, [DataTheme(pk=pk) for pk in data_themes]),
        ("spatial", Municipality, [Municipality(pk=pk) for pk in spatial]),
    ):
        queryset = model._default_manager.none()
        queryset._result_cache = list(objs)
        queryset._prefetch_done = True
        cache[name] = queryset
    dataset._prefetched_objects_cache = cache  # type: ignore[attr-defined]
    try:
        return quality_compute(dataset)
    finally:
        del dataset._prefetched_objects_cache  # type: ignore[attr-defined]
