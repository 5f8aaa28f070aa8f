"""`smartby seed --scale N`: counts in proportion to the scale, text that full-text search
finds, the same rows for the same scale and seed, and bad input refused with nothing changed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import translation

from smartby.accounts.models import Membership, User
from smartby.assessments.models import Assessment
from smartby.cases.models import Case, CaseTranslation, Lesson, Visibility
from smartby.catalog.models import Dataset, Distribution
from smartby.catalog.quality import quality_refresh
from smartby.core.models import Activity
from smartby.demo.seed import EMAIL_DOMAIN, TOPICS, seed_counts, seed_fingerprint
from smartby.network.models import Decision, Meeting, NetworkMembership
from smartby.organisations.models import Organisation

SCALE = "0.01"
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# seed_fingerprint() of what `smartby seed --scale 0.01` writes with seed 1. Update it only
# when a change to the seeded data is intended (new vocabulary, another draw, another
# column): any other change that moves it changed the data by accident.
FINGERPRINT = "4f90eb10b19a4c818351d13f975f7e39cd07ae96c45a5a2d95d0093714ebd48b"


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed", "--scale", SCALE, *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """Seed three times in one transaction (seed 2, then seed 1 twice, each on the same empty
    database: the first two are rolled back), keep the last for the module's tests, and roll
    everything back at the end so the rest of the session sees an empty database."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        fingerprints = {}
        for name, args in (("other seed", ("--seed", "2")), ("first", ())):
            savepoint = transaction.savepoint()
            _seed(*args)
            fingerprints[name] = seed_fingerprint()
            transaction.savepoint_rollback(savepoint)
        output = _seed()
        fingerprints["second"] = seed_fingerprint()
        yield {"output": output, "fingerprints": fingerprints}
        transaction.set_rollback(True)


pytestmark = [pytest.mark.usefixtures("seeded"), pytest.mark.django_db]


def _seeded_users() -> Any:
    return User.objects.filter(email__endswith="@" + EMAIL_DOMAIN)


def _snapshot() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Case, Dataset, Organisation, User, Membership, Assessment, Meeting, Activity)
    }


def test_counts_are_in_proportion_to_the_scale() -> None:
    assert seed_counts(0.01)["cases"] == 50
    assert Case.objects.count() == 50
    assert Dataset.objects.count() == 20
    assert Organisation.objects.filter(is_demo=True).count() == 30
    assert _seeded_users().count() == 100
    assert Assessment.objects.count() == 3
    assert Meeting.objects.count() == 1
    assert Decision.objects.count() == 1
    # Every dataset has one to three distributions (one more when it has an API).
    per_dataset = Dataset.objects.annotate(n=Count("distributions")).values_list("n", flat=True)
    assert set(per_dataset) <= {1, 2, 3}
    assert Distribution.objects.count() >= 20
    # The 357 municipalities are reference data and do not scale.
    assert (
        Organisation.objects.filter(kind="municipality", municipality__country="NO").count() == 357
    )


def test_everything_seeded_is_marked_as_demo_content() -> None:
    assert not Case.objects.filter(is_demo=False).exists()
    assert not Dataset.objects.filter(is_demo=False).exists()
    assert not Assessment.objects.filter(is_demo=False).exists()
    assert not _seeded_users().filter(is_demo=False).exists()
    assert not Activity.objects.filter(is_demo=False).exists()
    # Nobody can log in as a seeded person.
    assert not any(user.has_usable_password() for user in _seeded_users())


def test_cases_look_like_the_network_shares_them() -> None:
    cases = list(Case.objects.prefetch_related("themes", "principles"))
    published = [c for c in cases if c.is_published]
    assert len(published) >= 0.8 * len(cases)
    assert {c.language for c in cases} == {"nb", "en"}
    assert sum(c.language == "nb" for c in cases) > len(cases) / 2
    assert all(1 <= len(c.themes.all()) <= 3 and 1 <= len(c.principles.all()) <= 3 for c in cases)
    assert all(2012 <= c.started_on.year <= 2026 for c in cases if c.started_on)
    assert all(c.visibility in Visibility.values for c in cases)
    assert Lesson.objects.values("case").distinct().count() >= 10
    assert CaseTranslation.objects.exists()
    # Adoption chains start at an original, which is its own lineage root.
    assert all(c.lineage_root_id == c.pk for c in cases if c.adopted_from_id is None)


def _topic_word(case: Case) -> tuple[str, str]:
    """A noun of the case's title in another inflected form than the one written there."""
    for topic in TOPICS:
        for _sg, _dsg, plural, definite in topic.things_nb:
            if " " in plural:
                continue
            if plural in case.title.casefold().split():
                return plural, definite
            if definite in case.title.casefold().split():
                return definite, plural
    raise AssertionError(f"no topic noun in {case.title!r}")


