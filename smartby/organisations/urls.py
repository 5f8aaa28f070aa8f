from django.urls import path

from smartby.organisations import views

app_name = "organisations"
urlpatterns = [
    path("municipalities/", views.municipality_list, name="municipality-list"),
    path("municipalities/<slug:slug>/", views.municipality_detail, name="municipality-detail"),
    path("actors/", views.organisation_list, name="organisation-list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation-edit"),
]
