"""Searching datasets: titles, descriptions and keywords in bokmål and English, stemming as
the cases search does, the index kept in step with edits and rebuilt by `smartby reindex`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from smartby.accounts.models import Role
from smartby.catalog.models import Dataset
from smartby.catalog.search import (
    DATASET_INDEX,
    dataset_index_rebuild,
    dataset_search,
    dataset_search_parts,
)
from smartby.catalog.services.datasets import dataset_create, dataset_update
from tests.accounts.factories import member_create
from tests.catalog.factories import dataset_create as dataset_build
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db


def _found(query: str) -> set[Dataset]:
    return set(dataset_search(Dataset.objects.all(), query))


def _indexed_ids() -> set[int]:
    column = "rowid" if connection.vendor == "sqlite" else "id"
    assert DATASET_INDEX.table == "catalog_dataset_search"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM catalog_dataset_search")  # noqa: S608 - constants
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("bysykkel", {"title_nb": "Bysyklene i Oslo"}),
        ("bysyklene", {"description_nb": "Hver bysykkel har GPS."}),
        ("bysykkeldata", {"title_nb": "Bysykkeldata"}),
        ("sensorer", {"keywords_nb": ["sensor", "luft"]}),
        ("lighting", {"title_en": "Street lights"}),
        ("sensor", {"keywords_en": ["sensors"]}),
        ("trips", {"description_en": "Every trip taken with a city bike."}),
    ],
)
def test_finds_in_both_languages_with_stemming(query, fields):
    dataset = dataset_build(**fields)
    dataset_build(title_nb="Noe helt annet", description_en="Unrelated.")
    assert _found(query) == {dataset}


def test_prefix_while_typing_finds_compounds():
    """ "sykkel" does not find "bysykkeldata" as a whole word (the cases search matches whole
    stemmed words, with the last word as a prefix); typing the start of it does."""
    dataset = dataset_build(title_nb="Bysykkeldata")
    assert _found("bysykk") == {dataset}
    assert _found("sykkel ") == set()


def test_every_word_must_match_and_titles_rank_first():
    title = dataset_build(title_nb="Luftkvalitet", description_nb="Målinger.")
    body = dataset_build(title_nb="Målestasjoner", description_nb="Data om luftkvalitet.")
    dataset_build(title_nb="Luftfart")
    ranked = list(dataset_search(Dataset.objects.all(), "luftkvalitet ").order_by("-search_rank"))
    assert ranked == [title, body]
    assert _found("luftkvalitet målinger") == {title}


def test_parts_are_weighted_by_field():
    dataset = Dataset(
        title_nb="T", title_en="", description_nb="", description_en="D", keywords_nb=["k"]
    )
    parts = dataset_search_parts(dataset)
    assert [(p.text, p.language, p.weight) for p in parts] == [
        ("T", "nb", "a"),
        ("k", "nb", "b"),
        ("D", "en", "c"),
    ]


def test_services_keep_the_index_in_step(django_capture_on_commit_callbacks):
    oslo = municipal_organisation("0301")
    editor = member_create(organisation=oslo, role=Role.EDITOR)
    with django_capture_on_commit_callbacks(execute=True):
        dataset = dataset_create(actor=editor, publisher=oslo, fields={"title_nb": "Vannmålere"})
    assert _found("vannmålere") == {dataset}
    with django_capture_on_commit_callbacks(execute=True):
        dataset_update(
            dataset=dataset, actor=editor, expected_version=1, fields={"title_nb": "Strømmålere"}
        )
    assert _found("vannmålere") == set()
    assert _found("strømmålere") == {dataset}


def test_rebuild_and_reindex_command():
    a = dataset_build(title_nb="Parkering")
    b = dataset_build(title_nb="Parkeringsplasser")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_dataset_search")
    assert _indexed_ids() == set()
    assert dataset_index_rebuild() == 2
    assert _indexed_ids() == {a.pk, b.pk}
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_dataset_search")
    call_command("reindex", stdout=StringIO())
    assert _indexed_ids() == {a.pk, b.pk}


@pytest.mark.parametrize("query", ['"', "*", "NEAR(a b)", "a OR b", "' OR 1=1 --", "\x00", "æøå"])
def test_any_input_is_answered(client, query):
    dataset_build(title_nb="Alt mulig")
    response = client.get("/en/data/", {"q": query})
    assert response.status_code == 200
    assert client.get("/api/v1/datasets", {"q": query}).status_code == 200
