from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartby.accounts.models import User
from smartby.network.models import (
    Body,
    Decision,
    DecisionOption,
    Network,
    PriorityCandidate,
    WorkTheme,
)
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


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _pairs(text: str) -> list[tuple[str, str]]:
    """Lines "bokmål | English" (English optional)."""
    pairs = []
    for line in _lines(text):
        nb, _sep, en = line.partition("|")
        pairs.append((nb.strip(), en.strip()))
    return pairs


class RepresentativesForm(forms.Form):
    representative = forms.ModelChoiceField(
        label=_("Representative"), queryset=User.objects.none(), required=False
    )
    deputy = forms.ModelChoiceField(label=_("Deputy"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(memberships__organisation=organisation, is_active=True)
        for name in ("representative", "deputy"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = people.order_by("full_name")
            field.empty_label = _("(nobody)")


class LeadershipTermForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Lead city"), queryset=Organisation.objects.none()
    )
    starts_on = forms.DateField(
        label=_("Term starts"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Term ends"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = members  # type: ignore[attr-defined]


class WorkgroupForm(forms.Form):
    name_nb = forms.CharField(label=_("Name (bokmål)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=WorkTheme.objects.none(), required=False
    )
    lead = forms.ModelChoiceField(
        label=_("Lead municipality"), queryset=Organisation.objects.none()
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mandate_nb = forms.CharField(label=_("Mandate (bokmål)"), widget=forms.Textarea, required=False)
    mandate_en = forms.CharField(
        label=_("Mandate (English)"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, network: Network, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = WorkTheme.objects.filter(network=network)  # type: ignore[attr-defined]
        self.fields["lead"].queryset = members  # type: ignore[attr-defined]
        self.fields["members"].queryset = members  # type: ignore[attr-defined]


class WorkgroupMembersForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The lead municipality is always a member."),
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members  # type: ignore[attr-defined]


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Document title"), max_length=200)
    url = forms.URLField(
        label=_("Address of the document"),
        max_length=200,
        assume_scheme="https",
        help_text=_("Where the network keeps the file, e.g. its shared drive."),
    )


class MeetingForm(forms.Form):
    organiser = forms.ChoiceField(label=_("Body or workgroup"))
    title_nb = forms.CharField(label=_("Title (bokmål)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeLocalInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Online meeting link"), max_length=200, required=False, assume_scheme="https"
    )
    is_public = forms.BooleanField(
        label=_("Public meeting (listed for everyone and in the public calendar)"),
        required=False,
        initial=True,
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("One item per line."),
    )

    def __init__(
        self, *args: Any, organisers: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisers is None:
            del self.fields["organiser"]
        else:
            self.fields["organiser"].choices = organisers  # type: ignore[attr-defined]

    def agenda_lines(self) -> list[str]:
        return _lines(self.cleaned_data.get("agenda", ""))


class MeetingEditForm(MeetingForm):
    minutes = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_("Markdown: # headings, **bold**, lists with -, links."),
    )


class AttendanceForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("Who attended"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, invitees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = invitees  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    title_nb = forms.CharField(label=_("Title (bokmål)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    proposal_nb = forms.CharField(
        label=_("Proposal (bokmål)"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    proposal_en = forms.CharField(
        label=_("Proposal (English)"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Decision.Kind.choices)
    options = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "For several options: one per line, bokmål | English. Abstain is always added."
        ),
    )
    secret = forms.BooleanField(label=_("Secret ballot"), required=False)
    opens_at = forms.DateTimeField(label=_("Voting opens"), widget=DateTimeLocalInput())
    closes_at = forms.DateTimeField(label=_("Voting closes"), widget=DateTimeLocalInput())

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(network=network)  # type: ignore[attr-defined]

    def option_pairs(self) -> list[tuple[str, str]]:
        return _pairs(self.cleaned_data.get("options", ""))


class VoteForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Vote for"), queryset=Organisation.objects.none(), empty_label=None
    )
    option = forms.ModelChoiceField(
        label=_("Your vote"),
        queryset=DecisionOption.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(
        self, *args: Any, decision: Decision, organisations: list[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in organisations]
        ).order_by("name")
        self.fields["option"].queryset = decision.options.all()  # type: ignore[attr-defined]


class PriorityRoundForm(forms.Form):
    title_nb = forms.CharField(label=_("Title (bokmål)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    closes_at = forms.DateTimeField(label=_("Ranking closes"), widget=DateTimeLocalInput())
    candidates = forms.CharField(
        label=_("Themes to rank"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line, bokmål | English."),
    )

    def candidate_pairs(self) -> list[tuple[str, str]]:
        return _pairs(self.cleaned_data.get("candidates", ""))


class RankingForm(forms.Form):
    """One select per theme: its place (1 = most important) or not ranked."""

    organisation = forms.ModelChoiceField(
        label=_("Rank for"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(
        self,
        *args: Any,
        candidates: list[PriorityCandidate],
        organisations: list[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in organisations]
        ).order_by("name")
        places = [("", _("Not ranked"))] + [(str(i), str(i)) for i in range(1, len(candidates) + 1)]
        for c in candidates:
            self.fields[f"place_{c.pk}"] = forms.TypedChoiceField(
                label=str(c.name), choices=places, coerce=int, required=False, empty_value=None
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        placed = [
            (data.get(f"place_{c.pk}"), c.pk)
            for c in self.candidates
            if data.get(f"place_{c.pk}") is not None
        ]
        if not placed:
            raise forms.ValidationError(_("Give at least one theme a place."))
        places = [p for p, _c in placed]
        if len(set(places)) != len(places):
            raise forms.ValidationError(_("Two themes cannot share a place."))
        data["ranking"] = [cid for _p, cid in sorted(placed)]
        return data
