from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command

from smartby.network.models import Network, NetworkMembership
from smartby.organisations.models import County, Municipality, Organisation
from smartby.reference import registry
from smartby.reference.models import DataTheme, Licence, SdgTarget, SustainableDevelopmentGoal
from smartby.roadmap.models import KeyQuestion, Principle, TargetPicture

pytestmark = pytest.mark.django_db


def test_reference_data_holds_every_norwegian_municipality_and_county():
    assert Municipality.objects.filter(country="NO").count() == 357
    assert County.objects.count() == 15
    oslo = Municipality.objects.get(country="NO", code="0301")
    assert oslo.county.name == "Oslo"
    assert oslo.population == 728714
    assert oslo.latitude == pytest.approx(59.97243)


def test_nordic_network_cities_are_municipalities_of_their_countries():
    nordic = Network.objects.get(slug="nordic-smart-city-network")
    members = NetworkMembership.objects.filter(network=nordic, left_on__isnull=True)
    assert members.count() == 14
    countries = set(members.values_list("organisation__municipality__country", flat=True))
    assert countries == {"DK", "FI", "IS", "NO", "SE"}
    assert Municipality.objects.exclude(country="NO").count() == 8
    copenhagen = Municipality.objects.get(country="DK", name="København")
    assert copenhagen.name_en == "Copenhagen"
    assert copenhagen.is_capital


def test_roadmap_sdgs_themes_and_licences_are_loaded():
    assert Principle.objects.count() == 8
    assert TargetPicture.objects.count() == 6
    assert KeyQuestion.objects.filter(principle__number=1).count() == 6
    assert SustainableDevelopmentGoal.objects.count() == 17
    assert SdgTarget.objects.count() == 169
    assert DataTheme.objects.count() == 13
    assert Licence.objects.get(identifier="NLOD-2.0").is_open
    assert set(Network.objects.values_list("slug", flat=True)) == {
        "smartbyene",
        "nordic-smart-city-network",
    }


def test_each_municipality_has_one_organisation_linked_to_it():
    assert Organisation.objects.filter(kind="municipality").count() == 365
    assert Organisation.objects.get(slug="oslo-kommune").municipality.code == "0301"
    assert Organisation.objects.filter(kind="county").count() == 14


def test_running_loadrefs_twice_changes_nothing():
    results = registry.load_all()
    assert sum(r.changed for r in results.values()) == 0
    assert sum(r.unchanged for r in results.values()) > 1000


def test_a_changed_file_updates_the_rows(tmp_path, monkeypatch):
    for path in registry.DATA_DIR.iterdir():
        shutil.copy(path, tmp_path / path.name)
    csv_path = tmp_path / "norwegian_municipalities.csv"
    text = csv_path.read_text(encoding="utf-8")
    csv_path.write_text(
        text.replace(
            "0301,Oslo,Oslo,,03,Oslo,Oslo,Oslo,728714", "0301,Oslo,Oslo,,03,Oslo,Oslo,Oslo,730000"
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(registry, "DATA_DIR", tmp_path)

    call_command("loadrefs", "--only", "municipalities", verbosity=0)

    assert Municipality.objects.get(country="NO", code="0301").population == 730000
    assert Municipality.objects.filter(country="NO").count() == 357


def test_provenance_note_ships_with_the_data():
    sources = (registry.DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert "Kartverket" in sources and "SSB" in sources and "GeoNames" in sources
