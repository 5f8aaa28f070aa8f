"""Writes about people: accounts, e-mail confirmation, memberships and API tokens.

Every function takes keyword-only arguments, runs in one transaction, raises
ValidationError for bad input and PermissionDenied for refused actions, and returns the
changed object. Mail is sent only after the transaction commits.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from smartby.accounts import emails
from smartby.accounts.models import ApiToken, Membership, Role, User, hash_token
from smartby.organisations.models import Organisation

TOKEN_PREFIX = "sbt_"  # noqa: S105 - a public marker, not a secret
LANGUAGES = ("nb", "en")

# E-mail confirmation links are signed (no table needed) and expire after three days.
EMAIL_CONFIRMATION_MAX_AGE = timedelta(days=3)
_EMAIL_CONFIRMATION_SALT = "smartby.accounts.email-confirmation"


# --- accounts ---------------------------------------------------------------------------


def _clean_text(value: str) -> str:
    return " ".join((value or "").split())


def _normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationError(
            {"preferred_language": _("Choose Norwegian (bokmål) or English.")}, code="invalid"
        )


@transaction.atomic
def user_register(
    *,
    email: str,
    full_name: str,
    password: str,
    preferred_language: str = "nb",
    is_public: bool = True,
) -> User:
    """Create an account and send the e-mail confirmation link after commit.

    Raises ValidationError (keyed by argument name) for a taken or malformed address, an
    empty name or a weak password; nothing is saved then."""
    email = _normalise_email(email)
    full_name = _clean_text(full_name)
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors.setdefault("email", []).append(_("Enter a valid e-mail address."))
    else:
        if User.objects.filter(email__iexact=email).exists():
            errors.setdefault("email", []).append(
                _(
                    "An account with this e-mail address already exists. Log in, or reset the "
                    "password if you have forgotten it."
                )
            )
    if not full_name:
        errors.setdefault("full_name", []).append(_("Enter your name."))
    if preferred_language not in LANGUAGES:
        errors.setdefault("preferred_language", []).append(
            _("Choose Norwegian (bokmål) or English.")
        )
    candidate = User(email=email, full_name=full_name)
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as exc:
        errors.setdefault("password", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=password,
                full_name=full_name,
                preferred_language=preferred_language,
                is_public=is_public,
            )
    except IntegrityError as exc:  # a concurrent registration took the address first
        raise ValidationError(
            {"email": [_("An account with this e-mail address already exists.")]}
        ) from exc
    user_email_confirmation_send(user=user)
    return user


def email_confirmation_token_make(*, user: User) -> str:
    """A signed, timestamped token that confirms `user.email` (valid three days)."""
    return signing.TimestampSigner(salt=_EMAIL_CONFIRMATION_SALT).sign_object(
        {"u": user.pk, "e": user.email}, compress=True
    )


def email_confirmation_token_user(*, token: str) -> User:
    """The person a confirmation token was made for. Raises ValidationError with code
    "expired" or "invalid"."""
    signer = signing.TimestampSigner(salt=_EMAIL_CONFIRMATION_SALT)
    try:
        data = signer.unsign_object(token, max_age=EMAIL_CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ValidationError(
            _(
                "This confirmation link has expired. Links are valid for three days; ask for a "
                "new one below."
            ),
            code="expired",
        ) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise ValidationError(
            _(
                "This confirmation link is not valid. Check that you copied the whole link, or "
                "ask for a new one below."
            ),
            code="invalid",
        ) from exc
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    # The address is part of the token, so a link stops working if the address changes.
    if user is None or user.email != data.get("e"):
        raise ValidationError(
            _(
                "This confirmation link is not valid. Check that you copied the whole link, or "
                "ask for a new one below."
            ),
            code="invalid",
        )
    return user


def user_email_confirmation_send(*, user: User) -> None:
    """Send (after commit) a new confirmation link, unless the address is confirmed."""
    if user.email_confirmed_at is not None or not user.is_active:
        return
    token = email_confirmation_token_make(user=user)
    transaction.on_commit(lambda: emails.email_confirmation_send(user=user, token=token))


def user_email_confirmation_resend(*, email: str) -> None:
    """Resend the link to an unconfirmed account with this address. Says nothing about
    whether the account exists (no user enumeration)."""
    user = User.objects.filter(email__iexact=_normalise_email(email), is_active=True).first()
    if user is not None:
        user_email_confirmation_send(user=user)


@transaction.atomic
def user_email_confirm(*, token: str) -> User:
    """Mark the address a token was made for as confirmed. A link works once: confirming
    again changes nothing. Raises ValidationError ("expired", "invalid")."""
    user = email_confirmation_token_user(token=token)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
    return user


@transaction.atomic
def user_password_reset_complete(*, user: User) -> User:
    """After a person set a new password through an e-mailed link: the link proved they
    read that mailbox, so the address counts as confirmed, and login throttling for the
    address starts afresh."""
    from axes.utils import reset as axes_reset

    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
    axes_reset(username=user.email)
    return user


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    actor: Any,
    full_name: str | None = None,
    title: str | None = None,
    preferred_language: str | None = None,
    is_public: bool | None = None,
) -> User:
    """Change a person's profile; arguments left as None stay as they are. Raises
    PermissionDenied unless the actor may change this person, ValidationError for an empty
    name or an unknown language (nothing is saved then)."""
    if not actor.has_perm("accounts.change_user", user):
        raise PermissionDenied
    changes: dict[str, Any] = {}
    if full_name is not None:
        full_name = _clean_text(full_name)
        if not full_name:
            raise ValidationError({"full_name": [_("Enter your name.")]})
        changes["full_name"] = full_name[:150]
    if title is not None:
        changes["title"] = _clean_text(title)[:150]
    if preferred_language is not None:
        _check_language(preferred_language)
        changes["preferred_language"] = preferred_language
    if is_public is not None:
        changes["is_public"] = bool(is_public)
    for name, value in changes.items():
        setattr(user, name, value)
    if changes:
        user.save(update_fields=sorted(changes))
    return user


def _sole_admin_organisations(*, user: User) -> list[Organisation]:
    """Organisations where `user` is the only admin and other people are members.
    Locks those organisations' memberships until the transaction ends."""
    admin_org_ids = list(
        Membership.objects.filter(user=user, role=Role.ADMIN).values_list(
            "organisation_id", flat=True
        )
    )
    if not admin_org_ids:
        return []
    rows = list(
        Membership.objects.select_for_update()
        .filter(organisation_id__in=admin_org_ids)
        .order_by("pk")
        .values_list("organisation_id", "user_id", "role")
    )
    blocked = []
    for org_id in admin_org_ids:
        others = [(uid, role) for oid, uid, role in rows if oid == org_id and uid != user.pk]
        if others and not any(role == Role.ADMIN for _uid, role in others):
            blocked.append(org_id)
    return list(Organisation.objects.filter(pk__in=blocked).order_by("name", "pk"))


