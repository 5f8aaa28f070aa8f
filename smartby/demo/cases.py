"""Demo cases and living labs: fictional projects of the demo member cities (Smartbyene) and
of a few cities of the Nordic Smart City Network, written the way members would share them.

The text lives in YAML files under `data/` (one list of cases per file, the labs and the
people who wrote the cases in their own files). Rows are written with the ORM directly and
keyed on their slugs: a case or lab that exists is left alone, so loading twice changes
nothing. Dates are computed from today when a case is first created, so the stalled pilots
of the pilot watch are stalled whatever day the demo is loaded.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from smartby.accounts.models import Membership, Role, User
from smartby.cases.models import (
    Case,
    CaseLink,
    CasePartner,
    CaseTranslation,
    CaseUpdate,
    Language,
    Lesson,
    LessonKind,
    LivingLab,
    Phase,
    Status,
    Technology,
    Theme,
    UpdateKind,
    Visibility,
)
from smartby.core.text import slugify_nordic
from smartby.organisations.models import Organisation, OrganisationKind
from smartby.reference.models import SdgTarget, SustainableDevelopmentGoal
from smartby.roadmap.models import PentaHelixGroup, Principle, TargetPicture

DATA_DIR = Path(__file__).parent / "data"
CASE_FILES = ["cases_nb.yaml", "cases_nb_more.yaml", "cases_nordic.yaml"]
LAB_FILE = "cases_labs.yaml"
PEOPLE_FILE = "cases_people.yaml"
DEMO_PASSWORD = "smartby-demo"  # noqa: S105 - the public demo password (see content.PASSWORD)

# The penta-helix group a partner organisation plays, from what kind of organisation it is.
ROLE_BY_KIND = {
    OrganisationKind.MUNICIPALITY: "municipalities-and-county-authorities",
    OrganisationKind.COUNTY: "municipalities-and-county-authorities",
    OrganisationKind.STATE_AGENCY: "municipalities-and-county-authorities",
    OrganisationKind.BUSINESS: "business",
    OrganisationKind.ACADEMIA: "academia-and-professionals",
    OrganisationKind.FINANCE: "finance-and-investors",
    OrganisationKind.CIVIL_SOCIETY: "civil-society",
}

_CASE_KEYS = {
    "slug", "owner", "lang", "title", "summary", "problem", "solution", "results",
    "funding", "contact", "tags", "themes", "principles", "targets", "sdgs", "sdg_targets",
    "tech", "phase", "status", "started", "ended", "progress", "review", "published",
    "visibility", "lessons", "partners", "links", "translation", "adopted_from", "lab",
    "updates",
}  # fmt: skip


class DemoDataError(ValueError):
    """The demo data files refer to something that does not exist."""


@dataclass
class _Vocabularies:
    themes: dict[str, Theme]
    technologies: dict[str, Technology]
    principles: dict[int, Principle]
    targets: dict[str, TargetPicture]
    sdgs: dict[int, SustainableDevelopmentGoal]
    sdg_targets: dict[str, SdgTarget]
    roles: dict[str, PentaHelixGroup]
    organisations: dict[str, Organisation] = field(default_factory=dict)

    @classmethod
    def load(cls) -> _Vocabularies:
        return cls(
            themes={t.slug: t for t in Theme.objects.all()},
            technologies={t.slug: t for t in Technology.objects.all()},
            principles={p.number: p for p in Principle.objects.all()},
            targets={t.slug: t for t in TargetPicture.objects.all()},
            sdgs={g.number: g for g in SustainableDevelopmentGoal.objects.all()},
            sdg_targets={t.code: t for t in SdgTarget.objects.all()},
            roles={g.slug: g for g in PentaHelixGroup.objects.all()},
        )

    def pick(self, table: dict[Any, Any], keys: list[Any], what: str, slug: str) -> list[Any]:
        missing = [k for k in keys if k not in table]
        if missing:
            raise DemoDataError(f"{slug}: unknown {what} {missing}")
        return [table[k] for k in keys]

    def organisation(self, slug: str, where: str) -> Organisation:
        if slug not in self.organisations:
            org = Organisation.objects.select_related("municipality").filter(slug=slug).first()
            if org is None:
                raise DemoDataError(f"{where}: unknown organisation {slug!r}")
            self.organisations[slug] = org
        return self.organisations[slug]


@cache
def read_data(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def demo_case_data() -> list[dict[str, Any]]:
    """Every demo case as written in the data files, in load order (origins first)."""
    cases: list[dict[str, Any]] = []
    for name in CASE_FILES:
        cases.extend(read_data(name))
    return cases


class _Clock:
    """Dates counted back from the moment the demo is loaded; a few hours of deterministic
    jitter keep rows from sharing one timestamp."""

    def __init__(self) -> None:
        self.now = timezone.now().replace(minute=0, second=0, microsecond=0)
        self.today = timezone.localdate()

    def ago(self, months: float, jitter: int = 0) -> datetime.datetime:
        return self.now - datetime.timedelta(days=round(months * 30.44), hours=jitter % 9)

    def date_ago(self, months: float) -> datetime.date:
        return self.today - datetime.timedelta(days=round(months * 30.44))

    def date_ahead(self, months: float) -> datetime.date:
        return self.today + datetime.timedelta(days=round(months * 30.44))


def _ensure_people(vocab: _Vocabularies) -> tuple[dict[str, User], int]:
    """One demo editor per owner organisation (the Asker coordinator for Asker); returns the
    author of each organisation's cases and how many users were created."""
    people: dict[str, dict[str, str]] = read_data(PEOPLE_FILE)
    existing = {
        u.email: u for u in User.objects.filter(email__in=[p["email"] for p in people.values()])
    }
    password = make_password(DEMO_PASSWORD)  # one hash for all: the password is public
    authors: dict[str, User] = {}
    created = 0
    for org_slug, person in people.items():
        user = existing.get(person["email"])
        if user is None:
            user = User.objects.create(
                email=person["email"],
                password=password,
                full_name=person["name"],
                title=person["title"],
                is_demo=True,
                email_confirmed_at=datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC),
            )
            created += 1
        organisation = vocab.organisation(org_slug, "people")
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": Role.EDITOR}
        )
        authors[org_slug] = user
    return authors, created


