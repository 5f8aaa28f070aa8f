from django.contrib import admin

from smartby.roadmap.models import (
    Challenge,
    KeyQuestion,
    PentaHelixGroup,
    Principle,
    ProcessPhase,
    RoadmapText,
    TargetPicture,
)


class ChallengeInline(admin.StackedInline):
    model = Challenge
    extra = 0


class KeyQuestionInline(admin.StackedInline):
    model = KeyQuestion
    extra = 0


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["number", "title_nb", "title_en"]
    inlines = [ChallengeInline, KeyQuestionInline]


admin.site.register(TargetPicture)
admin.site.register(RoadmapText)
admin.site.register(PentaHelixGroup)
admin.site.register(ProcessPhase)
