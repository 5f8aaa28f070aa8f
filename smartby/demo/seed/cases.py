"""Cases: a smart-city project of a municipality (mostly), a county, a Nordic city or a
seeded organisation, on one of the topics, with its themes and other links, progress
updates, lessons, a translation now and then, partners, links, adoptions of earlier cases,
and the activity feed's line when it is published."""

from __future__ import annotations

import datetime
import math
import random

from smartby.cases.models import (
    Case,
    CaseLink,
    CasePartner,
    CaseTranslation,
    CaseUpdate,
    Lesson,
    LessonKind,
    Phase,
    Status,
    UpdateKind,
    Visibility,
)
from smartby.core.models import Activity
from smartby.demo.cases import ROLE_BY_KIND
from smartby.demo.seed.draw import EPOCH, Picker, Slugs, at, date_between, some
from smartby.demo.seed.references import Org, ids_of
from smartby.demo.seed.scale import CHUNKS
from smartby.demo.seed.seeder import Seeder
from smartby.demo.seed.text import (
    AMOUNTS,
    CaseDraft,
    case_lessons,
    case_problem_and_solution,
    case_results,
)
from smartby.demo.seed.vocabulary import (
    ADJECTIVES,
    AREAS,
    FUNDING,
    INTRO_VERBS,
    RESULT_PATTERNS,
    TITLE_PATTERNS,
    TOPICS,
    UPDATES,
)
from smartby.demo.seed.writer import Rows
from smartby.organisations.models import OrganisationKind

CASE_YEARS = range(2012, 2027)


def seed_cases(seeder: Seeder) -> None:
    """The cases, most of them owned by municipalities drawn by population."""
    rng = seeder.rng("cases")
    refs = seeder.refs
    total = seeder.counts["cases"]
    municipal = refs.municipal_picker()
    in_county = {
        org.id: Picker(ids, [math.sqrt(refs.municipalities[m][3]) for m in ids])
        for org in refs.county_orgs
        if (ids := refs.county_municipalities.get(org.id))
    }
    others = [o for o in seeder.orgs if o.kind != OrganisationKind.FINANCE] or seeder.orgs
    phases = Picker(
        [
            Phase.ANALYSIS,
            Phase.INNOVATION,
            Phase.DESIGN,
            Phase.PILOT,
            Phase.ADAPTATION,
            Phase.SCALING,
        ],
        [10, 10, 15, 30, 15, 20],
    )
    years = Picker(list(CASE_YEARS), [(y - 2010) ** 1.5 for y in CASE_YEARS])
    kinds = list(LessonKind.values)
    slugs = Slugs(Case.objects.values_list("slug", flat=True))
    for rows, indexes in seeder.chunks("cases", total, CHUNKS["cases"]):
        for _ in indexes:
            draw = rng.random()
            if draw < 0.72 or not (refs.nordic_orgs or refs.county_orgs or others):
                owner = municipal.pick(rng)
            elif draw < 0.75 and refs.nordic_orgs:
                owner = rng.choice(refs.nordic_orgs)
            elif draw < 0.83 and refs.county_orgs:
                owner = rng.choice(refs.county_orgs)
            else:
                owner = rng.choice(others) if others else municipal.pick(rng)
            municipality_id = owner.municipality_id
            if owner.kind == OrganisationKind.COUNTY and owner.id in in_county:
                municipality_id = in_county[owner.id].pick(rng)
            _case(seeder, rng, rows, owner, municipality_id, phases, years, kinds, slugs)