def _ensure_labs(vocab: _Vocabularies) -> tuple[dict[str, LivingLab], int]:
    labs_data: list[dict[str, Any]] = read_data(LAB_FILE)
    labs = {
        lab.slug: lab for lab in LivingLab.objects.filter(slug__in=[d["slug"] for d in labs_data])
    }
    created = 0
    for d in labs_data:
        if d["slug"] in labs:
            continue
        host = vocab.organisation(d["host"], d["slug"])
        if host.municipality is None:
            raise DemoDataError(f"{d['slug']}: the host {host.slug} has no municipality")
        lab = LivingLab.objects.create(
            slug=d["slug"],
            name=d["name"],
            host=host,
            municipality=host.municipality,
            description=d["description"].strip(),
            facilities=d["facilities"].strip(),
            how_to_apply=d["how_to_apply"].strip(),
            website=d.get("website", ""),
            latitude=d["lat"],
            longitude=d["lon"],
            is_demo=True,
        )
        lab.themes.set(vocab.pick(vocab.themes, d["themes"], "themes", d["slug"]))
        labs[lab.slug] = lab
        created += 1
    return labs, created


def _contact_email(name: str) -> str:
    return slugify_nordic(name).replace("-", ".") + "@example.org"


def _progress_at(d: dict[str, Any], clock: _Clock, jitter: int) -> datetime.datetime:
    """The last progress update: given, or the newest update, or the end date, or recent."""
    if "progress" in d:
        return clock.ago(d["progress"], jitter)
    if d.get("updates"):
        return clock.ago(min(u["ago"] for u in d["updates"]), jitter)
    if "ended" in d:
        return clock.ago(d["ended"], jitter)
    return clock.ago(1 + jitter % 4, jitter)


