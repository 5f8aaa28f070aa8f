from django.contrib import admin

from smartby.assessments.models import Answer, Assessment, Section


class SectionInline(admin.TabularInline):
    model = Section
    fields = ("principle", "score", "answered", "version")
    readonly_fields = ("principle", "score", "answered", "version")
    extra = 0
    can_delete = False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "status", "visibility", "score", "answered"]
    list_filter = ["year", "status", "visibility", "is_demo"]
    search_fields = ["organisation__name"]
    raw_id_fields = ["organisation", "previous", "started_by", "submitted_by"]
    inlines = [SectionInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["section", "key_question", "level"]
    list_filter = ["level"]
    raw_id_fields = ["section", "key_question", "evidence"]
