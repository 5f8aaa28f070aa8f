from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from smartby.network.models import (
    Body,
    LeadershipTerm,
    Network,
    NetworkMembership,
    NetworkRole,
    WorkTheme,
)
from smartby.network.services import secretariat_assign


class WorkThemeInline(admin.TabularInline):
    model = WorkTheme
    extra = 0


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name_nb", "slug", "website"]
    inlines = [WorkThemeInline]


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "network", "joined_on", "left_on", "is_demo"]
    list_filter = ["network", "is_demo"]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation", "network"]


@admin.register(NetworkRole)
class NetworkRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "role"]
    list_select_related = ["user", "network"]
    autocomplete_fields = ["user"]

    def save_model(self, request: HttpRequest, obj: NetworkRole, form: Any, change: bool) -> None:
        # Through the service, so the person also gets admin access to the reference data.
        secretariat_assign(network=obj.network, user=obj.user, actor=request.user)


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    """The secretariat sets each body's quorum and majority here."""

    list_display = ["kind", "network", "quorum_percent", "majority"]
    list_filter = ["network"]
    list_select_related = ["network"]
    readonly_fields = ["network", "kind"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the four bodies of each network come with the reference data

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LeadershipTerm)
class LeadershipTermAdmin(admin.ModelAdmin):
    list_display = ["organisation", "network", "starts_on", "ends_on", "is_demo"]
    list_filter = ["network"]
    list_select_related = ["organisation", "network"]
    autocomplete_fields = ["organisation"]
