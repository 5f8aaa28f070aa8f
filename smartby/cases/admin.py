"""Admin of cases and living labs: for the secretariat to look things up and tidy; members
write through the site, where the rules and services apply."""

from __future__ import annotations

from django.contrib import admin

from smartby.cases.models import (
    Case,
    CaseAttachment,
    CaseLink,
    CasePartner,
    CaseTranslation,
    CaseUpdate,
    Lesson,
    LivingLab,
    Technology,
    Theme,
)


class LessonInline(admin.TabularInline):
    model = Lesson
    extra = 0


class PartnerInline(admin.TabularInline):
    model = CasePartner
    extra = 0
    autocomplete_fields = ["organisation"]


class LinkInline(admin.TabularInline):
    model = CaseLink
    extra = 0


class TranslationInline(admin.StackedInline):
    model = CaseTranslation
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = CaseAttachment
    extra = 0
    fields = ["title", "kind", "content_type", "size", "file"]
    readonly_fields = ["kind", "content_type", "size", "file"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Uploads go through the site, where the content is checked and re-encoded.
        return False


class UpdateInline(admin.TabularInline):
    model = CaseUpdate
    extra = 0
    fields = ["created_at", "kind", "text", "phase_before", "phase_after", "review_on"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "owner",
        "municipality",
        "phase",
        "status",
        "is_published",
        "visibility",
        "published_at",
        "is_demo",
    ]
    list_filter = ["is_published", "visibility", "phase", "status", "language", "is_demo", "themes"]
    search_fields = ["title", "summary", "slug", "owner__name", "municipality__name"]
    list_select_related = ["owner", "municipality"]
    autocomplete_fields = ["owner", "municipality", "adopted_from", "lineage_root", "living_lab"]
    filter_horizontal = [
        "themes",
        "principles",
        "target_pictures",
        "sdgs",
        "sdg_targets",
        "technologies",
    ]
    readonly_fields = ["version", "created_at", "updated_at", "created_by"]
    date_hierarchy = "published_at"
    inlines = [
        LessonInline,
        PartnerInline,
        LinkInline,
        TranslationInline,
        AttachmentInline,
        UpdateInline,
    ]


@admin.register(LivingLab)
class LivingLabAdmin(admin.ModelAdmin):
    list_display = ["name", "host", "municipality", "is_demo"]
    list_filter = ["is_demo", "themes"]
    search_fields = ["name", "description", "host__name", "municipality__name"]
    list_select_related = ["host", "municipality"]
    autocomplete_fields = ["host", "municipality"]
    filter_horizontal = ["themes"]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_nb", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_nb", "slug"]


@admin.register(Technology)
class TechnologyAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_nb", "category", "position"]
    list_filter = ["category"]
    search_fields = ["name_en", "name_nb", "slug"]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "case"]
    list_filter = ["kind"]
    search_fields = ["text", "case__title"]
    list_select_related = ["case"]
    autocomplete_fields = ["case"]
