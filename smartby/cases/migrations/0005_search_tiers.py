"""Indexes of the relevance tiers on PostgreSQL (see smartby.core.search.TIERS): the cases'
index entries restricted to the title, and to the title and summary, so that the lists find
the title hits of a word without weighing every match. SQLite needs none: FTS5 filters by
column itself."""

from django.db import migrations

from smartby.core.search import SearchIndex, install_index, uninstall_tier_indexes

# Named here, not imported from the app, so that this migration keeps its meaning.
INDEX = SearchIndex("cases_case_search")


def install(apps, schema_editor):
    install_index(INDEX, schema_editor)  # creates what is missing: the two new indexes


def uninstall(apps, schema_editor):
    uninstall_tier_indexes(INDEX, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_list_orders"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
