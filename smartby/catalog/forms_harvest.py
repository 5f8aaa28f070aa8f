"""The form for a harvest source: where to harvest from, what kind of catalogue it is, for
which organisation, and how often."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from smartby.catalog.models import HarvestSource
from smartby.organisations.models import Organisation

MAX_SCHEDULE_HOURS = 24 * 365


class HarvestSourceForm(forms.ModelForm):
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_(
            "For DCAT: the address of the catalogue document (Turtle, RDF/XML or JSON-LD); "
            "pages are followed. For CKAN: the portal's address, e.g. https://data.example.no."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = HarvestSource
        fields = ["name", "url", "kind", "publisher", "schedule_hours", "enabled"]

    def __init__(
        self,
        *args: Any,
        publishers: list[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = list(publishers)
        if self.instance.pk and self.instance.publisher_id not in {o.pk for o in choices}:
            choices.append(self.instance.publisher)
        field = self.fields["publisher"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in choices]).order_by(
            "name"
        )
        if len(choices) == 1 and not self.instance.pk:
            field.initial = choices[0].pk
        schedule = self.fields["schedule_hours"]
        assert isinstance(schedule, forms.IntegerField)
        schedule.max_value = MAX_SCHEDULE_HOURS
        schedule.validators.append(MaxValueValidator(MAX_SCHEDULE_HOURS))
        schedule.widget.attrs["max"] = MAX_SCHEDULE_HOURS
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or []}
