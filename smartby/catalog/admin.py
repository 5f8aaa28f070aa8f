"""Admin of the data catalogue: for the secretariat to look things up and tidy. Members
publish through the site, where the rules, the version check, the quality refresh and the
search index apply; a change made here is reindexed when saved."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from smartby.catalog.models import Dataset, Distribution, HarvestRun, HarvestSource, LinkCheck
from smartby.catalog.services.datasets import datasets_refresh_on_commit


class DistributionInline(admin.StackedInline):
    model = Distribution
    extra = 0
    fields = [
        "position",
        ("title_nb", "title_en"),
        "access_url",
        "download_url",
        ("format", "media_type", "byte_size"),
        "api_description_url",
        "licence",
        ("last_checked_at", "last_status", "availability_30d"),
    ]
    readonly_fields = ["last_checked_at", "last_status", "availability_30d"]


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["__str__", "publisher", "status", "quality_band", "harvest_source", "is_demo"]
    list_filter = ["status", "quality_band", "price_model", "access_rights", "is_demo"]
    search_fields = ["title_nb", "title_en", "uri", "slug", "identifier"]
    list_select_related = ["publisher", "harvest_source"]
    autocomplete_fields = ["publisher", "used_in_cases"]
    filter_horizontal = ["data_themes", "themes", "spatial"]
    readonly_fields = [
        "version",
        "harvest_source",
        "harvested_at",
        "harvest_hash",
        "quality_points",
        "quality_band",
        "quality",
    ]
    inlines = [DistributionInline]

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        datasets_refresh_on_commit([form.instance.pk])


class HarvestRunInline(admin.TabularInline):
    model = HarvestRun
    extra = 0
    fields = ["started_at", "finished_at", "status", "created", "updated", "withdrawn"]
    readonly_fields = ["started_at", "finished_at", "status", "created", "updated", "withdrawn"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(HarvestSource)
class HarvestSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "publisher", "enabled", "last_run_at"]
    list_filter = ["kind", "enabled"]
    search_fields = ["name", "url"]
    autocomplete_fields = ["publisher"]
    readonly_fields = ["version", "last_run_at"]
    inlines = [HarvestRunInline]


@admin.register(HarvestRun)
class HarvestRunAdmin(admin.ModelAdmin):
    list_display = ["source", "started_at", "status", "created", "updated", "withdrawn"]
    list_filter = ["status"]
    list_select_related = ["source"]
    readonly_fields = [f.name for f in HarvestRun._meta.fields]


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    list_display = ["url", "checked_at", "ok", "status", "response_ms"]
    list_filter = ["ok", "kind"]
    search_fields = ["url"]
    readonly_fields = [f.name for f in LinkCheck._meta.fields]
