"""Values kept per process and content version (smartby.core.memo): built once while
nothing changes, built again on the first use after any write."""

from __future__ import annotations

import pytest
from django.utils import translation

from smartby.cases.filters import Vocabulary
from smartby.cases.models import Theme
from smartby.core.memo import per_version, site_version, version_known
from tests.cases.factories import case_create

pytestmark = pytest.mark.django_db


def test_a_value_is_built_once_per_version_and_again_after_a_write():
    case_create(title="Bysykler")
    builds: list[int] = []

    def build() -> int:
        builds.append(1)
        return len(builds)

    assert per_version("test.counter", build) == 1
    assert per_version("test.counter", build) == 1
    Theme.objects.filter(slug="mobility").update(name_en="Transport and mobility")
    assert per_version("test.counter", build) == 2


def test_a_version_known_to_the_request_costs_no_query(django_assert_num_queries):
    case_create(title="Bysykler")
    version = site_version()
    per_version("test.known", lambda: "kept")
    with version_known(version), django_assert_num_queries(0):
        assert per_version("test.known", lambda: "built") == "kept"


def test_a_renamed_theme_is_labelled_anew_on_the_next_list(client):
    case_create(title="Bysykler", themes=["mobility"])
    with translation.override("en"):
        assert "Getting around" not in Vocabulary().labels("theme")["mobility"]
        Theme.objects.filter(slug="mobility").update(name_en="Getting around")
        assert Vocabulary().labels("theme")["mobility"] == "Getting around"
    page = client.get("/en/cases/").content.decode()
    assert "Getting around" in page