def test_seeded_cases_are_found_by_full_text_search_on_the_case_list(client) -> None:
    case = next(
        c
        for c in Case.objects.filter(
            is_published=True, visibility=Visibility.PUBLIC, language="nb"
        ).order_by("pk")
        if any(
            form in c.title.casefold().split()
            for t in TOPICS
            for _sg, _dsg, plural, definite in t.things_nb
            for form in (plural, definite)
            if " " not in plural
        )
    )
    written, other_form = _topic_word(case)

    for word in (written, other_form):
        response = client.get("/en/cases/", {"q": word})
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count > 0, word
        assert all(found.is_demo for found in response.context["page_obj"])

    english = client.get("/en/cases/", {"q": "sensors"})
    assert english.status_code == 200


def test_the_same_scale_and_seed_give_the_same_rows(seeded) -> None:
    fingerprints = seeded["fingerprints"]
    assert fingerprints["first"] == fingerprints["second"] == seed_fingerprint()
    assert fingerprints["other seed"] != fingerprints["first"]


def test_the_data_of_a_seed_does_not_change_unnoticed(seeded) -> None:
    assert seeded["fingerprints"]["first"] == FINGERPRINT


def test_the_output_shows_progress_and_time_per_table(seeded) -> None:
    output = seeded["output"]
    assert "cases_case" in output
    assert "cases_case_search (index)" in output
    assert "Seeded scale 0.01 with seed 1 in" in output


@pytest.mark.parametrize("scale", ["0", "-1", "abc", "nan", "inf", "5000"])
def test_a_bad_scale_is_refused_with_a_clear_message_and_nothing_changes(scale: str) -> None:
    before = _snapshot()
    with pytest.raises(CommandError, match="--scale must be"):
        call_command("seed", "--scale", scale, stdout=StringIO())
    assert _snapshot() == before


def test_a_database_with_cases_is_refused_without_flush() -> None:
    before = seed_fingerprint()
    with pytest.raises(CommandError, match=r"already has 50 cases.*--flush"):
        _seed()
    assert seed_fingerprint() == before


def test_flush_empties_the_database_and_seeds_the_same_rows_again(seeded) -> None:
    User.objects.create_user(email="someone@example.org", password="x", full_name="Someone")
    try:
        _seed("--flush")
        assert not User.objects.filter(email="someone@example.org").exists()
        assert seed_fingerprint() == seeded["fingerprints"]["first"]
    finally:
        # Flushing recreates the content types inside this test's transaction.
        ContentType.objects.clear_cache()


def test_the_stored_quality_is_what_the_catalogue_computes() -> None:
    before = {d.pk: (d.quality_points, d.quality_band, d.quality) for d in Dataset.objects.all()}
    # The breakdown keeps its labels in the language active when it was computed.
    with translation.override(settings.LANGUAGE_CODE):
        quality_refresh(dataset_ids=list(before))
    after = {d.pk: (d.quality_points, d.quality_band, d.quality) for d in Dataset.objects.all()}
    assert after == before


def test_rows_made_after_the_seed_get_new_ids() -> None:
    """The seed writes its own ids; the database's id sequences must have moved past them."""
    organisation = Organisation.objects.create(
        name="Etter seed AS", slug="etter-seed", kind="business"
    )
    user = User.objects.create_user(email="etter@example.org", password="x", full_name="Etter")
    Membership.objects.create(user=user, organisation=organisation)
    assert organisation.pk > Organisation.objects.exclude(pk=organisation.pk).latest("pk").pk
    assert user.pk > _seeded_users().latest("pk").pk


def test_network_members_have_representatives_and_closed_decisions_a_result() -> None:
    current = NetworkMembership.objects.filter(left_on__isnull=True)
    assert current.filter(network__slug="smartbyene").count() >= 6
    assert not current.filter(representative__isnull=True).exists()
    for decision in Decision.objects.filter(status=Decision.Status.CLOSED):
        assert decision.outcome
        assert decision.tally["cast"] == decision.ballots.count()
        assert decision.electorate_size == decision.electors.count()


def test_the_command_line_exits_non_zero_on_bad_input_without_touching_the_database(
    tmp_path: Path,
) -> None:
    database = tmp_path / "untouched.sqlite3"
    env = {
        **os.environ,
        "SMARTBY_VAR_DIR": str(tmp_path),
        "SMARTBY_DATABASE_URL": f"sqlite:///{database}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "smartby", "seed", "--scale", "0"],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "--scale must be a number greater than 0" in result.stderr
    assert not database.exists()


def test_the_seed_restarts_the_change_history_and_the_lists_count_every_case(client) -> None:
    from smartby.core.models import FacetChange

    # One row per kind, not one per seeded row: processes rebuild once.
    assert sorted(FacetChange.objects.values_list("collection", flat=True)) == [
        "cases",
        "datasets",
        "site",
    ]
    listed = client.get("/en/cases/").context["page_obj"].paginator.count
    assert listed == Case.objects.filter(is_published=True, visibility=Visibility.PUBLIC).count()
