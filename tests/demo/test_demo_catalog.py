"""The demo catalogue: enough datasets from several kinds of publisher, priced ones, quality
in every band, an availability history, links to cases, and a harvest source the site serves
itself, harvested once at load and again on demand."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from rdflib import Graph
from rdflib.namespace import DCAT, RDF

from smartby.accounts.models import User
from smartby.catalog.models import Dataset, HarvestRun, HarvestSource, LinkCheck, PriceModel
from smartby.catalog.services.harvest import harvest_run
from smartby.demo.catalog import load_demo_catalog
from smartby.demo.content import load_demo

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        load_demo()
        yield
        transaction.set_rollback(True)


pytestmark = [pytest.mark.usefixtures("demo"), pytest.mark.django_db]


def test_at_least_forty_datasets_from_several_kinds_of_publisher():
    datasets = Dataset.objects.filter(harvest_source__isnull=True)
    assert datasets.count() >= 40
    kinds = set(datasets.values_list("publisher__kind", flat=True))
    assert {"municipality", "state_agency", "business", "academia"} <= kinds
    assert datasets.values("publisher").distinct().count() >= 10
    assert not Dataset.objects.filter(is_demo=False).exists()


def test_companies_sell_data_under_every_price_model_with_a_price_in_nok():
    priced = Dataset.objects.filter(publisher__kind="business").exclude(price_model=PriceModel.FREE)
    models = set(priced.values_list("price_model", flat=True))
    assert {PriceModel.SUBSCRIPTION, PriceModel.PER_CALL, PriceModel.ONE_OFF} <= models
    for dataset in priced:
        assert dataset.price_nok and dataset.price_nok > 0
        assert dataset.price_terms


def test_quality_spreads_over_every_band():
    bands = set(Dataset.objects.values_list("quality_band", flat=True))
    assert bands == {"excellent", "good", "sufficient", "bad"}


def test_availability_history_has_successes_and_failures_and_unchecked_addresses():
    checks = LinkCheck.objects.filter(distribution__dataset__is_demo=True)
    assert checks.filter(ok=True).exists() and checks.filter(ok=False).exists()
    down = Dataset.objects.get(identifier="bergen-parkering").distributions.get()
    assert down.availability_30d is not None and down.availability_30d < 0.8
    assert down.last_ok_at is not None and down.last_ok_at < down.last_checked_at
    bare = Dataset.objects.get(identifier="asker-byggesaker").distributions.get()
    assert bare.last_checked_at is None


def test_some_datasets_are_used_in_demo_cases_and_the_case_page_links_them(client):
    dataset = Dataset.objects.get(identifier="oslo-vannforbruk")
    case = dataset.used_in_cases.get()
    assert case.slug == "oslo-sensorer-vannlekkasjer-demo"
    assert Dataset.objects.filter(used_in_cases__isnull=False).distinct().count() >= 10
    page = client.get(f"/en/cases/{case.slug}/").content.decode()
    assert f"/data/datasets/{dataset.slug}/" in page


def test_dataset_pages_say_they_show_demo_content(client):
    dataset = Dataset.objects.get(identifier="fjordsensor-vannkvalitet")
    page = client.get(f"/en/data/datasets/{dataset.slug}/").content.decode()
    assert 'class="demo-notice"' in page
    assert "4,900" in page or "4 900" in page


def test_the_demo_harvest_source_is_served_by_the_site_as_two_pages_of_turtle(client):
    source = HarvestSource.objects.get(is_demo=True)
    response = client.get("/demo/harvest/catalog.ttl")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/turtle")
    first = Graph().parse(data=response.content, format="turtle")
    second = Graph().parse(data=client.get("/demo/harvest/catalog.ttl?page=2").content)
    datasets = set(first.subjects(RDF.type, DCAT.Dataset)) | set(
        second.subjects(RDF.type, DCAT.Dataset)
    )
    assert len(datasets) == 5
    assert source.url.endswith("/demo/harvest/catalog.ttl")
    assert client.get("/demo/harvest/catalog.ttl?page=3").status_code == 404
    assert client.get("/demo/harvest/catalog.ttl?page=x").status_code == 404


def test_the_demo_harvest_ran_at_load_and_runs_again_without_changes():
    source = HarvestSource.objects.get(is_demo=True)
    first = HarvestRun.objects.get(source=source)
    assert (first.status, first.created, first.errors) == ("succeeded", 5, [])
    harvested = Dataset.objects.filter(harvest_source=source)
    assert harvested.count() == 5
    assert all(d.is_demo and d.publisher_id == source.publisher_id for d in harvested)
    again = harvest_run(source=source)
    assert (again.status, again.created, again.updated, again.unchanged) == (
        "succeeded",
        0,
        0,
        5,
    )


def test_run_now_on_the_demo_source_page_works_for_the_secretariat(client):
    source = HarvestSource.objects.get(is_demo=True)
    client.force_login(User.objects.get(email="sekretariat@demo.smartby.no"))
    page = client.get(f"/en/data/harvest/{source.pk}/")
    assert page.status_code == 200
    assert "Run now" in page.content.decode()


def test_loading_the_catalogue_again_changes_nothing():
    datasets, checks = Dataset.objects.count(), LinkCheck.objects.count()
    runs = HarvestRun.objects.count()
    assert load_demo_catalog() == {"datasets": 0, "harvest_sources": 0}
    assert (Dataset.objects.count(), LinkCheck.objects.count()) == (datasets, checks)
    assert HarvestRun.objects.count() == runs


def test_the_demo_source_document_is_not_served_without_demo_content(client):
    HarvestSource.objects.filter(is_demo=True).delete()
    assert client.get("/demo/harvest/catalog.ttl").status_code == 404
