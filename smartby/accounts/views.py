"""Account pages: register, confirm, log in, profile, organisations, tokens, export, delete,
and the people page of an organisation. Views read input, ask the rules, call one service
or selector and render; invalid input answers 400 with the form and its messages."""

from __future__ import annotations

import json
import math
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartby.accounts import selectors, services
from smartby.accounts.forms import (
    AccountDeleteForm,
    ApiTokenForm,
    LocalisedPasswordResetForm,
    LoginForm,
    MemberAddForm,
    MemberRoleForm,
    ProfileForm,
    RegisterForm,
    ResendConfirmationForm,
    add_service_errors,
)
from smartby.accounts.models import ApiToken, Membership, Role, User
from smartby.core.models import active_language
from smartby.organisations.forms import OrganisationCreateForm
from smartby.organisations.models import Organisation
from smartby.organisations.selectors import organisation_get

PEOPLE_PAGE_SIZE = 50


class AuthenticatedRequest(HttpRequest):
    """The request of a @login_required view: the user is a real person."""

    user: User


class BadInputIs400:
    """Class-based auth views answer an invalid form with 400, like the function views."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


# --- registration and e-mail confirmation ---------------------------------------------


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = RegisterForm(request.POST or None, initial={"preferred_language": active_language()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.user_register(
                    email=data["email"],
                    full_name=data["full_name"],
                    password=data["password"],
                    preferred_language=data["preferred_language"],
                    is_public=data["is_public"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("accounts:register-done")
    return render(request, "accounts/register.html", {"form": form}, status=status)


@require_GET
def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_done.html")


@require_http_methods(["GET", "POST"])
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: opening a link (or a mail scanner prefetching
    it) must not change anything by itself."""
    try:
        if request.method == "POST":
            services.user_email_confirm(token=token)
            messages.success(request, _("Thank you. Your e-mail address is confirmed."))
            return redirect(
                "accounts:profile" if request.user.is_authenticated else "accounts:login"
            )
        person = services.email_confirmation_token_user(token=token)
    except ValidationError as exc:
        return render(
            request,
            "accounts/confirm_email.html",
            {"error": exc.messages[0], "error_code": exc.code},
            status=400,
        )
    return render(
        request,
        "accounts/confirm_email.html",
        {"person": person, "already_confirmed": person.email_confirmed_at is not None},
    )


@require_http_methods(["GET", "POST"])
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_authenticated:
        if user.email_confirmed_at is not None:
            messages.info(request, _("Your e-mail address is already confirmed."))
            return redirect("accounts:profile")
        if request.method == "POST":
            services.user_email_confirmation_send(user=user)
            messages.success(
                request,
                _("We have sent a new confirmation link to %(email)s.") % {"email": user.email},
            )
            return redirect("accounts:profile")
        return render(request, "accounts/resend_confirmation.html", {"form": None})
    form = ResendConfirmationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            services.user_email_confirmation_resend(email=form.cleaned_data["email"])
            messages.info(
                request,
                _(
                    "If an account with this address is waiting for confirmation, we have sent a "
                    "new link to it. The link is valid for three days."
                ),
            )
            return redirect("accounts:login")
    return render(request, "accounts/resend_confirmation.html", {"form": form}, status=status)


# --- login, logout, passwords ---------------------------------------------------------


