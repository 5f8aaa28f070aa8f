"""The datasets' full-text index: an FTS5 table on SQLite, a tsvector table with a GIN index
on PostgreSQL (see smartby.core.search). `smartby reindex` fills it; the dataset services
keep it in step from then on."""

from django.db import migrations

from smartby.core.search import SearchIndex, install_index, uninstall_index

# Named here, not imported from smartby.catalog, so the migration keeps its meaning.
DATASET_INDEX = SearchIndex("catalog_dataset_search")


def install(apps, schema_editor):
    install_index(DATASET_INDEX, schema_editor)


def uninstall(apps, schema_editor):
    uninstall_index(DATASET_INDEX, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
