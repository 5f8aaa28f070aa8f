"""Organisations and people: the seeded businesses, research groups, civil society, finance
and state agencies around the real municipalities, and the people who work in them (two for
each network member, who represent it)."""

from __future__ import annotations

import datetime
import math

from smartby.accounts.models import Membership, Role, User
from smartby.core.text import slugify_nordic
from smartby.demo.seed.draw import EPOCH, Picker, Slugs, at, date_between
from smartby.demo.seed.references import Org
from smartby.demo.seed.scale import CHUNKS
from smartby.demo.seed.seeder import Seeder
from smartby.demo.seed.text import organisation_description, organisation_name
from smartby.demo.seed.vocabulary import FIRST_NAMES, JOB_TITLES, LAST_NAMES, TOPICS
from smartby.organisations.models import Organisation, OrganisationKind

# Reserved example domains (RFC 2606): nothing seeded points at a real address.
EMAIL_DOMAIN = "seed.example.org"
# A password starting with "!" is unusable (django.contrib.auth.hashers): a fixed one keeps
# the rows deterministic, and nobody can log in as a seeded person.
UNUSABLE_PASSWORD = "!smartby-seed"  # noqa: S105 - not a password: marks the account unusable


def seed_organisations(seeder: Seeder) -> None:
    """The seeded organisations (businesses, research, civil society, finance, state
    agencies), each in a municipality drawn by population."""
    rng = seeder.rng("organisations")
    refs = seeder.refs
    total = seeder.counts["organisations"]
    place_picker = refs.municipal_picker()
    kinds = Picker(
        [
            OrganisationKind.BUSINESS,
            OrganisationKind.ACADEMIA,
            OrganisationKind.CIVIL_SOCIETY,
            OrganisationKind.FINANCE,
            OrganisationKind.STATE_AGENCY,
        ],
        [55, 12, 15, 6, 12],
    )
    slugs = Slugs(Organisation.objects.values_list("slug", flat=True))
    for org in refs.municipal_orgs + refs.nordic_orgs + refs.county_orgs:
        seeder.org_by_id[org.id] = org
    for rows, indexes in seeder.chunks("organisations", total, CHUNKS["organisations"]):
        for _ in indexes:
            kind = kinds.pick(rng)
            home = place_picker.pick(rng)
            name = organisation_name(rng, kind, home.place)
            slug = slugs.make(name, fallback="organisasjon")
            pk = seeder.writer.next_id(Organisation)
            topic = TOPICS[rng.randrange(len(TOPICS))]
            description = organisation_description(rng, kind, name, topic, home.place)
            rows[Organisation].append(
                Organisation(
                    id=pk,
                    name=name,
                    slug=slug,
                    kind=kind,
                    municipality_id=home.municipality_id,
                    county_id=refs.municipalities[home.municipality_id or 0][2],
                    org_number=str(rng.randrange(810_000_000, 999_999_999))
                    if rng.random() < 0.7
                    else "",
                    website=f"https://www.example.com/{slug}" if rng.random() < 0.8 else "",
                    email=f"post@{slug[:40]}.example.com" if rng.random() < 0.6 else "",
                    description=description,
                    is_demo=True,
                    created_at=at(date_between(rng, datetime.date(2018, 1, 1), EPOCH.date()), 9),
                )
            )
            org = Org(pk, kind, name, slug, home.municipality_id, home.place)
            seeder.orgs.append(org)
            seeder.orgs_by_kind[kind].append(org)
            seeder.org_by_id[pk] = org


def seed_people(seeder: Seeder) -> None:
    """The people and their memberships: two for each network member first (its
    representative and deputy), then the rest spread over the organisations by size."""
    rng = seeder.rng("people")
    refs = seeder.refs
    total = seeder.counts["users"]
    # Smartbyene's members (the Nordic network's come with the reference data), chosen
    # first so that each member organisation gets a representative and a deputy.
    wanted = min(len(refs.municipal_orgs), max(6, seeder.counts["network_members"]))
    keyed = sorted(
        refs.municipal_orgs,
        key=lambda o: (
            -(rng.random() ** (1.0 / math.sqrt(refs.municipalities[o.municipality_id or 0][3])))
        ),
    )
    seeder.smartbyene_members = sorted(keyed[:wanted], key=lambda o: o.slug)
    speaking = list(
        dict.fromkeys(
            [o.id for o in seeder.smartbyene_members]
            + [org for _pk, org in refs.nordic_memberships]
        )
    )
    all_orgs = refs.municipal_orgs + refs.nordic_orgs + refs.county_orgs + seeder.orgs
    weights = []
    for o in all_orgs:
        if o.kind == OrganisationKind.MUNICIPALITY:
            weights.append(2 + math.sqrt(refs.municipalities[o.municipality_id or 0][3]) / 20)
        elif o.kind == OrganisationKind.COUNTY:
            weights.append(8.0)
        else:
            weights.append(1.5)
    picker = Picker(all_orgs, weights)
    roles = Picker([Role.MEMBER, Role.EDITOR, Role.ADMIN], [75, 18, 7])
    titles_of: dict[str, str] = {
        OrganisationKind.MUNICIPALITY: "public",
        OrganisationKind.COUNTY: "public",
        OrganisationKind.STATE_AGENCY: "public",
    }
    ascii_names = {name: slugify_nordic(name) for name in FIRST_NAMES + LAST_NAMES}
    # The first users go to the speaking organisations, two each.
    guaranteed = [org for org in speaking for _ in (0, 1)][:total]
    for rows, indexes in seeder.chunks("people", total, CHUNKS["users"]):
        for i in indexes:
            pk = seeder.writer.next_id(User)
            first_name = rng.choice(FIRST_NAMES)
            last_name = rng.choice(LAST_NAMES)
            name = f"{first_name} {last_name}"
            email = f"{ascii_names[first_name]}.{ascii_names[last_name]}.{i + 1}@{EMAIL_DOMAIN}"
            if i < len(guaranteed):
                org = seeder.org_by_id[guaranteed[i]]
                role = Role.ADMIN if i % 2 == 0 else Role.EDITOR
                if i % 2 == 0:
                    seeder.representatives[org.id] = (pk, None)
                else:
                    seeder.representatives[org.id] = (seeder.representatives[org.id][0], pk)
            else:
                org = picker.pick(rng)
                role = roles.pick(rng)
            titles = JOB_TITLES[titles_of.get(org.kind, org.kind)]
            joined = at(date_between(rng, datetime.date(2019, 1, 1), EPOCH.date()), 8)
            rows[User].append(
                User(
                    id=pk,
                    email=email,
                    password=UNUSABLE_PASSWORD,
                    full_name=name,
                    title=rng.choice(titles),
                    preferred_language="en" if rng.random() < 0.12 else "nb",
                    is_public=rng.random() < 0.9,
                    is_demo=True,
                    date_joined=joined,
                    email_confirmed_at=joined if rng.random() < 0.95 else None,
                )
            )
            memberships = [(org, role)]
            if i >= len(guaranteed) and rng.random() < 0.1:
                other = picker.pick(rng)
                if other.id != org.id:
                    memberships.append((other, Role.MEMBER))
            for member_of, member_role in memberships:
                rows[Membership].append(
                    Membership(
                        user_id=pk,
                        organisation_id=member_of.id,
                        role=member_role,
                        created_at=joined,
                    )
                )
                seeder.users_by_org[member_of.id].append(pk)
                if member_role != Role.MEMBER:
                    seeder.editors_by_org[member_of.id].append(pk)
                    seeder.contacts[pk] = (name, email)
