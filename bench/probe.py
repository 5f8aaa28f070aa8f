"""The benchmark's look into the database, run by bench/run.py with Smartby's settings
(SMARTBY_* in the environment) after seeding:

    python bench/probe.py info            JSON on stdout: row counts and the URLs to time
    python bench/probe.py export FILE     the public cases as a SQLite file for Datasette

Everything is chosen deterministically from the data, so two runs on the same seed time the
same URLs. Only stable model fields are read.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from itertools import combinations
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartby.settings")

import django  # noqa: E402

django.setup()

from smartby.accounts.models import User  # noqa: E402
from smartby.assessments.models import Assessment  # noqa: E402
from smartby.cases.models import Case, Lesson  # noqa: E402
from smartby.catalog.models import Dataset, Distribution  # noqa: E402
from smartby.network.models import Decision, Meeting  # noqa: E402
from smartby.organisations.models import Municipality, Organisation  # noqa: E402

SAMPLE = 5000  # rows read to choose the search word and facet values
QUERIES = 2000  # distinct queries of the uncached searches (no two the same)
WORD = re.compile(r"[^\W\d_]{5,}")


def public_cases():
    return Case.objects.filter(is_published=True, visibility="public")


def pick_word(texts: list[str]) -> str:
    """A word in about a tenth of the texts (the closest to 10 %): common enough for the
    search and its facet counts to do real work, rare enough to be a real query."""
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(WORD.findall(text.lower())))
    if not df:
        return "smart"
    target = len(texts) / 10
    return min(sorted(df), key=lambda w: (abs(df[w] - target), w))


def most_common(values: list[str], fallback: str = "") -> str:
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else fallback


def case_query() -> dict[str, str]:
    """Text plus three facets (theme, phase, country), all taken from matching rows."""
    rows = list(
        public_cases()
        .order_by("pk")
        .values_list("pk", "title", "summary", "phase", "municipality__country")[:SAMPLE]
    )
    word = pick_word([f"{title} {summary}" for _, title, summary, _, _ in rows])
    hits = [r for r in rows if word in WORD.findall(f"{r[1]} {r[2]}".lower())]
    through = Case.themes.through.objects.filter(case_id__in=[r[0] for r in hits])
    themes: dict[int, list[str]] = {}
    for case_id, slug in through.values_list("case_id", "theme__slug"):
        themes.setdefault(case_id, []).append(slug)
    # Narrowed one facet after the other, so that all four together still find rows.
    theme = most_common([s for r in hits for s in themes.get(r[0], [])])
    hits = [r for r in hits if theme in themes.get(r[0], [])] or hits
    phase = most_common([r[3] for r in hits], "analysis")
    hits = [r for r in hits if r[3] == phase] or hits
    country = most_common([r[4] for r in hits], "NO")
    return {"q": word, "theme": theme, "phase": phase, "country": country}


def query_list(docs: list[tuple[str, dict[str, str]]]) -> list[dict[str, str]]:
    """Up to QUERIES distinct queries, each with the facet values of a row it finds: first
    one word per row, then pairs, then triples, from the row's four most common words (broad
    queries) and four of middling frequency (narrower ones)."""
    words = [set(WORD.findall(text.lower())) for text, _ in docs]
    df: Counter[str] = Counter(w for ws in words for w in ws)
    common = []
    for ws in words:
        ranked = sorted(ws, key=lambda w: (-df[w], w))
        common.append(ranked[:4] + ranked[max(4, len(ranked) // 2) :][:4])
    queries: list[dict[str, str]] = []
    seen: set[str] = set()
    for size in (1, 2, 2, 2, 3, 3, 3):
        for (_, facets), top in zip(docs, common, strict=True):
            for combo in combinations(top, size):
                if (q := " ".join(combo)) not in seen:
                    seen.add(q)
                    queries.append({"q": q, **{k: v for k, v in facets.items() if v}})
                    break
            if len(queries) >= QUERIES:
                return queries
    return queries


def case_queries() -> list[dict[str, str]]:
    rows = list(
        public_cases()
        .order_by("pk")
        .values_list("pk", "title", "summary", "phase", "municipality__country")[:SAMPLE]
    )
    themes: dict[int, str] = {}
    through = Case.themes.through.objects.filter(case_id__in=[r[0] for r in rows])
    for case_id, slug in through.order_by("theme__slug").values_list("case_id", "theme__slug"):
        themes.setdefault(case_id, slug)
    return query_list(
        [
            (f"{title} {summary}", {"theme": themes.get(pk, ""), "phase": phase, "country": c})
            for pk, title, summary, phase, c in rows
        ]
    )


def dataset_queries() -> list[dict[str, str]]:
    rows = list(
        Dataset.objects.exclude(status="withdrawn")
        .order_by("pk")
        .values_list("pk", "title_nb", "title_en", "description_nb", "access_rights")[:SAMPLE]
    )
    themes: dict[int, str] = {}
    through = Dataset.data_themes.through.objects.filter(dataset_id__in=[r[0] for r in rows])
    for dataset_id, code in through.order_by("datatheme__code").values_list(
        "dataset_id", "datatheme__code"
    ):
        themes.setdefault(dataset_id, code)
    return query_list(
        [(" ".join(r[1:4]), {"theme": themes.get(r[0], ""), "access": r[4]}) for r in rows]
    )


def dataset_query() -> dict[str, str]:
    """Text plus two facets (EU data theme, access rights)."""
    rows = list(
        Dataset.objects.exclude(status="withdrawn")
        .order_by("pk")
        .values_list("pk", "title_nb", "title_en", "description_nb", "access_rights")[:SAMPLE]
    )
    word = pick_word([" ".join(r[1:4]) for r in rows])
    hits = [r for r in rows if word in WORD.findall(" ".join(r[1:4]).lower())]
    through = Dataset.data_themes.through.objects.filter(dataset_id__in=[r[0] for r in hits])
    themes: dict[int, list[str]] = {}
    for dataset_id, code in through.values_list("dataset_id", "datatheme__code"):
        themes.setdefault(dataset_id, []).append(code)
    theme = most_common([c for r in hits for c in themes.get(r[0], [])])
    hits = [r for r in hits if theme in themes.get(r[0], [])] or hits
    access = most_common([r[4] for r in hits])
    query = {"q": word, "theme": theme, "access": access}
    return {k: v for k, v in query.items() if v}


def info() -> dict:
    case = public_cases().order_by("pk").values_list("slug", flat=True).first()
    dataset = Dataset.objects.exclude(status="withdrawn").order_by("pk").first()
    assessment = (
        Assessment.objects.filter(status="submitted", visibility="public")
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    cq = case_query()
    dq = dataset_query()
    paths = {
        "home": "/en/",
        "case search": f"/en/cases/?{urlencode(cq)}",
        "case detail": f"/en/cases/{case}/" if case else None,
        "dataset search": f"/en/data/?{urlencode(dq)}",
        "dataset detail": f"/en/data/datasets/{dataset.slug}/" if dataset else None,
        "assessment result": f"/en/roadmap/assessments/{assessment}/" if assessment else None,
        "actor directory": "/en/actors/",
        "api case search": f"/api/v1/cases?{urlencode({'q': cq['q']})}",
        "catalog.ttl": "/catalog.ttl",
    }
    counts = {
        "municipalities": Municipality.objects.count(),
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "cases": Case.objects.count(),
        "public cases": public_cases().count(),
        "lessons": Lesson.objects.count(),
        "datasets": Dataset.objects.count(),
        "distributions": Distribution.objects.count(),
        "assessments": Assessment.objects.count(),
        "meetings": Meeting.objects.count(),
        "decisions": Decision.objects.count(),
    }
    return {
        "counts": counts,
        "paths": paths,
        "case_query": cq,
        "dataset_query": dq,
        "case_queries": case_queries(),
        "dataset_queries": dataset_queries(),
        "api_case_query": f"/api/v1/cases?{urlencode(cq)}&limit=1",
        "api_dataset_query": f"/api/v1/datasets?{urlencode(dq)}&limit=1",
    }


def export(path: str) -> None:
    """The public cases (what an anonymous visitor can search) with their themes as a JSON
    array, full-text indexed on title and summary, indexes on the facet columns."""
    import sqlite_utils

    themes: dict[int, list[str]] = {}
    for case_id, slug in Case.themes.through.objects.order_by("case_id", "theme__slug").values_list(
        "case_id", "theme__slug"
    ):
        themes.setdefault(case_id, []).append(slug)
    rows = (
        {
            "id": pk,
            "title": title,
            "summary": summary,
            "phase": phase,
            "status": status,
            "country": country,
            "municipality": municipality,
            "themes": themes.get(pk, []),
            "start_year": started.year if started else None,
        }
        for pk, title, summary, phase, status, country, municipality, started in public_cases()
        .order_by("pk")
        .values_list(
            "pk",
            "title",
            "summary",
            "phase",
            "status",
            "municipality__country",
            "municipality__name",
            "started_on",
        )
        .iterator(chunk_size=5000)
    )
    db = sqlite_utils.Database(path, recreate=True)
    db["cases"].insert_all(rows, pk="id", batch_size=5000)
    for column in ("phase", "status", "country", "start_year"):
        db["cases"].create_index([column])
    db["cases"].enable_fts(["title", "summary"])
    db["cases"].optimize()
    db.vacuum()


if __name__ == "__main__":
    if sys.argv[1:2] == ["info"]:
        json.dump(info(), sys.stdout)
    elif sys.argv[1:2] == ["export"] and len(sys.argv) == 3:
        export(sys.argv[2])
    else:
        sys.exit(__doc__)
