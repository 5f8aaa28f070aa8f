from django.contrib import admin

from smartby.reference.models import DataTheme, Licence, SdgTarget, SustainableDevelopmentGoal


class SdgTargetInline(admin.TabularInline):
    model = SdgTarget
    extra = 0


@admin.register(SustainableDevelopmentGoal)
class SdgAdmin(admin.ModelAdmin):
    list_display = ["number", "short_title_nb", "short_title_en"]
    inlines = [SdgTargetInline]


@admin.register(DataTheme)
class DataThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "label_nb", "label_en"]


@admin.register(Licence)
class LicenceAdmin(admin.ModelAdmin):
    list_display = ["identifier", "title_en", "is_open"]
