"""DCAT-AP-NO documents, outside the language prefix: /catalog.ttl, /catalog.rdf,
/catalog.jsonld and per dataset /data/datasets/<slug>.ttl|.rdf|.jsonld (views/export.py)."""

from django.urls import re_path

from smartby.catalog.views import export

urlpatterns = [
    re_path(r"^catalog\.(?P<fmt>ttl|rdf|jsonld)$", export.catalog_document, name="catalog-rdf"),
    re_path(
        r"^data/datasets/(?P<slug>[-a-zA-Z0-9_]+)\.(?P<fmt>ttl|rdf|jsonld)$",
        export.dataset_document,
        name="dataset-rdf",
    ),
]