class LoginView(BadInputIs400, auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if form.get_user().email_confirmed_at is None:
            messages.warning(
                self.request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _(
                        "Your e-mail address is not confirmed yet. Until it is, you cannot "
                        "change content on the platform."
                    ),
                    reverse("accounts:resend-confirmation"),
                    _("Send me a new confirmation link"),
                ),
            )
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django refuses GET with 405)."""


class PasswordResetView(BadInputIs400, auth_views.PasswordResetView):
    """Always answers "if the address is known, we sent a link": no user enumeration."""

    form_class = LocalisedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_email.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(BadInputIs400, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.user_password_reset_complete(user=form.user)
        return response

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        if not context.get("validlink"):
            response.status_code = 400
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(BadInputIs400, auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:profile")
    extra_context = {"subnav": "password"}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is changed."))
        return response


def lockout(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes calls this when an e-mail address and IP address are locked out after
    repeated failed logins (AXES_LOCKOUT_CALLABLE). Says in plain words when to try again.

    Axes passes (request, original_response, credentials) or (request, credentials)."""
    from axes.helpers import get_client_username, get_cool_off
    from axes.models import AccessAttempt

    found = [a for a in (credentials, *args) if isinstance(a, dict)]
    creds = found[0] if found else None
    cool_off = get_cool_off(request) or timedelta(0)
    now = timezone.now()
    last_failure = AccessAttempt.objects.filter(
        username=get_client_username(request, creds),
        ip_address=getattr(request, "axes_ip_address", None),
    ).aggregate(last=Max("attempt_time"))["last"]
    unlock_at = (last_failure or now) + cool_off
    seconds = max(60, math.ceil((unlock_at - now).total_seconds()))
    response = render(
        request,
        "accounts/lockout.html",
        {"unlock_at": unlock_at, "minutes": math.ceil(seconds / 60)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def _has_demo(user: User, memberships: list[Membership]) -> bool:
    return user.is_demo or any(m.organisation.is_demo for m in memberships)


# --- profile --------------------------------------------------------------------------


@login_required
@require_GET
def profile(request: AuthenticatedRequest) -> HttpResponse:
    memberships = list(selectors.user_memberships(user=request.user))
    return render(
        request,
        "accounts/profile.html",
        {
            "person": request.user,
            "memberships": memberships,
            "subnav": "profile",
            "has_demo": _has_demo(request.user, memberships),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm.for_user(user, request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.user_profile_update(user=user, actor=user, **form.cleaned_data)
            except ValidationError as exc:
                user.refresh_from_db()
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your profile is saved."))
                # Show the profile in the language the person just chose.
                return redirect(translate_url(reverse("accounts:profile"), user.preferred_language))
    return render(
        request, "accounts/profile_form.html", {"form": form, "subnav": "profile"}, status=status
    )


@login_required
@require_GET
def my_organisations(request: AuthenticatedRequest) -> HttpResponse:
    memberships = list(selectors.user_memberships(user=request.user))
    return render(
        request,
        "accounts/my_organisations.html",
        {
            "memberships": memberships,
            "subnav": "organisations",
            "has_demo": _has_demo(request.user, memberships),
        },
    )


@login_required
@require_POST
def membership_leave(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    try:
        membership = selectors.user_membership_get(user=request.user, organisation_slug=slug)
    except Membership.DoesNotExist as exc:
        raise Http404 from exc
    try:
        services.membership_leave(membership=membership, actor=request.user)
    except ValidationError as exc:
        memberships = list(selectors.user_memberships(user=request.user))
        return render(
            request,
            "accounts/my_organisations.html",
            {
                "memberships": memberships,
                "subnav": "organisations",
                "error": " ".join(exc.messages),
            },
            status=400,
        )
    messages.success(
        request,
        _("You have left %(organisation)s.") % {"organisation": membership.organisation.name},
    )
    return redirect("accounts:my-organisations")


# --- API tokens -----------------------------------------------------------------------


def _token_page(
    request: AuthenticatedRequest,
    *,
    form: ApiTokenForm,
    created: tuple[ApiToken, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    tokens = list(selectors.user_api_tokens(user=request.user))
    context = {"form": form, "tokens": tokens, "subnav": "tokens"}
    if created:
        context.update(created_token=created[0], raw_token=created[1])
    return render(request, "accounts/token_list.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    """The raw token is rendered in the POST answer only, never stored or redirected to."""
    if request.method == "GET":
        return _token_page(request, form=ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            created = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _token_page(request, form=ApiTokenForm(), created=created)
    return _token_page(request, form=form, status=400)


@login_required
@require_POST
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        token = selectors.user_api_token_get(user=request.user, pk=pk)
    except ApiToken.DoesNotExist as exc:
        raise Http404 from exc
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


# --- my data --------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def export(request: AuthenticatedRequest) -> HttpResponse:
    data = selectors.user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"smartby-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: AuthenticatedRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.user_delete(
                    user=request.user, actor=request.user, password=form.cleaned_data["password"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                logout(request)
                messages.success(request, _("Your account and your data are deleted."))
                return redirect("home")
    return render(
        request, "accounts/account_delete.html", {"form": form, "subnav": "delete"}, status=status
    )


# --- people of an organisation --------------------------------------------------------


def _managed_organisation(request: HttpRequest, slug: str) -> Organisation:
    """The organisation, if the viewer manages its people. Anyone else gets 404: the page
    lists private data (e-mail addresses, members who are not public)."""
    try:
        organisation = organisation_get(slug=slug)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
    if not request.user.has_perm("accounts.manage_members", organisation):
        raise Http404
    return organisation


def _people_page(
    request: HttpRequest,
    organisation: Organisation,
    *,
    add_form: MemberAddForm | None = None,
    error: str = "",
    error_membership: int | None = None,
    status: int = 200,
) -> HttpResponse:
    page_obj = Paginator(
        selectors.organisation_members(organisation=organisation), PEOPLE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = [(m, MemberRoleForm(initial={"role": m.role}, prefix=f"m{m.pk}")) for m in page_obj]
    return render(
        request,
        "accounts/organisation_people.html",
        {
            "organisation": organisation,
            "page_obj": page_obj,
            "rows": rows,
            "add_form": add_form or MemberAddForm(),
            "error": error,
            "error_membership": error_membership,
            "has_demo": organisation.is_demo or any(m.user.is_demo for m in page_obj),
            "nav": "actors",
        },
        status=status,
    )


@login_required
@require_GET
def organisation_people(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    return _people_page(request, organisation)


@login_required
@require_POST
def member_add(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            membership = services.membership_add(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(
                request,
                _("%(name)s is now a member of %(organisation)s.")
                % {"name": membership.user.full_name, "organisation": organisation.name},
            )
            return redirect("accounts:organisation-people", slug=organisation.slug)
    return _people_page(request, organisation, add_form=form, status=400)


def _back_to_people(
    request: HttpRequest, organisation: Organisation, membership: Membership, *, removed: bool
) -> HttpResponse:
    """After a change, back to the people page, unless the admin just gave up managing it
    (demoted or removed themselves)."""
    gave_up = (
        membership.user_id == request.user.pk
        and not request.user.is_superuser
        and (removed or membership.role != Role.ADMIN)
    )
    if gave_up:
        return redirect("accounts:my-organisations")
    return redirect("accounts:organisation-people", slug=organisation.slug)


def _membership_of(organisation: Organisation, pk: int) -> Membership:
    try:
        return selectors.organisation_membership_get(organisation=organisation, pk=pk)
    except Membership.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_POST
def member_role(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    membership = _membership_of(organisation, pk)
    form = MemberRoleForm(request.POST, prefix=f"m{membership.pk}")
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose member, editor or administrator."))
        membership = services.membership_change_role(
            membership=membership, role=form.cleaned_data["role"], actor=request.user
        )
    except ValidationError as exc:
        return _people_page(
            request,
            organisation,
            error=" ".join(exc.messages),
            error_membership=membership.pk,
            status=400,
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(
        request,
        _("%(name)s now has the role “%(role)s”.")
        % {"name": membership.user.full_name, "role": membership.get_role_display()},
    )
    return _back_to_people(request, organisation, membership, removed=False)


@login_required
@require_POST
def member_remove(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    membership = _membership_of(organisation, pk)
    try:
        services.membership_remove(membership=membership, actor=request.user)
    except ValidationError as exc:
        return _people_page(
            request,
            organisation,
            error=" ".join(exc.messages),
            error_membership=membership.pk,
            status=400,
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(
        request,
        _("%(name)s is no longer a member of %(organisation)s.")
        % {"name": membership.user.full_name, "organisation": organisation.name},
    )
    return _back_to_people(request, organisation, membership, removed=True)


# --- registering an organisation -------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def organisation_register(request: AuthenticatedRequest) -> HttpResponse:
    may_register = request.user.has_perm("organisations.add_organisation")
    form = OrganisationCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if not may_register:
            status = 403
        elif form.is_valid():
            try:
                organisation = services.organisation_register(
                    actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s is registered, and you are its administrator.")
                    % {"name": organisation.name},
                )
                return redirect(organisation.get_absolute_url())
    return render(
        request,
        "accounts/organisation_register.html",
        {"form": form, "may_register": may_register, "subnav": "organisations"},
        status=status,
    )
