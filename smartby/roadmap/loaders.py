from __future__ import annotations

from typing import Any

from smartby.reference.registry import LoadResult, read_csv, read_roadmap, upsert
from smartby.roadmap.models import (
    Challenge,
    KeyQuestion,
    PentaHelixGroup,
    Principle,
    ProcessPhase,
    RoadmapText,
    TargetPicture,
)


def _pair(prefix: str, value: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}_nb": value["nb"].strip(), f"{prefix}_en": value["en"].strip()}


def _texts(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    definition = data["definition"]
    return {
        "title": data["meta"]["title"],
        "overall_goal": data["overall_goal"],
        "definition_intro": definition["intro"],
        "definition": definition["text"],
        "core_idea": definition["core_idea"],
        "principles_intro": data["principles"]["intro"],
        "principles_and_target_pictures": data["principles"]["relation_to_target_pictures"],
        "target_pictures_intro": data["target_pictures"]["intro"],
        "key_questions_purpose": data["challenges_and_key_questions"]["purpose"],
        "penta_helix_caption": data["penta_helix"]["caption"],
        "penta_helix_role": data["penta_helix"]["centre"]["role_text"],
        "process_model_caption": data["process_model"]["caption"],
    }


def load_roadmap() -> LoadResult:
    data = read_roadmap()
    result = LoadResult()
    for key, value in _texts(data).items():
        result.add(upsert(RoadmapText, {"key": key}, _pair("text", value))[1])

    for item in data["principles"]["items"]:
        principle, r = upsert(
            Principle,
            {"number": item["number"]},
            {
                "slug": item["slug"],
                **_pair("title", item["title"]),
                **_pair("description", item["description"]),
            },
        )
        result.add(r)
        for position, text in enumerate(item["challenges"], start=1):
            result.add(
                upsert(
                    Challenge, {"principle": principle, "position": position}, _pair("text", text)
                )[1]
            )
        Challenge.objects.filter(principle=principle, position__gt=len(item["challenges"])).delete()
        for position, text in enumerate(item["key_questions"], start=1):
            result.add(
                upsert(
                    KeyQuestion,
                    {"code": f"{item['number']}.{position}"},
                    {"principle": principle, "position": position, **_pair("text", text)},
                )[1]
            )

    for position, item in enumerate(data["target_pictures"]["items"], start=1):
        result.add(
            upsert(
                TargetPicture,
                {"slug": item["id"]},
                {
                    "position": position,
                    **_pair("title", item["title"]),
                    **_pair("description", item["description"]),
                },
            )[1]
        )

    result.add(_link_target_pictures())

    helix = data["penta_helix"]
    centre = helix["centre"]
    roles = {
        "nb": ", ".join(r["name"]["nb"] for r in centre["roles"]),
        "en": ", ".join(r["name"]["en"] for r in centre["roles"]),
    }
    groups = [(centre["id"], True, centre["label"], roles)] + [
        (g["id"], False, g["label"], g["examples"]) for g in helix["actor_groups"]
    ]
    for position, (slug, is_centre, label, examples) in enumerate(groups, start=1):
        label = {"nb": label["nb"].capitalize(), "en": label["en"].capitalize()}
        result.add(
            upsert(
                PentaHelixGroup,
                {"slug": slug},
                {
                    "position": position,
                    "is_centre": is_centre,
                    **_pair("label", label),
                    **_pair("examples", examples),
                },
            )[1]
        )

    for phase in data["process_model"]["phases"]:
        steps = {lang: ", ".join(s["name"][lang] for s in phase["steps"]) for lang in ("nb", "en")}
        result.add(
            upsert(
                ProcessPhase,
                {"slug": phase["id"]},
                {
                    "position": phase["order"],
                    **_pair("connector", phase["connector"]),
                    **_pair("steps", steps),
                },
            )[1]
        )
    return result


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _link_target_pictures() -> LoadResult:
    """Each principle's visions, from principle_links.csv (Smartby's reading of the roadmap)."""
    result = LoadResult()
    pictures = {t.slug: t for t in TargetPicture.objects.all()}
    principles = {p.number: p for p in Principle.objects.prefetch_related("target_pictures")}
    for row in read_csv("principle_links.csv"):
        principle = principles[int(row["principle"])]
        wanted = {pictures[slug].pk for slug in _split(row["target_pictures"])}
        if {t.pk for t in principle.target_pictures.all()} == wanted:
            result.unchanged += 1
        else:
            principle.target_pictures.set(wanted)
            result.updated += 1
    return result
