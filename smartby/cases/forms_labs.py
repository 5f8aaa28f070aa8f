"""Forms of the living-lab pages: the list filters and the create/edit form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from smartby.cases.models import LivingLab, Theme
from smartby.organisations.models import Organisation


class LivingLabFilterForm(forms.Form):
    """Filters of the list. Unknown values are form errors, not empty results."""

    theme = forms.ChoiceField(label=_("Focus theme"), required=False)
    county = forms.ChoiceField(label=_("County"), required=False)

    def __init__(
        self,
        *args: Any,
        themes: list[tuple[str, str]],
        counties: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["theme"]).choices = [
            ("", _("All themes")),
            *themes,
        ]
        cast(forms.ChoiceField, self.fields["county"]).choices = [
            ("", _("All counties")),
            *counties,
        ]


class LivingLabForm(forms.Form):
    """Register or change a living lab. `hosts` (the municipal organisations the person
    edits) is given when registering; an existing lab keeps its host."""

    host = forms.ModelChoiceField(
        label=_("Host municipality"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("The living lab is registered in this municipality."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Focus themes"),
        queryset=Theme.objects.order_by("kind", "position"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    facilities = forms.CharField(
        label=_("Facilities"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What a company can use here: sensors, spaces, data, people. Markdown."),
    )
    how_to_apply = forms.CharField(
        label=_("How a company applies to test here"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown."),
    )
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("Optional. Without it the lab is shown at the municipality's centre."),
    )
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        hosts: QuerySet[Organisation] | None = None,
        lab: LivingLab | None = None,
        **kwargs: Any,
    ) -> None:
        if lab is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": lab.name,
                "description": lab.description,
                "themes": list(lab.themes.all()),
                "facilities": lab.facilities,
                "how_to_apply": lab.how_to_apply,
                "website": lab.website,
                "latitude": lab.latitude,
                "longitude": lab.longitude,
                "version": lab.version,
            }
        super().__init__(*args, **kwargs)
        if hosts is None:
            del self.fields["host"]
        else:
            cast(forms.ModelChoiceField, self.fields["host"]).queryset = hosts
            del self.fields["version"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        if "version" in self.fields and data.get("version") is None:
            raise forms.ValidationError(_("The form is missing its version; reload the page."))
        return data
