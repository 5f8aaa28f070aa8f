"""Forms of the case pages: the case with its lessons, links, partners and translations
(formsets), adoption and attachments. They only read input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from smartby.cases.models import (
    Case,
    Language,
    LessonKind,
    LivingLab,
)
from smartby.cases.services.cases import CASE_FIELDS, M2M_FIELDS
from smartby.organisations.models import Organisation, OrganisationKind
from smartby.roadmap.models import PentaHelixGroup

FIELDSETS: list[tuple[Any, list[str]]] = [
    (_("About the case"), ["owner", "title", "summary", "language", "municipality", "tags"]),
    (_("Problem, solution and results"), ["problem", "solution", "results"]),
    (_("Progress"), ["phase", "status", "living_lab", "started_on", "ended_on"]),
    (
        _("What the case is about"),
        ["themes", "principles", "target_pictures", "technologies", "sdgs", "sdg_targets"],
    ),
    (_("Funding and contact"), ["funding", "contact_name", "contact_email"]),
    (_("Who may see it"), ["visibility"]),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CaseForm(forms.ModelForm):
    """The case's own fields. `owner` is asked only when creating; `version` carries the
    version the person started editing from (lost-update protection)."""

    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=Organisation.objects.none(),
        help_text=_("The organisation sharing the case; you can choose those you edit."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Case
        fields = [*CASE_FIELDS, *M2M_FIELDS]
        widgets = {
            **dict.fromkeys(M2M_FIELDS, forms.CheckboxSelectMultiple),
            "started_on": DateInput(),
            "ended_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "problem": forms.Textarea(attrs={"rows": 6}),
            "solution": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 6}),
            "funding": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "municipality": _("Leave empty to use the owner's municipality."),
            "tags": _("Words separated by commas."),
            "summary": _("Up to 1000 characters; shown in lists and search results."),
            "visibility": _("Network-only cases are shown to members of your networks."),
        }

    def __init__(self, *args: Any, owners: list[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if owners is None:
            del self.fields["owner"]
        else:
            self._set_queryset(
                "owner", Organisation.objects.filter(pk__in=[o.pk for o in owners]).order_by("name")
            )
            if len(owners) == 1:
                self.fields["owner"].initial = owners[0].pk
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        self._set_queryset("living_lab", LivingLab.objects.order_by("name"))
        # Labels in the reader's language (the vocabularies are bilingual).
        labels: dict[str, Any] = {
            "themes": lambda o: o.name,
            "technologies": lambda o: o.name,
            "principles": lambda o: f"{o.number}. {o.title}",
            "target_pictures": lambda o: o.title,
            "sdgs": lambda o: f"{o.number}. {o.short_title}",
            "sdg_targets": lambda o: f"{o.code} {Truncator(o.text).chars(90)}",
        }
        for name, label in labels.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.label_from_instance = label  # type: ignore[method-assign]

    def _set_queryset(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in FIELDSETS
        ]

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in [*CASE_FIELDS, *M2M_FIELDS] if name in data}


class LessonForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of lesson"), choices=LessonKind.choices)
    text = forms.CharField(
        label=_("Lesson"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class LinkForm(forms.Form):
    url = forms.URLField(label=_("Address"), max_length=500, assume_scheme="https")
    title = forms.CharField(label=_("Link text"), max_length=200, required=False)


class ReadOnceModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that, when `objects` (pk -> instance) is given, takes the chosen
    instance from it instead of querying: a formset reads its rows' choices once for all
    rows, so validating it does not cost a query per row."""

    objects: dict[Any, Any] | None = None

    def to_python(self, value: Any) -> Any:
        if self.objects is None or value in self.empty_values:
            return super().to_python(value)
        try:
            return self.objects[int(value)]
        except (KeyError, TypeError, ValueError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None


class PartnerForm(forms.Form):
    organisation = ReadOnceModelChoiceField(
        label=_("Partner organisation"), queryset=Organisation.objects.order_by("name")
    )
    role = ReadOnceModelChoiceField(
        label=_("Penta-helix role"), queryset=PentaHelixGroup.objects.all(), required=False
    )
    can_edit = forms.BooleanField(label=_("May edit the case"), required=False)


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


LessonFormSet = formset_factory(LessonForm, extra=2, can_delete=True, max_num=100)
LinkFormSet = formset_factory(LinkForm, extra=1, can_delete=True, max_num=50)
PartnerFormSet = formset_factory(PartnerForm, extra=1, can_delete=True, max_num=50)
TranslationFormSet = formset_factory(TranslationForm, extra=1, can_delete=True, max_num=6)


def formset_rows(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """The filled-in rows of a valid formset, without those marked for removal."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append({k: v for k, v in data.items() if k != "DELETE"})
    return rows


class AdoptForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Adopting municipality"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(
        label=_("Title of your case"),
        max_length=200,
        help_text=_("You can change it later."),
    )
    language = forms.ChoiceField(
        label=_("Language you will write in"), choices=Language.choices, initial=Language.NB
    )

    def __init__(
        self, *args: Any, organisations: list[Organisation], origin: Case, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations], kind=OrganisationKind.MUNICIPALITY
        ).order_by("name")
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
        self.fields["title"].initial = origin.title


class AttachmentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Describe the file; for images this is the text read out instead."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF, or a PNG, JPEG, WebP or GIF image."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/png,image/jpeg,image/webp,image/gif"}
        ),
    )
