"""PostgreSQL: searches read the datasets' words from three narrow tables (all words, those of the
title and summary, those of the title; no positions) instead of GIN indexes on the wide
table that keeps positions and weights for ranking. A GIN index finds the matching rows, but
their ids are read from the table's pages, and in a narrow table a common word reads a
fraction of them (see smartby.core.search). SQLite has nothing to do: FTS5 reads its own."""

from django.db import migrations

from smartby.core.search import SearchIndex, install_terms_tables, uninstall_terms_tables

# Named here, not imported from the app, so that this migration keeps its meaning.
INDEX = SearchIndex("catalog_dataset_search")


def install(apps, schema_editor):
    install_terms_tables(INDEX, schema_editor)


def uninstall(apps, schema_editor):
    uninstall_terms_tables(INDEX, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_search_tiers"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