@transaction.atomic
def user_delete(*, user: User, actor: Any, password: str) -> None:
    """Delete a person's own account with their memberships, tokens and network roles.

    Raises PermissionDenied unless the actor is that person; ValidationError for a wrong
    password or when they are the last admin of an organisation that has other members."""
    if (
        not actor.is_authenticated
        or actor.pk != user.pk
        or not actor.has_perm("accounts.delete_user", user)
    ):
        raise PermissionDenied
    if not password or not user.check_password(password):
        raise ValidationError(
            {"password": [_("The password is not right. Type your current password.")]}
        )
    blocked = _sole_admin_organisations(user=user)
    if blocked:
        raise ValidationError(
            _(
                "You are the only administrator of %(organisations)s, which still has other "
                "members. Make another member an administrator first, then delete your account."
            )
            % {"organisations": ", ".join(o.name for o in blocked)},
            code="last_admin",
        )
    _login_records_delete(email=user.email)
    try:
        with transaction.atomic():
            user.delete()
    except (ProtectedError, RestrictedError) as exc:
        # Another app keeps rows that must not vanish with the person; they need handing over.
        raise ValidationError(
            _(
                "Your account cannot be deleted yet because content on the platform depends on "
                "it. Contact the platform administrators, who can hand it over to someone else."
            ),
            code="protected",
        ) from exc