def _case(
    seeder: Seeder,
    rng: random.Random,
    rows: Rows,
    owner: Org,
    municipality_id: int | None,
    phases: Picker,
    years: Picker,
    kinds: list[str],
    slugs: Slugs,
) -> None:
    """One case and what hangs on it (links, updates, lessons, partners ...), into `rows`."""
    refs = seeder.refs
    pk = seeder.writer.next_id(Case)
    topic_index = rng.randrange(len(TOPICS))
    is_foreign = owner in refs.nordic_orgs
    lang = 1 if is_foreign or rng.random() < 0.12 else 0
    language = "en" if lang else "nb"
    place = refs.municipalities[municipality_id][1] if municipality_id else owner.place
    owner_words = (
        owner.name,
        owner.place if owner.kind == OrganisationKind.MUNICIPALITY else owner.name,
    )
    phase = phases.pick(rng)
    position = [p.value for p in Phase].index(phase)
    if position < 3:
        status = Status.ONGOING if rng.random() < 0.93 else Status.STOPPED
    else:
        status = Picker([Status.ONGOING, Status.COMPLETED, Status.STOPPED], [55, 35, 10]).pick(rng)
    year = years.pick(rng)
    last_day = EPOCH.date() - datetime.timedelta(days=45)
    started_on = date_between(
        rng, datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), last_day)
    )
    ended_on = None
    if status != Status.ONGOING:
        ended_on = min(last_day, started_on + datetime.timedelta(days=rng.randint(180, 1100)))
    is_published = rng.random() < 0.92
    published_day = min(
        EPOCH.date() - datetime.timedelta(days=1),
        started_on + datetime.timedelta(days=rng.randint(20, 400)),
    )
    published_at = (
        at(published_day, rng.randint(7, 16), rng.randrange(60)) if is_published else None
    )
    visibility = Visibility.NETWORK if rng.random() < 0.10 else Visibility.PUBLIC
    topic = TOPICS[topic_index]

    origin = None
    pool = seeder.adoptable[topic_index]
    if is_published and pool and rng.random() < 0.06:
        origin = pool[rng.randrange(len(pool))]
    draft = CaseDraft(
        topic=topic,
        thing=rng.randrange(len(topic.things_nb)),
        goal=rng.randrange(len(topic.goals)),
        title=rng.randrange(len(TITLE_PATTERNS)),
        adj=rng.randrange(len(ADJECTIVES)),
        area=rng.randrange(len(AREAS)),
        verb=rng.randrange(len(INTRO_VERBS)),
        amount=rng.choice(AMOUNTS) if rng.random() < 0.7 else None,
        result=rng.randrange(len(RESULT_PATTERNS)),
        metric=rng.randrange(len(topic.metrics)),
        percent=rng.randint(8, 65),
        months=rng.choice((6, 9, 12, 18, 24, 36)),
        goal_year=min(2032, max(year, EPOCH.year) + rng.randint(1, 4)),
        late=position >= 3,
        place=place,
        owner=owner_words,
        origin=origin[2] if origin else None,
    )
    title = draft.title_in(lang)
    slug = slugs.make(title, fallback="case")

    editors = seeder.editors_by_org.get(owner.id) or seeder.users_by_org.get(owner.id) or []
    author = editors[rng.randrange(len(editors))] if editors else None
    contact = seeder.contacts.get(author or 0, ("", ""))
    progress_at = published_at
    review_on = None

    updates = []
    if is_published and position >= 3 and rng.random() < 0.6:
        moments = sorted(
            date_between(rng, published_day, EPOCH.date() - datetime.timedelta(days=1))
            for _ in range(rng.randint(1, 3))
        )
        for k, day in enumerate(moments):
            update_kind: str = UpdateKind.PROGRESS
            before = after = ""
            if k == len(moments) - 1 and phase == Phase.SCALING:
                update_kind, before, after = UpdateKind.SCALED, Phase.PILOT, Phase.SCALING
            elif k == len(moments) - 1 and status == Status.STOPPED:
                update_kind = UpdateKind.STOPPED
            when = at(day, rng.randint(8, 15), rng.randrange(60))
            updates.append(
                CaseUpdate(
                    case_id=pk,
                    kind=update_kind,
                    text=UPDATES[rng.randrange(len(UPDATES))][lang],
                    phase_before=before,
                    phase_after=after,
                    created_at=when,
                    author_id=author,
                )
            )
            progress_at = when
    if status == Status.ONGOING and phase == Phase.PILOT and progress_at is not None:
        review_on = progress_at.date() + datetime.timedelta(days=rng.randint(60, 270))

    problem, solution = case_problem_and_solution(rng, topic, lang)
    result_text = case_results(rng, draft, lang)
    keywords = rng.sample(topic.keywords, rng.randint(2, 4))

    created_at = at(min(started_on, published_day), 9)
    rows[Case].append(
        Case(
            id=pk,
            slug=slug,
            owner_id=owner.id,
            municipality_id=municipality_id,
            language=language,
            title=title,
            summary=draft.summary_in(lang),
            problem=problem,
            solution=solution,
            results=result_text,
            tags=", ".join(k[lang] for k in keywords),
            phase=phase,
            status=status,
            started_on=started_on,
            ended_on=ended_on,
            funding=rng.choice(FUNDING)[lang] if rng.random() < 0.7 else "",
            contact_name=contact[0],
            contact_email=contact[1],
            is_published=is_published,
            published_at=published_at,
            visibility=visibility,
            adopted_from_id=origin[0] if origin else None,
            lineage_root_id=origin[1] if origin else pk,
            progress_at=progress_at,
            review_on=review_on,
            created_by_id=author,
            created_at=created_at,
            is_demo=True,
        )
    )
    rows[CaseUpdate].extend(updates)

    all_themes = list(refs.themes)
    theme_slugs = some(
        rng, topic.themes[:1], topic.themes[1:] + tuple(all_themes), rng.randint(1, 3)
    )
    tech_slugs = some(
        rng,
        topic.tech,
        list(refs.technologies),
        Picker([0, 1, 2, 3], [15, 35, 30, 20]).pick(rng),
    )
    principle_numbers = some(rng, topic.principles, list(refs.principles), rng.randint(1, 3))
    target_slugs = some(rng, topic.targets, list(refs.targets), rng.randint(1, 2))
    sdg_numbers = some(rng, topic.sdgs, list(refs.sdgs), rng.randint(1, 3))
    for model, column, values in (
        (Case.themes.through, "theme_id", ids_of(refs.themes, theme_slugs)),
        (Case.technologies.through, "technology_id", ids_of(refs.technologies, tech_slugs)),
        (Case.principles.through, "principle_id", ids_of(refs.principles, principle_numbers)),
        (Case.target_pictures.through, "targetpicture_id", ids_of(refs.targets, target_slugs)),
        (Case.sdgs.through, "sustainabledevelopmentgoal_id", ids_of(refs.sdgs, sdg_numbers)),
    ):
        rows[model].extend(model(case_id=pk, **{column: value}) for value in sorted(set(values)))
    if rng.random() < 0.4 and refs.sdg_targets.get(sdg_numbers[0]):
        target = rng.choice(refs.sdg_targets[sdg_numbers[0]])
        rows[Case.sdg_targets.through].append(
            Case.sdg_targets.through(case_id=pk, sdgtarget_id=target)
        )

    if rng.random() < 0.4:
        for index, (lesson_kind, text) in enumerate(case_lessons(rng, draft, lang, kinds)):
            rows[Lesson].append(Lesson(case_id=pk, kind=lesson_kind, position=index, text=text))
    if rng.random() < 0.10:
        other = 1 - lang
        rows[CaseTranslation].append(
            CaseTranslation(
                case_id=pk,
                language="en" if other else "nb",
                title=draft.title_in(other),
                summary=draft.summary_in(other),
            )
        )
    if rng.random() < 0.35 and seeder.orgs:
        partners = {rng.choice(seeder.orgs).id for _ in range(rng.randint(1, 3))} - {owner.id}
        for partner in sorted(partners):
            kind = seeder.org_by_id[partner].kind
            role = refs.roles.get(ROLE_BY_KIND[OrganisationKind(kind)])
            rows[CasePartner].append(
                CasePartner(
                    case_id=pk,
                    organisation_id=partner,
                    role_id=role,
                    can_edit=rng.random() < 0.2,
                )
            )
    if rng.random() < 0.25:
        rows[CaseLink].append(
            CaseLink(
                case_id=pk,
                url=f"https://example.org/seed/{slug}/rapport",
                title=("Sluttrapport fra prosjektet", "Final report of the project")[lang],
            )
        )

    if is_published and published_at is not None:
        seeder.topic_cases[topic_index].append(pk)
        if origin is None and visibility == Visibility.PUBLIC:
            pool.append((pk, pk, owner_words))
            if len(pool) > 400:
                del pool[:200]
        if visibility == Visibility.PUBLIC:
            if origin is None:
                verb, nb, en = (
                    "cases.published",
                    f"{owner.name} delte «{title}»",
                    f"{owner.name} shared “{title}”",
                )
            else:
                verb = "cases.adopted"
                nb = f"{owner.name} tok i bruk «{title}» fra {origin[2][0]}"
                en = f"{owner.name} adopted “{title}” from {origin[2][0]}"
            rows[Activity].append(
                Activity(
                    verb=verb,
                    text_nb=nb[:300],
                    text_en=en[:300],
                    url=seeder.case_url.replace("__slug__", slug),
                    is_demo=True,
                    created_at=published_at,
                )
            )
    if owner.kind == OrganisationKind.MUNICIPALITY and len(seeder.org_cases[owner.id]) < 30:
        seeder.org_cases[owner.id].append(
            (pk, tuple(refs.principles[n] for n in principle_numbers))
        )
