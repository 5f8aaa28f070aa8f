from django.urls import path

from smartby.network import views, views_bodies, views_decisions, views_meetings, views_workgroups

app_name = "network"
urlpatterns = [
    path("", views.network_list, name="network-list"),
    path("map.json", views.map_points, name="map-points"),
    path("my-meetings/", views_meetings.my_meetings, name="my-meetings"),
    path(
        "meeting-emails/off/<str:token>/",
        views_meetings.meeting_emails_off,
        name="meeting-emails-off",
    ),
    path("<slug:slug>/", views.network_detail, name="network-detail"),
    path("<slug:slug>/calendar.ics", views_meetings.calendar_network, name="network-calendar"),
    path("<slug:slug>/members/<int:pk>/end/", views.membership_end, name="membership-end"),
    path(
        "<slug:slug>/members/<int:pk>/representatives/",
        views_bodies.representatives_edit,
        name="representatives-edit",
    ),
    path("<slug:slug>/bodies/", views_bodies.bodies, name="bodies"),
    path("<slug:slug>/workgroups/", views_workgroups.workgroup_list, name="workgroup-list"),
    path(
        "<slug:slug>/workgroups/<slug:workgroup>/",
        views_workgroups.workgroup_detail,
        name="workgroup-detail",
    ),
    path(
        "<slug:slug>/workgroups/<slug:workgroup>/dissolve/",
        views_workgroups.workgroup_dissolve_view,
        name="workgroup-dissolve",
    ),
    path(
        "<slug:slug>/workgroups/<slug:workgroup>/calendar.ics",
        views_meetings.calendar_workgroup,
        name="workgroup-calendar",
    ),
    path("<slug:slug>/meetings/", views_meetings.meeting_list, name="meeting-list"),
    path("<slug:slug>/meetings/new/", views_meetings.meeting_create, name="meeting-create"),
    path("<slug:slug>/meetings/<int:pk>/", views_meetings.meeting_detail, name="meeting-detail"),
    path("<slug:slug>/meetings/<int:pk>/edit/", views_meetings.meeting_edit, name="meeting-edit"),
    path(
        "<slug:slug>/meetings/<int:pk>/cancel/",
        views_meetings.meeting_cancel,
        name="meeting-cancel",
    ),
    path("<slug:slug>/decisions/", views_decisions.decision_list, name="decision-list"),
    path(
        "<slug:slug>/decisions/<int:pk>/", views_decisions.decision_detail, name="decision-detail"
    ),
    path(
        "<slug:slug>/decisions/<int:pk>/open/",
        views_decisions.decision_open_view,
        name="decision-open",
    ),
    path(
        "<slug:slug>/decisions/<int:pk>/close/",
        views_decisions.decision_close_view,
        name="decision-close",
    ),
    path("<slug:slug>/priorities/", views_decisions.priority_list, name="priority-list"),
    path("<slug:slug>/priorities/<int:pk>/", views_decisions.priorities, name="priorities"),
]
