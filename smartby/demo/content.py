"""Demo content: fictional people and organisations, and an assumed Smartbyene member list.

Smartbyene's current member list is not in the public sources; the demo assigns fourteen
municipalities (the network says it grew from 6 to 14 cities) and marks every such
membership as demo. The secretariat keeps the real list in the product.
Everything here is idempotent: running it twice changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from smartby.accounts.models import Membership, Role, User
from smartby.core.models import Activity
from smartby.demo.assessments import load_demo_assessments
from smartby.demo.cases import load_demo_cases
from smartby.demo.catalog import load_demo_catalog
from smartby.demo.network import load_demo_network
from smartby.network.models import Network, NetworkMembership, NetworkRole
from smartby.network.services import secretariat_group
from smartby.organisations.models import Municipality, Organisation, OrganisationKind

PASSWORD = "smartby-demo"  # noqa: S105 - the public demo password, printed by make run
DEMO_MARK = "*Fiktiv demo-organisasjon.*"

SMARTBYENE_DEMO_MEMBERS = [
    ("3201", "2018-05-02"),  # Bærum
    ("3203", "2018-05-02"),  # Asker
    ("4601", "2018-05-02"),  # Bergen
    ("0301", "2018-05-02"),  # Oslo
    ("1103", "2018-05-02"),  # Stavanger
    ("5001", "2018-05-02"),  # Trondheim
    ("1804", "2019-01-15"),  # Bodø
    ("3301", "2019-01-15"),  # Drammen
    ("3107", "2019-01-15"),  # Fredrikstad
    ("4204", "2019-03-01"),  # Kristiansand
    ("3205", "2019-03-01"),  # Lillestrøm
    ("5501", "2019-06-10"),  # Tromsø
    ("1508", "2019-06-10"),  # Ålesund
    ("3303", "2019-09-01"),  # Kongsberg
]


@dataclass(frozen=True)
class DemoOrg:
    slug: str
    name: str
    kind: str
    municipality_code: str
    description: str


DEMO_ORGS = [
    DemoOrg(
        "fjordsensor-demo",
        "Fjordsensor AS",
        OrganisationKind.BUSINESS,
        "1103",
        "Sensorer for vannkvalitet og havnelogistikk.",
    ),
    DemoOrg(
        "nordlys-data-demo",
        "Nordlys Data AS",
        OrganisationKind.BUSINESS,
        "5501",
        "Dataplattformer for kommuner i nord.",
    ),
    DemoOrg(
        "senter-for-baerekraftige-byer-demo",
        "Senter for bærekraftige byer",
        OrganisationKind.ACADEMIA,
        "5001",
        "Forskning på smarte og bærekraftige byer.",
    ),
    DemoOrg(
        "bylab-bergen-demo",
        "Bylab Bergen",
        OrganisationKind.CIVIL_SOCIETY,
        "4601",
        "Innbyggerdrevet verksted for byutvikling.",
    ),
    DemoOrg(
        "gronn-kapital-demo",
        "Grønn Kapital Invest",
        OrganisationKind.FINANCE,
        "0301",
        "Investerer i klimavennlig byteknologi.",
    ),
    DemoOrg(
        "demoetaten-demo",
        "Demoetaten for digital infrastruktur",
        OrganisationKind.STATE_AGENCY,
        "0301",
        "Statlig etat som bare finnes i demoen.",
    ),
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    title: str
    organisation: str  # slug
    role: str
    is_superuser: bool = False
    secretariat: bool = False


DEMO_USERS = [
    DemoUser(
        "admin@demo.smartby.no",
        "Ada Admin",
        "Plattformansvarlig",
        "demoetaten-demo",
        Role.ADMIN,
        is_superuser=True,
    ),
    DemoUser(
        "sekretariat@demo.smartby.no",
        "Siri Sekretariat",
        "Rådgiver, sekretariatet",
        "demoetaten-demo",
        Role.MEMBER,
        secretariat=True,
    ),
    DemoUser(
        "koordinator@demo.smartby.no",
        "Kari Koordinator",
        "Smartbykoordinator",
        "asker-kommune",
        Role.ADMIN,
    ),
    DemoUser(
        "leverandor@demo.smartby.no",
        "Lars Leverandør",
        "Daglig leder",
        "fjordsensor-demo",
        Role.ADMIN,
    ),
    DemoUser(
        "forsker@demo.smartby.no",
        "Frida Forsker",
        "Førsteamanuensis",
        "senter-for-baerekraftige-byer-demo",
        Role.EDITOR,
    ),
]


def demo_logins() -> list[tuple[str, str, str]]:
    return [(u.email, PASSWORD, u.title) for u in DEMO_USERS]


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo content that is missing; returns how many rows were created."""
    created = {"organisations": 0, "users": 0, "memberships": 0, "network_members": 0}
    municipalities = {m.code: m for m in Municipality.objects.filter(country="NO")}
    for d in DEMO_ORGS:
        municipality: Municipality = municipalities[d.municipality_code]
        _, was_created = Organisation.objects.get_or_create(
            slug=d.slug,
            defaults={
                "name": d.name,
                "kind": d.kind,
                "municipality": municipality,
                "county": municipality.county,
                "description": f"{d.description}\n\n{DEMO_MARK}",
                "is_demo": True,
            },
        )
        created["organisations"] += was_created

    networks = {n.slug: n for n in Network.objects.all()}
    for u in DEMO_USERS:
        user = User.objects.filter(email=u.email).first()
        if user is None:
            user = User.objects.create_user(
                email=u.email,
                password=PASSWORD,
                full_name=u.full_name,
                title=u.title,
                is_demo=True,
                is_superuser=u.is_superuser,
                is_staff=u.is_superuser,
                email_confirmed_at=datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC),
            )
            created["users"] += 1
        organisation = Organisation.objects.get(slug=u.organisation)
        _, was_created = Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": u.role}
        )
        created["memberships"] += was_created
        if u.secretariat:
            for network in networks.values():
                NetworkRole.objects.get_or_create(network=network, user=user)
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            user.groups.add(secretariat_group())

    smartbyene = networks["smartbyene"]
    current = set(
        NetworkMembership.objects.filter(network=smartbyene, left_on__isnull=True).values_list(
            "organisation__municipality__code", flat=True
        )
    )
    orgs = {
        o.municipality.code: o  # type: ignore[union-attr]
        for o in Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY,
            municipality__country="NO",
            municipality__code__in=[c for c, _ in SMARTBYENE_DEMO_MEMBERS],
        ).select_related("municipality")
    }
    for code, joined in SMARTBYENE_DEMO_MEMBERS:
        if code in current:
            continue
        NetworkMembership.objects.create(
            network=smartbyene,
            organisation=orgs[code],
            joined_on=datetime.date.fromisoformat(joined),
            is_demo=True,
        )
        created["network_members"] += 1

    if not Activity.objects.filter(is_demo=True).exists():
        for text_nb, text_en, url, day in [
            (
                "Fjordsensor AS registrerte seg som leverandør",
                "Fjordsensor AS joined as a supplier",
                "/organisations/fjordsensor-demo/",
                3,
            ),
            (
                "Bylab Bergen ble med i aktøroversikten",
                "Bylab Bergen joined the actor directory",
                "/organisations/bylab-bergen-demo/",
                8,
            ),
            (
                "Kongsberg kommune ble medlem av Smartbyene",
                "Kongsberg kommune joined Smartbyene",
                "/municipalities/kongsberg/",
                12,
            ),
        ]:
            Activity.objects.create(
                verb="demo",
                text_nb=text_nb,
                text_en=text_en,
                url=url,
                is_demo=True,
                created_at=datetime.datetime(2026, 11, 1, 12, 0, tzinfo=datetime.UTC)
                + datetime.timedelta(days=day),
            )
    created.update(load_demo_cases())
    created.update(load_demo_assessments())
    created.update(load_demo_catalog())
    created.update(load_demo_network())
    return created


def write_logins_file() -> str:
    lines = [f"  {email:32} {password:14} {title}" for email, password, title in demo_logins()]
    text = "Demo logins (fictional people):\n" + "\n".join(lines) + "\n"
    path = settings.VAR_DIR / "demo-logins.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text
