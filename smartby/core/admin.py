from django.contrib import admin

from smartby.core.models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["created_at", "verb", "text_nb", "is_demo"]
    list_filter = ["verb", "is_demo"]
