"""The word postings of the cases' search index, built from the rows it holds now (see
smartby.core.postings): searches read a word's hits from them instead of the engine."""

from django.db import migrations

from smartby.core.postings import postings_build
from smartby.core.search import SearchIndex

# Named here, not imported from the app, so that this migration keeps its meaning.
INDEX = SearchIndex("cases_case_search", collection="cases")


def build(apps, schema_editor):
    postings_build(INDEX, schema_editor)


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for table in ("core_searchposting", "core_searchpostingmark"):
            cursor.execute(f"DELETE FROM {table} WHERE idx = %s", [INDEX.table])  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_search_terms"),
        ("core", "0003_search_postings"),
    ]

    operations = [
        migrations.RunPython(build, drop, elidable=False),
    ]
