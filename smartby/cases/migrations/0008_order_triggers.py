"""The change triggers on cases also follow the columns the lists sort by (published, updated,
title): each process keeps the position of every case in an order and asks the database only
about the cases changed since it read them (see smartby.core.facets.ordered_page)."""

from django.db import migrations

from smartby.core.facets import Watched, install_change_triggers, uninstall_change_triggers

# Listed here, not imported from the app, so the migration keeps its meaning.
FACETS = ("is_published", "visibility", "phase", "status", "municipality_id", "started_on")
BEFORE = Watched("cases_case", "id", FACETS)
AFTER = Watched("cases_case", "id", (*FACETS, "published_at", "updated_at", "title"))


def forwards(apps, schema_editor):
    uninstall_change_triggers(schema_editor, "cases", [BEFORE])
    install_change_triggers(schema_editor, "cases", [AFTER])


def backwards(apps, schema_editor):
    uninstall_change_triggers(schema_editor, "cases", [AFTER])
    install_change_triggers(schema_editor, "cases", [BEFORE])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_search_postings"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
