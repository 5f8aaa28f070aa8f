from django.urls import path

from smartby.roadmap import views

app_name = "roadmap"
urlpatterns = [
    path("", views.index, name="index"),
    path("principles/<slug:slug>/", views.principle_detail, name="principle-detail"),
    path("key-questions/", views.key_questions, name="key-questions"),
    path("target-pictures/", views.target_pictures, name="target-pictures"),
]
