from django.urls import path

app_name = "roadmap"
urlpatterns: list = []
