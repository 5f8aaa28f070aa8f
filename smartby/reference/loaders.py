from smartby.reference.models import DataTheme, Licence, SdgTarget, SustainableDevelopmentGoal
from smartby.reference.registry import LoadResult, read_csv, upsert


def load_sdgs() -> LoadResult:
    result = LoadResult()
    goals = {}
    for row in read_csv("sdg_goals.csv"):
        goal, r = upsert(
            SustainableDevelopmentGoal,
            {"number": int(row["goal"])},
            {
                "short_title_nb": row["short_title_nb"],
                "short_title_en": row["short_title_en"],
                "title_nb": row["title_nb"],
                "title_en": row["title_en"],
                "colour": row["colour_hex"],
            },
        )
        goals[goal.number] = goal
        result.add(r)
    for position, row in enumerate(read_csv("sdg_targets.csv")):
        _, r = upsert(
            SdgTarget,
            {"code": row["target"]},
            {
                "goal": goals[int(row["goal"])],
                "position": position,
                "text_nb": row["text_nb"],
                "text_en": row["text_en"],
            },
        )
        result.add(r)
    return result


def load_data_themes() -> LoadResult:
    result = LoadResult()
    for row in read_csv("eu_data_themes.csv"):
        _, r = upsert(
            DataTheme,
            {"code": row["code"]},
            {
                "uri": row["uri"],
                "label_nb": row["label_nb"],
                "label_nn": row["label_nn"],
                "label_en": row["label_en"],
            },
        )
        result.add(r)
    return result


def load_licences() -> LoadResult:
    result = LoadResult()
    for row in read_csv("licences.csv"):
        _, r = upsert(
            Licence,
            {"identifier": row["id"]},
            {
                "title_en": row["title_en"],
                "title_nb": row["title_nb"],
                "uri": row["uri"],
                "eu_authority_uri": row["eu_authority_uri"],
                "is_open": row["is_open"] == "yes",
            },
        )
        result.add(r)
    return result
