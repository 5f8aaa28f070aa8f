"""Publishing datasets by the pages: who may create and edit, every bad input refused with a
clear message and nothing changed, lost-update protection, distributions, and the datasets
a case uses."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from smartby.accounts.models import Role
from smartby.catalog.models import Dataset, DatasetStatus, Distribution, PriceModel
from smartby.catalog.services.datasets import (
    case_datasets_set,
    dataset_create,
    dataset_update,
    distributions_replace,
)
from smartby.core.errors import ConflictError
from smartby.reference.models import DataTheme
from tests.accounts.factories import member_create
from tests.cases.factories import case_create
from tests.catalog.factories import dataset_create as dataset_build
from tests.catalog.factories import harvest_source_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def asker():
    return municipal_organisation("3203")


def form_data(**overrides):
    data = {
        "title_nb": "Bysykkeldata",
        "title_en": "City bike data",
        "description_nb": "Turer med bysykkel i Oslo.",
        "description_en": "Trips with city bikes in Oslo.",
        "keywords_nb": "bysykkel, mobilitet",
        "keywords_en": "city bike, mobility",
        "frequency": "DAILY",
        "temporal_start": "2020-01-01",
        "temporal_end": "2024-12-31",
        "issued": "2020-02-01",
        "modified": "2024-06-01",
        "landing_page": "https://data.example.no/bysykkel",
        "conforms_to": "https://gbfs.org/specification/",
        "languages": ["nb", "en"],
        "access_rights": "PUBLIC",
        "price_model": "free",
        "price_nok": "",
        "price_terms": "",
        "contact_name": "Data team",
        "contact_email": "data@example.no",
        "status": "active",
    }
    data.update(overrides)
    return data


# --- who may ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("publisher_editor", 200), ("other_editor", 403), ("member", 403), ("anonymous", 302)],
)
def test_edit_page_permission_matrix(client, oslo, asker, who, status):
    dataset = dataset_build(publisher=oslo, slug="matrix")
    if who == "publisher_editor":
        client.force_login(member_create(organisation=oslo, role=Role.EDITOR))
    elif who == "other_editor":
        client.force_login(member_create(organisation=asker, role=Role.EDITOR))
    elif who == "member":
        client.force_login(member_create(organisation=oslo, role=Role.MEMBER))
    for url in ("/en/data/datasets/matrix/edit/", "/en/data/datasets/matrix/distributions/"):
        assert client.get(url).status_code == status
        response = client.post(url, form_data(version=dataset.version, title_nb="Changed"))
        assert response.status_code in ((302, 400) if status == 200 else (status,))
    if status != 200:
        dataset.refresh_from_db()
        assert dataset.title_nb != "Changed"


@pytest.mark.parametrize(("who", "status"), [("editor", 200), ("member", 403), ("anonymous", 302)])
def test_create_page_permission(client, oslo, who, status):
    if who == "editor":
        client.force_login(member_create(organisation=oslo, role=Role.EDITOR))
    elif who == "member":
        client.force_login(member_create(organisation=oslo, role=Role.MEMBER))
    assert client.get("/en/data/datasets/new/").status_code == status


def test_harvested_dataset_cannot_be_edited_and_its_page_says_so(client, oslo, editor):
    source = harvest_source_create(publisher=oslo, name="Oslo open data")
    dataset = dataset_build(publisher=oslo, slug="harvested", harvest_source=source)
    client.force_login(editor)
    assert client.get("/en/data/datasets/harvested/edit/").status_code == 403
    assert client.get("/en/data/datasets/harvested/distributions/").status_code == 403
    page = client.get("/en/data/datasets/harvested/").content.decode()
    assert "Harvested from Oslo open data" in page
    assert "/edit/" not in page
    with pytest.raises(PermissionDenied):
        dataset_update(dataset=dataset, actor=editor, expected_version=1, fields={"title_nb": "x"})


def test_editor_may_not_publish_for_another_organisation(oslo, asker, editor):
    with pytest.raises(PermissionDenied):
        dataset_create(actor=editor, publisher=asker, fields={"title_nb": "Nope"})
    assert not Dataset.objects.exists()


# --- creating and editing -------------------------------------------------------------------


def test_editor_publishes_a_dataset_through_the_form(client, oslo, editor):
    client.force_login(editor)
    response = client.post(
        "/en/data/datasets/new/", form_data(publisher=oslo.pk, data_themes=[], spatial=[])
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    dataset = Dataset.objects.get()
    assert response["Location"] == f"/en/data/datasets/{dataset.slug}/distributions/"
    assert dataset.slug == "bysykkeldata"
    assert dataset.uri == f"{settings.SITE_URL}/data/datasets/bysykkeldata"
    assert dataset.publisher == oslo
    assert dataset.keywords_nb == ["bysykkel", "mobilitet"]
    assert dataset.conforms_to == ["https://gbfs.org/specification/"]
    assert dataset.languages == ["nb", "en"]
    assert dataset.price_nok is None
    page = client.get(f"/en/data/datasets/{dataset.slug}/").content.decode()
    assert "City bike data" in page
    assert "Trips with city bikes in Oslo." in page


def test_slugs_stay_unique(oslo, editor):
    first = dataset_create(actor=editor, publisher=oslo, fields={"title_nb": "Luftkvalitet"})
    second = dataset_create(actor=editor, publisher=oslo, fields={"title_nb": "Luftkvalitet"})
    assert (first.slug, second.slug) == ("luftkvalitet", "luftkvalitet-2")
    assert second.uri.endswith("/data/datasets/luftkvalitet-2")


def test_priced_dataset_keeps_price_and_terms(client, oslo, editor):
    client.force_login(editor)
    response = client.post(
        "/en/data/datasets/new/",
        form_data(
            publisher=oslo.pk,
            price_model="subscription",
            price_nok="1200.50",
            price_terms="Per year.",
        ),
    )
    assert response.status_code == 302
    dataset = Dataset.objects.get()
    assert dataset.price_model == PriceModel.SUBSCRIPTION
    assert str(dataset.price_nok) == "1200.50"
    page = client.get(f"/en/data/datasets/{dataset.slug}/")
    assert "Per year." in page.content.decode()


BAD_INPUTS = [
    ({"price_model": "per_call", "price_nok": ""}, "Give the price in NOK"),
    ({"landing_page": "not a url"}, "Enter a valid URL"),
    ({"conforms_to": "ftp//nope"}, "is not a web address"),
    ({"temporal_start": "2024-01-01", "temporal_end": "2023-01-01"}, "cannot be before its start"),
    ({"title_nb": "x" * 301}, "at most 300 characters"),
    ({"title_nb": "", "title_en": ""}, "Give the dataset a title"),
    ({"keywords_nb": "k" * 101}, "at most 100 characters"),
    ({"contact_email": "nobody"}, "valid email"),
    ({"frequency": "SOMETIMES"}, "Select a valid choice"),
    ({"issued": "2024-01-01", "modified": "2023-01-01"}, "modified before it was issued"),
    ({"price_model": "one_off", "price_nok": "-5"}, "cannot be negative"),
    ({"languages": ["xx"]}, "Select a valid choice"),
]


@pytest.mark.parametrize(("overrides", "message"), BAD_INPUTS)
def test_create_refuses_bad_input_with_a_message(client, oslo, editor, overrides, message):
    client.force_login(editor)
    response = client.post("/en/data/datasets/new/", form_data(publisher=oslo.pk, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Dataset.objects.exists()


@pytest.mark.parametrize(("overrides", "message"), BAD_INPUTS)
def test_edit_refuses_bad_input_and_changes_nothing(client, oslo, editor, overrides, message):
    dataset = dataset_build(publisher=oslo, slug="keep", title_nb="Uendret")
    client.force_login(editor)
    response = client.post(
        "/en/data/datasets/keep/edit/", form_data(version=dataset.version, **overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    dataset.refresh_from_db()
    assert dataset.title_nb == "Uendret"
    assert dataset.version == 1


def test_edit_saves_and_bumps_the_version(client, oslo, editor):
    dataset = dataset_build(publisher=oslo, slug="edit-me")
    tran = DataTheme.objects.get(code="TRAN")
    client.force_login(editor)
    response = client.post(
        "/en/data/datasets/edit-me/edit/",
        form_data(version=dataset.version, data_themes=[tran.pk], status="withdrawn"),
    )
    assert response.status_code == 302
    dataset.refresh_from_db()
    assert dataset.title_nb == "Bysykkeldata"
    assert dataset.version == 2
    assert dataset.slug == "edit-me"  # a published URI does not move
    assert dataset.status == DatasetStatus.WITHDRAWN and dataset.withdrawn_at is not None
    assert [t.code for t in dataset.data_themes.all()] == ["TRAN"]


def test_second_save_of_an_old_version_is_refused_with_409_and_input_kept(client, oslo, editor):
    dataset = dataset_build(publisher=oslo, slug="conflict")
    client.force_login(editor)
    first = client.post("/en/data/datasets/conflict/edit/", form_data(version=1, title_nb="Først"))
    assert first.status_code == 302
    second = client.post(
        "/en/data/datasets/conflict/edit/", form_data(version=1, title_nb="Mitt forslag")
    )
    assert second.status_code == 409
    body = second.content.decode()
    assert "Someone else saved a change" in body
    assert 'value="Mitt forslag"' in body
    dataset.refresh_from_db()
    assert dataset.title_nb == "Først"
    with pytest.raises(ConflictError):
        dataset_update(dataset=dataset, actor=editor, expected_version=1, fields={"title_nb": "x"})


# --- distributions --------------------------------------------------------------------------


def _dist_data(rows, version=1, initial=0):
    data = {
        "version": str(version),
        "distributions-TOTAL_FORMS": str(len(rows)),
        "distributions-INITIAL_FORMS": str(initial),
        "distributions-MIN_NUM_FORMS": "0",
        "distributions-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"distributions-{i}-{key}"] = value
    return data


def test_distributions_are_added_with_media_type_from_the_format(client, oslo, editor):
    dataset = dataset_build(publisher=oslo, slug="dist")
    client.force_login(editor)
    response = client.post(
        "/en/data/datasets/dist/distributions/",
        _dist_data(
            [
                {
                    "access_url": "https://api.example.no/trips",
                    "format": "JSON",
                    "byte_size": "2048",
                },
                {"access_url": "", "format": ""},  # an empty extra row is ignored
            ]
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    distribution = Distribution.objects.get(dataset=dataset)
    assert distribution.format == "JSON"
    assert distribution.media_type == "application/json"
    assert distribution.byte_size == 2048
    dataset.refresh_from_db()
    assert dataset.version == 2
    page = client.get("/en/data/datasets/dist/").content.decode()
    assert "https://api.example.no/trips" in page
    assert "2.0\xa0KB" in page or "2.0 KB" in page


def test_distributions_keep_existing_rows_and_delete_ticked_ones(client, oslo, editor):
    dataset = dataset_build(
        publisher=oslo,
        slug="two",
        distributions=[{"format": "CSV"}, {"format": "JSON"}],
    )
    keep, drop = list(dataset.distributions.order_by("position"))
    client.force_login(editor)
    response = client.post(
        "/en/data/datasets/two/distributions/",
        _dist_data(
            [
                {"id": str(keep.pk), "access_url": "https://new.example.no/a.csv", "format": "CSV"},
                {
                    "id": str(drop.pk),
                    "access_url": drop.access_url,
                    "format": "JSON",
                    "DELETE": "on",
                },
            ],
            initial=2,
        ),
    )
    assert response.status_code == 302
    assert list(Distribution.objects.filter(dataset=dataset).values_list("pk", "access_url")) == [
        (keep.pk, "https://new.example.no/a.csv")
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"access_url": "", "format": "CSV"}, "This field is required"),
        ({"access_url": "nope nope", "format": "CSV"}, "Enter a valid URL"),
        ({"access_url": "https://x.example.no", "format": "EXE"}, "Select a valid choice"),
        ({"access_url": "https://x.example.no", "byte_size": "-1"}, "greater than or equal to 0"),
    ],
)
def test_bad_distributions_are_refused_and_nothing_changes(client, oslo, editor, row, message):
    dataset = dataset_build(publisher=oslo, slug="bad-dist", distributions=[{"format": "CSV"}])
    before = list(Distribution.objects.values_list("pk", "access_url", "format"))
    client.force_login(editor)
    response = client.post("/en/data/datasets/bad-dist/distributions/", _dist_data([row]))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(Distribution.objects.values_list("pk", "access_url", "format")) == before
    dataset.refresh_from_db()
    assert dataset.version == 1


def test_service_refuses_unknown_format(oslo, editor):
    dataset = dataset_build(publisher=oslo)
    with pytest.raises(ValidationError) as exc:
        distributions_replace(
            dataset=dataset,
            actor=editor,
            expected_version=1,
            rows=[{"access_url": "https://x.example.no", "format": "EXE"}],
        )
    assert "unknown format" in str(exc.value)
    assert not Distribution.objects.exists()


def test_distributions_conflict_409(client, oslo, editor):
    dataset_build(publisher=oslo, slug="dist-conflict")
    client.force_login(editor)
    rows = [{"access_url": "https://x.example.no/a", "format": "CSV"}]
    assert (
        client.post("/en/data/datasets/dist-conflict/distributions/", _dist_data(rows)).status_code
        == 302
    )
    response = client.post(
        "/en/data/datasets/dist-conflict/distributions/",
        _dist_data([{"access_url": "https://x.example.no/b", "format": "CSV"}]),
    )
    assert response.status_code == 409
    assert Distribution.objects.get().access_url == "https://x.example.no/a"


# --- the datasets a case uses -------------------------------------------------------------


def test_case_editor_links_datasets_and_both_pages_show_it(client, oslo, asker, editor, settings):
    case = case_create(owner=oslo, slug="sykkelcase", title="Sykkelcase")
    used = dataset_build(publisher=asker, slug="used", title_nb="Brukt datasett")
    dataset_build(publisher=asker, slug="unused", title_nb="Ubrukt")
    client.force_login(editor)
    page = client.get("/en/data/cases/sykkelcase/")
    assert page.status_code == 200
    assert "Brukt datasett" in page.content.decode()
    response = client.post("/en/data/cases/sykkelcase/", {"datasets": [used.pk]})
    assert response.status_code == 302
    assert list(case.datasets.all()) == [used]
    detail = client.get("/en/data/datasets/used/").content.decode()
    assert "Used in cases" in detail and "Sykkelcase" in detail


def test_only_case_editors_link_datasets(client, oslo, asker):
    case = case_create(owner=oslo, slug="not-yours")
    dataset = dataset_build(publisher=asker)
    outsider = member_create(organisation=asker, role=Role.EDITOR)
    client.force_login(outsider)
    assert client.get("/en/data/cases/not-yours/").status_code == 403
    assert client.post("/en/data/cases/not-yours/", {"datasets": [dataset.pk]}).status_code == 403
    assert not case.datasets.exists()
    with pytest.raises(PermissionDenied):
        case_datasets_set(case=case, actor=outsider, datasets=[dataset])


def test_withdrawn_dataset_cannot_be_newly_linked(client, oslo, editor):
    case_create(owner=oslo, slug="c1")
    withdrawn = dataset_build(status=DatasetStatus.WITHDRAWN)
    client.force_login(editor)
    response = client.post("/en/data/cases/c1/", {"datasets": [withdrawn.pk]})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_draft_cases_are_not_listed_on_the_dataset_page(client, oslo):
    dataset = dataset_build(publisher=oslo, slug="with-draft")
    draft = case_create(owner=oslo, published=False, title="Hemmelig utkast")
    dataset.used_in_cases.add(draft)
    page = client.get("/en/data/datasets/with-draft/").content.decode()
    assert "Hemmelig utkast" not in page


def test_case_panel_lists_the_datasets(rf, oslo, editor):
    from smartby.catalog.panels import case_datasets

    case = case_create(owner=oslo)
    dataset = dataset_build(publisher=oslo)
    withdrawn = dataset_build(publisher=oslo, status=DatasetStatus.WITHDRAWN)
    dataset.used_in_cases.add(case)
    withdrawn.used_in_cases.add(case)
    request = rf.get("/")
    request.user = editor
    panel = case_datasets(request, case)
    assert panel.context["datasets"] == [dataset]
    assert panel.context["can_link"] is True
