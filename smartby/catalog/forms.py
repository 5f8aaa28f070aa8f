"""Forms of the catalogue's publishing pages: the dataset (all DCAT-AP-NO fields), its
distributions (a formset) and the datasets a case uses. They only read input; the services
in services/datasets.py decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from smartby.cases.models import Theme
from smartby.catalog.models import Dataset, DatasetStatus, PriceModel
from smartby.catalog.services.datasets import (
    DATASET_FIELDS,
    M2M_FIELDS,
    MAX_DISTRIBUTIONS,
    MAX_KEYWORD_CHARS,
)
from smartby.catalog.vocabularies import FILE_TYPES
from smartby.organisations.models import Municipality, Organisation
from smartby.reference.models import DataTheme, Licence

LANGUAGE_LABELS = [
    ("nb", _("Norwegian bokmål")),
    ("nn", _("Norwegian nynorsk")),
    ("no", _("Norwegian")),
    ("en", _("English")),
    ("sv", _("Swedish")),
    ("da", _("Danish")),
    ("fi", _("Finnish")),
    ("se", _("Northern Sami")),
]

FIELDSETS: list[tuple[Any, list[str]]] = [
    (
        _("About the dataset"),
        ["publisher", "title_nb", "title_en", "description_nb", "description_en", "identifier"],
    ),
    (_("Keywords and themes"), ["keywords_nb", "keywords_en", "data_themes", "themes"]),
    (
        _("Coverage and updates"),
        ["spatial", "temporal_start", "temporal_end", "frequency", "issued", "modified"],
    ),
    (_("Standards and languages"), ["landing_page", "conforms_to", "languages"]),
    (_("Access, licence and price"), ["access_rights", "licence", "licence_uri"]),
    (_("Price"), ["price_model", "price_nok", "price_terms"]),
    (_("Contact point"), ["contact_name", "contact_email", "contact_url", "contact_phone"]),
    (_("Status"), ["status"]),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class WordListField(forms.CharField):
    """Words separated by commas, as a list."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = str(super().to_python(value) or "")
        return list(dict.fromkeys(w.strip() for w in text.split(",") if w.strip()))

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        for word in value:
            if len(word) > MAX_KEYWORD_CHARS:
                raise forms.ValidationError(
                    _("A keyword can have at most %(count)d characters."),
                    params={"count": MAX_KEYWORD_CHARS},
                    code="max_length",
                )

    def run_validators(self, value: Any) -> None:
        return None


