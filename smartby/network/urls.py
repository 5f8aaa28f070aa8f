from django.urls import path

from smartby.network import views

app_name = "network"
urlpatterns = [
    path("", views.network_list, name="network-list"),
    path("<slug:slug>/", views.network_detail, name="network-detail"),
    path("<slug:slug>/members/<int:pk>/end/", views.membership_end, name="membership-end"),
]
