"""`get_<field>_display` of Smartby's models reads a field's choices once (core.models):
it must still give the label in the active language, and what Django gives otherwise."""

from __future__ import annotations

from django.db import models
from django.utils import translation

from smartby.cases.models import Case
from smartby.catalog.models import Dataset
from smartby.core.models import _choice_labels


def test_the_label_follows_the_active_language() -> None:
    case = Case(phase="testing", status="completed")
    with translation.override("en"):
        assert (case.get_phase_display(), case.get_status_display()) == (
            "Testing (pilot)",
            "Completed",
        )
    with translation.override("nb"):
        assert (case.get_phase_display(), case.get_status_display()) == (
            "Utprøving (pilot)",
            "Fullført",
        )
        case.phase = "scaling"  # a changed value is read anew
        assert case.get_phase_display() == "Skalering"


def test_a_value_outside_the_choices_is_shown_as_it_is_like_django_does() -> None:
    assert Case(phase="sideways").get_phase_display() == "sideways"
    assert Case(phase="").get_phase_display() == ""
    assert Dataset(access_rights="").get_access_rights_display() == ""


def test_choices_computed_on_each_use_are_not_kept() -> None:
    computed = models.CharField(choices=lambda: [("a", "A")])
    fixed = models.CharField(choices=[("a", "A"), ("b", "B")])
    assert _choice_labels(computed) is None
    assert _choice_labels(fixed) == {"a": "A", "b": "B"}
