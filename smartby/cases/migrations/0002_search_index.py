"""The cases' full-text index: an FTS5 table on SQLite, a tsvector table with a GIN index on
PostgreSQL (see smartby.core.search). It starts empty: `smartby reindex` fills it from the
published cases, and the case services keep it in step from then on."""

from django.db import migrations

from smartby.core.search import SearchIndex, install_index, uninstall_index

# The index is named here, not imported from smartby.cases, so that this migration keeps
# its meaning when the app changes.
CASE_INDEX = SearchIndex("cases_case_search")


def install(apps, schema_editor):
    install_index(CASE_INDEX, schema_editor)


def uninstall(apps, schema_editor):
    uninstall_index(CASE_INDEX, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
