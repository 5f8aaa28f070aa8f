from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from smartby.organisations.models import Organisation


class MembershipAddForm(forms.Form):
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_(
            "The organisation's name or the last part of its address, e.g. “asker-kommune”."
        ),
    )
    joined_on = forms.DateField(
        label=_("Member since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_organisation(self) -> Organisation:
        value = self.cleaned_data["organisation"].strip()
        matches = list(Organisation.objects.filter(slug=value)[:1]) or list(
            Organisation.objects.filter(name__iexact=value)[:2]
        )
        if not matches:
            raise forms.ValidationError(_("No organisation has that name or address."))
        if len(matches) > 1:
            raise forms.ValidationError(
                _("Several organisations have that name; use the address instead.")
            )
        return matches[0]