def _login_records_delete(*, email: str) -> None:
    """Login throttling keeps the address and IP of attempts; they go with the account."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=email).delete()


# --- memberships ----------------------------------------------------------------------


def _check_role(role: str) -> Role:
    if role not in Role.values:
        raise ValidationError({"role": [_("Choose member, editor or administrator.")]})
    return Role(role)


def _check_manage(*, actor: Any, organisation: Organisation) -> None:
    if not actor.has_perm("accounts.manage_members", organisation):
        raise PermissionDenied


def _locked_memberships(*, organisation_id: int) -> list[Membership]:
    """Every membership of the organisation, locked until the transaction ends, so two
    admins demoting each other at the same time cannot leave it without an admin."""
    return list(
        Membership.objects.select_for_update()
        .filter(organisation_id=organisation_id)
        .order_by("pk")
    )


def _would_orphan(
    *, memberships: Iterable[Membership], leaving: Membership, new_role: str | None
) -> bool:
    """True if the change leaves an organisation that has members without any admin.
    `new_role` None means the person leaves."""
    if leaving.role != Role.ADMIN or new_role == Role.ADMIN:
        return False
    remaining = [
        (m.role if m.pk != leaving.pk else new_role)
        for m in memberships
        if m.pk != leaving.pk or new_role is not None
    ]
    return bool(remaining) and Role.ADMIN not in remaining


def _last_admin_error() -> ValidationError:
    return ValidationError(
        _(
            "An organisation with members needs at least one administrator. Make someone else "
            "an administrator first."
        ),
        code="last_admin",
    )


@transaction.atomic
def membership_add(*, organisation: Organisation, email: str, role: str, actor: Any) -> Membership:
    """Add the person with this e-mail address to the organisation. Raises PermissionDenied
    unless the actor manages its members; ValidationError for an unknown address, a bad role
    or someone who is already a member."""
    _check_manage(actor=actor, organisation=organisation)
    role = _check_role(role)
    email = _normalise_email(email)
    user = User.objects.filter(email__iexact=email, is_active=True).first() if email else None
    if user is None:
        raise ValidationError(
            {
                "email": [
                    _(
                        "Nobody with this e-mail address has an account. Ask the person to "
                        "register first, then add them."
                    )
                ]
            }
        )
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(
            {
                "email": [
                    _("%(name)s is already a member of %(organisation)s.")
                    % {"name": user.full_name, "organisation": organisation.name}
                ]
            }
        )
    try:
        with transaction.atomic():
            return Membership.objects.create(organisation=organisation, user=user, role=role)
    except IntegrityError as exc:
        raise ValidationError(
            {
                "email": [
                    _("%(name)s is already a member of %(organisation)s.")
                    % {"name": user.full_name, "organisation": organisation.name}
                ]
            }
        ) from exc


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor: Any) -> Membership:
    """Give a member another role. Raises PermissionDenied unless the actor manages the
    organisation's members; ValidationError for a bad role or demoting the last admin."""
    _check_manage(actor=actor, organisation=membership.organisation)
    role = _check_role(role)
    memberships = _locked_memberships(organisation_id=membership.organisation_id)
    current = next((m for m in memberships if m.pk == membership.pk), None)
    if current is None:
        raise ValidationError(_("This person is no longer a member."), code="gone")
    if current.role == role:
        return current
    if _would_orphan(memberships=memberships, leaving=current, new_role=role):
        raise _last_admin_error()
    current.role = role
    current.save(update_fields=["role", "updated_at"])
    return current


@transaction.atomic
def membership_remove(*, membership: Membership, actor: Any) -> None:
    """Remove a member. Raises PermissionDenied unless the actor manages the organisation's
    members; ValidationError when that would leave other members without an admin."""
    _check_manage(actor=actor, organisation=membership.organisation)
    _membership_delete(membership=membership)


@transaction.atomic
def membership_leave(*, membership: Membership, actor: Any) -> None:
    """The actor leaves one of their organisations. Raises PermissionDenied for someone
    else's membership; ValidationError when that would leave other members without an admin."""
    if not actor.is_authenticated or membership.user_id != actor.pk:
        raise PermissionDenied
    _membership_delete(membership=membership)


def _membership_delete(*, membership: Membership) -> None:
    memberships = _locked_memberships(organisation_id=membership.organisation_id)
    current = next((m for m in memberships if m.pk == membership.pk), None)
    if current is None:
        return
    if _would_orphan(memberships=memberships, leaving=current, new_role=None):
        raise _last_admin_error()
    current.delete()


# --- API tokens -------------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token. Returns the row and the raw token, which is shown once
    and never stored (only its SHA-256 hash is). Raises ValidationError for an empty name."""
    name = _clean_text(name)
    if not name:
        raise ValidationError(
            {"name": [_("Give the token a name, so you know later what it is for.")]}
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:80], prefix=raw[: len(TOKEN_PREFIX) + 6], token_hash=hash_token(raw)
    )
    return token, raw


def api_token_authenticate(*, raw: str) -> User | None:
    """The active user a raw token belongs to, or None for an unknown, revoked or expired
    token. Records when the token was last used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None or not token.is_usable:
        return None
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke one of the actor's own tokens; revoking twice keeps the first time.
    Raises PermissionDenied for someone else's token."""
    if token.user_id != actor.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


# --- organisations ----------------------------------------------------------------------


@transaction.atomic
def organisation_register(*, actor: User, **fields: Any) -> Organisation:
    """Register a new organisation (not a municipality or county authority) and make the
    person who registers it its first admin. Raises PermissionDenied without a confirmed
    e-mail address, ValidationError for bad input."""
    from smartby.core.services import activity_record
    from smartby.organisations.services import organisation_create

    if not actor.has_perm("organisations.add_organisation"):
        raise PermissionDenied(
            _("Confirm your e-mail address before you register an organisation.")
        )
    organisation = organisation_create(**fields)
    Membership.objects.create(user=actor, organisation=organisation, role=Role.ADMIN)
    activity_record(
        verb="organisation.registered",
        text_nb=f"{organisation.name} ble med i aktøroversikten",
        text_en=f"{organisation.name} joined the actor directory",
        url=organisation.get_absolute_url(),
    )
    return organisation
