"""slug_url gives exactly the link `reverse` gives, in every language and for every slug."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from smartby.cases.models import Case
from smartby.core.links import slug_url

ROUTES = [
    "cases:case-detail",
    "cases:living-lab-detail",
    "catalog:dataset-detail",
    "network:network-detail",
    "organisations:municipality-detail",
    "organisations:organisation-detail",
    "roadmap:principle-detail",
]


@settings(deadline=None)  # the first call loads the URL configuration
@given(slug=st.text(min_size=1, max_size=40), route=st.sampled_from(ROUTES))
@example(slug="bysykler-for-alle", route="cases:case-detail")
@example(slug="0slot0", route="cases:case-detail")  # the placeholder itself
@example(slug="a0slot0b", route="catalog:dataset-detail")
@example(slug="smarte-vannmålere", route="cases:case-detail")  # not a Django slug
@example(slug="a b/c?d", route="organisations:organisation-detail")
def test_the_link_is_the_one_reverse_gives_in_both_languages(slug: str, route: str) -> None:
    for language in ("nb", "en"):
        with translation.override(language):
            try:
                expected = reverse(route, kwargs={"slug": slug})
            except NoReverseMatch:
                with pytest.raises(NoReverseMatch):
                    slug_url(route, slug)
            else:
                assert slug_url(route, slug) == expected


def test_links_follow_the_language_and_the_script_prefix() -> None:
    with translation.override("nb"):
        assert slug_url("cases:case-detail", "sykler") == "/cases/sykler/"
    with translation.override("en"):
        assert slug_url("cases:case-detail", "sykler") == "/en/cases/sykler/"
    set_script_prefix("/smartby/")
    try:
        with translation.override("en"):
            assert slug_url("cases:case-detail", "sykler") == "/smartby/en/cases/sykler/"
    finally:
        set_script_prefix("/")
    with translation.override("en"):
        assert slug_url("cases:case-detail", "sykler") == "/en/cases/sykler/"


def test_a_route_without_a_slug_is_left_to_reverse() -> None:
    with pytest.raises(NoReverseMatch):
        slug_url("cases:case-list", "sykler")
    with pytest.raises(NoReverseMatch):  # it takes the network's slug too
        slug_url("network:workgroup-detail", "mobilitet", name="workgroup")


@override_settings(ROOT_URLCONF="tests.core.links_urls")
def test_a_new_url_configuration_is_followed() -> None:
    assert slug_url("thing", "x-1") == "/things/x-1/"


def test_a_model_links_with_it() -> None:
    with translation.override("en"):
        assert Case(slug="bysykler").get_absolute_url() == "/en/cases/bysykler/"
