from django.urls import path

from smartby.catalog.views import authoring, discovery, harvest, quality

app_name = "catalog"
urlpatterns = [
    # Finding data (views/discovery.py)
    path("", discovery.dataset_list, name="dataset-list"),
    # Publishing (views/authoring.py); "new" before the dataset pages so it is not a slug
    path("datasets/new/", authoring.dataset_create, name="dataset-create"),
    path("datasets/<slug:slug>/", discovery.dataset_detail, name="dataset-detail"),
    path("datasets/<slug:slug>/edit/", authoring.dataset_edit, name="dataset-edit"),
    path(
        "datasets/<slug:slug>/distributions/",
        authoring.distributions_edit,
        name="distributions-edit",
    ),
    path("cases/<slug:slug>/", authoring.case_datasets_edit, name="case-datasets-edit"),
    # Harvesting (views/harvest.py)
    path("harvest/", harvest.source_list, name="source-list"),
    path("harvest/new/", harvest.source_create, name="source-create"),
    path("harvest/<int:pk>/", harvest.source_detail, name="source-detail"),
    path("harvest/<int:pk>/edit/", harvest.source_edit, name="source-edit"),
    path("harvest/<int:pk>/run/", harvest.source_run, name="source-run"),
    path("harvest/runs/<int:pk>/", harvest.run_detail, name="run-detail"),
    # Quality (views/quality.py)
    path("quality/", quality.quality_overview, name="quality"),
    path("quality/<slug:slug>/", quality.publisher_quality, name="publisher-quality"),
]
