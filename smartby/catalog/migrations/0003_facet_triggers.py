"""Triggers that record which datasets' facets changed (see smartby.core.facets), so every
process can bring its facet bitmaps up to date with one query."""

from django.db import migrations

from smartby.core.facets import Watched, install_change_triggers, uninstall_change_triggers

# Listed here, not imported from the app, so the migration keeps its meaning.
WATCHED = (
    Watched(
        "catalog_dataset",
        "id",
        ("status", "publisher_id", "licence_id", "access_rights", "price_model", "quality_band"),
    ),
    Watched("catalog_dataset_data_themes", "dataset_id"),
    Watched("catalog_dataset_themes", "dataset_id"),
    Watched("catalog_dataset_spatial", "dataset_id"),
    Watched("catalog_distribution", "dataset_id", ("dataset_id", "format")),
    Watched("organisations_organisation", None, ("slug",)),
    Watched("organisations_municipality", None, ("code",)),
    Watched("reference_licence", None, ("identifier",)),
    Watched("reference_datatheme", None, ("code",)),
    Watched("cases_theme", None, ("slug",)),
)


def install(apps, schema_editor):
    install_change_triggers(schema_editor, "datasets", WATCHED)


def uninstall(apps, schema_editor):
    uninstall_change_triggers(schema_editor, "datasets", WATCHED)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_search_index"),
        ("core", "0002_facet_change"),
        ("cases", "0001_initial"),
        ("reference", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
