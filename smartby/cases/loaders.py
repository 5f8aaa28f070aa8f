"""Vocabularies cases are tagged with: the network's work themes and the municipal sectors
(themes), and the roadmap's list of new technologies."""

from __future__ import annotations

from smartby.cases.models import Technology, Theme, ThemeKind
from smartby.core.text import slugify_nordic
from smartby.reference.registry import LoadResult, read_csv, read_roadmap, upsert


def load_themes() -> LoadResult:
    result = LoadResult()
    data = read_roadmap()
    seen: set[str] = set()
    for position, item in enumerate(data["network"]["smartbyene"]["themes"]["items"], 1):
        seen.add(item["id"])
        _, r = upsert(
            Theme,
            {"slug": item["id"]},
            {
                "kind": ThemeKind.NETWORK,
                "position": position,
                "name_nb": item["name"]["nb"].strip(),
                "name_en": item["name"]["en"].strip(),
            },
        )
        result.add(r)
    for position, row in enumerate(read_csv("case_sectors.csv"), 1):
        # A sector that is also a work theme (mobility) stays one theme: the network's.
        if row["slug"] in seen:
            continue
        _, r = upsert(
            Theme,
            {"slug": row["slug"]},
            {
                "kind": ThemeKind.SECTOR,
                "position": position,
                "name_nb": row["name_nb"],
                "name_en": row["name_en"],
            },
        )
        result.add(r)
    return result


def load_technologies() -> LoadResult:
    result = LoadResult()
    definitions = read_roadmap()["definitions"]["items"]
    new_technology = next(d for d in definitions if d["id"] == "new-technology")
    position = 0
    for category in new_technology["categories"]:
        for tech in category["technologies"]:
            position += 1
            _, r = upsert(
                Technology,
                {"slug": slugify_nordic(tech["en"].split("(")[0])},
                {
                    "category": category["id"],
                    "position": position,
                    "name_nb": tech["nb"],
                    "name_en": tech["en"],
                },
            )
            result.add(r)
    return result
