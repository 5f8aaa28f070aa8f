from __future__ import annotations

from smartby.network.models import Body, Network, NetworkMembership, WorkTheme
from smartby.organisations.models import Organisation, OrganisationKind
from smartby.reference.registry import LoadResult, read_csv, read_roadmap, upsert
from smartby.roadmap.models import Principle

SMARTBYENE = "smartbyene"
NORDIC = "nordic-smart-city-network"


def load_networks() -> LoadResult:
    """The two networks, Smartbyene's work themes, and the Nordic network's 14 member cities
    (the sources list them; Smartbyene's current members are not in the sources)."""
    data = read_roadmap()["network"]
    result = LoadResult()
    sb = data["smartbyene"]
    about = sb["about"]
    smartbyene, r = upsert(
        Network,
        {"slug": SMARTBYENE},
        {
            "name_nb": sb["name"]["nb"],
            "name_en": sb["name"]["en"],
            "tagline_nb": sb["tagline"]["nb"],
            "tagline_en": sb["tagline"]["en"],
            "description_nb": "\n\n".join(
                about[k]["nb"] for k in ("founding", "main_goal", "working_method", "market_access")
            ),
            "description_en": "\n\n".join(
                about[k]["en"] for k in ("founding", "main_goal", "working_method", "market_access")
            ),
            "website": sb["website"],
            "established": sb["established"],
        },
    )
    result.add(r)
    for position, theme in enumerate(sb["themes"]["items"], start=1):
        result.add(
            upsert(
                WorkTheme,
                {"network": smartbyene, "slug": theme["id"]},
                {
                    "position": position,
                    "name_nb": theme["name"]["nb"],
                    "name_en": theme["name"]["en"],
                },
            )[1]
        )

    result.add(_link_principles(smartbyene))
    result.add(_bodies(smartbyene))

    nn = data["nordic_smart_city_network"]
    nordic, r = upsert(
        Network,
        {"slug": NORDIC},
        {
            "name_nb": nn["name"]["nb"],
            "name_en": nn["name"]["en"],
            "tagline_nb": nn["tagline"]["nb"],
            "tagline_en": nn["tagline"]["en"],
            "description_nb": "\n\n".join(
                nn[k]["nb"] for k in ("description", "focus", "city_labs")
            ),
            "description_en": "\n\n".join(
                nn[k]["en"] for k in ("description", "focus", "city_labs")
            ),
        },
    )
    result.add(r)
    result.add(_bodies(nordic))
    keys = []
    for row in read_csv("nordic_network_cities.csv"):
        if row["country_code"] == "NO":
            keys.append(("NO", row["kommunenummer"]))
        else:
            keys.append((row["country_code"], row["geonames_id"]))
    orgs = {
        (o.municipality.country, o.municipality.code): o  # type: ignore[union-attr]
        for o in Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY, municipality__isnull=False
        ).select_related("municipality")
        if (o.municipality.country, o.municipality.code) in set(keys)  # type: ignore[union-attr]
    }
    current = set(
        NetworkMembership.objects.filter(network=nordic, left_on__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    for key in keys:
        org = orgs[key]
        if org.pk in current:
            result.unchanged += 1
        else:
            NetworkMembership.objects.create(network=nordic, organisation=org)
            result.created += 1
    return result


def _link_principles(network: Network) -> LoadResult:
    """The principles each work theme serves, from principle_links.csv."""
    result = LoadResult()
    wanted: dict[str, set[int]] = {}
    principles = {p.number: p.pk for p in Principle.objects.all()}
    for row in read_csv("principle_links.csv"):
        for slug in (part.strip() for part in row["work_themes"].split(";")):
            if slug:
                wanted.setdefault(slug, set()).add(principles[int(row["principle"])])
    for theme in WorkTheme.objects.filter(network=network).prefetch_related("principles"):
        target = wanted.get(theme.slug, set())
        if {p.pk for p in theme.principles.all()} == target:
            result.unchanged += 1
        else:
            theme.principles.set(target)
            result.updated += 1
    return result


def _bodies(network: Network) -> LoadResult:
    """The bodies seed 003 describes: owner meeting, steering group, secretariat and network
    leadership. Quorum and majority start at half the members and a simple majority; the
    secretariat sets each network's own rules in the admin. The Nordic network is given the
    same four bodies (its sources do not describe its governance)."""
    result = LoadResult()
    for kind in Body.Kind.values:
        _body, created = Body.objects.get_or_create(network=network, kind=kind)
        if created:
            result.created += 1
        else:
            result.unchanged += 1
    return result
