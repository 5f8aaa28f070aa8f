"""Triggers that record which cases' facets changed (see smartby.core.facets), so every
process can bring its facet bitmaps up to date with one query."""

from django.db import migrations

from smartby.core.facets import Watched, install_change_triggers, uninstall_change_triggers

# Listed here, not imported from the app, so the migration keeps its meaning.
WATCHED = (
    Watched(
        "cases_case",
        "id",
        ("is_published", "visibility", "phase", "status", "municipality_id", "started_on"),
    ),
    Watched("cases_case_themes", "case_id"),
    Watched("cases_case_technologies", "case_id"),
    Watched("cases_case_principles", "case_id"),
    Watched("cases_case_target_pictures", "case_id"),
    Watched("cases_case_sdgs", "case_id"),
    Watched("cases_lesson", "case_id", ("case_id",)),
    Watched("cases_theme", None, ("slug",)),
    Watched("cases_technology", None, ("slug",)),
    Watched("roadmap_principle", None, ("number",)),
    Watched("roadmap_targetpicture", None, ("slug",)),
    Watched("reference_sustainabledevelopmentgoal", None, ("number",)),
    Watched("organisations_municipality", None, ("code", "country", "county_id")),
    Watched("organisations_county", None, ("number",)),
)


def install(apps, schema_editor):
    install_change_triggers(schema_editor, "cases", WATCHED)


def uninstall(apps, schema_editor):
    uninstall_change_triggers(schema_editor, "cases", WATCHED)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_search_index"),
        ("core", "0002_facet_change"),
        ("roadmap", "0001_initial"),
        ("reference", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
