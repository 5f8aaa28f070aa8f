"""A URL configuration of one route, for tests/core/test_links.py."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("things/<slug:slug>/", lambda request, slug: HttpResponse(), name="thing")]
