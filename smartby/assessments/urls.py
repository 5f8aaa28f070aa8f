from django.urls import path

from smartby.assessments.views import form, network, result

app_name = "assessments"
urlpatterns = [
    # Lists and the network view (views/network.py)
    path("", network.assessment_list, name="list"),
    path("network/", network.network_overview, name="network"),
    # Answering (views/form.py)
    path("start/", form.assessment_start, name="start"),
    path("<int:pk>/edit/", form.assessment_edit, name="edit"),
    path("<int:pk>/edit/<int:number>/", form.section_edit, name="section-edit"),
    path("<int:pk>/submit/", form.assessment_submit, name="submit"),
    path("<int:pk>/reopen/", form.assessment_reopen, name="reopen"),
    path("<int:pk>/visibility/", form.assessment_visibility, name="visibility"),
    path("<int:pk>/delete/", form.assessment_delete, name="delete"),
    # Results (views/result.py)
    path("<int:pk>/", result.assessment_detail, name="detail"),
    path("<int:pk>/report/", result.assessment_report, name="report"),
    path("<int:pk>/export.csv", result.assessment_csv, name="csv"),
]
