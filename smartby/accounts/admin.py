"""Admin for platform admins: people (e-mail login, no username), their memberships, and
their API tokens read-only (the hash is never shown)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from smartby.accounts.models import ApiToken, Membership, User

TOKEN_FIELDS = ("name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A person with this e-mail address already exists."))
        return email


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organisation", "role", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["organisation"]


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    extra = 0
    fields = TOKEN_FIELDS
    readonly_fields = TOKEN_FIELDS
    can_delete = False
    verbose_name_plural = _("API tokens (read-only)")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["full_name", "email"]
    list_display = [
        "email",
        "full_name",
        "title",
        "email_confirmed_at",
        "is_public",
        "is_superuser",
        "is_active",
        "is_demo",
    ]
    list_filter = [
        "is_superuser",
        "is_staff",
        "is_active",
        "is_public",
        "is_demo",
        "preferred_language",
    ]
    search_fields = ["email", "full_name", "title"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline, ApiTokenInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "full_name",
                    "title",
                    "preferred_language",
                    "is_public",
                    "email_confirmed_at",
                    "is_demo",
                ]
            },
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        # The add page asks only for the login; memberships come after the person exists.
        return [] if obj is None else list(self.inlines)

    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "usable_password", "password1", "password2"],
            },
        ),
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """View-only: tokens are made and revoked by their owners; the hash never leaves the
    database."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__email"]
    list_select_related = ["user"]
    fields = ["user", *TOKEN_FIELDS]
    readonly_fields = ["user", *TOKEN_FIELDS]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