class UrlListField(forms.CharField):
    """Web addresses, one per line, as a list."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = str(super().to_python(value) or "")
        return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))

    def validate(self, value: Any) -> None:
        validator = forms.URLField().validators[0]
        for url in value:
            try:
                validator(url)
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    _("“%(value)s” is not a web address (http:// or https://)."),
                    params={"value": url[:80]},
                    code="invalid",
                ) from exc

    def run_validators(self, value: Any) -> None:
        return None


class DatasetForm(forms.ModelForm):
    """The dataset's own fields. `publisher` is asked only when creating; `version` carries
    the version the person started editing from (lost-update protection)."""

    publisher = forms.ModelChoiceField(
        label=_("Publisher"),
        queryset=Organisation.objects.none(),
        help_text=_("The organisation publishing the dataset; you can choose those you edit."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    keywords_nb = WordListField(
        label=_("Keywords (bokmål)"), required=False, help_text=_("Separated by commas.")
    )
    keywords_en = WordListField(
        label=_("Keywords (English)"), required=False, help_text=_("Separated by commas.")
    )
    conforms_to = UrlListField(
        label=_("Conforms to (standards)"),
        required=False,
        help_text=_("Addresses of the standards or schemas the data follows, one per line."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of the data"),
        required=False,
        choices=LANGUAGE_LABELS,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Dataset
        fields = [*DATASET_FIELDS, *M2M_FIELDS]
        widgets = {
            "data_themes": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "spatial": forms.SelectMultiple(attrs={"size": 8}),
            "temporal_start": DateInput(),
            "temporal_end": DateInput(),
            "issued": DateInput(),
            "modified": DateInput(),
            "description_nb": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "price_terms": forms.Textarea(attrs={"rows": 3}),
            "price_model": forms.RadioSelect,
        }
        help_texts = {
            "title_nb": _("Give a title in bokmål, English or both."),
            "spatial": _("The municipalities the data covers. Hold Ctrl (or ⌘) to choose more."),
            "price_nok": _("Required unless the dataset is free."),
            "licence_uri": _("Only when the licence is not in the list above."),
            "status": _("A withdrawn dataset stays findable but is marked as withdrawn."),
        }

    def __init__(
        self, *args: Any, publishers: list[Organisation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if publishers is None:
            del self.fields["publisher"]
        else:
            self._set_queryset(
                "publisher",
                Organisation.objects.filter(pk__in=[o.pk for o in publishers]).order_by("name"),
            )
            if len(publishers) == 1:
                self.fields["publisher"].initial = publishers[0].pk
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
            self.fields["status"].initial = DatasetStatus.ACTIVE
        self._set_queryset("data_themes", DataTheme.objects.order_by("code"))
        self._set_queryset("themes", Theme.objects.all())
        self._set_queryset("spatial", Municipality.objects.order_by("name"))
        self._set_queryset("licence", Licence.objects.order_by("identifier"))
        labels: dict[str, Any] = {
            "data_themes": lambda o: o.label,
            "themes": lambda o: o.name,
            "licence": lambda o: f"{o.identifier} – {o.title}",
            "spatial": lambda o: o.name if o.country == "NO" else f"{o.name} ({o.country})",
        }
        for name, label in labels.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.label_from_instance = label  # type: ignore[method-assign]
        price_model = self.fields["price_model"]
        assert isinstance(price_model, forms.ChoiceField)
        price_model.choices = PriceModel.choices

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
        return {name: data[name] for name in [*DATASET_FIELDS, *M2M_FIELDS] if name in data}

    def _post_clean(self) -> None:
        # The services validate the whole dataset (and say which field is wrong); the
        # model's own validation would run twice and mutate the instance being edited.
        return None


def _format_choices() -> list[tuple[str, str]]:
    return [("", "---------")] + [
        (code, f"{code.replace('_', '-')} ({t.media_type})")
        for code, t in sorted(FILE_TYPES.items())
    ]


class DistributionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title_nb = forms.CharField(label=_("Title (bokmål)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    access_url = forms.URLField(
        label=_("Access URL"),
        max_length=1000,
        assume_scheme="https",
        help_text=_("Where the data or the API can be reached."),
    )
    download_url = forms.URLField(
        label=_("Download URL"), max_length=1000, required=False, assume_scheme="https"
    )
    format = forms.ChoiceField(label=_("Format"), required=False, choices=_format_choices)
    media_type = forms.CharField(
        label=_("Media type"),
        max_length=120,
        required=False,
        help_text=_("Leave empty to use the format's."),
    )
    byte_size = forms.IntegerField(label=_("Size (bytes)"), min_value=0, required=False)
    api_description_url = forms.URLField(
        label=_("API description"),
        max_length=1000,
        required=False,
        assume_scheme="https",
        help_text=_("An OpenAPI or other machine-readable description of the API."),
    )
    licence = forms.ModelChoiceField(
        label=_("Licence"), queryset=Licence.objects.order_by("identifier"), required=False
    )

    def row(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("DELETE", None)
        if data.get("id") is None:
            data.pop("id", None)
        return data


DistributionFormSet = formset_factory(
    DistributionForm, extra=2, can_delete=True, max_num=MAX_DISTRIBUTIONS, validate_max=True
)


def distribution_formset(data: Any, *, initial: list[dict[str, Any]]) -> Any:
    """The distributions formset with the licence choices read once for all rows, so the
    page's queries do not grow with the number of distributions."""
    formset = DistributionFormSet(data, prefix="distributions", initial=initial)
    licences = [
        ("", "---------"),
        *Licence.objects.order_by("identifier").values_list("pk", "identifier"),
    ]
    for form in [*formset.forms, formset.empty_form]:
        form.fields["licence"].choices = licences  # type: ignore[attr-defined]
    return formset


def distribution_rows(formset: Any) -> list[dict[str, Any]]:
    """The filled, not deleted rows of a valid distribution formset."""
    return [f.row() for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class CaseDatasetsForm(forms.Form):
    datasets = forms.ModelMultipleChoiceField(
        label=_("Datasets this case uses"),
        queryset=Dataset.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, choices: list[Dataset], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["datasets"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Dataset.objects.filter(pk__in=[d.pk for d in choices])
        # The labels are built from the rows already read, not from a new query.
        field.choices = [
            (
                d.pk,
                f"{d.title} ({d.publisher.name})"
                + (
                    f" – {DatasetStatus.WITHDRAWN.label}"
                    if d.status == DatasetStatus.WITHDRAWN
                    else ""
                ),
            )
            for d in choices
        ]