def _review_on(d: dict[str, Any], clock: _Clock) -> datetime.date | None:
    """The next review: given, or the one promised by the newest update that set one."""
    if "review" in d:
        return clock.date_ahead(d["review"])
    promised = sorted((u for u in d.get("updates", []) if "review" in u), key=lambda u: u["ago"])
    return clock.date_ahead(promised[0]["review"]) if promised else None


def _build_case(
    d: dict[str, Any], n: int, vocab: _Vocabularies, authors: dict[str, User],
    labs: dict[str, LivingLab], clock: _Clock,
) -> Case:  # fmt: skip
    unknown = set(d) - _CASE_KEYS
    if unknown:
        raise DemoDataError(f"{d.get('slug')}: unknown keys {sorted(unknown)}")
    slug = d["slug"]
    owner = vocab.organisation(d["owner"], slug)
    if d["owner"] not in authors:
        raise DemoDataError(f"{slug}: no demo author for {d['owner']}")
    if d["lang"] not in Language.values or d["phase"] not in Phase.values:
        raise DemoDataError(f"{slug}: bad language or phase")
    status = d.get("status", Status.ONGOING)
    visibility = d.get("visibility", Visibility.PUBLIC)
    if status not in Status.values or visibility not in Visibility.values:
        raise DemoDataError(f"{slug}: bad status or visibility")
    if d.get("lab") and d["lab"] not in labs:
        raise DemoDataError(f"{slug}: unknown living lab {d['lab']!r}")
    published = d.get("published", True)
    started = float(d["started"])
    published_at = clock.ago(max(started - 2, 0.5), n) if published else None
    return Case(
        slug=slug,
        owner=owner,
        municipality=owner.municipality,
        language=d["lang"],
        title=d["title"].strip(),
        summary=d["summary"].strip(),
        problem=d.get("problem", "").strip(),
        solution=d.get("solution", "").strip(),
        results=d.get("results", "").strip(),
        tags=d.get("tags", ""),
        phase=d["phase"],
        status=status,
        living_lab=labs[d["lab"]] if d.get("lab") else None,
        started_on=clock.date_ago(started),
        ended_on=clock.date_ago(d["ended"]) if "ended" in d else None,
        funding=d.get("funding", "").strip(),
        contact_name=d.get("contact", ""),
        contact_email=_contact_email(d["contact"]) if d.get("contact") else "",
        is_published=published,
        published_at=published_at,
        visibility=visibility,
        progress_at=_progress_at(d, clock, n),
        review_on=_review_on(d, clock),
        created_by=authors[d["owner"]],
        created_at=clock.ago(started, n),
        is_demo=True,
    )


