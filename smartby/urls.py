from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from smartby import views
from smartby.api import api
from smartby.demo import views as demo_views
from smartby.network import views_meetings as network_views

admin.site.site_header = "Smartby"
admin.site.site_title = "Smartby"

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("", include("smartby.catalog.export_urls")),
    path("calendar.ics", network_views.calendar_public, name="calendar"),
    path("calendar/<str:token>.ics", network_views.calendar_person, name="person-calendar"),
    path("demo/harvest/catalog.ttl", demo_views.harvest_catalog, name="demo-harvest-catalog"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("smartby.organisations.urls")),
    path("networks/", include("smartby.network.urls")),
    path("roadmap/assessments/", include("smartby.assessments.urls")),
    path("roadmap/", include("smartby.roadmap.urls")),
    path("", include("smartby.cases.urls")),
    path("data/", include("smartby.catalog.urls")),
    path("accounts/", include("smartby.accounts.urls")),
    prefix_default_language=False,
)
