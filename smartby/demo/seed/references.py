"""The reference data the seeded rows link to (municipalities, counties, the networks, the
roadmap, themes, licences ...), read once and in a fixed order, so that the same seed links
the same rows."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from smartby.cases.models import Technology, Theme
from smartby.demo.seed.draw import Picker
from smartby.network.models import Body, Network, NetworkMembership, WorkTheme
from smartby.organisations.models import Municipality, Organisation, OrganisationKind
from smartby.reference.models import DataTheme, Licence, SdgTarget, SustainableDevelopmentGoal
from smartby.roadmap.models import Challenge, KeyQuestion, PentaHelixGroup, Principle, TargetPicture


def ids_of(table: dict[Any, int], keys: Sequence[Any]) -> list[int]:
    """The ids of the keys the reference data has (unknown keys are skipped)."""
    return [table[key] for key in keys if key in table]


@dataclass
class Org:
    """An organisation rows are linked to: a municipality, county, Nordic city or one the
    seed made."""

    id: int
    kind: str
    name: str
    slug: str
    municipality_id: int | None
    place: str  # the municipality's name, or the organisation's when it has none


@dataclass
class Refs:
    """The reference data the seed links to, read once, in a fixed order."""

    themes: dict[str, int]
    technologies: dict[str, int]
    principles: dict[int, int]  # number → id
    targets: dict[str, int]
    sdgs: dict[int, int]
    sdg_targets: dict[int, list[int]]  # goal number → target ids
    data_themes: dict[str, int]
    licences: dict[str, int]
    roles: dict[str, int]
    key_questions: list[tuple[int, int, int]]  # id, principle id, position
    challenges: dict[int, list[int]]  # principle id → challenge ids
    municipalities: dict[int, tuple[str, str, int | None, int]]  # id → code, name, county, pop
    municipal_orgs: list[Org]  # Norwegian, by municipality code
    nordic_orgs: list[Org]  # the network's cities outside Norway
    county_orgs: list[Org]
    county_municipalities: dict[int, list[int]]  # county organisation → its municipalities
    networks: dict[str, int]
    bodies: dict[tuple[int, str], tuple[int, int, str]]  # (network, kind) → id, quorum, majority
    work_themes: dict[int, list[int]]
    nordic_memberships: list[tuple[int, int]]  # membership id, organisation id

    @classmethod
    def load(cls) -> Refs:
        municipalities = {
            m.pk: (m.code, m.name, m.county_id, m.population or 1000)
            for m in Municipality.objects.order_by("country", "code")
        }
        orgs = list(
            Organisation.objects.filter(
                kind__in=[OrganisationKind.MUNICIPALITY, OrganisationKind.COUNTY]
            ).order_by("slug")
        )

        def rec(o: Organisation) -> Org:
            place = municipalities[o.municipality_id][1] if o.municipality_id else o.name
            return Org(o.pk, o.kind, o.name, o.slug, o.municipality_id, place)

        norwegian = set(Municipality.objects.filter(country="NO").values_list("pk", flat=True))
        municipal = [o for o in orgs if o.kind == OrganisationKind.MUNICIPALITY]
        by_code = sorted(
            (o for o in municipal if o.municipality_id in norwegian),
            key=lambda o: municipalities[o.municipality_id][0],  # type: ignore[index]
        )
        county_municipalities: dict[int, list[int]] = defaultdict(list)
        for pk in sorted(norwegian, key=lambda pk: municipalities[pk][0]):
            county = municipalities[pk][2]
            if county is not None:
                county_municipalities[county].append(pk)
        county_orgs = [o for o in orgs if o.kind == OrganisationKind.COUNTY]
        county_of_org = dict(
            Organisation.objects.filter(pk__in=[o.pk for o in county_orgs]).values_list(
                "pk", "county_id"
            )
        )
        sdg_targets: dict[int, list[int]] = defaultdict(list)
        for pk, number in SdgTarget.objects.order_by("code").values_list("pk", "goal__number"):
            sdg_targets[number].append(pk)
        challenges: dict[int, list[int]] = defaultdict(list)
        for pk, principle in Challenge.objects.order_by(
            "principle__number", "position"
        ).values_list("pk", "principle_id"):
            challenges[principle].append(pk)
        networks = dict(Network.objects.order_by("slug").values_list("slug", "pk"))
        work_themes: dict[int, list[int]] = defaultdict(list)
        for pk, network in WorkTheme.objects.order_by("network__slug", "position").values_list(
            "pk", "network_id"
        ):
            work_themes[network].append(pk)
        nordic = networks.get("nordic-smart-city-network")
        refs = cls(
            themes=dict(Theme.objects.order_by("slug").values_list("slug", "pk")),
            technologies=dict(Technology.objects.order_by("slug").values_list("slug", "pk")),
            principles=dict(Principle.objects.order_by("number").values_list("number", "pk")),
            targets=dict(TargetPicture.objects.order_by("slug").values_list("slug", "pk")),
            sdgs=dict(
                SustainableDevelopmentGoal.objects.order_by("number").values_list("number", "pk")
            ),
            sdg_targets=dict(sdg_targets),
            data_themes=dict(DataTheme.objects.order_by("code").values_list("code", "pk")),
            licences=dict(Licence.objects.order_by("identifier").values_list("identifier", "pk")),
            roles=dict(PentaHelixGroup.objects.order_by("slug").values_list("slug", "pk")),
            key_questions=list(
                KeyQuestion.objects.order_by("code").values_list("pk", "principle_id", "position")
            ),
            challenges=dict(challenges),
            municipalities=municipalities,
            municipal_orgs=[rec(o) for o in by_code],
            nordic_orgs=[rec(o) for o in municipal if o.municipality_id not in norwegian],
            county_orgs=[rec(o) for o in county_orgs],
            county_municipalities={
                org.pk: county_municipalities.get(county_of_org[org.pk] or 0, [])
                for org in county_orgs
            },
            networks=networks,
            bodies={
                (network, kind): (pk, quorum, majority)
                for pk, network, kind, quorum, majority in Body.objects.order_by(
                    "network__slug", "kind"
                ).values_list("pk", "network_id", "kind", "quorum_percent", "majority")
            },
            work_themes=dict(work_themes),
            nordic_memberships=list(
                NetworkMembership.objects.filter(network_id=nordic, left_on__isnull=True)
                .order_by("organisation__slug")
                .values_list("pk", "organisation_id")
            )
            if nordic is not None
            else [],
        )
        return refs

    def municipal_picker(self) -> Picker:
        """The Norwegian municipalities' organisations, weighted by the square root of the
        population."""
        return Picker(
            self.municipal_orgs,
            [
                math.sqrt(self.municipalities[o.municipality_id or 0][3])
                for o in self.municipal_orgs
            ],
        )
