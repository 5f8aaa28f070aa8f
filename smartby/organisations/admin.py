from django.contrib import admin
from django.http import HttpRequest

from smartby.organisations.models import County, Municipality, Organisation


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "population"]
    search_fields = ["name", "number"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country", "county", "population"]
    list_filter = ["country", "county"]
    search_fields = ["name", "name_official", "code"]
    list_select_related = ["county"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "is_reference", "is_demo"]
    list_filter = ["kind", "is_reference", "is_demo", "county"]
    search_fields = ["name", "slug", "org_number"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]
    readonly_fields = ["version", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request: HttpRequest, obj: Organisation | None = None) -> bool:
        # Municipalities and county authorities come from the reference data.
        if obj is not None and obj.is_reference:
            return False
        return super().has_delete_permission(request, obj)
