"""The change triggers on datasets also follow the columns the lists sort by (titles,
modified, updated, quality points): each process keeps the position of every dataset in an
order and asks the database only about the datasets changed since it read them (see
smartby.core.facets.ordered_page)."""

from django.db import migrations

from smartby.core.facets import Watched, install_change_triggers, uninstall_change_triggers

# Listed here, not imported from the app, so the migration keeps its meaning.
FACETS = ("status", "publisher_id", "licence_id", "access_rights", "price_model", "quality_band")
ORDERS = ("title_nb", "title_en", "modified", "updated_at", "quality_points")
BEFORE = Watched("catalog_dataset", "id", FACETS)
AFTER = Watched("catalog_dataset", "id", (*FACETS, *ORDERS))


def forwards(apps, schema_editor):
    uninstall_change_triggers(schema_editor, "datasets", [BEFORE])
    install_change_triggers(schema_editor, "datasets", [AFTER])


def backwards(apps, schema_editor):
    uninstall_change_triggers(schema_editor, "datasets", [AFTER])
    install_change_triggers(schema_editor, "datasets", [BEFORE])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_search_postings"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
