"""The word postings of the search indexes (see smartby.core.postings): one bitmap of row ids
per index, tier and word, and per index the mark of its last build. The apps' migrations that
follow build them for their indexes."""

from django.db import migrations

from smartby.core.postings import install, uninstall


def forwards(apps, schema_editor):
    install(schema_editor)


def backwards(apps, schema_editor):
    uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_facet_change"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
