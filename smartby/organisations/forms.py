from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from smartby.organisations.models import County, Municipality, Organisation, OrganisationKind


class DirectoryFilterForm(forms.Form):
    """Filters of the actor directory. Unknown values are form errors, not empty results."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices]
    )
    county = forms.ChoiceField(label=_("County"), required=False)
    network = forms.ChoiceField(label=_("Network"), required=False)

    def __init__(self, *args: Any, networks: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["county"]).choices = [("", _("All counties"))] + [
            (c.number, c.name) for c in County.objects.order_by("name")
        ]
        cast(forms.ChoiceField, self.fields["network"]).choices = [
            ("", _("All networks")),
            *networks,
        ]


class MunicipalityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    county = forms.ChoiceField(label=_("County"), required=False)
    network = forms.ChoiceField(label=_("Network"), required=False)

    def __init__(self, *args: Any, networks: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["county"]).choices = [("", _("All counties"))] + [
            (c.number, c.name) for c in County.objects.order_by("name")
        ]
        cast(forms.ChoiceField, self.fields["network"]).choices = [
            ("", _("All networks")),
            *networks,
        ]


class OrganisationForm(forms.ModelForm):
    """Edit an organisation. Reference organisations (municipalities, county authorities)
    keep the name and place the reference data gives them."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Organisation
        fields = ["name", "org_number", "website", "email", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.is_reference:
            del self.fields["name"]
        self.fields["version"].initial = self.instance.version


class OrganisationCreateForm(forms.Form):
    """Register an organisation that is not a public authority."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (value, label)
            for value, label in OrganisationKind.choices
            if value not in (OrganisationKind.MUNICIPALITY, OrganisationKind.COUNTY)
        ],
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("country", "name"),
        help_text=_("Where the organisation is based."),
    )
    org_number = forms.CharField(
        label=_("Organisation number"),
        required=False,
        max_length=9,
        help_text=_("Nine digits, from the Central Coordinating Register (Enhetsregisteret)."),
    )
    website = forms.URLField(label=_("Website"), required=False)
    email = forms.EmailField(label=_("Contact e-mail"), required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown."),
    )
