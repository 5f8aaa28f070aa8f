"""Forms of the account pages. They read input; the rules about it live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from smartby.accounts.emails import absolute_url
from smartby.accounts.models import Role, User

LANGUAGE_CHOICES = [("nb", "Norsk (bokmål)"), ("en", "English")]


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: keyed messages beside their field when
    the form has it, everything else at the top."""
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class RegisterForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link to this address to confirm it."),
    )
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=LANGUAGE_CHOICES)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password and not only digits."),
    )
    password_confirm = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    is_public = forms.BooleanField(
        label=_("Show my name and job title on the pages of my organisations"),
        required=False,
        initial=True,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password, again = data.get("password"), data.get("password_confirm")
        if password and again and password != again:
            self.add_error("password_confirm", _("The two passwords are not the same."))
        return data


class ResendConfirmationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class LoginForm(AuthenticationForm):
    """Log in with e-mail and password. Addresses are stored in lower case."""

    error_messages = {
        "invalid_login": _(
            "The e-mail address or the password is not right. Check both and try again."
        ),
        "inactive": _("This account is closed."),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.label = _("E-mail")
        field.widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "maxlength": 254}
        )
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def clean_username(self) -> str:
        return (self.cleaned_data.get("username") or "").strip().lower()


class LocalisedPasswordResetForm(PasswordResetForm):
    """Sends the reset link in the person's own language, with a link to SITE_URL."""

    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def send_mail(  # type: ignore[override]
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        with translation.override(user.preferred_language):
            context = {
                **context,
                "site_url": settings.SITE_URL,
                "reset_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
                "reset_url": absolute_url(
                    reverse(
                        "accounts:password-reset-confirm",
                        kwargs={"uidb64": context["uid"], "token": context["token"]},
                    )
                ),
            }
            super().send_mail(
                subject_template_name, email_template_name, context, from_email, to_email, None
            )


class ProfileForm(forms.Form):
    """Edit one's profile. A plain form, so a refused save leaves the person untouched."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    title = forms.CharField(
        label=_("Job title"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=LANGUAGE_CHOICES,
        help_text=_("The language of the e-mails we send you."),
    )
    is_public = forms.BooleanField(
        label=_("Show my name and job title on the pages of my organisations"),
        required=False,
    )

    @classmethod
    def for_user(cls, user: User, data: Any = None) -> ProfileForm:
        return cls(
            data,
            initial={
                "full_name": user.full_name,
                "title": user.title,
                "preferred_language": user.preferred_language,
                "is_public": user.is_public,
            },
        )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the new token"),
        max_length=80,
        help_text=_("What the token is for, for example “Data harvester”."),
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Type your password to confirm that you want to delete your account."),
    )


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person"),
        max_length=254,
        help_text=_("The person must already have an account."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
