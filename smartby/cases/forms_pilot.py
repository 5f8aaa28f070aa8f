"""Forms of the pilot watch: the answer to a pilot (scaled, continue, stopped), a plain
progress update, and the filters of the network overview."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from smartby.cases.models import LessonKind
from smartby.cases.services.pilot import review_date_error

ANSWERS = [
    ("scaled", _("Scaled: it moves on to the next phase (adaptation)")),
    ("continue", _("Continues: we set a new date for the next review")),
    ("stopped", _("Stopped: we end the pilot and share what we learned")),
]
LESSON_ROWS = 3


class PilotAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("What happens with the pilot?"),
        choices=ANSWERS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one of the three answers."),
            "invalid_choice": _("Choose one of the three answers."),
        },
    )
    text = forms.CharField(
        label=_("What happened, or why it was stopped"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional, except when the pilot is stopped."),
    )
    review_on = forms.DateField(
        label=_("Next review"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only when it continues: a date in the future, at most 24 months ahead."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, LESSON_ROWS + 1):
            self.fields[f"lesson_{n}_kind"] = forms.ChoiceField(
                label=_("Kind of lesson %(number)s") % {"number": n},
                choices=[("", "—"), *LessonKind.choices],
                required=False,
            )
            self.fields[f"lesson_{n}_text"] = forms.CharField(
                label=_("Lesson %(number)s") % {"number": n},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def lessons(self) -> list[tuple[str, str]]:
        return [
            (
                self.cleaned_data.get(f"lesson_{n}_kind", ""),
                self.cleaned_data.get(f"lesson_{n}_text", ""),
            )
            for n in range(1, LESSON_ROWS + 1)
            if (self.cleaned_data.get(f"lesson_{n}_text") or "").strip()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answer = data.get("answer")
        if answer == "continue" and not self.has_error("review_on"):
            error = review_date_error(data.get("review_on"))
            if error:
                self.add_error("review_on", error)
        if answer == "stopped":
            if not (data.get("text") or "").strip():
                self.add_error("text", _("Say why the pilot was stopped."))
            lessons = self.lessons()
            if not lessons:
                self.add_error(
                    "lesson_1_text", _("Add at least one lesson learned when stopping a pilot.")
                )
            for n in range(1, LESSON_ROWS + 1):
                if (data.get(f"lesson_{n}_text") or "").strip() and not data.get(
                    f"lesson_{n}_kind"
                ):
                    self.add_error(f"lesson_{n}_kind", _("Choose what kind of lesson this is."))
        return data


class ProgressForm(forms.Form):
    text = forms.CharField(
        label=_("What happened"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write what happened.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class PilotOverviewFilterForm(forms.Form):
    network = forms.ChoiceField(label=_("Network"), required=False)
    since = forms.DateField(
        label=_("Decided from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Decided until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, networks: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["network"]).choices = [
            ("", _("All networks")),
            *networks,
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        return data
