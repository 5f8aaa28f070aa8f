from django.urls import path

from smartby.cases.views import authoring, discovery, labs, pilot

app_name = "cases"

urlpatterns = [
    # Discovery: finding cases and lessons, and taking them elsewhere.
    path("cases/", discovery.case_list, name="case-list"),
    path("cases/map/", discovery.case_map, name="case-map"),
    path("cases/export.csv", discovery.case_export_csv, name="case-export-csv"),
    path("cases/export.json", discovery.case_export_json, name="case-export-json"),
    path("cases/feed.atom", discovery.case_feed, name="case-feed"),
    path("cases/lessons/", discovery.lesson_list, name="lesson-list"),
    # Pilot watch: the network's view of pilots.
    path("cases/pilots/", pilot.pilot_overview, name="pilot-overview"),
    path("dashboard/", pilot.dashboard, name="dashboard"),
    # Writing and adopting.
    path("cases/new/", authoring.case_create, name="case-create"),
    path("cases/<slug:slug>/", authoring.case_detail, name="case-detail"),
    path("cases/<slug:slug>/edit/", authoring.case_edit, name="case-edit"),
    path("cases/<slug:slug>/publish/", authoring.case_publish, name="case-publish"),
    path("cases/<slug:slug>/adopt/", authoring.case_adopt, name="case-adopt"),
    path("cases/<slug:slug>/lineage/", authoring.case_lineage, name="case-lineage"),
    path("cases/<slug:slug>/attachments/", authoring.attachment_upload, name="attachment-upload"),
    path(
        "cases/<slug:slug>/attachments/<int:pk>/",
        authoring.attachment_download,
        name="attachment-download",
    ),
    path(
        "cases/<slug:slug>/attachments/<int:pk>/delete/",
        authoring.attachment_delete,
        name="attachment-delete",
    ),
    path("cases/<slug:slug>/progress/", pilot.case_progress, name="case-progress"),
    # Living labs.
    path("living-labs/", labs.living_lab_list, name="living-lab-list"),
    path("living-labs/new/", labs.living_lab_create, name="living-lab-create"),
    path("living-labs/<slug:slug>/", labs.living_lab_detail, name="living-lab-detail"),
    path("living-labs/<slug:slug>/edit/", labs.living_lab_edit, name="living-lab-edit"),
]