def _create_related(
    d: dict[str, Any], case: Case, vocab: _Vocabularies, clock: _Clock, author: User
) -> tuple[list[Any], ...]:
    slug = d["slug"]
    m2m: list[Any] = []
    for name, table, keys, what in (
        ("themes", vocab.themes, d.get("themes", []), "themes"),
        ("technologies", vocab.technologies, d.get("tech", []), "technologies"),
        ("principles", vocab.principles, d.get("principles", []), "principles"),
        ("target_pictures", vocab.targets, d.get("targets", []), "target pictures"),
        ("sdgs", vocab.sdgs, d.get("sdgs", []), "SDGs"),
        ("sdg_targets", vocab.sdg_targets, d.get("sdg_targets", []), "SDG targets"),
    ):
        through = getattr(Case, name).through
        target_field = next(
            f.name for f in through._meta.get_fields() if f.name not in ("id", "case")
        )
        for obj in vocab.pick(table, keys, what, slug):
            m2m.append(through(case=case, **{target_field: obj}))
    lessons = []
    for position, item in enumerate(d.get("lessons", [])):
        ((kind, text),) = item.items()
        if kind not in LessonKind.values:
            raise DemoDataError(f"{slug}: bad lesson kind {kind!r}")
        lessons.append(Lesson(case=case, kind=kind, text=text.strip(), position=position))
    partners = []
    for partner in d.get("partners", []):
        org_slug, _, flag = partner.partition(" ")
        org = vocab.organisation(org_slug, slug)
        partners.append(
            CasePartner(
                case=case,
                organisation=org,
                role=vocab.roles[ROLE_BY_KIND[OrganisationKind(org.kind)]],
                can_edit=flag == "edit",
            )
        )
    links = [CaseLink(case=case, title=title, url=url) for title, url in d.get("links", [])]
    for _, url in d.get("links", []):
        if not url.startswith("https://example.org/"):
            raise DemoDataError(f"{slug}: links must point to example.org, not {url}")
    translations = []
    if d.get("translation"):
        t = d["translation"]
        translations.append(
            CaseTranslation(
                case=case, language=t["lang"], title=t["title"], summary=t["summary"].strip()
            )
        )
    updates = []
    for u in d.get("updates", []):
        if u["kind"] not in UpdateKind.values:
            raise DemoDataError(f"{slug}: bad update kind {u['kind']!r}")
        updates.append(
            CaseUpdate(
                case=case,
                kind=u["kind"],
                text=u["text"].strip(),
                phase_before=u.get("before", ""),
                phase_after=u.get("after", ""),
                review_on=clock.date_ahead(u["review"]) if "review" in u else None,
                created_at=clock.ago(u["ago"]),
                author=author,
            )
        )
    return m2m, lessons, partners, links, translations, updates


@transaction.atomic
def load_demo_cases() -> dict[str, int]:
    """Create the demo living labs and cases that are missing (and the demo people who wrote
    them); returns how many rows of each were created."""
    from smartby.cases.search import case_reindex

    vocab = _Vocabularies.load()
    clock = _Clock()
    authors, users_created = _ensure_people(vocab)
    labs, labs_created = _ensure_labs(vocab)

    data = demo_case_data()
    slugs = [d["slug"] for d in data]
    if len(set(slugs)) != len(slugs):
        raise DemoDataError("duplicate case slugs in the demo data")
    by_slug = {c.slug: c for c in Case.objects.filter(slug__in=slugs)}
    new = [(n, d) for n, d in enumerate(data) if d["slug"] not in by_slug]
    cases = Case.objects.bulk_create(
        [_build_case(d, n, vocab, authors, labs, clock) for n, d in new]
    )
    for case in cases:
        by_slug[case.slug] = case

    # Adoption chains: an original is its own lineage root; an adoption points at its origin
    # and shares the origin's root (origins come first in the data files).
    lineage = []
    for _, d in new:
        case = by_slug[d["slug"]]
        origin_slug = d.get("adopted_from")
        if origin_slug:
            origin = by_slug.get(origin_slug)
            if origin is None or origin.lineage_root_id is None:
                raise DemoDataError(f"{case.slug}: origin {origin_slug!r} must come first")
            case.adopted_from = origin
            case.lineage_root_id = origin.lineage_root_id
        else:
            case.lineage_root_id = case.pk
        lineage.append(case)
    Case.objects.bulk_update(lineage, ["adopted_from", "lineage_root"])

    related: list[list[Any]] = [[], [], [], [], [], []]
    for _, d in new:
        case = by_slug[d["slug"]]
        for bucket, rows in zip(
            related, _create_related(d, case, vocab, clock, authors[d["owner"]]), strict=True
        ):
            bucket.extend(rows)
    m2m, lessons, partners, links, translations, updates = related
    for model in {type(row) for row in m2m}:
        model.objects.bulk_create([row for row in m2m if type(row) is model])
    Lesson.objects.bulk_create(lessons)
    CasePartner.objects.bulk_create(partners)
    CaseLink.objects.bulk_create(links)
    CaseTranslation.objects.bulk_create(translations)
    CaseUpdate.objects.bulk_create(updates)

    published = [c.pk for c in cases if c.is_published]
    if published:
        case_reindex(case_ids=published)
    return {"case_authors": users_created, "living_labs": labs_created, "cases": len(cases)}
