"""Synthetic data at national scale and beyond: `smartby seed --scale N`.

At scale 1 the database looks roughly like today's Norway on the platform: the 357 real
municipalities and the two networks (reference data from `smartby loadrefs`, never scaled),
3,000 organisations, 10,000 people with their memberships, 5,000 cases, 2,000 datasets with
one to three distributions each, 300 self-assessments, and the networks' members,
representatives, workgroups, meetings (about 50) and decisions (about 20). Every count but the
reference data's grows with the scale; scale 100 is a hundred times today.

The text is bokmål (mostly) and English, built from the topic vocabularies below (nouns in all
their inflected forms, goals, problems, solutions, measured effects), so full-text search,
stemming and ranking work on something that reads like real cases.

Deterministic: every step draws from its own `random.Random` seeded with (seed, step), dates
are fixed around EPOCH (not today), rows are generated in a fixed order and their ids are
counted on from the largest id in the table. The same scale and seed give the same rows; only
the `updated_at` bookkeeping columns differ between runs. `seed_fingerprint()` hashes the
content by natural keys, so two databases can be compared.

Fast: rows are built in memory a chunk at a time and written with `bulk_create` (no `save()`,
no signals, no services), a transaction per chunk, so SQLite's write-ahead log stays small; for
its own connection the load relaxes durability (SQLite `synchronous=OFF`, PostgreSQL
`synchronous_commit=off`), which risks only the load itself. A seed that stops part-way
leaves the chunks written so far (`--flush` starts again from an empty database). The
full-text indexes are rebuilt once at the end with the registered rebuilds (as `smartby
reindex` does); the datasets' metadata quality is computed in memory with the catalogue's own
`quality_compute` before the rows are written (re-reading and updating every dataset after
the load took three times as long).

Everything written is marked as demo content (`is_demo`), so every page that shows it says it
is fictional. Seeded people get an unusable password: nobody can log in as one of them.
"""

from __future__ import annotations

import bisect
import datetime
import hashlib
import itertools
import math
import random
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Model
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import autodiscover_modules

from smartby.accounts.models import Membership, Role, User
from smartby.assessments import scoring
from smartby.assessments.models import Answer, Assessment, Section
from smartby.assessments.models import Status as AssessmentStatus
from smartby.assessments.models import Visibility as AssessmentVisibility
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
    Technology,
    Theme,
    UpdateKind,
    Visibility,
)
from smartby.catalog.models import (
    AccessRights,
    Dataset,
    DatasetStatus,
    Distribution,
    PriceModel,
)
from smartby.catalog.quality import quality_compute
from smartby.catalog.vocabularies import FILE_TYPES
from smartby.core.models import Activity
from smartby.core.search import registered_rebuilds
from smartby.core.text import slugify_nordic
from smartby.demo.cases import ROLE_BY_KIND
from smartby.demo.catalog import EXTENSIONS
from smartby.network.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Body,
    Decision,
    DecisionOption,
    Document,
    Elector,
    Meeting,
    Network,
    NetworkMembership,
    NetworkRole,
    VoteRecord,
    Workgroup,
    WorkTheme,
)
from smartby.network.services.decisions import YES_NO, _outcome
from smartby.organisations.models import Municipality, Organisation, OrganisationKind
from smartby.reference.models import DataTheme, Licence, SdgTarget, SustainableDevelopmentGoal
from smartby.roadmap.models import Challenge, KeyQuestion, PentaHelixGroup, Principle, TargetPicture

T = TypeVar("T")

# Dates are placed around this moment, not around today, so two runs give the same rows.
EPOCH = datetime.datetime(2026, 11, 1, 12, 0, tzinfo=datetime.UTC)
# Reserved example domains (RFC 2606): nothing seeded points at a real address.
EMAIL_DOMAIN = "seed.example.org"
WEB_BASE = "https://data.example.org/seed"
# A password starting with "!" is unusable (django.contrib.auth.hashers): a fixed one keeps
# the rows deterministic, and nobody can log in as a seeded person.
UNUSABLE_PASSWORD = "!smartby-seed"  # noqa: S105 - not a password: marks the account unusable

MAX_SCALE = 1000.0
# The counts at scale 1 (see the module docstring).
BASE_COUNTS = {
    "organisations": 3000,
    "users": 10000,
    "cases": 5000,
    "datasets": 2000,
    "assessments": 300,
    "meetings": 50,
    "decisions": 20,
    "workgroups": 8,
    "network_members": 40,
}
# Rows generated and written per transaction.
CHUNKS = {"organisations": 5000, "users": 10000, "cases": 2000, "datasets": 1000}
ASSESSMENT_YEARS = range(2019, 2027)  # the roadmap (2019) onwards; one round a year
CASE_YEARS = range(2012, 2027)


class SeedError(Exception):
    """Input the seed refuses (a bad scale, a database that already has content); nothing
    has been changed when it is raised."""


def parse_scale(value: object) -> float:
    """The scale as a float: a finite number greater than 0 and at most MAX_SCALE."""
    try:
        scale = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SeedError(
            f"--scale must be a number greater than 0, such as 0.01, 1 or 100; got {value!r}."
        ) from None
    if not math.isfinite(scale) or scale <= 0:
        raise SeedError(
            f"--scale must be a number greater than 0, such as 0.01, 1 or 100; got {value!r}."
        )
    if scale > MAX_SCALE:
        raise SeedError(f"--scale must be at most {MAX_SCALE:g}; got {value!r}.")
    return scale


def seed_counts(scale: float) -> dict[str, int]:
    """How many rows of each kind a scale asks for (at least one of each)."""
    return {name: max(1, int(base * scale + 0.5)) for name, base in BASE_COUNTS.items()}


# --- vocabulary --------------------------------------------------------------------------------
#
# Everything the synthetic text is made of. A topic is a smart-city subject with its own
# words in bokmål and English: the things a case is about (Norwegian nouns in four forms,
# indefinite and definite, singular and plural, so the stemmer meets real inflection), what
# the things are for, the problems, the solutions, what is measured, keywords and datasets.
# Sentences are built by putting these into the templates further down.


@dataclass(frozen=True)
class Topic:
    key: str
    name: tuple[str, str]  # bokmål, English
    themes: tuple[str, ...]  # Theme slugs, the first is the main one
    tech: tuple[str, ...]  # Technology slugs
    principles: tuple[int, ...]
    targets: tuple[str, ...]  # TargetPicture slugs
    sdgs: tuple[int, ...]
    data_themes: tuple[str, ...]  # EU data theme codes
    formats: tuple[str, ...]  # EU file type codes of its datasets
    things_nb: tuple[tuple[str, str, str, str], ...]  # indefinite/definite singular/plural
    things_en: tuple[tuple[str, str], ...]  # singular, plural
    goals: tuple[tuple[str, str], ...]  # bokmål infinitive, English base form
    problems: tuple[tuple[str, str], ...]
    solutions: tuple[tuple[str, str], ...]
    metrics: tuple[tuple[str, str], ...]  # things that go down when the case works
    keywords: tuple[tuple[str, str], ...]
    datasets: tuple[tuple[str, str], ...]


# One topic per `topic` line; then one `field value` per line, and a line starting with
# spaces continues the one before. ` | ` separates bokmål from English, `; ` the forms of a
# noun (bokmål: indefinite and definite singular, indefinite and definite plural; English:
# singular and plural). Goals start with a verb in the infinitive (bokmål) or base form.
TOPIC_TEXT = """
topic water-leaks
name Vannlekkasjer og vannmåling | Water leaks and metering
themes water environment
tech sensors iot big-data-analytics
principles 3 6 2
targets efficient resilient
sdgs 6 11
data_themes ENVI GOVE
formats CSV JSON
thing lekkasjesensor; lekkasjesensoren; lekkasjesensorer; lekkasjesensorene
    | leak sensor; leak sensors
thing vannmåler; vannmåleren; vannmålere; vannmålerne | water meter; water meters
thing trykkmåler; trykkmåleren; trykkmålere; trykkmålerne
    | pressure sensor; pressure sensors
goal finne vannlekkasjer før ledningene sprekker | find water leaks before the pipes burst
goal redusere lekkasjetapet i ledningsnettet | cut leakage losses in the pipe network
goal varsle driftsoperatørene om brudd på vannledningene
    | alert the operators to burst water mains
problem Nesten en tredjedel av drikkevannet forsvant i lekkasjer
    | Almost a third of the drinking water was lost to leaks
problem Lekkasjer ble ofte oppdaget først når vannet kom opp i gata eller i en kjeller
    | Leaks were often found only when water came up in the street or in a basement
problem Store deler av ledningsnettet er over femti år gammelt
    | Much of the pipe network is more than fifty years old
solution Akustiske sensorer lytter på vannledningene om natten og sender data over NB-IoT
    | Acoustic sensors listen to the water mains at night and send data over NB-IoT
solution En algoritme sammenligner lyden fra to sensorer og peker ut hvor lekkasjen er
    | An algorithm compares the sound from two sensors and points out where the leak is
solution Smarte vannmålere i alle kommunale bygg rapporterer forbruket hver time
    | Smart water meters in every municipal building report consumption every hour
metric lekkasjetapet | leakage losses
metric antall akutte graveoppdrag | the number of emergency excavations
metric tiden det tar å finne en lekkasje | the time it takes to find a leak
keyword vann | water
keyword lekkasje | leakage
keyword vannmåler | water meter
keyword ledningsnett | pipe network
keyword NB-IoT | NB-IoT
dataset Vannforbruk | Water consumption
dataset Lekkasjevarsler fra ledningsnettet | Leak alerts from the pipe network
dataset Trykkmålinger i vannledningene | Pressure readings in the water mains

topic street-lighting
name Smart gatelys | Smart street lighting
themes energy urban-development
tech sensors iot connectivity
principles 3 2
targets climate-friendly efficient
sdgs 7 11 13
data_themes ENER REGI
formats CSV GEOJSON
thing gatelysarmatur; gatelysarmaturen; gatelysarmaturer; gatelysarmaturene
    | street light; street lights
thing LED-lampe; LED-lampen; LED-lamper; LED-lampene | LED lamp; LED lamps
thing bevegelsessensor; bevegelsessensoren; bevegelsessensorer; bevegelsessensorene
    | motion sensor; motion sensors
goal dimme gatelyset når ingen er ute | dim the street lights when nobody is about
goal halvere strømforbruket til veibelysning
    | halve the electricity used for street lighting
goal gi tryggere skoleveier om vinteren | make the walk to school safer in winter
problem Gatelysene sto på for fullt hele natten, også der ingen ferdes
    | The street lights were on at full power all night, even where nobody passes
problem Strømregningen for veibelysning økte kraftig de siste årene
    | The electricity bill for street lighting rose sharply in recent years
problem Gamle kvikksølvlamper måtte fases ut etter nye EU-krav
    | Old mercury lamps had to be phased out under new EU rules
solution Alle armaturer ble byttet til LED med trådløs styring fra et sentralt system
    | All fittings were replaced with LED lamps controlled wirelessly from a central system
solution Bevegelsessensorer skrur opp lyset når fotgjengere, syklister eller biler nærmer
    seg
    | Motion sensors turn the light up when pedestrians, cyclists or cars approach
solution Feil på lyspunkter meldes automatisk til driftssentralen
    | Faults in light points are reported automatically to the operations centre
metric strømforbruket til gatelys | the electricity used by street lights
metric driftskostnadene for veibelysning | the running costs of street lighting
metric antall klager på mørke gater | the number of complaints about dark streets
keyword gatelys | street lighting
keyword LED | LED
keyword belysning | lighting
keyword energisparing | energy saving
keyword lysstyring | lighting control
dataset Lyspunkter og armaturer | Light points and fittings
dataset Energiforbruk for gatelys | Energy use of street lighting

topic city-bikes
name Bysykkel og sykling | City bikes and cycling
themes mobility environment
tech iot big-data-analytics connectivity
principles 1 3
targets health-promoting climate-friendly attractive
sdgs 3 11 13
data_themes TRAN
formats CSV JSON
thing bysykkel; bysykkelen; bysykler; bysyklene | city bike; city bikes
thing elsykkel; elsykkelen; elsykler; elsyklene | e-bike; e-bikes
thing sykkelstativ; sykkelstativet; sykkelstativer; sykkelstativene | bike rack; bike racks
goal få flere til å sykle til jobb og skole | get more people to cycle to work and school
goal gjøre det enklere å velge sykkel fremfor bil
    | make it easier to choose the bike over the car
goal knytte bysykkelstasjonene til kollektivknutepunktene
    | link the city bike stations to public transport hubs
problem Mange korte bilturer i sentrum kunne vært tatt på sykkel
    | Many short car trips in the centre could have been made by bike
problem Bysyklene sto ubrukt i noen bydeler og manglet i andre
    | The city bikes stood unused in some districts and were missing in others
problem Bakkete terreng gjorde at mange lot sykkelen stå
    | Hilly terrain made many people leave the bike at home
solution Et nytt bysykkelsystem med elsykler og femti stasjoner ble satt i drift
    | A new city bike scheme with e-bikes and fifty stations was put into service
solution Data om turene brukes til å flytte syklene dit etterspørselen er størst
    | Trip data is used to move the bikes to where demand is highest
solution Appen viser ledige sykler og låser opp sykkelen med mobilen
    | The app shows free bikes and unlocks the bike with a phone
metric andelen bilturer under tre kilometer | the share of car trips under three kilometres
metric antall tomme stasjoner i rushtiden | the number of empty stations at rush hour
metric klimagassutslippene fra persontransport
    | greenhouse gas emissions from passenger transport
keyword bysykkel | city bike
keyword sykkel | cycling
keyword mobilitet | mobility
keyword elsykkel | e-bike
keyword delingsmobilitet | shared mobility
dataset Bysykkelturer | City bike trips
dataset Bysykkelstasjoner og ledige sykler | City bike stations and available bikes

topic parking
name Smart parkering | Smart parking
themes mobility urban-development
tech sensors iot big-data-analytics
principles 1 6
targets efficient attractive
sdgs 11
data_themes TRAN
formats JSON CSV
thing parkeringssensor; parkeringssensoren; parkeringssensorer; parkeringssensorene
    | parking sensor; parking sensors
thing parkeringsplass; parkeringsplassen; parkeringsplasser; parkeringsplassene
    | parking space; parking spaces
thing skiltkamera; skiltkameraet; skiltkameraer; skiltkameraene
    | number plate camera; number plate cameras
goal vise bilistene ledige parkeringsplasser | show drivers where parking spaces are free
goal redusere letekjøringen i sentrum | cut the driving around in search of parking
goal forenkle betaling for parkering | make paying for parking simpler
problem Opptil en tredjedel av trafikken i sentrum var bilister som lette etter parkering
    | Up to a third of the traffic in the centre was drivers looking for parking
problem Parkeringsplassene for forflytningshemmede var ofte opptatt
    | Spaces for people with disabilities were often taken
problem Kommunen visste lite om hvordan parkeringsplassene faktisk ble brukt
    | The municipality knew little about how the parking spaces were actually used
solution Sensorer i asfalten registrerer om plassen er ledig og sender data hvert minutt
    | Sensors in the tarmac register whether a space is free and send data every minute
solution Ledige plasser vises i en app og på digitale skilt ved innfartsveiene
    | Free spaces are shown in an app and on digital signs on the approach roads
solution Beleggsdataene deles som åpne data med API
    | The occupancy data is shared as open data with an API
metric letekjøringen i sentrum | the search traffic in the centre
metric tiden det tar å finne parkering | the time it takes to find parking
metric feilparkeringen på HC-plassene | wrong parking in disabled spaces
keyword parkering | parking
keyword sensor | sensor
keyword trafikk | traffic
keyword sentrum | city centre
keyword beleggsdata | occupancy data
dataset Ledige parkeringsplasser | Free parking spaces
dataset Parkeringsbelegg per sone | Parking occupancy per zone

topic public-transport
name Kollektivtransport og bestillingstransport | Public and on-demand transport
themes mobility urban-development
tech algorithms big-data-analytics autonomous-systems
principles 1 4
targets inclusive climate-friendly
sdgs 11 9 13
data_themes TRAN
formats GTFS NETEX SIRI
thing bestillingsbuss; bestillingsbussen; bestillingsbusser; bestillingsbussene
    | on-demand bus; on-demand buses
thing selvkjørende buss; den selvkjørende bussen; selvkjørende busser; de selvkjørende
    bussene
    | self-driving bus; self-driving buses
thing sanntidsskjerm; sanntidsskjermen; sanntidsskjermer; sanntidsskjermene
    | real-time display; real-time displays
goal gi innbyggere i spredtbygde strøk et kollektivtilbud
    | give people in sparsely populated areas public transport
goal knytte boligområdene til togstasjonen
    | connect the housing areas to the railway station
goal gjøre kollektivtransporten enklere for eldre
    | make public transport easier for older people
problem Rutebussene gikk nesten tomme utenom rushtiden
    | The scheduled buses ran almost empty outside rush hour
problem Mange eldre hadde ikke noe tilbud når de ikke lenger kunne kjøre bil
    | Many older people had no alternative once they could no longer drive
problem Avstanden fra boligfeltene til nærmeste holdeplass var for lang
    | The distance from the housing estates to the nearest stop was too long
solution Passasjerene bestiller tur i en app eller på telefon, og en algoritme planlegger
    ruten
    | Passengers book a trip in an app or by phone, and an algorithm plans the route
solution En selvkjørende minibuss kjører en fast sløyfe med en vert om bord
    | A self-driving minibus runs a fixed loop with a host on board
solution Sanntidsdata om avganger deles med reiseplanleggerne
    | Real-time departure data is shared with the journey planners
metric kostnaden per passasjer | the cost per passenger
metric ventetiden på holdeplassen | the waiting time at the stop
metric antall tomme bussavganger | the number of empty bus departures
keyword kollektivtransport | public transport
keyword buss | bus
keyword bestillingstransport | demand-responsive transport
keyword selvkjørende | self-driving
keyword sanntid | real time
dataset Rutetider og holdeplasser | Timetables and stops
dataset Passasjertall per avgang | Passengers per departure

topic ev-charging
name Elbillading | Electric vehicle charging
themes energy mobility
tech iot connectivity algorithms
principles 3 5
targets climate-friendly
sdgs 7 11 13
data_themes ENER TRAN
formats JSON CSV
thing ladestasjon; ladestasjonen; ladestasjoner; ladestasjonene
    | charging station; charging stations
thing ladepunkt; ladepunktet; ladepunkter; ladepunktene | charge point; charge points
thing batteri; batteriet; batterier; batteriene | battery; batteries
goal bygge ut lading for beboere uten egen parkering
    | provide charging for residents without their own parking
goal styre ladingen slik at strømnettet ikke overbelastes
    | control charging so the grid is not overloaded
goal elektrifisere kommunens egen bilpark | electrify the municipality's own vehicle fleet
problem Beboere i sentrum uten egen garasje hadde ingen mulighet til å lade
    | Residents in the centre without a garage had nowhere to charge
problem Effekttoppene om ettermiddagen ga høye nettleiekostnader
    | Peak loads in the afternoon led to high grid tariffs
problem Kommunens tjenestebiler gikk fortsatt på fossilt drivstoff
    | The municipality's service cars still ran on fossil fuel
solution Ladepunkter i gatelysstolper gir lading langs fortauet
    | Charge points in lamp posts provide charging along the pavement
solution Et styringssystem fordeler effekten mellom ladepunktene ut fra strømprisen
    | A control system shares the power between the charge points according to the
    electricity price
solution Et batterilager jevner ut effekttoppene
    | A battery store smooths out the peak loads
metric effekttoppene | the peak loads
metric ladekostnadene for tjenestebilene | the charging costs of the service cars
metric CO2-utslippene fra kommunens bilpark | the CO2 emissions from the municipal fleet
keyword elbil | electric car
keyword lading | charging
keyword ladestasjon | charging station
keyword effekt | peak load
keyword strømnett | power grid
dataset Ladestasjoner og ledige ladepunkter | Charging stations and free charge points
dataset Energiforbruk ved ladestasjonene | Energy use at the charging stations

topic building-energy
name Energistyring i bygg | Energy management in buildings
themes energy buildings
tech sensors iot artificial-intelligence cloud-computing
principles 3 2
targets climate-friendly efficient
sdgs 7 13
data_themes ENER
formats CSV JSON XLSX
thing energimåler; energimåleren; energimålere; energimålerne | energy meter; energy meters
thing varmepumpe; varmepumpen; varmepumper; varmepumpene | heat pump; heat pumps
thing romsensor; romsensoren; romsensorer; romsensorene | room sensor; room sensors
goal redusere energibruken i kommunale bygg | cut energy use in municipal buildings
goal styre oppvarmingen etter hvordan rommene faktisk brukes
    | control heating by how the rooms are actually used
goal forutsi når tekniske anlegg trenger vedlikehold
    | predict when technical installations need maintenance
problem Skoler og sykehjem ble varmet opp også når byggene sto tomme
    | Schools and care homes were heated even when the buildings stood empty
problem Energioppfølgingen skjedde manuelt i regneark en gang i måneden
    | Energy follow-up was done by hand in spreadsheets once a month
problem Byggautomasjonsanlegg fra ulike leverandører snakket ikke sammen
    | Building automation systems from different suppliers could not talk to each other
solution Energimålere i alle formålsbygg sender timesverdier til et felles
    energioppfølgingssystem
    | Energy meters in all public buildings send hourly values to a shared energy
    monitoring system
solution Maskinlæring finner bygg som bruker mer energi enn forventet
    | Machine learning finds buildings that use more energy than expected
solution Romsensorer styrer ventilasjon og varme etter bookingsystemet
    | Room sensors control ventilation and heating according to the booking system
metric energibruken per kvadratmeter | energy use per square metre
metric strømutgiftene i formålsbyggene | the electricity costs of the public buildings
metric antall akutte feil på ventilasjonsanlegg
    | the number of sudden faults in ventilation systems
keyword energi | energy
keyword bygg | buildings
keyword energieffektivisering | energy efficiency
keyword inneklima | indoor climate
keyword byggautomasjon | building automation
dataset Energiforbruk i kommunale bygg | Energy use in municipal buildings
dataset Temperatur og ventilasjon i formålsbygg
    | Temperature and ventilation in public buildings

topic waste
name Avfall og gjenvinning | Waste and recycling
themes waste environment
tech sensors iot algorithms
principles 3 2
targets efficient climate-friendly
sdgs 11 12
data_themes ENVI
formats CSV JSON
thing nedgravd container; den nedgravde containeren; nedgravde containere; de nedgravde
    containerne
    | underground container; underground containers
thing fyllingsgradssensor; fyllingsgradssensoren; fyllingsgradssensorer;
    fyllingsgradssensorene
    | fill-level sensor; fill-level sensors
thing smart avfallsbeholder; den smarte avfallsbeholderen; smarte avfallsbeholdere; de
    smarte avfallsbeholderne
    | smart bin; smart bins
goal tømme avfallsbeholderne bare når de er fulle | empty the bins only when they are full
goal øke utsorteringen av matavfall og plast
    | increase the sorting of food waste and plastic
goal redusere kjøringen med renovasjonsbiler | reduce the driving of refuse lorries
problem Renovasjonsbilene kjørte faste ruter og tømte halvtomme beholdere
    | The refuse lorries drove fixed routes and emptied half-empty containers
problem Overfylte søppelbøtter i parker og på strender ga forsøpling
    | Overflowing bins in parks and on beaches caused litter
problem Utsorteringsgraden lå langt under nasjonale mål
    | The sorting rate was far below national targets
solution Sensorer måler fyllingsgraden og sender varsel når beholderen er nesten full
    | Sensors measure the fill level and send an alert when the bin is almost full
solution Rutene til renovasjonsbilene planlegges hver morgen ut fra fyllingsdata
    | The refuse lorries' routes are planned every morning from the fill data
solution Innbyggerne får tilbakemelding om sorteringen sin i en app
    | Residents get feedback on their sorting in an app
metric antall tømminger | the number of collections
metric kjørte kilometer med renovasjonsbil | kilometres driven by refuse lorries
metric mengden restavfall per innbygger | the amount of residual waste per resident
keyword avfall | waste
keyword renovasjon | refuse collection
keyword sortering | sorting
keyword gjenvinning | recycling
keyword fyllingsgrad | fill level
dataset Fyllingsgrad i avfallsbeholdere | Fill levels of waste containers
dataset Innsamlet avfall per fraksjon | Collected waste per fraction

topic air-quality
name Luftkvalitet | Air quality
themes environment health-and-care
tech sensors iot visualisation
principles 3 6 1
targets health-promoting
sdgs 3 11
data_themes ENVI HEAL
formats CSV JSON NETCDF
thing luftmåler; luftmåleren; luftmålere; luftmålerne | air sensor; air sensors
thing målestasjon; målestasjonen; målestasjoner; målestasjonene
    | monitoring station; monitoring stations
thing svevestøvsensor; svevestøvsensoren; svevestøvsensorer; svevestøvsensorene
    | particulate sensor; particulate sensors
goal varsle innbyggerne om dårlig luft | warn residents about poor air
goal måle luftkvaliteten nær skoler og barnehager
    | measure air quality near schools and nurseries
goal finne ut hvilke tiltak som faktisk gir renere luft
    | find out which measures actually give cleaner air
problem Kommunen hadde bare én offisiell målestasjon for luftkvalitet
    | The municipality had only one official air quality station
problem Piggdekk og vedfyring ga høye nivåer av svevestøv om vinteren
    | Studded tyres and wood burning caused high levels of particulate matter in winter
problem Foreldre var bekymret for luften langs skoleveiene
    | Parents were worried about the air along the routes to school
solution Et nettverk av rimelige sensorer måler svevestøv og NO2 hvert femte minutt
    | A network of low-cost sensors measures particulate matter and NO2 every five minutes
solution Målingene kalibreres mot referansestasjonen og vises på et åpent kart
    | The readings are calibrated against the reference station and shown on an open map
solution Elever bruker dataene i naturfagundervisningen
    | Pupils use the data in science lessons
metric antall dager med høy luftforurensning | the number of days with high air pollution
metric nivåene av svevestøv langs hovedveiene | particulate levels along the main roads
metric NO2-konsentrasjonen ved skolene | the NO2 concentration at the schools
keyword luftkvalitet | air quality
keyword svevestøv | particulate matter
keyword NO2 | NO2
keyword miljø | environment
keyword måling | measurement
dataset Luftkvalitet, målinger fra sensorer | Air quality, sensor readings
dataset Svevestøv per målestasjon | Particulate matter per station

topic flood
name Overvann og klimatilpasning | Surface water and climate adaptation
themes climate-adaptation water
tech sensors digital-twin big-data-analytics
principles 3 2
targets resilient
sdgs 11 13 6
data_themes ENVI REGI
formats CSV GEOJSON GML
thing vannstandsmåler; vannstandsmåleren; vannstandsmålere; vannstandsmålerne
    | water level gauge; water level gauges
thing regnmåler; regnmåleren; regnmålere; regnmålerne | rain gauge; rain gauges
thing flomvarsel; flomvarselet; flomvarsler; flomvarslene | flood alert; flood alerts
goal varsle om flom og overvann før skadene skjer
    | warn of floods and surface water before damage is done
goal planlegge nye boligområder som tåler kraftigere regn
    | plan new housing areas that can cope with heavier rain
goal beskytte kritisk infrastruktur mot ekstremvær
    | protect critical infrastructure against extreme weather
problem Styrtregn fylte kjellere og stengte veier flere ganger i året
    | Cloudbursts flooded basements and closed roads several times a year
problem Overvannsnettet var dimensjonert for et klima som ikke lenger finnes
    | The stormwater network was designed for a climate that no longer exists
problem Beredskapen fikk varsel for sent til å sette inn tiltak
    | The emergency services were alerted too late to act
solution Vannstandsmålere i bekker og kummer sender data til en flomvarslingstjeneste
    | Water level gauges in streams and manholes send data to a flood warning service
solution En digital tvilling simulerer hvor vannet tar veien ved ulike nedbørsmengder
    | A digital twin simulates where the water goes with different amounts of rain
solution Grønne tak og regnbed i sentrum fordrøyer overvannet
    | Green roofs and rain gardens in the centre hold back the surface water
metric antall vannskader i kjellere | the number of flooded basements
metric forsikringsutbetalingene etter styrtregn | insurance payouts after cloudbursts
metric tiden fra varsel til tiltak | the time from warning to action
keyword flom | flood
keyword overvann | surface water
keyword klimatilpasning | climate adaptation
keyword ekstremvær | extreme weather
keyword nedbør | rainfall
dataset Vannstand i bekker og elver | Water levels in streams and rivers
dataset Nedbør per time | Hourly rainfall
dataset Flomsoner | Flood zones

topic welfare-technology
name Velferdsteknologi | Welfare technology
themes health-and-care
tech sensors iot robotisation artificial-intelligence
principles 1 4 7
targets health-promoting inclusive
sdgs 3 10
data_themes HEAL SOCI
formats CSV XLSX
thing digitalt tilsyn; det digitale tilsynet; digitale tilsyn; de digitale tilsynene
    | remote monitoring system; remote monitoring systems
thing medisindispenser; medisindispenseren; medisindispensere; medisindispenserne
    | medicine dispenser; medicine dispensers
thing trygghetsalarm; trygghetsalarmen; trygghetsalarmer; trygghetsalarmene
    | safety alarm; safety alarms
goal la eldre bo trygt hjemme lenger | let older people live safely at home for longer
goal frigjøre tid for helsepersonellet | free up time for health workers
goal gi pårørende bedre oversikt | give relatives a better overview
problem Hjemmetjenesten brukte mye tid på kjøring til korte tilsynsbesøk
    | The home care service spent a lot of time driving to short check visits
problem Nattlige tilsyn vekket brukerne og ga dårligere søvn
    | Night-time checks woke the residents and disturbed their sleep
problem Feil i medisineringen førte til unødvendige sykehusinnleggelser
    | Medication errors led to avoidable hospital admissions
solution Sensorer varsler nattevakten ved fall eller når en beboer forlater rommet
    | Sensors alert the night staff to falls or when a resident leaves the room
solution Medisindispensere gir riktig dose til riktig tid og varsler hvis medisinen ikke
    tas
    | Medicine dispensers give the right dose at the right time and alert if it is not
    taken
solution Alle varsler samles i én mottakssentral for trygghetsalarmer
    | All alerts are collected in one response centre for safety alarms
metric antall unødvendige tilsynsbesøk | the number of unnecessary check visits
metric feilmedisineringen | medication errors
metric kjøretiden i hjemmetjenesten | the driving time in home care
keyword velferdsteknologi | welfare technology
keyword helse | health
keyword omsorg | care
keyword hjemmetjeneste | home care
keyword eldre | older people
dataset Bruk av velferdsteknologi i hjemmetjenesten
    | Use of welfare technology in home care
dataset Responstid for trygghetsalarmer | Response times for safety alarms

topic digital-twin
name Digital tvilling og 3D-bymodell | Digital twin and 3D city model
themes urban-development citizen-involvement
tech digital-twin visualisation vr ar
principles 2 1 4
targets attractive resilient
sdgs 11 9
data_themes REGI
formats GML GPKG JSON
thing digital tvilling; den digitale tvillingen; digitale tvillinger; de digitale
    tvillingene
    | digital twin; digital twins
thing 3D-bymodell; 3D-bymodellen; 3D-bymodeller; 3D-bymodellene
    | 3D city model; 3D city models
thing laserskanning; laserskanningen; laserskanninger; laserskanningene
    | laser scan; laser scans
goal vise innbyggerne hvordan nye bygg vil se ut
    | show residents what new buildings will look like
goal simulere trafikk, støy og sol før vedtak
    | simulate traffic, noise and sunlight before decisions
goal samle kart, bygg og sensordata i én modell
    | bring maps, buildings and sensor data together in one model
problem Planforslag var vanskelige å forstå for dem som ikke leser plankart
    | Plan proposals were hard to understand for anyone who does not read zoning maps
problem Data om bygg, rør og kabler lå i mange ulike systemer
    | Data on buildings, pipes and cables was spread over many systems
problem Konsekvensene av nye utbygginger ble synlige først etter at de var bygget
    | The effects of new developments became visible only after they were built
solution En 3D-modell av hele sentrum bygges fra laserskanning og kommunens kartdata
    | A 3D model of the whole centre is built from laser scans and the municipality's map
    data
solution Innbyggere kan utforske planforslag i nettleseren og med VR-briller
    | Residents can explore plan proposals in the browser and with VR headsets
solution Sanntidsdata fra sensorer legges inn i den digitale tvillingen
    | Real-time data from sensors is fed into the digital twin
metric antall innsigelser i planprosessen
    | the number of objections in the planning process
metric saksbehandlingstiden for byggesaker | the processing time for building applications
metric tiden brukt på å finne kartdata | the time spent finding map data
keyword digital tvilling | digital twin
keyword 3D | 3D
keyword byplanlegging | urban planning
keyword kart | maps
keyword visualisering | visualisation
dataset 3D-bymodell | 3D city model
dataset Bygningsmodeller for sentrum | Building models of the centre

topic open-data
name Åpne data og datadeling | Open data and data sharing
themes open-data administration
tech cloud-computing big-data-analytics
principles 6 2
targets efficient
sdgs 16 17
data_themes GOVE
formats CSV JSON RDF_TURTLE JSON_LD
thing datakatalog; datakatalogen; datakataloger; datakatalogene
    | data catalogue; data catalogues
thing API; API-et; API-er; API-ene | API; APIs
thing dataplattform; dataplattformen; dataplattformer; dataplattformene
    | data platform; data platforms
goal dele kommunens data med næringsliv og forskning
    | share the municipality's data with businesses and researchers
goal gjøre det enkelt å finne og bruke åpne data | make open data easy to find and use
goal bryte ned siloene mellom fagsystemene
    | break down the silos between the business systems
problem Ingen hadde oversikt over hvilke data kommunen faktisk har
    | Nobody had an overview of which data the municipality actually holds
problem Datasett ble delt som vedlegg på e-post og var fort utdaterte
    | Datasets were shared as e-mail attachments and soon out of date
problem Gründere etterspurte data som lå innelåst i fagsystemene
    | Start-ups asked for data that was locked inside the business systems
solution En datakatalog etter DCAT-AP-NO beskriver alle kommunens datasett
    | A DCAT-AP-NO data catalogue describes all the municipality's datasets
solution Datasettene publiseres under NLOD med åpne API-er
    | The datasets are published under NLOD with open APIs
solution Hver virksomhet har fått en dataeier med ansvar for kvalitet og oppdatering
    | Every unit now has a data owner responsible for quality and updates
metric tiden det tar å utlevere data | the time it takes to hand out data
metric antall innsynsbegjæringer om data | the number of access requests for data
metric dobbeltregistreringen i fagsystemene | double entry across the business systems
keyword åpne data | open data
keyword datadeling | data sharing
keyword datakatalog | data catalogue
keyword API | API
keyword DCAT | DCAT
dataset Kommunens datasettoversikt | The municipality's list of datasets
dataset Adresser og eiendommer | Addresses and properties
dataset Kommunale tjenestesteder | Municipal service locations

topic participation
name Innbyggerdialog og medvirkning | Citizen dialogue and participation
themes citizen-involvement urban-development
tech visualisation ar vr
principles 1 4
targets inclusive attractive
sdgs 11 16
data_themes SOCI GOVE
formats CSV JSON
thing medvirkningsplattform; medvirkningsplattformen; medvirkningsplattformer;
    medvirkningsplattformene
    | participation platform; participation platforms
thing innbyggerpanel; innbyggerpanelet; innbyggerpaneler; innbyggerpanelene
    | citizens' panel; citizens' panels
thing digitalt kart; det digitale kartet; digitale kart; de digitale kartene
    | digital map; digital maps
goal nå flere innbyggere enn de som møter på folkemøter
    | reach more residents than those who come to public meetings
goal la barn og unge si sin mening om nærmiljøet
    | let children and young people have their say on their neighbourhood
goal gi innbyggerne innsyn i hva som skjer med innspillene deres
    | show residents what happens to their input
problem Folkemøtene samlet stort sett de samme få innbyggerne
    | Public meetings drew mostly the same few residents
problem Unge og innvandrere var nesten fraværende i planprosessene
    | Young people and immigrants were nearly absent from planning processes
problem Innbyggerne opplevde at innspillene forsvant i systemet
    | Residents felt that their input disappeared into the system
solution Innbyggerne markerer forslag og utfordringer direkte i et digitalt kart
    | Residents mark proposals and problems directly on a digital map
solution Et innbyggerpanel på tusen personer svarer på korte undersøkelser hver måned
    | A panel of a thousand residents answers short surveys every month
solution Elevrådene bruker en egen app til å vurdere skoleveien
    | Pupil councils use their own app to rate the way to school
metric andelen innspill som ikke får svar | the share of submissions that get no answer
metric tiden fra innspill til tilbakemelding | the time from submission to feedback
metric skjevheten i hvem som deltar | the bias in who takes part
keyword medvirkning | participation
keyword innbyggerdialog | citizen dialogue
keyword demokrati | democracy
keyword planprosess | planning process
keyword samskaping | co-creation
dataset Innbyggerinnspill i planprosesser | Residents' input to planning
dataset Resultater fra innbyggerpanelet | Results from the citizens' panel

topic schools
name Digitale skoler og inneklima | Digital schools and indoor climate
themes education buildings
tech sensors iot cloud-computing
principles 7 1
targets health-promoting
sdgs 4
data_themes EDUC
formats CSV JSON
thing læringsplattform; læringsplattformen; læringsplattformer; læringsplattformene
    | learning platform; learning platforms
thing CO2-måler; CO2-måleren; CO2-målere; CO2-målerne | CO2 meter; CO2 meters
thing nettbrett; nettbrettet; nettbrett; nettbrettene | tablet; tablets
goal gi elevene et bedre inneklima | give pupils a better indoor climate
goal gjøre undervisningen mer tilpasset hver elev
    | make teaching better suited to each pupil
goal lære elevene programmering og teknologiforståelse
    | teach pupils programming and how technology works
problem Målinger viste for høye CO2-nivåer i mange klasserom
    | Measurements showed CO2 levels that were too high in many classrooms
problem Lærerne brukte mye tid på å finne og dele læringsressurser
    | Teachers spent a lot of time finding and sharing learning resources
problem Skolene hadde svært ulik digital kompetanse
    | The schools had very different digital skills
solution CO2-målere i klasserommene viser grønt, gult eller rødt lys
    | CO2 meters in the classrooms show a green, yellow or red light
solution En felles læringsplattform samler oppgaver, vurderinger og kontakt med hjemmet
    | A shared learning platform holds tasks, assessments and contact with parents
solution Elevene lager egne sensorprosjekter med mikrokontrollere
    | Pupils build their own sensor projects with microcontrollers
metric antall timer med dårlig luft i klasserommene | the hours of poor air in classrooms
metric fraværet blant elevene | pupil absence
metric tiden lærerne bruker på administrasjon | the time teachers spend on administration
keyword skole | school
keyword utdanning | education
keyword inneklima | indoor climate
keyword læring | learning
keyword elever | pupils
dataset Inneklima i klasserom | Indoor climate in classrooms
dataset Skoler og elevtall | Schools and pupil numbers

topic winter-roads
name Vintervedlikehold og veiføre | Winter maintenance and road conditions
themes mobility safety
tech sensors iot algorithms drones
principles 2 3
targets efficient resilient
sdgs 9 11
data_themes TRAN
formats JSON GEOJSON CSV
thing veiværstasjon; veiværstasjonen; veiværstasjoner; veiværstasjonene
    | road weather station; road weather stations
thing brøytebil; brøytebilen; brøytebiler; brøytebilene | snow plough; snow ploughs
thing GPS-sporer; GPS-sporeren; GPS-sporere; GPS-sporerne | GPS tracker; GPS trackers
goal brøyte og strø før veiene blir glatte | plough and grit before the roads get slippery
goal vise innbyggerne hvor det er brøytet | show residents where the snow has been cleared
goal bruke mindre salt på veiene | use less salt on the roads
problem Glatte fortau ga mange fallskader blant eldre hver vinter
    | Icy pavements caused many fall injuries among older people every winter
problem Innbyggerne ringte servicetorget for å spørre når gata deres ble brøytet
    | Residents phoned the service centre to ask when their street would be ploughed
problem Saltbruken var høy og skadet vegetasjon og bekker
    | Salt use was high and damaged plants and streams
solution Veiværstasjoner måler temperatur og fuktighet i veibanen og varsler før det blir
    glatt
    | Road weather stations measure temperature and moisture on the road and warn before it
    gets slippery
solution Brøytebilene har GPS, og et kart viser hvilke gater som er ryddet
    | The ploughs carry GPS, and a map shows which streets have been cleared
solution Saltingen styres etter prognoser fra sensorene
    | Gritting is controlled by forecasts from the sensors
metric antall fallskader på glatte fortau | the number of falls on icy pavements
metric saltforbruket per vinter | salt use per winter
metric henvendelsene til servicetorget om brøyting
    | calls to the service centre about snow clearing
keyword brøyting | snow clearing
keyword vintervedlikehold | winter maintenance
keyword vei | roads
keyword glatte veier | icy roads
keyword strøing | gritting
dataset Veivær og føreforhold | Road weather and driving conditions
dataset Brøyteruter og status | Ploughing routes and status

topic drones
name Droner til inspeksjon og beredskap | Drones for inspection and emergencies
themes safety buildings
tech drones artificial-intelligence
principles 7 5
targets efficient resilient
sdgs 9
data_themes TECH
formats JSON GEOJSON
thing drone; dronen; droner; dronene | drone; drones
thing termisk kamera; det termiske kameraet; termiske kameraer; de termiske kameraene
    | thermal camera; thermal cameras
thing bildeanalyse; bildeanalysen; bildeanalyser; bildeanalysene
    | image analysis; image analyses
goal inspisere tak, bruer og kaier uten stillas
    | inspect roofs, bridges and quays without scaffolding
goal finne varmelekkasjer i kommunale bygg | find heat leaks in municipal buildings
goal lete etter savnede personer raskere | search for missing people faster
problem Inspeksjon av bruer og kaier krevde stillas, lift og stengte veier
    | Inspecting bridges and quays required scaffolding, lifts and closed roads
problem Mange bygg hadde skjulte skader som ble oppdaget for sent
    | Many buildings had hidden damage that was found too late
problem Søk i ulendt terreng tok lang tid og krevde mange mannskaper
    | Searches in rough terrain took a long time and needed many people
solution Droner med kamera fotograferer konstruksjonene etter en fast flyplan
    | Drones with cameras photograph the structures along a fixed flight plan
solution Bildeanalyse med kunstig intelligens finner rust, sprekker og fuktskader
    | Image analysis with artificial intelligence finds rust, cracks and damp
solution Brannvesenet har egne dronepiloter i beredskap døgnet rundt
    | The fire service has its own drone pilots on call around the clock
metric kostnaden per inspeksjon | the cost per inspection
metric tiden bruene er stengt for inspeksjon | the time bridges are closed for inspection
metric søketiden ved leteaksjoner | the search time in rescue operations
keyword drone | drone
keyword inspeksjon | inspection
keyword bildeanalyse | image analysis
keyword kunstig intelligens | artificial intelligence
keyword beredskap | emergency preparedness
dataset Flyfoto fra droneinspeksjoner | Aerial photos from drone inspections
dataset Tilstandsregistrering av bruer | Condition records of bridges

topic procurement
name Innovative anskaffelser | Innovative procurement
themes procurement business-dialogue
tech algorithms
principles 5 7
targets efficient
sdgs 9 12 17
data_themes GOVE ECON
formats CSV XLSX JSON
thing innovasjonspartnerskap; innovasjonspartnerskapet; innovasjonspartnerskap;
    innovasjonspartnerskapene
    | innovation partnership; innovation partnerships
thing leverandørdialog; leverandørdialogen; leverandørdialoger; leverandørdialogene
    | supplier dialogue; supplier dialogues
thing behovsbeskrivelse; behovsbeskrivelsen; behovsbeskrivelser; behovsbeskrivelsene
    | needs statement; needs statements
goal kjøpe løsninger som ikke finnes på markedet ennå
    | buy solutions that are not yet on the market
goal gi små bedrifter en sjanse i offentlige anskaffelser
    | give small firms a chance in public procurement
goal dele risikoen ved innovasjon mellom flere kommuner
    | share the risk of innovation between several municipalities
problem Anskaffelsene beskrev løsningen i detalj og stengte ute nye ideer
    | Tenders described the solution in detail and shut out new ideas
problem Små leverandører orket ikke de omfattende konkurransegrunnlagene
    | Small suppliers could not face the lengthy tender documents
problem Hver kommune kjøpte det samme hver for seg
    | Every municipality bought the same thing on its own
solution Kommunen beskrev behovet i stedet for løsningen og inviterte til leverandørdialog
    | The municipality described the need instead of the solution and invited suppliers to
    a dialogue
solution Fem kommuner gikk sammen om ett innovasjonspartnerskap
    | Five municipalities joined forces in one innovation partnership
solution Leverandørene testet løsningene sine i en reell tjeneste før kontrakt
    | Suppliers tested their solutions in a real service before contract
metric tiden fra behov til kontrakt | the time from need to contract
metric kostnaden per anskaffelse | the cost per procurement
metric antall klager på tildelinger | the number of complaints about awards
keyword anskaffelser | procurement
keyword innovasjon | innovation
keyword leverandørdialog | supplier dialogue
keyword innovasjonspartnerskap | innovation partnership
keyword marked | market
dataset Kommunale anskaffelser og kontrakter | Municipal procurements and contracts
dataset Leverandører per kategori | Suppliers by category

topic chatbots
name Kunstig intelligens i tjenestene | Artificial intelligence in services
themes administration
tech artificial-intelligence algorithms cloud-computing
principles 1 7
targets efficient inclusive
sdgs 16
data_themes GOVE
formats CSV JSON
thing chatbot; chatboten; chatboter; chatbotene | chatbot; chatbots
thing digital assistent; den digitale assistenten; digitale assistenter; de digitale
    assistentene
    | digital assistant; digital assistants
thing språkmodell; språkmodellen; språkmodeller; språkmodellene
    | language model; language models
goal svare innbyggerne hele døgnet | answer residents around the clock
goal forenkle saksbehandlingen av enkle søknader
    | simplify the handling of simple applications
goal avlaste servicetorget i travle perioder | relieve the service centre in busy periods
problem Servicetorget fikk de samme spørsmålene hundrevis av ganger i uka
    | The service centre got the same questions hundreds of times a week
problem Telefonkøene var lange rundt fristene for eiendomsskatt og barnehageopptak
    | Phone queues were long around the deadlines for property tax and nursery places
problem Saksbehandlere brukte tid på rutinesaker i stedet for vanskelige saker
    | Caseworkers spent time on routine cases instead of difficult ones
solution En chatbot svarer på vanlige spørsmål og sender resten videre til riktig fagperson
    | A chatbot answers common questions and passes the rest on to the right person
solution En språkmodell foreslår svar som saksbehandleren kontrollerer før de sendes
    | A language model drafts replies that the caseworker checks before they are sent
solution Algoritmene ble vurdert etter personvernregelverket og kommunens etiske
    retningslinjer
    | The algorithms were assessed under data protection law and the municipality's ethical
    guidelines
metric ventetiden på telefon | the waiting time on the phone
metric saksbehandlingstiden | the processing time
metric antall henvendelser til servicetorget
    | the number of enquiries to the service centre
keyword kunstig intelligens | artificial intelligence
keyword chatbot | chatbot
keyword digitalisering | digitalisation
keyword servicetorg | service centre
keyword saksbehandling | case handling
dataset Henvendelser til servicetorget | Enquiries to the service centre
dataset Saksbehandlingstider | Processing times

topic connectivity
name Sensornettverk og 5G | Sensor networks and 5G
themes business-development administration
tech 5g connectivity iot
principles 5 2
targets attractive efficient
sdgs 9
data_themes TECH
formats GEOJSON JSON MQTT
thing LoRaWAN-nett; LoRaWAN-nettet; LoRaWAN-nett; LoRaWAN-nettene
    | LoRaWAN network; LoRaWAN networks
thing 5G-basestasjon; 5G-basestasjonen; 5G-basestasjoner; 5G-basestasjonene
    | 5G base station; 5G base stations
thing IoT-plattform; IoT-plattformen; IoT-plattformer; IoT-plattformene
    | IoT platform; IoT platforms
goal gi hele kommunen dekning for sensorer
    | give the whole municipality coverage for sensors
goal la næringslivet teste nye tjenester på 5G | let businesses test new services on 5G
goal samle alle sensorer på én felles plattform
    | bring all sensors together on one shared platform
problem Hver fagavdeling kjøpte sensorer med sitt eget nett og sin egen app
    | Every department bought sensors with their own network and app
problem Dekningen utenfor sentrum var for dårlig for mange tjenester
    | Coverage outside the centre was too poor for many services
problem Leverandørene låste dataene inne i egne skyløsninger
    | Suppliers locked the data inside their own cloud services
solution Kommunen bygde et eget LoRaWAN-nett med tretti gatewayer
    | The municipality built its own LoRaWAN network with thirty gateways
solution Alle nye sensorer kobles til en felles IoT-plattform med åpne grensesnitt
    | All new sensors connect to a shared IoT platform with open interfaces
solution Et testområde for 5G er åpnet for lokale bedrifter
    | A 5G test area has been opened to local companies
metric kostnaden per tilkoblet sensor | the cost per connected sensor
metric antall separate sensorplattformer | the number of separate sensor platforms
metric tiden det tar å koble til en ny sensor | the time it takes to connect a new sensor
keyword IoT | IoT
keyword LoRaWAN | LoRaWAN
keyword 5G | 5G
keyword tilkobling | connectivity
keyword sensornettverk | sensor network
dataset Dekningskart for LoRaWAN | LoRaWAN coverage map
dataset Tilkoblede sensorer | Connected sensors

topic tourism
name Reiseliv og kulturarv | Tourism and cultural heritage
themes culture business-development
tech big-data-analytics visualisation ar
principles 5 8
targets attractive
sdgs 8 11
data_themes EDUC ECON
formats CSV JSON GEOJSON
thing besøksteller; besøkstelleren; besøkstellere; besøkstellerne
    | visitor counter; visitor counters
thing digital guide; den digitale guiden; digitale guider; de digitale guidene
    | digital guide; digital guides
thing AR-løype; AR-løypen; AR-løyper; AR-løypene | AR trail; AR trails
goal spre turistene utover flere steder og sesonger
    | spread tourists over more places and seasons
goal gjøre kulturarven levende for barn og unge
    | bring cultural heritage to life for children and young people
goal gi reiselivet bedre data om besøkende | give the tourist trade better data on visitors
problem Cruisedagene ga trengsel i sentrum og slitasje på populære turmål
    | Cruise days caused crowding in the centre and wear on popular trails
problem Museene nådde få unge besøkende | The museums reached few young visitors
problem Reiselivet hadde lite kunnskap om hvor de besøkende kom fra
    | The tourist trade knew little about where visitors came from
solution Anonyme besøkstellere på stier og i sentrum viser trafikken time for time
    | Anonymous visitor counters on trails and in the centre show the traffic hour by hour
solution En app med AR-løyper forteller byens historie på stedet
    | An app with AR trails tells the town's history on the spot
solution Prognoser for besøk deles med butikker, museer og transportselskaper
    | Visitor forecasts are shared with shops, museums and transport companies
metric trengselen på de mest besøkte stedene | crowding at the most visited places
metric slitasjen på turstiene | wear on the hiking trails
metric sesongvariasjonen i omsetningen | seasonal swings in turnover
keyword reiseliv | tourism
keyword turisme | visitors
keyword kultur | culture
keyword besøksstrømmer | visitor flows
keyword kulturarv | cultural heritage
dataset Besøkstall på turstier | Visitor counts on trails
dataset Kulturminner og severdigheter | Heritage sites and attractions

topic emergency
name Beredskap og varsling | Emergency preparedness and warning
themes safety climate-adaptation
tech sensors drones connectivity
principles 2 1
targets resilient
sdgs 11 16
data_themes JUST ENVI
formats GEOJSON GML CSV
thing varslingssystem; varslingssystemet; varslingssystemer; varslingssystemene
    | warning system; warning systems
thing beredskapsapp; beredskapsappen; beredskapsapper; beredskapsappene
    | emergency app; emergency apps
thing skredsensor; skredsensoren; skredsensorer; skredsensorene
    | landslide sensor; landslide sensors
goal varsle innbyggerne raskt ved kriser | warn residents quickly in a crisis
goal overvåke skredfarlige skråninger | monitor slopes at risk of landslides
goal samordne beredskapen mellom nabokommuner
    | coordinate emergency planning between neighbouring municipalities
problem Ved strømbrudd og uvær nådde kommunen ikke ut til alle innbyggere
    | During power cuts and storms the municipality could not reach all residents
problem Flere boligområder ligger under skråninger med fare for kvikkleireskred
    | Several housing areas lie below slopes at risk of quick-clay slides
problem Beredskapsplanene lå i permer som få kjente til
    | The emergency plans sat in binders few people knew about
solution Et varslingssystem sender SMS til alle mobiler i et område
    | A warning system sends text messages to every phone in an area
solution Sensorer i skråningene måler bevegelse og grunnvann og varsler geoteknikerne
    | Sensors in the slopes measure movement and groundwater and alert the geotechnical
    engineers
solution Kriseledelsen bruker et felles digitalt situasjonsbilde
    | The crisis team uses a shared digital situation picture
metric tiden det tar å varsle berørte innbyggere
    | the time it takes to warn the residents affected
metric antall evakueringer uten forvarsel | the number of evacuations without warning
metric responstiden ved hendelser | the response time to incidents
keyword beredskap | emergency preparedness
keyword varsling | warning
keyword skred | landslide
keyword krise | crisis
keyword samfunnssikkerhet | public safety
dataset Skredfaresoner | Landslide hazard zones
dataset Beredskapsressurser | Emergency resources

topic harbour
name Grønn havn og sjøtransport | Green harbour and shipping
themes environment energy
tech sensors iot autonomous-systems
principles 3 5
targets climate-friendly
sdgs 14 7
data_themes ENVI TRAN
formats CSV JSON
thing landstrømanlegg; landstrømanlegget; landstrømanlegg; landstrømanleggene
    | shore power unit; shore power units
thing havnesensor; havnesensoren; havnesensorer; havnesensorene
    | harbour sensor; harbour sensors
thing elektrisk ferje; den elektriske ferjen; elektriske ferjer; de elektriske ferjene
    | electric ferry; electric ferries
goal kutte utslippene fra skip som ligger til kai | cut emissions from ships at berth
goal måle vannkvaliteten i havna | measure the water quality in the harbour
goal gjøre havna til et knutepunkt for grønn sjøtransport
    | make the harbour a hub for green shipping
problem Skip med motorene i gang ved kai ga støy og dårlig luft i sentrum
    | Ships running their engines at the quay caused noise and poor air in the centre
problem Vannkvaliteten i havnebassenget var dårlig dokumentert
    | Water quality in the harbour basin was poorly documented
problem Ferjesambandene gikk på diesel | The ferry routes ran on diesel
solution Landstrøm ved kaiene lar skipene slå av motorene
    | Shore power at the quays lets ships switch off their engines
solution Sensorbøyer måler temperatur, oksygen og bakterier i havna
    | Sensor buoys measure temperature, oxygen and bacteria in the harbour
solution Elektriske ferjer lades mens bilene kjører av og på
    | Electric ferries charge while cars drive off and on
metric utslippene fra skip ved kai | emissions from ships at berth
metric støyen i havneområdet | noise in the harbour area
metric dieselforbruket i ferjesambandene | diesel use on the ferry routes
keyword havn | harbour
keyword landstrøm | shore power
keyword sjøtransport | shipping
keyword utslipp | emissions
keyword ferje | ferry
dataset Anløp og landstrømbruk | Port calls and shore power use
dataset Vannkvalitet i havna | Water quality in the harbour
"""


def _pair(value: str) -> tuple[str, str]:
    nb, separator, en = value.partition(" | ")
    if not separator:
        raise ValueError(f"no ' | ' between bokmål and English in {value!r}")
    return nb.strip(), en.strip()


def _forms(value: str, count: int) -> tuple[str, ...]:
    forms = tuple(form.strip() for form in value.split(";"))
    if len(forms) != count:
        raise ValueError(f"{count} forms expected in {value!r}")
    return forms


def _joined_lines(text: str) -> list[str]:
    """The lines of a vocabulary block, a line starting with spaces joined to the one before."""
    lines: list[str] = []
    for raw in text.splitlines():
        if raw.startswith(" ") and lines:
            lines[-1] += " " + raw.strip()
        elif raw.strip():
            lines.append(raw.strip())
    return lines


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """A block of `bokmål | English` lines as pairs."""
    return tuple(_pair(line) for line in _joined_lines(text))


def _parse_topics(text: str) -> tuple[Topic, ...]:
    """The topics written in TOPIC_TEXT (ValueError naming the line when one is malformed)."""
    lines = _joined_lines(text)
    entries: list[dict[str, list[str]]] = []
    for line in lines:
        name, _, value = line.partition(" ")
        if name == "topic":
            entries.append({})
        elif not entries:
            raise ValueError(f"a topic must come first: {line!r}")
        entries[-1].setdefault(name, []).append(value)
    topics = []
    for entry, key in zip(entries, re.findall(r"^topic (\S+)$", text, re.MULTILINE), strict=True):

        def words(name: str, entry: dict[str, list[str]] = entry) -> tuple[str, ...]:
            return tuple(entry[name][0].split()) if name in entry else ()

        def pairs(name: str, entry: dict[str, list[str]] = entry) -> tuple[tuple[str, str], ...]:
            return tuple(_pair(value) for value in entry.get(name, []))

        things = pairs("thing")
        nb_forms = [_forms(nb, 4) for nb, _en in things]
        en_forms = [_forms(en, 2) for _nb, en in things]
        topics.append(
            Topic(
                key=key,
                name=pairs("name")[0],
                themes=words("themes"),
                tech=words("tech"),
                principles=tuple(int(n) for n in words("principles")),
                targets=words("targets"),
                sdgs=tuple(int(n) for n in words("sdgs")),
                data_themes=words("data_themes"),
                formats=words("formats"),
                things_nb=tuple((f[0], f[1], f[2], f[3]) for f in nb_forms),
                things_en=tuple((f[0], f[1]) for f in en_forms),
                goals=pairs("goal"),
                problems=pairs("problem"),
                solutions=pairs("solution"),
                metrics=pairs("metric"),
                keywords=pairs("keyword"),
                datasets=pairs("dataset"),
            )
        )
    return tuple(topics)


TOPICS = _parse_topics(TOPIC_TEXT)


# Bokmål verbs whose present tense is not the infinitive + "r".
_PRESENT_NB = {"gjøre": "gjør", "frigjøre": "frigjør", "forutsi": "forutsier", "vite": "vet"}


def present_nb(phrase: str) -> str:
    """'finne lekkasjer' → 'finner lekkasjer' (the phrase starts with an infinitive)."""
    verb, _, rest = phrase.partition(" ")
    present = _PRESENT_NB.get(verb, verb + "r")
    return f"{present} {rest}" if rest else present


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# Title and summary patterns, aligned: entry i in bokmål says what entry i in English says.
# Slots: {t}, {ts} (thing: indefinite plural; definite plural in bokmål), {g} goal, {gp} goal
# in the present tense, {place}, {adj}.
TITLE_PATTERNS = _pairs(
    """
{T} som {gp} | {T} that {g}
{Ts} i {place} {gp} | {T} in {place} {g}
{place} tester {t} for å {g} | {place} tests {t} to {g}
Pilot: {t} skal {g} | Pilot: {t} to {g}
Fra pilot til drift: {ts} i {place} | From pilot to operation: {t} in {place}
Slik bruker {place} {t} til å {g} | How {place} uses {t} to {g}
{adj} {t} skal {g} | {adj} {t} to {g}
{name} i {place}: {t} som {gp} | {name} in {place}: {t} that {g}
"""
)
ADJECTIVES = _pairs(
    """
Smarte | Smart
Nye | New
Rimelige | Low-cost
Tilkoblede | Connected
Selvlærende | Self-learning
"""
)
AREAS = _pairs(
    """
i sentrum | in the centre
i tre bydeler | in three districts
på skolene | at the schools
i hele kommunen | across the municipality
langs hovedveiene | along the main roads
i et pilotområde | in a pilot area
på sykehjemmene | in the care homes
i havneområdet | in the harbour area
i kommunale bygg | in municipal buildings
i to boligområder | in two housing areas
"""
)
INTRO_VERBS = _pairs(
    """
har tatt i bruk | has introduced
har installert | has installed
tester | is testing
prøver ut | is trying out
har kjøpt inn | has bought
"""
)
AMOUNTS = (5, 8, 12, 20, 25, 40, 60, 120, 300, 450, 1500)
RESULT_PATTERNS = _pairs(
    """
{M} gikk ned med {p} prosent det første året. | {M} fell by {p} per cent in the first year.
Etter {months} måneder er {m} redusert med {p} prosent.
    | After {months} months, {m} is down by {p} per cent.
Resultatene så langt viser at {m} er halvert. | Results so far show that {m} has been halved.
{M} er redusert med {p} prosent sammenlignet med året før.
    | {M} is down {p} per cent on the year before.
"""
)
GOAL_PATTERN = (
    "Målet er å redusere {m} med {p} prosent innen {year}.",
    "The goal is to cut {m} by {p} per cent by {year}.",
)
ADOPTION_SENTENCE = (
    "Løsningen er hentet fra {origin} gjennom nettverket.",
    "The solution was adopted from {origin} through the network.",
)
GENERIC_PROBLEMS = _pairs(
    """
Arbeidet var manuelt og tok mye tid for de ansatte
    | The work was manual and took a lot of staff time
Dataene lå i flere fagsystemer som ikke snakket sammen
    | The data sat in several business systems that could not talk to each other
Kommunen hadde ingen samlet oversikt over tilstanden
    | The municipality had no overall picture of the condition
Innbyggerne klaget på at tjenesten var vanskelig å bruke
    | Residents complained that the service was hard to use
Budsjettene er stramme, og vedlikeholdsetterslepet vokser
    | Budgets are tight and the maintenance backlog is growing
Det var vanskelig å dokumentere effekten av tiltakene
    | It was hard to document the effect of the measures
Erfaringene fra andre kommuner var lite kjent hos oss
    | We knew little about what other municipalities had learned
Klimaplanen krever store kutt i utslippene innen 2030
    | The climate plan calls for deep cuts in emissions by 2030
"""
)
GENERIC_SOLUTIONS = _pairs(
    """
Dataene publiseres som åpne data under NLOD i kommunens datakatalog
    | The data is published as open data under NLOD in the municipality's data catalogue
Løsningen ble anskaffet gjennom et innovasjonspartnerskap med tre leverandører
    | The solution was bought through an innovation partnership with three suppliers
Før oppstart gjorde vi en risiko- og sårbarhetsanalyse og en personvernkonsekvensvurdering
    | Before we started we did a risk and vulnerability analysis and a data protection impact
    assessment
Innbyggerne ble involvert gjennom verksteder og en åpen spørreundersøkelse
    | Residents were involved through workshops and an open survey
Driftsavdelingen var med i hele prosessen fra behovsanalyse til utrulling
    | The operations department took part from the needs analysis to the roll-out
Sensordataene samles på en felles IoT-plattform med åpne grensesnitt
    | The sensor data is collected on a shared IoT platform with open interfaces
Prosjektet samarbeider med høgskolen om følgeforskning
    | The project works with the university college on accompanying research
"""
)
GENERIC_RESULTS = _pairs(
    """
Beregnet besparelse er {x} millioner kroner i året.
    | The estimated saving is NOK {x} million a year.
{n} kommuner har bedt om å få ta i bruk løsningen.
    | {n} municipalities have asked to use the solution.
Løsningen er nå en del av den ordinære driften.
    | The solution is now part of everyday operations.
Brukertilfredsheten økte fra {a} til {b} på en skala fra 1 til 6.
    | User satisfaction rose from {a} to {b} on a scale of 1 to 6.
Erfaringene er delt i nettverket og på fagdager i regionen.
    | The experience has been shared in the network and at regional seminars.
"""
)
EARLY_RESULTS = _pairs(
    """
Prosjektet er i en tidlig fase, og resultatene er ennå ikke målt.
    | The project is at an early stage and results have not been measured yet.
Vi har samlet inn grunnlagsdata som effekten skal måles mot.
    | We have collected the baseline data the effect will be measured against.
"""
)
STAKEHOLDERS = _pairs(
    """
driftsoperatørene | the operators
innbyggerne | the residents
de ansatte | the staff
brukerne | the users
de tillitsvalgte | the union representatives
næringslivet | local businesses
skolene | the schools
ungdomsrådet | the youth council
eldrerådet | the council for older people
fagavdelingene | the specialist departments
"""
)
ACTIVITIES = _pairs(
    """
opplæring av de ansatte | training the staff
testing i felt | field testing
forankring i ledelsen | getting the management on board
arbeidet med datakvalitet | work on data quality
kommunikasjon med innbyggerne | communication with residents
anskaffelsen | the procurement
"""
)
LESSONS: dict[str, tuple[tuple[str, str], ...]] = {
    "worked": _pairs(
        """
Å starte i liten skala med {t} i ett område ga raske resultater som overbeviste politikerne.
    | Starting small with {t} in one area gave quick results that convinced the politicians.
Å involvere {who} fra første dag ga bedre løsninger og mer eierskap.
    | Involving {who} from day one gave better solutions and more ownership.
En felles dataplattform gjorde det enkelt å koble på nye {t}.
    | A shared data platform made it easy to connect new {t}.
Tett dialog med leverandøren gjennom hele piloten gjorde at feil ble rettet raskt.
    | Close contact with the supplier throughout the pilot meant faults were fixed quickly.
Gevinstene ble målt fra start, og det gjorde det lett å få midler til å skalere.
    | Benefits were measured from the start, which made it easy to get funding to scale.
"""
    ),
    "differently": _pairs(
        """
Vi ville satt av mer tid til {what}. | We would set aside more time for {what}.
Vi ville involvert {who} tidligere i prosessen. | We would involve {who} earlier in the process.
Vi ville definert målene og hvordan de skulle måles før oppstart.
    | We would define the goals and how to measure them before starting.
Vi ville valgt færre {t} i første runde og heller skalert raskere.
    | We would pick fewer {t} in the first round and scale faster instead.
"""
    ),
    "pitfall": _pairs(
        """
Batteriene i {ts} varte kortere enn lovet. Avtal batterigaranti i kontrakten.
    | The batteries in the {t} lasted less than promised. Put a battery guarantee in the
    contract.
Dataformatet fra leverandøren var lukket. Krev åpne standarder og API i anskaffelsen.
    | The supplier's data format was closed. Require open standards and an API in the tender.
Personvernet ble vurdert for sent, og piloten ble forsinket med {months} måneder.
    | Data protection was assessed too late, and the pilot was delayed by {months} months.
Dekningen i mobilnettet var dårligere enn ventet i deler av kommunen.
    | Mobile coverage was worse than expected in parts of the municipality.
Vi undervurderte behovet for opplæring av de ansatte.
    | We underestimated how much training the staff would need.
"""
    ),
}
FUNDING = _pairs(
    """
Kommunens driftsbudsjett | The municipality's operating budget
Selvkost, med tilskudd fra Enova | Cost recovery, with a grant from Enova
Skjønnsmidler fra statsforvalteren og egne midler
    | Discretionary funds from the county governor and own funds
Innovasjonsmidler fra Kommunal- og distriktsdepartementet
    | Innovation funds from the Ministry of Local Government
EU-prosjekt under Horisont Europa | EU project under Horizon Europe
Klimasats-tilskudd og kommunale investeringsmidler
    | Klimasats grant and municipal investment funds
Regionale forskningsfond og partnerne i prosjektet
    | Regional research funds and the project partners
"""
)
UPDATES = _pairs(
    """
Pilotområdet er ferdig installert, og de første dataene er på plass.
    | The pilot area is fully installed and the first data is in.
Midtveisevalueringen viser at vi er i rute. | The mid-term evaluation shows we are on track.
Leverandøren har rettet feilene vi fant i første testperiode.
    | The supplier has fixed the faults we found in the first test period.
Vi har utvidet piloten til to nye områder. | We have extended the pilot to two new areas.
Styringsgruppen har bedt om en gevinstrealiseringsplan før skalering.
    | The steering group has asked for a benefits plan before scaling.
"""
)
DATASET_UNITS = _pairs(
    """
bydel | district
grunnkrets | statistical tract
stasjon | station
sone | zone
bygg | building
måned | month
"""
)
# (bokmål, English, Frequency value)
DATASET_FREQUENCIES = (
    ("timesverdier", "hourly values", "HOURLY"),
    ("daglige verdier", "daily values", "DAILY"),
    ("ukentlige verdier", "weekly values", "WEEKLY"),
    ("månedlige verdier", "monthly values", "MONTHLY"),
    ("årlige verdier", "annual values", "ANNUAL"),
    ("sanntidsdata", "real-time data", "CONT"),
)
DATASET_TITLE_PATTERNS = _pairs(
    """
{ds} i {place} | {ds} in {place}
{ds}, {freq} | {ds}, {freq}
{ds} per {unit} i {place} | {ds} per {unit} in {place}
{ds} {y1}–{y2} | {ds} {y1}–{y2}
"""
)
DATASET_SOURCES = _pairs(
    """
fra kommunens fagsystem | from the municipality's business system
fra sensorer i felt | from sensors in the field
fra manuelle registreringer | from manual records
fra leverandørens plattform | from the supplier's platform
fra årlige kartlegginger | from annual surveys
"""
)

FIRST_NAMES = (
    "Kari", "Ola", "Ingrid", "Lars", "Marte", "Anders", "Sofie", "Jonas", "Nora", "Emil",
    "Ida", "Henrik", "Emma", "Magnus", "Sara", "Sindre", "Hanna", "Eirik", "Thea", "Kristian",
    "Silje", "Martin", "Ane", "Jørgen", "Maja", "Håkon", "Tuva", "Øystein", "Linnea", "Sander",
    "Ragnhild", "Tor", "Solveig", "Bjørn", "Astrid", "Knut", "Liv", "Geir", "Hilde", "Trond",
    "Randi", "Arne", "Berit", "Stian", "Camilla", "Vegard", "Marit", "Espen", "Kjersti", "Petter",
    "Åse", "Fredrik", "Guro", "Mathias", "Elin", "Amir", "Fatima", "Ali", "Aisha", "Piotr",
    "Agnieszka", "Mohammed", "Leila", "Nils", "Elle", "Máret", "Aslak", "Siri", "Jan", "Grete",
)  # fmt: skip
LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen",
    "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg",
    "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen",
    "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Lunde", "Solheim", "Berge", "Moe",
    "Nygård", "Bakke", "Kristensen", "Fredriksen", "Holm", "Lien", "Hauge", "Christensen",
    "Andresen", "Nielsen", "Knudsen", "Evensen", "Sæther", "Aas", "Myhre", "Hanssen", "Ahmed",
    "Haugland", "Thomassen", "Sivertsen", "Simonsen", "Danielsen", "Berntsen", "Sandvik",
    "Rønning", "Arnesen", "Antonsen", "Næss", "Vik", "Haug", "Ellingsen", "Thorsen",
    "Edvardsen", "Birkeland", "Isaksen", "Gulbrandsen", "Ruud", "Aasen", "Strøm", "Myklebust",
    "Tangen", "Ødegård", "Eliassen", "Helland", "Bøe", "Aune", "Mikkelsen", "Tveit", "Brekke",
    "Abrahamsen", "Madsen", "Eira", "Hætta",
)  # fmt: skip
JOB_TITLES = {
    "public": (
        "Rådgiver", "Seniorrådgiver", "Spesialrådgiver", "Prosjektleder", "Smartbykoordinator",
        "Digitaliseringsleder", "Innovasjonsrådgiver", "Enhetsleder", "Kommunalsjef",
        "Fagleder vann og avløp", "Energirådgiver", "Trafikkplanlegger", "Arealplanlegger",
        "Dataforvalter", "Kommunikasjonsrådgiver", "Innkjøpsrådgiver", "IKT-arkitekt",
        "Personvernombud",
    ),
    "business": (
        "Daglig leder", "Utviklingssjef", "Produktsjef", "Salgssjef", "Systemutvikler",
        "Dataanalytiker", "Løsningsarkitekt", "Prosjektleder", "Kundeansvarlig",
    ),
    "academia": ("Forsker", "Seniorforsker", "Førsteamanuensis", "Stipendiat", "Professor"),
    "civil_society": ("Daglig leder", "Styreleder", "Frivillig koordinator", "Prosjektleder"),
    "finance": ("Investeringsansvarlig", "Partner", "Analytiker", "Daglig leder"),
}  # fmt: skip

ORG_PREFIXES = (
    "Fjord", "Nord", "Vest", "Polar", "Aurora", "Tinde", "Bølge", "Havbris", "Lys", "Grønn",
    "Blå", "Fjell", "Elv", "Skog", "Kyst", "Midnatt", "Stjerne", "Vind", "Brygge", "Bjørk",
    "Furu", "Nordlys", "Vidde", "Fosse", "Myr", "Sol", "Måne", "Lyng", "Moltebær", "Ørn",
)  # fmt: skip
ORG_STEMS = (
    "sensor", "data", "mobilitet", "energi", "analyse", "teknikk", "kraft", "nett", "byrom",
    "logistikk", "vann", "lys", "kart", "sky", "robotikk", "innsikt", "bygg", "drift",
    "trafikk", "varme", "helse", "lading", "plattform",
)  # fmt: skip
ORG_SUFFIXES = (
    " AS", " AS", " Teknologi AS", " Digital AS", " Solutions AS", " Systemer AS",
    " Innovasjon AS", " Analyse AS",
)  # fmt: skip
ACADEMIC_FIELDS = (
    "smarte byer", "bærekraftig byutvikling", "digital samhandling", "mobilitetsforskning",
    "energisystemer", "velferdsteknologi", "anvendt maskinlæring", "klimatilpasning",
    "tjenestedesign", "sensorteknologi", "samfunnssikkerhet",
)  # fmt: skip
ACADEMIC_PATTERNS = (
    "Senter for {field}",
    "Forskningsgruppen for {field} i {place}",
    "{place} kunnskapspark, {field}",
    "Institutt for {field}, {place} universitetssenter",
)
CIVIL_PATTERNS = (
    "Bylab {place}",
    "Innbyggerverkstedet {place}",
    "{place} sykkelforening",
    "Nabolagsnettverket {place}",
    "Grønne naboer {place}",
    "Teknologiklubben {place}",
    "Frivilligsentralen {place}, digitalt team",
)
FINANCE_PATTERNS = (
    "{prefix} Kapital AS",
    "{prefix}{stem} Invest AS",
    "{prefix}{stem} Ventures AS",
    "{prefix} Klimafond AS",
)
AGENCY_AREAS = (
    "digital infrastruktur", "bymobilitet", "smart energi", "datadeling", "klimatilpasning",
    "velferdsteknologi", "geodata", "samfunnssikkerhet", "innovative anskaffelser",
)  # fmt: skip
AGENCY_PATTERNS = (
    "Direktoratet for {area}, {place}-kontoret",
    "Statens senter for {area}, {place}",
    "Tilsynet for {area}, region {place}",
)

MEETING_PLACES = (
    "Rådhuset, bystyresalen", "Digitalt", "Teknologiparken, møterom 2",
    "Biblioteket, auditoriet", "Kulturhuset, lille sal", "Innovasjonshuset",
)  # fmt: skip
STEERING_AGENDA = (
    "Godkjenning av innkalling og referat", "Nytt fra arbeidsgruppene",
    "Innspill til nasjonal veikart for smarte byer", "Budsjett og økonomi",
    "Nye medlemmer", "Erfaringsdeling fra medlemmene", "Eventuelt",
)  # fmt: skip
OWNER_AGENDA = (
    "Årsmelding og regnskap", "Budsjett og kontingent", "Valg av ledende byer",
    "Prioriterte samarbeidstema", "Vedtektsendringer",
)  # fmt: skip
WORKGROUP_AGENDA = (
    "Status i kommunene", "Utkast og neste steg", "Innlegg fra en leverandør",
    "Felles anskaffelse", "Veilederen: siste utkast", "Erfaringer fra piloten",
)  # fmt: skip
MINUTES = (
    "## Referat\n\n**Til stede:** se oppmøtelisten.\n\n"
    "1. Innkalling og forrige referat ble godkjent.\n"
    "2. {topic}: arbeidsgruppen orienterte om status og deler et utkast før neste møte.\n"
    "3. Sekretariatet samler innspill. **Frist:** to uker.\n\n"
    "*Syntetisk referat laget av `smartby seed`.*\n"
)
DECISION_TITLES = _pairs(
    """
Budsjett og kontingent for {year} | Budget and membership fee for {year}
Felles anbefaling om {topic} | Joint recommendation on {topic_en}
Mandat for arbeidsgruppen for {topic} | Mandate of the workgroup on {topic_en}
Høringssvar om {topic} | Consultation response on {topic_en}
Årsmelding og regnskap for {year} | Annual report and accounts for {year}
Opptak av nye medlemmer {year} | Admission of new members {year}
"""
)
PROPOSAL = (
    "Sekretariatet legger fram forslaget. *Syntetisk vedtak laget av `smartby seed`.*",
    "The secretariat presents the proposal. *Synthetic decision made by `smartby seed`.*",
)
# (identifier, weight) of the open licences free public datasets get.
OPEN_LICENCES = (
    ("NLOD-2.0", 40),
    ("CC-BY-4.0", 30),
    ("CC0-1.0", 15),
    ("ODbL-1.0", 5),
    ("CC-BY-SA-4.0", 5),
    ("NLOD-1.0", 5),
)
ASSESSMENT_COMMENTS = (
    "Innbyggerpanel to ganger i året; vi må bli bedre på å nå unge.",
    "Klimabudsjettet er en del av økonomiplanen.",
    "Vi har startet en oversikt over egne data, men mangler eierskap.",
    "Kompetanseprogram for ledere er vedtatt, oppstart til høsten.",
    "Smartbyarbeidet ligger i digitaliseringsenheten; koblingen til planavdelingen er svak.",
    "Samarbeidet med næringslivet skjer gjennom næringsforeningen.",
    "Vi deler data med nabokommunene gjennom en felles plattform.",
    "Strategien er vedtatt, men tiltakene er ikke finansiert.",
    "Vi mangler ressurser til å følge opp pilotene etter prosjektslutt.",
    "Åpne data er et krav i alle nye anskaffelser.",
)


# --- helpers -------------------------------------------------------------------------------


class _Picker:
    """Weighted choice with a given Random (cumulative weights and bisect: O(log n))."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if not items:
            raise ValueError("nothing to pick from")
        self.items: list[Any] = list(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> Any:
        index = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.items[min(index, len(self.items) - 1)]


def _some(rng: random.Random, preferred: Sequence[T], others: Sequence[T], k: int) -> list[T]:
    """k distinct values: the preferred ones first (in random order), then any others."""
    first = list(preferred)
    rng.shuffle(first)
    chosen = first[:k]
    rest = [v for v in others if v not in chosen]
    while len(chosen) < k and rest:
        chosen.append(rest.pop(rng.randrange(len(rest))))
    return chosen


def _ids(table: dict[Any, int], keys: Sequence[Any]) -> list[int]:
    """The ids of the keys the reference data has (unknown keys are skipped)."""
    return [table[key] for key in keys if key in table]


def _number(value: float, language: str) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if language == "nb" else text


def _slots(topic: Topic, thing: int, goal: int, adj: int, place: str, lang: int) -> dict[str, str]:
    """The words the title and summary patterns are filled with, in bokmål (0) or English."""
    if lang == 0:
        _sg, _dsg, plural, definite = topic.things_nb[thing]
        verb_phrase = topic.goals[goal][0]
        present = present_nb(verb_phrase)
    else:
        _sg, plural = topic.things_en[thing]
        definite = plural
        verb_phrase = present = topic.goals[goal][1]
    return {
        "t": plural,
        "ts": definite,
        "T": cap(plural),
        "Ts": cap(definite),
        "g": verb_phrase,
        "gp": present,
        "place": place,
        "adj": ADJECTIVES[adj][lang],
        "name": topic.name[lang],
    }


@dataclass
class _CaseDraft:
    """The random choices behind a case's title and summary, so they can be written in a
    second language (the translation) saying the same thing."""

    topic: Topic
    thing: int
    goal: int
    title: int
    adj: int
    area: int
    verb: int
    amount: int | None
    result: int
    metric: int
    percent: int
    months: int
    goal_year: int
    late: bool  # far enough to have results
    place: str
    owner: tuple[str, str]  # how the owner is named in bokmål and English text
    origin: tuple[str, str] | None = None  # the owner of the origin of an adoption

    def title_in(self, lang: int) -> str:
        slots = _slots(self.topic, self.thing, self.goal, self.adj, self.place, lang)
        return TITLE_PATTERNS[self.title][lang].format(**slots)[:200]

    def summary_in(self, lang: int) -> str:
        slots = _slots(self.topic, self.thing, self.goal, self.adj, self.place, lang)
        amount = f"{self.amount} " if self.amount else ""
        verb = INTRO_VERBS[self.verb][lang]
        area = AREAS[self.area][lang]
        purpose = "for å" if lang == 0 else "to"
        sentences = [
            f"{self.owner[lang]} {verb} {amount}{slots['t']} {area} {purpose} {slots['g']}."
        ]
        metric = self.topic.metrics[self.metric][lang]
        if self.late:
            sentences.append(
                RESULT_PATTERNS[self.result][lang].format(
                    M=cap(metric), m=metric, p=self.percent, months=self.months
                )
            )
        else:
            sentences.append(
                GOAL_PATTERN[lang].format(m=metric, p=self.percent, year=self.goal_year)
            )
        if self.origin is not None:
            sentences.append(ADOPTION_SENTENCE[lang].format(origin=self.origin[lang]))
        return " ".join(sentences)


@dataclass
class _Slugs:
    """Unique slugs from names, numbered -2, -3 ... when a name repeats (as unique_slug
    does), counting on per name so that a name used thousands of times costs no search."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)
        self.last: dict[str, int] = {}
        self.number = 1  # of the slug made last: 1, or the number added to it

    def make(self, name: str, *, fallback: str) -> str:
        base = slugify_nordic(name)[:80].strip("-") or fallback
        n = self.last.get(base, 1)
        slug = base
        while slug in self.taken:
            n += 1
            slug = f"{base}-{n}"
        self.last[base] = n
        self.taken.add(slug)
        self.number = 1 if slug == base else n
        return slug


@dataclass
class _Org:
    id: int
    kind: str
    name: str
    slug: str
    municipality_id: int | None
    place: str  # the municipality's name, or the organisation's when it has none


@dataclass
class _Refs:
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
    municipal_orgs: list[_Org]  # Norwegian, by municipality code
    nordic_orgs: list[_Org]  # the network's cities outside Norway
    county_orgs: list[_Org]
    county_municipalities: dict[int, list[int]]  # county organisation → its municipalities
    networks: dict[str, int]
    bodies: dict[tuple[int, str], tuple[int, int, str]]  # (network, kind) → id, quorum, majority
    work_themes: dict[int, list[int]]
    nordic_memberships: list[tuple[int, int]]  # membership id, organisation id

    @classmethod
    def load(cls) -> _Refs:
        municipalities = {
            m.pk: (m.code, m.name, m.county_id, m.population or 1000)
            for m in Municipality.objects.order_by("country", "code")
        }
        orgs = list(
            Organisation.objects.filter(
                kind__in=[OrganisationKind.MUNICIPALITY, OrganisationKind.COUNTY]
            ).order_by("slug")
        )

        def rec(o: Organisation) -> _Org:
            place = municipalities[o.municipality_id][1] if o.municipality_id else o.name
            return _Org(o.pk, o.kind, o.name, o.slug, o.municipality_id, place)

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


class _Writer:
    """Writes rows with bulk_create, a chunk per transaction, and keeps per-table counts and
    the time spent writing each table."""

    def __init__(self, out: Callable[[str], None]) -> None:
        self.out = out
        self.rows: dict[str, int] = defaultdict(int)
        self.seconds: dict[str, float] = defaultdict(float)
        # SQLite caps a statement at 999 parameters; Django cuts the batches to fit.
        self.batch_size = 1000 if connection.vendor == "sqlite" else 2000
        self.ids: dict[type[Model], Iterator[int]] = {}

    def next_id(self, model: type[Model]) -> int:
        """Ids are given here, not by the database, so rows can point at each other before
        they are written (foreign keys are checked at commit on both databases)."""
        if model not in self.ids:
            largest = model._default_manager.aggregate(largest=Max("pk"))["largest"] or 0
            self.ids[model] = itertools.count(largest + 1)
        return next(self.ids[model])

    def write(self, groups: dict[type[Model], list[Any]]) -> None:
        """Write every group (parents first: the dict's order) in one transaction."""
        with transaction.atomic():
            for model, objs in groups.items():
                if not objs:
                    continue
                started = time.perf_counter()
                model._default_manager.bulk_create(objs, batch_size=self.batch_size)
                table = model._meta.db_table
                self.seconds[table] += time.perf_counter() - started
                self.rows[table] += len(objs)


def _rows() -> dict[type[Model], list[Any]]:
    return defaultdict(list)


@contextmanager
def _quiet_debug_cursor() -> Iterator[None]:
    """With DEBUG on (the development default) every statement is formatted and the last
    9,000 kept in memory: with thousand-row INSERTs that is gigabytes and a third of the
    time. The load runs with it off."""
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


@contextmanager
def _bulk_load_session() -> Iterator[None]:
    """Relax durability for this connection while it loads (a crash loses the load, which
    is thrown away anyway). Inside a transaction (tests) nothing is changed."""
    if connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB
            cursor.execute("PRAGMA temp_store=MEMORY")
        elif connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA cache_size=-2000")
                cursor.execute("PRAGMA temp_store=DEFAULT")
            elif connection.vendor == "postgresql":
                cursor.execute("RESET synchronous_commit")


def _quality(
    dataset: Dataset,
    distributions: list[Distribution],
    *,
    data_themes: list[int],
    spatial: list[int],
) -> dict[str, Any]:
    """The catalogue's own quality_compute for a dataset not written yet. It reads the
    distributions, data themes and spatial coverage through the related managers, and those
    answer from the prefetch cache when there is one: this fills the cache the way
    prefetch_related does (tests check the result equals what quality_refresh stores)."""
    cache: dict[str, Any] = {}
    objs: list[Any]
    model: Any
    for name, model, objs in (
        ("distributions", Distribution, sorted(distributions, key=lambda d: d.position)),
        ("data_themes", DataTheme, [DataTheme(pk=pk) for pk in data_themes]),
        ("spatial", Municipality, [Municipality(pk=pk) for pk in spatial]),
    ):
        queryset = model._default_manager.none()
        queryset._result_cache = list(objs)
        queryset._prefetch_done = True
        cache[name] = queryset
    dataset._prefetched_objects_cache = cache  # type: ignore[attr-defined]
    try:
        return quality_compute(dataset)
    finally:
        del dataset._prefetched_objects_cache  # type: ignore[attr-defined]


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    days = max(0, (end - start).days)
    return start + datetime.timedelta(days=rng.randint(0, days))


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=datetime.UTC)


# --- the seed ------------------------------------------------------------------------------


@dataclass
class SeedReport:
    """What a seed wrote: rows and seconds per table, seconds per step."""

    scale: float
    seed: int
    rows: dict[str, int]
    seconds: dict[str, float]
    steps: dict[str, float]
    total_seconds: float
    notes: list[str] = field(default_factory=list)


def seed_database(
    *,
    scale: float,
    seed: int = 1,
    flush: bool = False,
    out: Callable[[str], None] = lambda line: None,
) -> SeedReport:
    """Fill the database with synthetic data for `scale` (see the module docstring).
    Raises SeedError, having changed nothing, for a bad scale or when the database already
    has cases (or seeded people) and `flush` is false. With `flush` the whole database is
    emptied first (every table, as `smartby flush` does) and the reference data reloaded."""
    scale = parse_scale(scale)
    if not flush:
        existing = _existing_content()
        if existing:
            raise SeedError(
                f"The database already has {existing}. Seeding adds to an empty database "
                "only: run again with --flush to empty the whole database first (every "
                "table, people included) and then seed it."
            )
    started = time.perf_counter()
    steps: dict[str, float] = {}
    with (
        translation.override(settings.LANGUAGE_CODE),
        _quiet_debug_cursor(),
        _bulk_load_session(),
    ):
        if flush:
            t = time.perf_counter()
            _flush()
            steps["flush"] = time.perf_counter() - t
            out(f"flush: database emptied ({steps['flush']:.1f} s)")
        t = time.perf_counter()
        if _reference_missing():
            call_command("loadrefs", verbosity=0)
            out(f"loadrefs: reference data loaded ({time.perf_counter() - t:.1f} s)")
        steps["reference data"] = time.perf_counter() - t
        seeder = _Seeder(scale=scale, seed=seed, out=out)
        try:
            seeder.run(steps)
        except BaseException:
            out(
                "The seed stopped part-way: the database keeps the chunks written so far. "
                "Run again with --flush to start from an empty database."
            )
            raise
        _restart_change_history()
    total = time.perf_counter() - started
    return SeedReport(
        scale=scale,
        seed=seed,
        rows=dict(seeder.writer.rows),
        seconds=dict(seeder.writer.seconds),
        steps=steps,
        total_seconds=total,
        notes=seeder.notes,
    )


def _restart_change_history() -> None:
    """The triggers wrote a change row per seeded row (see smartby.core.facets): those are
    dropped and one new row per kind written, so that every process rebuilds its facet
    bitmaps and page cache once instead of reading millions of changes."""
    from smartby.core.models import FacetChange

    FacetChange.objects.all().delete()
    tokens = random.Random()  # noqa: S311 - a version marker, not a secret
    FacetChange.objects.bulk_create(
        FacetChange(collection=name, object_id=0, token=tokens.randrange(1, 2**53))
        for name in ("cases", "datasets", "site")
    )


def _flush() -> None:
    """Empty every table (Django's flush). PostgreSQL refuses to TRUNCATE tables with
    foreign-key checks still pending, which happens when the caller's transaction has
    written rows (tests do): those checks are run first, and deferred again after."""
    pending = connection.vendor == "postgresql" and connection.in_atomic_block
    if pending:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if pending:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _existing_content() -> str:
    cases = Case.objects.count()
    if cases:
        return f"{cases:,} case{'s' if cases != 1 else ''}"
    seeded = User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).count()
    if seeded:
        return f"{seeded:,} seeded people (from an earlier, unfinished seed)"
    return ""


def _reference_missing() -> bool:
    return not (
        Municipality.objects.filter(country="NO").exists()
        and Network.objects.filter(slug="smartbyene").exists()
        and KeyQuestion.objects.exists()
        and Theme.objects.exists()
        and Licence.objects.exists()
        and Body.objects.exists()
    )


class _Seeder:
    def __init__(self, *, scale: float, seed: int, out: Callable[[str], None]) -> None:
        self.scale = scale
        self.seed = seed
        self.out = out
        self.counts = seed_counts(scale)
        self.writer = _Writer(out)
        self.notes: list[str] = []
        self.refs = _Refs.load()
        with translation.override("nb"):
            self.case_url = reverse("cases:case-detail", kwargs={"slug": "__slug__"})
            self.dataset_url = reverse("catalog:dataset-detail", kwargs={"slug": "__slug__"})
        # Filled as the steps go, read by later steps.
        self.orgs: list[_Org] = []  # seeded organisations
        self.orgs_by_kind: dict[str, list[_Org]] = defaultdict(list)
        self.org_by_id: dict[int, _Org] = {}
        self.smartbyene_members: list[_Org] = []
        self.users_by_org: dict[int, list[int]] = defaultdict(list)
        self.editors_by_org: dict[int, list[int]] = defaultdict(list)
        self.contacts: dict[int, tuple[str, str]] = {}  # editors: name, e-mail
        self.representatives: dict[int, tuple[int, int | None]] = {}  # org → user, deputy
        self.topic_cases: dict[int, list[int]] = defaultdict(list)  # published cases
        self.adoptable: dict[int, list[tuple[int, int, tuple[str, str]]]] = defaultdict(list)
        self.org_cases: dict[int, list[tuple[int, tuple[int, ...]]]] = defaultdict(list)

    def rng(self, step: str) -> random.Random:
        # A str seed is hashed with SHA-512 by random.Random: the same on every platform
        # and run, whatever PYTHONHASHSEED is.
        return random.Random(f"smartby-seed:{self.seed}:{step}")

    def run(self, steps: dict[str, float]) -> None:
        c = self.counts
        self.out(
            f"seed {self.seed}, scale {self.scale:g}: {c['organisations']:,} organisations, "
            f"{c['users']:,} people, {c['cases']:,} cases, {c['datasets']:,} datasets, "
            f"{c['assessments']:,} assessments, {c['meetings']:,} meetings, "
            f"{c['decisions']:,} decisions"
        )
        for name, step in (
            ("organisations", self.seed_organisations),
            ("people", self.seed_people),
            ("cases", self.seed_cases),
            ("datasets", self.seed_datasets),
            ("assessments", self.seed_assessments),
            ("networks", self.seed_networks),
            ("sequences", self.reset_sequences),
            ("search indexes", self.rebuild_indexes),
        ):
            started = time.perf_counter()
            step()
            steps[name] = time.perf_counter() - started
            self.out(f"{name}: done in {steps[name]:.1f} s")

    def progress(self, what: str, done: int, total: int, started: float) -> None:
        self.out(f"  {what}: {done:,} / {total:,} ({time.perf_counter() - started:.1f} s)")

    def _every(self, total: int, chunk: int) -> int:
        """Report progress about ten times per table."""
        return max(1, math.ceil(total / chunk / 10))

    # --- organisations ---------------------------------------------------------------------

    def seed_organisations(self) -> None:
        rng = self.rng("organisations")
        refs = self.refs
        total = self.counts["organisations"]
        place_picker = _Picker(
            refs.municipal_orgs,
            [
                math.sqrt(refs.municipalities[o.municipality_id or 0][3])
                for o in refs.municipal_orgs
            ],
        )
        kinds = _Picker(
            [
                OrganisationKind.BUSINESS,
                OrganisationKind.ACADEMIA,
                OrganisationKind.CIVIL_SOCIETY,
                OrganisationKind.FINANCE,
                OrganisationKind.STATE_AGENCY,
            ],
            [55, 12, 15, 6, 12],
        )
        slugs = _Slugs(Organisation.objects.values_list("slug", flat=True))
        for org in refs.municipal_orgs + refs.nordic_orgs + refs.county_orgs:
            self.org_by_id[org.id] = org
        started = time.perf_counter()
        chunk = CHUNKS["organisations"]
        for first in range(0, total, chunk):
            rows = _rows()
            for _ in range(first, min(total, first + chunk)):
                kind = kinds.pick(rng)
                home = place_picker.pick(rng)
                name = self._org_name(rng, kind, home.place)
                slug = slugs.make(name, fallback="organisasjon")
                pk = self.writer.next_id(Organisation)
                topic = TOPICS[rng.randrange(len(TOPICS))]
                description = self._org_description(rng, kind, name, topic, home.place)
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
                        created_at=_at(
                            _date_between(rng, datetime.date(2018, 1, 1), EPOCH.date()), 9
                        ),
                    )
                )
                org = _Org(pk, kind, name, slug, home.municipality_id, home.place)
                self.orgs.append(org)
                self.orgs_by_kind[kind].append(org)
                self.org_by_id[pk] = org
            self.writer.write(rows)
            if (first // chunk) % self._every(total, chunk) == 0 or first + chunk >= total:
                self.progress("organisations", min(total, first + chunk), total, started)

    def _org_name(self, rng: random.Random, kind: str, place: str) -> str:
        if kind == OrganisationKind.BUSINESS:
            return rng.choice(ORG_PREFIXES) + rng.choice(ORG_STEMS) + rng.choice(ORG_SUFFIXES)
        if kind == OrganisationKind.ACADEMIA:
            return rng.choice(ACADEMIC_PATTERNS).format(
                field=rng.choice(ACADEMIC_FIELDS), place=place
            )
        if kind == OrganisationKind.CIVIL_SOCIETY:
            return rng.choice(CIVIL_PATTERNS).format(place=place)
        if kind == OrganisationKind.FINANCE:
            return rng.choice(FINANCE_PATTERNS).format(
                prefix=rng.choice(ORG_PREFIXES), stem=rng.choice(ORG_STEMS)
            )
        return rng.choice(AGENCY_PATTERNS).format(area=rng.choice(AGENCY_AREAS), place=place)

    def _org_description(
        self, rng: random.Random, kind: str, name: str, topic: Topic, place: str
    ) -> str:
        goal = topic.goals[rng.randrange(len(topic.goals))][0]
        thing = topic.things_nb[rng.randrange(len(topic.things_nb))][2]
        field = topic.name[0].lower()
        text = {
            OrganisationKind.BUSINESS: f"{name} leverer {thing} og tjenester for å {goal}.",
            OrganisationKind.ACADEMIA: f"Forskning på {field}: hvordan {thing} kan {goal}.",
            OrganisationKind.CIVIL_SOCIETY: f"Innbyggere i {place} som vil {goal}.",
            OrganisationKind.FINANCE: f"Investerer i selskaper innen {field}.",
            OrganisationKind.STATE_AGENCY: f"Statlig fagmiljø som hjelper kommunene å {goal}.",
        }[OrganisationKind(kind)]
        return f"{text}\n\n*Syntetisk organisasjon laget av `smartby seed`.*"

    # --- people ----------------------------------------------------------------------------

    def seed_people(self) -> None:
        rng = self.rng("people")
        refs = self.refs
        total = self.counts["users"]
        # Smartbyene's members (the Nordic network's come with the reference data), chosen
        # first so that each member organisation gets a representative and a deputy.
        wanted = min(len(refs.municipal_orgs), max(6, self.counts["network_members"]))
        keyed = sorted(
            refs.municipal_orgs,
            key=lambda o: (
                -(rng.random() ** (1.0 / math.sqrt(refs.municipalities[o.municipality_id or 0][3])))
            ),
        )
        self.smartbyene_members = sorted(keyed[:wanted], key=lambda o: o.slug)
        speaking = list(
            dict.fromkeys(
                [o.id for o in self.smartbyene_members]
                + [org for _pk, org in refs.nordic_memberships]
            )
        )
        all_orgs = refs.municipal_orgs + refs.nordic_orgs + refs.county_orgs + self.orgs
        weights = []
        for o in all_orgs:
            if o.kind == OrganisationKind.MUNICIPALITY:
                weights.append(2 + math.sqrt(refs.municipalities[o.municipality_id or 0][3]) / 20)
            elif o.kind == OrganisationKind.COUNTY:
                weights.append(8.0)
            else:
                weights.append(1.5)
        picker = _Picker(all_orgs, weights)
        roles = _Picker([Role.MEMBER, Role.EDITOR, Role.ADMIN], [75, 18, 7])
        titles_of: dict[str, str] = {
            OrganisationKind.MUNICIPALITY: "public",
            OrganisationKind.COUNTY: "public",
            OrganisationKind.STATE_AGENCY: "public",
        }
        ascii_names = {name: slugify_nordic(name) for name in FIRST_NAMES + LAST_NAMES}
        # The first users go to the speaking organisations, two each.
        guaranteed = [org for org in speaking for _ in (0, 1)][:total]
        started = time.perf_counter()
        chunk = CHUNKS["users"]
        for first in range(0, total, chunk):
            rows = _rows()
            for i in range(first, min(total, first + chunk)):
                pk = self.writer.next_id(User)
                first_name = rng.choice(FIRST_NAMES)
                last_name = rng.choice(LAST_NAMES)
                name = f"{first_name} {last_name}"
                email = f"{ascii_names[first_name]}.{ascii_names[last_name]}.{i + 1}@{EMAIL_DOMAIN}"
                if i < len(guaranteed):
                    org = self.org_by_id[guaranteed[i]]
                    role = Role.ADMIN if i % 2 == 0 else Role.EDITOR
                    if i % 2 == 0:
                        self.representatives[org.id] = (pk, None)
                    else:
                        self.representatives[org.id] = (self.representatives[org.id][0], pk)
                else:
                    org = picker.pick(rng)
                    role = roles.pick(rng)
                titles = JOB_TITLES[titles_of.get(org.kind, org.kind)]
                joined = _at(_date_between(rng, datetime.date(2019, 1, 1), EPOCH.date()), 8)
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
                    self.users_by_org[member_of.id].append(pk)
                    if member_role != Role.MEMBER:
                        self.editors_by_org[member_of.id].append(pk)
                        self.contacts[pk] = (name, email)
            self.writer.write(rows)
            if (first // chunk) % self._every(total, chunk) == 0 or first + chunk >= total:
                self.progress("people", min(total, first + chunk), total, started)

    # --- cases -----------------------------------------------------------------------------

    def seed_cases(self) -> None:
        rng = self.rng("cases")
        refs = self.refs
        total = self.counts["cases"]
        municipal = _Picker(
            refs.municipal_orgs,
            [
                math.sqrt(refs.municipalities[o.municipality_id or 0][3])
                for o in refs.municipal_orgs
            ],
        )
        in_county = {
            org.id: _Picker(ids, [math.sqrt(refs.municipalities[m][3]) for m in ids])
            for org in refs.county_orgs
            if (ids := refs.county_municipalities.get(org.id))
        }
        others = [o for o in self.orgs if o.kind != OrganisationKind.FINANCE] or self.orgs
        phases = _Picker(
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
        years = _Picker(list(CASE_YEARS), [(y - 2010) ** 1.5 for y in CASE_YEARS])
        kinds = list(LessonKind.values)
        slugs = _Slugs(Case.objects.values_list("slug", flat=True))
        started = time.perf_counter()
        chunk = CHUNKS["cases"]
        for first in range(0, total, chunk):
            rows = _rows()
            for _ in range(first, min(total, first + chunk)):
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
                self._case(rng, rows, owner, municipality_id, phases, years, kinds, slugs)
            self.writer.write(rows)
            if (first // chunk) % self._every(total, chunk) == 0 or first + chunk >= total:
                self.progress("cases", min(total, first + chunk), total, started)

    def _case(
        self,
        rng: random.Random,
        rows: dict[type[Model], list[Any]],
        owner: _Org,
        municipality_id: int | None,
        phases: _Picker,
        years: _Picker,
        kinds: list[str],
        slugs: _Slugs,
    ) -> None:
        refs = self.refs
        pk = self.writer.next_id(Case)
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
            status = _Picker([Status.ONGOING, Status.COMPLETED, Status.STOPPED], [55, 35, 10]).pick(
                rng
            )
        year = years.pick(rng)
        last_day = EPOCH.date() - datetime.timedelta(days=45)
        started_on = _date_between(
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
            _at(published_day, rng.randint(7, 16), rng.randrange(60)) if is_published else None
        )
        visibility = Visibility.NETWORK if rng.random() < 0.10 else Visibility.PUBLIC
        topic = TOPICS[topic_index]

        origin = None
        pool = self.adoptable[topic_index]
        if is_published and pool and rng.random() < 0.06:
            origin = pool[rng.randrange(len(pool))]
        draft = _CaseDraft(
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

        editors = self.editors_by_org.get(owner.id) or self.users_by_org.get(owner.id) or []
        author = editors[rng.randrange(len(editors))] if editors else None
        contact = self.contacts.get(author or 0, ("", ""))
        progress_at = published_at
        review_on = None

        updates = []
        if is_published and position >= 3 and rng.random() < 0.6:
            moments = sorted(
                _date_between(rng, published_day, EPOCH.date() - datetime.timedelta(days=1))
                for _ in range(rng.randint(1, 3))
            )
            for k, day in enumerate(moments):
                update_kind: str = UpdateKind.PROGRESS
                before = after = ""
                if k == len(moments) - 1 and phase == Phase.SCALING:
                    update_kind, before, after = UpdateKind.SCALED, Phase.PILOT, Phase.SCALING
                elif k == len(moments) - 1 and status == Status.STOPPED:
                    update_kind = UpdateKind.STOPPED
                when = _at(day, rng.randint(8, 15), rng.randrange(60))
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

        problems = rng.sample(topic.problems, 2)
        solutions = rng.sample(topic.solutions, 2)
        problem = (
            ". ".join([p[lang] for p in problems] + [rng.choice(GENERIC_PROBLEMS)[lang]]) + "."
        )
        solution = (
            ". ".join([s[lang] for s in solutions] + [rng.choice(GENERIC_SOLUTIONS)[lang]]) + "."
        )
        if draft.late:
            other_metric = topic.metrics[(draft.metric + 1) % len(topic.metrics)][lang]
            results = [
                RESULT_PATTERNS[(draft.result + 1) % len(RESULT_PATTERNS)][lang].format(
                    M=cap(other_metric), m=other_metric, p=rng.randint(5, 50), months=draft.months
                )
            ]
            for generic in rng.sample(GENERIC_RESULTS, rng.randint(1, 2)):
                results.append(
                    generic[lang].format(
                        x=_number(rng.uniform(0.3, 9.5), language),
                        n=rng.randint(2, 14),
                        a=_number(rng.uniform(3.2, 4.3), language),
                        b=_number(rng.uniform(4.5, 5.6), language),
                    )
                )
            result_text = " ".join(results)
        else:
            result_text = rng.choice(EARLY_RESULTS)[lang] if rng.random() < 0.6 else ""
        keywords = rng.sample(topic.keywords, rng.randint(2, 4))

        created_at = _at(min(started_on, published_day), 9)
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
        theme_slugs = _some(
            rng, topic.themes[:1], topic.themes[1:] + tuple(all_themes), rng.randint(1, 3)
        )
        tech_slugs = _some(
            rng,
            topic.tech,
            list(refs.technologies),
            _Picker([0, 1, 2, 3], [15, 35, 30, 20]).pick(rng),
        )
        principle_numbers = _some(rng, topic.principles, list(refs.principles), rng.randint(1, 3))
        target_slugs = _some(rng, topic.targets, list(refs.targets), rng.randint(1, 2))
        sdg_numbers = _some(rng, topic.sdgs, list(refs.sdgs), rng.randint(1, 3))
        for model, column, values in (
            (Case.themes.through, "theme_id", _ids(refs.themes, theme_slugs)),
            (Case.technologies.through, "technology_id", _ids(refs.technologies, tech_slugs)),
            (Case.principles.through, "principle_id", _ids(refs.principles, principle_numbers)),
            (Case.target_pictures.through, "targetpicture_id", _ids(refs.targets, target_slugs)),
            (Case.sdgs.through, "sustainabledevelopmentgoal_id", _ids(refs.sdgs, sdg_numbers)),
        ):
            rows[model].extend(
                model(case_id=pk, **{column: value}) for value in sorted(set(values))
            )
        if rng.random() < 0.4 and refs.sdg_targets.get(sdg_numbers[0]):
            target = rng.choice(refs.sdg_targets[sdg_numbers[0]])
            rows[Case.sdg_targets.through].append(
                Case.sdg_targets.through(case_id=pk, sdgtarget_id=target)
            )

        if rng.random() < 0.4:
            sg, _dsg, plural, definite = topic.things_nb[draft.thing]
            thing_words = (
                (plural, definite) if lang == 0 else (topic.things_en[draft.thing][1],) * 2
            )
            for position_, lesson_kind in enumerate(sorted(rng.sample(kinds, rng.randint(1, 3)))):
                lesson = rng.choice(LESSONS[lesson_kind])[lang]
                rows[Lesson].append(
                    Lesson(
                        case_id=pk,
                        kind=lesson_kind,
                        position=position_,
                        text=lesson.format(
                            t=thing_words[0],
                            ts=thing_words[1],
                            who=rng.choice(STAKEHOLDERS)[lang],
                            what=rng.choice(ACTIVITIES)[lang],
                            months=rng.randint(2, 8),
                        ),
                    )
                )
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
        if rng.random() < 0.35 and self.orgs:
            partners = {rng.choice(self.orgs).id for _ in range(rng.randint(1, 3))} - {owner.id}
            for partner in sorted(partners):
                kind = self.org_by_id[partner].kind
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
            self.topic_cases[topic_index].append(pk)
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
                        url=self.case_url.replace("__slug__", slug),
                        is_demo=True,
                        created_at=published_at,
                    )
                )
        if owner.kind == OrganisationKind.MUNICIPALITY and len(self.org_cases[owner.id]) < 30:
            self.org_cases[owner.id].append(
                (pk, tuple(refs.principles[n] for n in principle_numbers))
            )

    # --- datasets --------------------------------------------------------------------------

    def seed_datasets(self) -> None:
        rng = self.rng("datasets")
        refs = self.refs
        total = self.counts["datasets"]
        municipal = _Picker(
            refs.municipal_orgs,
            [
                math.sqrt(refs.municipalities[o.municipality_id or 0][3])
                for o in refs.municipal_orgs
            ],
        )
        sources: list[tuple[float, list[_Org]]] = [
            (0.55, refs.nordic_orgs),
            (0.62, refs.county_orgs),
            (0.85, self.orgs_by_kind[OrganisationKind.BUSINESS]),
            (0.93, self.orgs_by_kind[OrganisationKind.STATE_AGENCY]),
            (1.01, self.orgs_by_kind[OrganisationKind.ACADEMIA]),
        ]
        known = [(k, w) for k, w in OPEN_LICENCES if k in refs.licences]
        open_licences = _Picker([k for k, _w in known], [w for _k, w in known]) if known else None
        slugs = _Slugs(Dataset.objects.values_list("slug", flat=True))
        started = time.perf_counter()
        chunk = CHUNKS["datasets"]
        for first in range(0, total, chunk):
            rows = _rows()
            for _ in range(first, min(total, first + chunk)):
                draw = rng.random()
                publisher = None
                if draw >= 0.5:
                    for limit, candidates in sources:
                        if draw < limit:
                            publisher = rng.choice(candidates) if candidates else None
                            break
                if publisher is None:
                    publisher = municipal.pick(rng)
                self._dataset(rng, rows, publisher, open_licences, slugs)
            self.writer.write(rows)
            if (first // chunk) % self._every(total, chunk) == 0 or first + chunk >= total:
                self.progress("datasets", min(total, first + chunk), total, started)

    def _dataset(
        self,
        rng: random.Random,
        rows: dict[type[Model], list[Any]],
        publisher: _Org,
        open_licences: _Picker | None,
        slugs: _Slugs,
    ) -> None:
        refs = self.refs
        pk = self.writer.next_id(Dataset)
        topic_index = rng.randrange(len(TOPICS))
        topic = TOPICS[topic_index]
        ds = topic.datasets[rng.randrange(len(topic.datasets))]
        frequency = DATASET_FREQUENCIES[rng.randrange(len(DATASET_FREQUENCIES))]
        unit = DATASET_UNITS[rng.randrange(len(DATASET_UNITS))]
        pattern = DATASET_TITLE_PATTERNS[rng.randrange(len(DATASET_TITLE_PATTERNS))]
        y1 = rng.randint(2012, 2024)
        place = publisher.place
        y2 = y1 + rng.randint(1, 2)
        titles = [
            pattern[lang].format(
                ds=ds[lang], place=place, freq=frequency[lang], unit=unit[lang], y1=y1, y2=y2
            )
            for lang in (0, 1)
        ]
        draw = rng.random()
        has = (True, True) if draw < 0.85 else (True, False) if draw < 0.97 else (False, True)
        # How complete the metadata is, so the quality scores spread over every band as in
        # real catalogues (as in the demo catalogue): 3 full, 2 good, 1 basic, 0 bare.
        level = _Picker([3, 2, 1, 0], [15, 30, 35, 20]).pick(rng)

        commercial = publisher.kind == OrganisationKind.BUSINESS
        if commercial:
            price_model = _Picker(
                [PriceModel.FREE, PriceModel.SUBSCRIPTION, PriceModel.PER_CALL, PriceModel.ONE_OFF],
                [30, 35, 20, 15],
            ).pick(rng)
            access = _Picker(
                [AccessRights.PUBLIC, AccessRights.RESTRICTED, AccessRights.NON_PUBLIC],
                [60, 30, 10],
            ).pick(rng)
        else:
            price_model = PriceModel.FREE if rng.random() < 0.96 else PriceModel.SUBSCRIPTION
            access = _Picker(
                [AccessRights.PUBLIC, AccessRights.RESTRICTED, AccessRights.NON_PUBLIC], [88, 8, 4]
            ).pick(rng)
        if level == 0 and rng.random() < 0.5:
            access = ""
        licence = None
        if price_model == PriceModel.FREE and access == AccessRights.PUBLIC:
            if open_licences is not None and (level > 0 or rng.random() < 0.3):
                licence = refs.licences[open_licences.pick(rng)]
        elif "CC-BY-NC-4.0" in refs.licences and rng.random() < 0.3:
            licence = refs.licences["CC-BY-NC-4.0"]
        price_nok = None
        price_terms = ""
        if price_model != PriceModel.FREE:
            low, high = {
                PriceModel.SUBSCRIPTION: (500, 20000),
                PriceModel.PER_CALL: (0.05, 2.0),
                PriceModel.ONE_OFF: (5000, 200000),
            }[PriceModel(price_model)]
            price_nok = Decimal(f"{rng.uniform(low, high):.2f}")
            price_terms = rng.choice(
                (
                    "Pris eksklusive mva. Rabatt for kommuner i nettverket.",
                    "Prisen gjelder per måned; oppsigelse med tre måneders varsel.",
                    "Volumrabatt over 100 000 kall i måneden.",
                    "Engangslisens for intern bruk i kommunen.",
                )
            )
        licence_name = next((k for k, v in refs.licences.items() if v == licence), "")
        descriptions = []
        for lang in (0, 1):
            source = rng.choice(DATASET_SOURCES)[lang]
            goal = topic.goals[rng.randrange(len(topic.goals))][lang]
            if lang == 0:
                text = (
                    f"{ds[0]} {source} i {place}, som {frequency[0]} per {unit[0]}. "
                    f"Dataene brukes blant annet til å {goal}."
                )
                text += (
                    f" Datasettet er åpent og kan brukes fritt under {licence_name}."
                    if licence_name and price_model == PriceModel.FREE
                    else f" Tilgang krever avtale med {publisher.name}; se pris og vilkår."
                )
            else:
                text = (
                    f"{ds[1]} {source} in {place}, as {frequency[1]} per {unit[1]}. "
                    f"The data is used, among other things, to {goal}."
                )
                text += (
                    f" The dataset is open and free to use under {licence_name}."
                    if licence_name and price_model == PriceModel.FREE
                    else f" Access requires an agreement with {publisher.name}; see the terms."
                )
            descriptions.append(text)
        keywords = rng.sample(topic.keywords, rng.randint(2, 4))
        slug = slugs.make(titles[0] if has[0] else titles[1], fallback="datasett")
        issued = _date_between(
            rng, datetime.date(2015, 1, 1), EPOCH.date() - datetime.timedelta(days=10)
        )
        modified = _date_between(rng, issued, EPOCH.date()) if level >= 2 else None
        temporal_start = (
            datetime.date(y1, rng.randint(1, 12), 1) if level >= 2 and rng.random() < 0.8 else None
        )
        if level == 0:
            keywords = []
        withdrawn = rng.random() < 0.03
        formats = list(
            dict.fromkeys(rng.sample(topic.formats, rng.randint(1, min(2, len(topic.formats)))))
        )
        conforms_to = []
        if "GTFS" in formats:
            conforms_to.append("https://gtfs.org/schedule/reference/")
        if "NETEX" in formats:
            conforms_to.append("https://netex-cen.eu/")
        rich = level >= 2
        dataset = Dataset(
            id=pk,
            uri=f"{WEB_BASE}/dataset/{slug}",
            slug=slug,
            identifier=slug,
            title_nb=titles[0] if has[0] else "",
            title_en=titles[1] if has[1] else "",
            description_nb=descriptions[0] if has[0] else "",
            description_en=descriptions[1] if has[1] else "",
            publisher_id=publisher.id,
            contact_name=f"Dataforvaltning, {publisher.name}"[:200] if rich else "",
            contact_email=f"data@{publisher.slug[:40]}.example.org" if rich else "",
            keywords_nb=[k[0] for k in keywords] if has[0] else [],
            keywords_en=[k[1] for k in keywords] if has[1] else [],
            temporal_start=temporal_start,
            temporal_end=temporal_start.replace(year=temporal_start.year + 1)
            if temporal_start and rng.random() < 0.3
            else None,
            frequency=frequency[2] if rng.random() < 0.75 else "",
            issued=issued if level >= 2 else None,
            modified=modified,
            landing_page=f"{WEB_BASE}/{publisher.slug}/{slug}/" if level == 3 else "",
            conforms_to=conforms_to,
            languages=[code for code, present in zip(("nb", "en"), has, strict=True) if present],
            access_rights=access,
            licence_id=licence,
            price_model=price_model,
            price_nok=price_nok,
            price_terms=price_terms,
            status=DatasetStatus.WITHDRAWN if withdrawn else DatasetStatus.ACTIVE,
            withdrawn_at=_at(_date_between(rng, issued, EPOCH.date()), 10) if withdrawn else None,
            created_at=_at(issued, 10),
            is_demo=True,
        )
        rows[Dataset].append(dataset)
        data_themes = _some(
            rng,
            topic.data_themes[:1],
            topic.data_themes[1:] + tuple(refs.data_themes),
            rng.randint(1, 2) if level else 0,
        )
        themes = _some(rng, topic.themes, (), rng.randint(0, 2))
        spatial: list[int] = []
        if level < 2:
            pass
        elif publisher.municipality_id:
            spatial = [publisher.municipality_id]
        elif publisher.kind == OrganisationKind.COUNTY:
            members = refs.county_municipalities.get(publisher.id, [])
            spatial = rng.sample(members, min(len(members), rng.randint(2, 5)))
        for model, column, values in (
            (Dataset.data_themes.through, "datatheme_id", _ids(refs.data_themes, data_themes)),
            (Dataset.themes.through, "theme_id", _ids(refs.themes, themes)),
            (Dataset.spatial.through, "municipality_id", spatial),
        ):
            rows[model].extend(model(dataset_id=pk, **{column: v}) for v in sorted(set(values)))
        published_cases = self.topic_cases.get(topic_index)
        if published_cases and rng.random() < 0.25:
            for case in sorted({rng.choice(published_cases) for _ in range(rng.randint(1, 2))}):
                rows[Dataset.used_in_cases.through].append(
                    Dataset.used_in_cases.through(dataset_id=pk, case_id=case)
                )

        checked = EPOCH - datetime.timedelta(hours=rng.randint(1, 30))
        api = rng.random() < 0.25
        entries: list[tuple[str, bool]] = [(code, False) for code in formats]
        if api:
            entries.append(("JSON", True))
        distributions = []
        for position, (code, is_api) in enumerate(entries):
            file_type = FILE_TYPES.get(code)
            extension = EXTENSIONS.get(code, code.lower())
            pattern_draw = rng.random()
            never = pattern_draw < 0.1
            down = pattern_draw >= 0.93
            availability = (
                None
                if never
                else rng.uniform(0.2, 0.6)
                if down
                else rng.uniform(0.7, 0.93)
                if pattern_draw > 0.8
                else (1.0 if rng.random() < 0.7 else 29 / 30)
            )
            distributions.append(
                Distribution(
                    dataset_id=pk,
                    position=position,
                    uri=f"{WEB_BASE}/dataset/{slug}/distribution/{position + 1}",
                    title_nb="API" if is_api else f"{code}-fil",
                    title_en="API" if is_api else f"{code} file",
                    access_url=f"{WEB_BASE}/api/{slug}/v1/"
                    if is_api
                    else f"{WEB_BASE}/{publisher.slug}/{slug}/",
                    download_url=""
                    if is_api or level < 2
                    else f"{WEB_BASE}/{publisher.slug}/{slug}/{slug}.{extension}",
                    api_description_url=f"{WEB_BASE}/api/{slug}/v1/openapi.json" if is_api else "",
                    format=code,
                    media_type=file_type.media_type if file_type and level >= 2 else "",
                    byte_size=rng.randint(2_000, 900_000_000)
                    if not is_api and level == 3
                    else None,
                    licence_id=licence if level == 3 else None,
                    modified=modified,
                    last_checked_at=None if never else checked,
                    last_ok_at=None
                    if never
                    else checked - datetime.timedelta(days=9 if down else 0),
                    last_status=None if never else 404 if down else 200,
                    last_response_ms=None if never or down else rng.randint(40, 900),
                    last_error="The server answered with an error." if down else "",
                    availability_30d=availability,
                    created_at=_at(issued, 10),
                )
            )
        rows[Distribution].extend(distributions)
        started = time.perf_counter()
        quality = _quality(
            dataset,
            distributions,
            data_themes=_ids(refs.data_themes, data_themes),
            spatial=spatial,
        )
        dataset.quality = quality
        dataset.quality_points = quality["points"]
        dataset.quality_band = quality["band"]
        self.writer.seconds["catalog_dataset (quality)"] += time.perf_counter() - started
        if not withdrawn:
            nb_title = titles[0] if has[0] else titles[1]
            en_title = titles[1] if has[1] else titles[0]
            rows[Activity].append(
                Activity(
                    verb="catalog.published",
                    text_nb=f"{publisher.name} publiserte datasettet «{nb_title}»"[:300],
                    text_en=f"{publisher.name} published the dataset “{en_title}”"[:300],
                    url=self.dataset_url.replace("__slug__", slug),
                    is_demo=True,
                    created_at=_at(issued, 10),
                )
            )

    # --- assessments -----------------------------------------------------------------------

    def seed_assessments(self) -> None:
        rng = self.rng("assessments")
        refs = self.refs
        wanted = self.counts["assessments"]
        orgs = refs.municipal_orgs
        pairs = [(org, year) for org in orgs for year in ASSESSMENT_YEARS]
        count = min(wanted, len(pairs))
        if count < wanted:
            note = (
                f"assessments: {count:,} instead of {wanted:,}: at most one per municipality "
                f"and round ({len(orgs)} municipalities × {len(ASSESSMENT_YEARS)} rounds, "
                f"{ASSESSMENT_YEARS[0]}–{ASSESSMENT_YEARS[-1]})"
            )
            self.notes.append(note)
            self.out(note)
        chosen = sorted(rng.sample(range(len(pairs)), count))
        principles = sorted(refs.principles.items())  # (number, id)
        questions = refs.key_questions
        profiles: dict[int, tuple[list[float], float]] = {}
        previous: dict[int, int] = {}
        visibilities = _Picker(
            [
                AssessmentVisibility.PRIVATE,
                AssessmentVisibility.NETWORK,
                AssessmentVisibility.PUBLIC,
            ],
            [25, 50, 25],
        )
        started = time.perf_counter()
        chunk = 200
        for first in range(0, count, chunk):
            rows = _rows()
            for model in (Assessment, Section, Answer):
                rows[model]  # parents first
            for index in chosen[first : first + chunk]:
                org, year = pairs[index]
                if org.id not in profiles:
                    profiles[org.id] = (
                        [rng.uniform(1.4, 3.9) for _ in principles],
                        rng.uniform(0, 0.25),
                    )
                bases, growth = profiles[org.id]
                is_draft = year == ASSESSMENT_YEARS[-1] and rng.random() < 0.5
                editors = self.editors_by_org.get(org.id, [])
                person = editors[rng.randrange(len(editors))] if editors else None
                pk = self.writer.next_id(Assessment)
                submitted_at = (
                    None if is_draft else datetime.datetime(year, 10, 15, 12, tzinfo=datetime.UTC)
                )
                sections = {}
                for (number, principle), base in zip(principles, bases, strict=True):
                    section_id = self.writer.next_id(Section)
                    sections[principle] = (
                        section_id,
                        number,
                        base + growth * (year - ASSESSMENT_YEARS[0]),
                    )
                levels_of: dict[int, list[int | None]] = defaultdict(list)
                first_answer: dict[int, int] = {}
                for question, principle, _position in questions:
                    section_id, number, level_base = sections[principle]
                    level: int | None = max(
                        1, min(5, round(level_base + rng.choice((-1, 0, 0, 0, 1))))
                    )
                    if is_draft and number > 4:
                        level = None
                    answer_id = self.writer.next_id(Answer)
                    rows[Answer].append(
                        Answer(
                            id=answer_id,
                            section_id=section_id,
                            key_question_id=question,
                            level=level,
                            comment=rng.choice(ASSESSMENT_COMMENTS)
                            if level and rng.random() < 0.08
                            else "",
                            created_at=datetime.datetime(year, 9, 20, 12, tzinfo=datetime.UTC),
                        )
                    )
                    levels_of[principle].append(level)
                    if level is not None:
                        first_answer.setdefault(principle, answer_id)
                scores = []
                answered_total = 0
                for principle, (section_id, _number, level_base) in sections.items():
                    levels = levels_of[principle]
                    score = scoring.principle_score(levels)
                    answered = sum(1 for v in levels if v is not None)
                    answered_total += answered
                    scores.append(score)
                    rows[Section].append(
                        Section(
                            id=section_id,
                            assessment_id=pk,
                            principle_id=principle,
                            score=score,
                            answered=answered,
                            updated_by_id=person,
                            created_at=datetime.datetime(year, 9, 15, 12, tzinfo=datetime.UTC),
                        )
                    )
                    options = refs.challenges.get(principle, [])
                    if answered and level_base <= 2.5 and options:
                        for challenge in sorted(
                            rng.sample(options, min(len(options), rng.randint(1, 2)))
                        ):
                            rows[Section.barriers.through].append(
                                Section.barriers.through(
                                    section_id=section_id, challenge_id=challenge
                                )
                            )
                    cases = [c for c, ps in self.org_cases.get(org.id, []) if principle in ps]
                    if principle in first_answer and cases and rng.random() < 0.3:
                        rows[Answer.evidence.through].append(
                            Answer.evidence.through(
                                answer_id=first_answer[principle], case_id=rng.choice(cases)
                            )
                        )
                rows[Assessment].append(
                    Assessment(
                        id=pk,
                        organisation_id=org.id,
                        year=year,
                        status=AssessmentStatus.DRAFT if is_draft else AssessmentStatus.SUBMITTED,
                        visibility=AssessmentVisibility.PRIVATE
                        if is_draft
                        else visibilities.pick(rng),
                        previous_id=previous.get(org.id),
                        started_by_id=person,
                        submitted_at=submitted_at,
                        submitted_by_id=None if is_draft else person,
                        score=scoring.overall_score(scores),
                        answered=answered_total,
                        created_at=datetime.datetime(year, 9, 15, 12, tzinfo=datetime.UTC),
                        is_demo=True,
                    ),
                )
                previous[org.id] = pk
            self.writer.write(rows)
        self.progress("assessments", count, count, started)

    # --- networks --------------------------------------------------------------------------

    def seed_networks(self) -> None:
        rng = self.rng("networks")
        refs = self.refs
        rows = _rows()
        smartbyene = refs.networks.get("smartbyene")
        nordic = refs.networks.get("nordic-smart-city-network")
        members: dict[int, list[int]] = {}  # network → current member organisations
        if smartbyene is not None:
            rows[NetworkMembership]  # parents first
            current = []
            for org in self.smartbyene_members:
                user, deputy = self.representatives.get(org.id, (None, None))
                rows[NetworkMembership].append(
                    NetworkMembership(
                        id=self.writer.next_id(NetworkMembership),
                        network_id=smartbyene,
                        organisation_id=org.id,
                        joined_on=_date_between(rng, datetime.date(2016, 1, 1), EPOCH.date()),
                        representative_id=user,
                        deputy_id=deputy,
                        is_demo=True,
                        created_at=EPOCH - datetime.timedelta(days=400),
                    )
                )
                current.append(org.id)
            # A few former members, so membership histories are not all open-ended.
            taken = set(current)
            former = [o for o in refs.municipal_orgs if o.id not in taken]
            for org in rng.sample(former, min(len(former), max(1, len(current) // 20))):
                joined = _date_between(rng, datetime.date(2016, 1, 1), datetime.date(2022, 12, 31))
                rows[NetworkMembership].append(
                    NetworkMembership(
                        id=self.writer.next_id(NetworkMembership),
                        network_id=smartbyene,
                        organisation_id=org.id,
                        joined_on=joined,
                        left_on=joined + datetime.timedelta(days=rng.randint(365, 1200)),
                        is_demo=True,
                        created_at=_at(joined, 9),
                    )
                )
            members[smartbyene] = current
        if nordic is not None:
            named = []
            for membership_id, org_id in refs.nordic_memberships:
                user, deputy = self.representatives.get(org_id, (None, None))
                if user is not None:
                    named.append(
                        NetworkMembership(
                            id=membership_id, representative_id=user, deputy_id=deputy
                        )
                    )
            with transaction.atomic():
                NetworkMembership.objects.bulk_update(named, ["representative", "deputy"])
            members[nordic] = [org for _pk, org in refs.nordic_memberships]
        networks = [n for n in (smartbyene, nordic) if n is not None and members.get(n)]
        if not networks:
            return
        # One secretariat person per network.
        people = sorted({u for users in self.users_by_org.values() for u in users[:1]})
        for network in networks:
            if people:
                rows[NetworkRole].append(
                    NetworkRole(
                        network_id=network,
                        user_id=people[rng.randrange(len(people))],
                        created_at=EPOCH - datetime.timedelta(days=500),
                    )
                )
        weights = [3 if n == smartbyene else 1 for n in networks]
        network_picker = _Picker(networks, weights)

        # Workgroups on the topics, led and joined by member organisations.
        workgroups: dict[int, list[tuple[int, list[int], str, datetime.date, datetime.date | None]]]
        workgroups = defaultdict(list)
        slugs = {network: _Slugs(()) for network in networks}
        for _ in range(min(400, max(2, self.counts["workgroups"]))):
            network = network_picker.pick(rng)
            topic = TOPICS[rng.randrange(len(TOPICS))]
            slug = slugs[network].make(topic.name[0], fallback="arbeidsgruppe")
            n = slugs[network].number
            group_members = rng.sample(
                members[network], min(len(members[network]), rng.randint(3, 10))
            )
            created_on = _date_between(rng, datetime.date(2018, 1, 1), EPOCH.date())
            dissolved_on = (
                _date_between(rng, created_on, EPOCH.date()) if rng.random() < 0.2 else None
            )
            pk = self.writer.next_id(Workgroup)
            goal = topic.goals[rng.randrange(len(topic.goals))]
            themes = refs.work_themes.get(network, [])
            suffix = ("", "") if n == 1 else (f" (gruppe {n})", f" (group {n})")
            rows[Workgroup].append(
                Workgroup(
                    id=pk,
                    network_id=network,
                    slug=slug,
                    name_nb=topic.name[0] + suffix[0],
                    name_en=topic.name[1] + suffix[1],
                    theme_id=rng.choice(themes) if themes else None,
                    mandate_nb=f"Erfaringsdeling og felles anbefalinger for å {goal[0]}.",
                    mandate_en=f"Sharing experience and joint recommendations to {goal[1]}.",
                    lead_id=group_members[0],
                    created_on=created_on,
                    dissolved_on=dissolved_on,
                    is_demo=True,
                    created_at=_at(created_on, 9),
                )
            )
            rows[Workgroup.members.through].extend(
                Workgroup.members.through(workgroup_id=pk, organisation_id=org)
                for org in sorted(group_members)
            )
            workgroups[network].append((pk, group_members, topic.name[0], created_on, dissolved_on))
        self.writer.write(rows)

        self.seed_meetings(rng, networks, network_picker, members, workgroups)
        self.seed_decisions(rng, networks, network_picker, members)

    def seed_meetings(
        self,
        rng: random.Random,
        networks: list[int],
        network_picker: _Picker,
        members: dict[int, list[int]],
        workgroups: dict[
            int, list[tuple[int, list[int], str, datetime.date, datetime.date | None]]
        ],
    ) -> None:
        refs = self.refs
        total = self.counts["meetings"]
        short = {
            refs.networks.get("smartbyene"): "Smartbyene",
            refs.networks.get("nordic-smart-city-network"): "NSCN",
        }
        started = time.perf_counter()
        chunk = 500
        for first in range(0, total, chunk):
            rows = _rows()
            rows[Meeting]  # parents first
            for _ in range(first, min(total, first + chunk)):
                network = network_picker.pick(rng)
                draw = rng.random()
                groups = workgroups.get(network, [])
                day = _date_between(
                    rng, datetime.date(2019, 1, 1), EPOCH.date() + datetime.timedelta(days=180)
                )
                starts_at = _at(day, rng.randint(8, 13), rng.choice((0, 15, 30)))
                body_id = workgroup_id = None
                agenda: tuple[str, ...]
                topic_name = TOPICS[rng.randrange(len(TOPICS))].name[0]
                if draw < 0.4 and groups:
                    group = groups[rng.randrange(len(groups))]
                    workgroup_id, attendees, topic_name = group[0], group[1], group[2]
                    titles = (f"{group[2]}: arbeidsmøte", f"{group[2]}: working meeting")
                    agenda = WORKGROUP_AGENDA
                    is_public = rng.random() < 0.5
                elif draw < 0.5:
                    body_id = refs.bodies[(network, Body.Kind.OWNER_MEETING)][0]
                    attendees = members[network]
                    titles = (
                        f"Eiermøte {short[network]} {day.year}",
                        f"{short[network]} owner meeting {day.year}",
                    )
                    agenda = OWNER_AGENDA
                    is_public = True
                else:
                    body_id = refs.bodies[(network, Body.Kind.STEERING_GROUP)][0]
                    attendees = members[network]
                    titles = (
                        f"Styringsgruppemøte {short[network]} {day:%m/%Y}",
                        f"{short[network]} steering group meeting {day:%m/%Y}",
                    )
                    agenda = STEERING_AGENDA
                    is_public = rng.random() < 0.8
                pk = self.writer.next_id(Meeting)
                cancelled = rng.random() < 0.03
                past = starts_at < EPOCH and not cancelled
                rows[Meeting].append(
                    Meeting(
                        id=pk,
                        network_id=network,
                        body_id=body_id,
                        workgroup_id=workgroup_id,
                        title_nb=titles[0],
                        title_en=titles[1],
                        starts_at=starts_at,
                        ends_at=starts_at
                        + datetime.timedelta(minutes=rng.choice((60, 90, 120, 180))),
                        place=rng.choice(MEETING_PLACES),
                        online_url=f"https://example.org/seed/meeting/{pk}",
                        is_public=is_public,
                        status=Meeting.Status.CANCELLED if cancelled else Meeting.Status.SCHEDULED,
                        minutes=MINUTES.format(topic=topic_name) if past else "",
                        sequence=rng.randint(0, 2),
                        is_demo=True,
                        created_at=starts_at - datetime.timedelta(days=rng.randint(14, 60)),
                    )
                )
                for position, item in enumerate(
                    rng.sample(agenda, min(len(agenda), rng.randint(2, 5)))
                ):
                    rows[AgendaItem].append(
                        AgendaItem(meeting_id=pk, position=position, title=item)
                    )
                for title in rng.sample(
                    ("Innkalling", "Saksdokumenter", "Presentasjoner"), rng.randint(0, 2)
                ):
                    rows[Document].append(
                        Document(
                            meeting_id=pk,
                            title=title,
                            url=f"https://example.org/seed/meeting/{pk}/{slugify_nordic(title)}.pdf",
                            created_at=starts_at - datetime.timedelta(days=7),
                        )
                    )
                if past:
                    seen: set[int] = set()
                    for org in attendees:
                        user = self.representatives.get(org, (None, None))[0]
                        if user is None or user in seen or rng.random() >= 0.75:
                            continue
                        seen.add(user)
                        rows[Attendance].append(
                            Attendance(meeting_id=pk, user_id=user, organisation_id=org)
                        )
            self.writer.write(rows)
        self.progress("meetings", total, total, started)

    def seed_decisions(
        self,
        rng: random.Random,
        networks: list[int],
        network_picker: _Picker,
        members: dict[int, list[int]],
    ) -> None:
        refs = self.refs
        total = self.counts["decisions"]
        choice_weights = _Picker(["yes", "no", "abstain"], [65, 20, 15])
        started = time.perf_counter()
        chunk = 200
        for first in range(0, total, chunk):
            rows = _rows()
            rows[Decision]  # parents first
            rows[DecisionOption]
            for _ in range(first, min(total, first + chunk)):
                network = network_picker.pick(rng)
                kind = Body.Kind.STEERING_GROUP if rng.random() < 0.7 else Body.Kind.OWNER_MEETING
                body_id, quorum, majority = refs.bodies[(network, kind)]
                opens_day = _date_between(
                    rng, datetime.date(2019, 1, 1), EPOCH.date() + datetime.timedelta(days=60)
                )
                opens_at = _at(opens_day, 9)
                closes_at = opens_at + datetime.timedelta(days=rng.randint(7, 21))
                status = (
                    Decision.Status.CLOSED
                    if closes_at <= EPOCH
                    else Decision.Status.OPEN
                    if opens_at <= EPOCH
                    else Decision.Status.DRAFT
                )
                several = rng.random() < 0.2
                year = opens_day.year + 1
                topic = TOPICS[rng.randrange(len(TOPICS))]
                if several:
                    title = (
                        "Vertsby for nettverkssamlingen {year}",
                        "Host city of the network gathering {year}",
                    )
                    hosts = rng.sample(members[network], min(3, len(members[network])))
                    labels = [(self.org_by_id[o].place, self.org_by_id[o].place) for o in hosts]
                    if len(labels) < 2:
                        labels = [(t.name[0], t.name[1]) for t in rng.sample(TOPICS, 3)]
                else:
                    title = rng.choice(DECISION_TITLES)
                    labels = []
                words = {
                    "year": year,
                    "topic": topic.name[0].lower(),
                    "topic_en": topic.name[1].lower(),
                }
                pk = self.writer.next_id(Decision)
                decision = Decision(
                    id=pk,
                    body_id=body_id,
                    title_nb=title[0].format(**words),
                    title_en=title[1].format(**words),
                    proposal_nb=PROPOSAL[0],
                    proposal_en=PROPOSAL[1],
                    kind=Decision.Kind.OPTIONS if several else Decision.Kind.YES_NO,
                    secret=rng.random() < 0.2,
                    opens_at=opens_at,
                    closes_at=closes_at,
                    status=status,
                    is_demo=True,
                    created_at=opens_at - datetime.timedelta(days=7),
                )
                if several:
                    specs = [(nb, en, "") for nb, en in labels] + [("Avstår", "Abstain", "abstain")]
                else:
                    specs = [(nb, en, role) for role, nb, en in YES_NO]
                options = [
                    DecisionOption(
                        id=self.writer.next_id(DecisionOption),
                        decision_id=pk,
                        position=i,
                        label_nb=nb,
                        label_en=en,
                        role=role,
                    )
                    for i, (nb, en, role) in enumerate(specs)
                ]
                rows[DecisionOption].extend(options)
                if status != Decision.Status.DRAFT:
                    electorate = members[network]
                    rows[Elector].extend(
                        Elector(decision_id=pk, organisation_id=o) for o in electorate
                    )
                    counts: dict[int, int] = defaultdict(int)
                    turnout = 0.8 if status == Decision.Status.CLOSED else 0.4
                    last = min(closes_at, EPOCH) - datetime.timedelta(hours=1)
                    span = max(1, int((last - opens_at).total_seconds() // 60))
                    by_role = {o.role: o for o in options}
                    for org in electorate:
                        if rng.random() >= turnout:
                            continue
                        if several:
                            option = options[rng.randrange(len(options))]
                        else:
                            option = by_role[choice_weights.pick(rng)]
                        cast_at = opens_at + datetime.timedelta(minutes=rng.randrange(span))
                        counts[option.pk] += 1
                        rows[Ballot].append(
                            Ballot(
                                decision_id=pk,
                                organisation_id=org,
                                option_id=option.pk,
                                cast_at=cast_at,
                            )
                        )
                        rows[VoteRecord].append(
                            VoteRecord(
                                decision_id=pk,
                                organisation_id=org,
                                cast_by_id=self.representatives.get(org, (None, None))[0],
                                cast_at=cast_at,
                                option_id=None if decision.secret else option.pk,
                            )
                        )
                    if status == Decision.Status.CLOSED:
                        # The same rules as decision_close, so the stored result is the one
                        # the service would have computed.
                        decision.quorum_percent = quorum
                        decision.majority = majority
                        decision.electorate_size = len(electorate)
                        cast = sum(counts.values())
                        decision.tally = {
                            "cast": cast,
                            "electorate": len(electorate),
                            "options": [
                                {"id": o.pk, "role": o.role, "votes": counts.get(o.pk, 0)}
                                for o in options
                            ],
                        }
                        outcome, winner = _outcome(decision, options, counts, cast, len(electorate))
                        decision.outcome = outcome
                        decision.winning_option_id = winner.pk if winner else None
                        decision.closed_at = closes_at
                rows[Decision].append(decision)
            self.writer.write(rows)
        self.progress("decisions", total, total, started)

    # --- after the load --------------------------------------------------------------------

    def reset_sequences(self) -> None:
        """Rows were written with their ids: move PostgreSQL's sequences past them (SQLite's
        AUTOINCREMENT follows by itself)."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.writer.ids))
        if statements:
            with transaction.atomic(), connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)

    def rebuild_indexes(self) -> None:
        # Each app registers its index in its `search` module (see `smartby reindex`).
        autodiscover_modules("search")
        for table, rebuild in sorted(registered_rebuilds().items()):
            started = time.perf_counter()
            count = rebuild()
            self.writer.seconds[f"{table} (index)"] += time.perf_counter() - started
            self.writer.rows[f"{table} (index)"] += count
            self.out(f"  {table}: {count:,} rows indexed ({time.perf_counter() - started:.1f} s)")


# --- comparing two databases ---------------------------------------------------------------


def _fingerprint_spec() -> list[tuple[type[Model], dict[str, Any], tuple[str, ...]]]:
    """The seeded content by natural keys (slugs, e-mails, codes), never by ids, so two
    databases seeded alike give the same fingerprint (reference rows only where the seed
    links to them: their own timestamps differ between loads)."""
    spec: list[tuple[Any, str]] = [
        (
            Organisation,
            "slug name kind municipality__code county__number org_number website "
            "email description is_demo created_at",
        ),
        (
            User,
            "email full_name title preferred_language is_public is_demo date_joined "
            "email_confirmed_at",
        ),
        (
            Membership,
            "user__email organisation__slug role created_at",
        ),
        (
            Case,
            "slug owner__slug municipality__code language title summary problem "
            "solution results tags phase status started_on ended_on funding "
            "contact_name contact_email is_published published_at visibility "
            "adopted_from__slug lineage_root__slug progress_at review_on "
            "created_by__email created_at is_demo",
        ),
        (
            Case.themes.through,
            "case__slug theme__slug",
        ),
        (
            Case.technologies.through,
            "case__slug technology__slug",
        ),
        (
            Case.principles.through,
            "case__slug principle__number",
        ),
        (
            Case.target_pictures.through,
            "case__slug targetpicture__slug",
        ),
        (
            Case.sdgs.through,
            "case__slug sustainabledevelopmentgoal__number",
        ),
        (
            Case.sdg_targets.through,
            "case__slug sdgtarget__code",
        ),
        (
            Lesson,
            "case__slug position kind text",
        ),
        (
            CaseTranslation,
            "case__slug language title summary",
        ),
        (
            CasePartner,
            "case__slug organisation__slug role__slug can_edit",
        ),
        (
            CaseLink,
            "case__slug url title",
        ),
        (
            CaseUpdate,
            "case__slug created_at kind text phase_before phase_after author__email",
        ),
        (
            Dataset,
            "slug uri title_nb title_en description_nb description_en "
            "publisher__slug contact_name contact_email keywords_nb keywords_en "
            "temporal_start temporal_end frequency issued modified landing_page "
            "conforms_to languages access_rights licence__identifier price_model "
            "price_nok price_terms status withdrawn_at quality_points quality_band "
            "is_demo",
        ),
        (
            Distribution,
            "dataset__slug position uri title_nb title_en access_url download_url "
            "format media_type byte_size licence__identifier availability_30d "
            "last_checked_at last_status",
        ),
        (
            Dataset.data_themes.through,
            "dataset__slug datatheme__code",
        ),
        (
            Dataset.themes.through,
            "dataset__slug theme__slug",
        ),
        (
            Dataset.spatial.through,
            "dataset__slug municipality__code",
        ),
        (
            Dataset.used_in_cases.through,
            "dataset__slug case__slug",
        ),
        (
            Assessment,
            "organisation__slug year status visibility previous__year "
            "started_by__email submitted_at score answered is_demo",
        ),
        (
            Section,
            "assessment__organisation__slug assessment__year principle__number score answered",
        ),
        (
            Answer,
            "section__assessment__organisation__slug section__assessment__year "
            "key_question__code level comment",
        ),
        (
            Section.barriers.through,
            "section__assessment__organisation__slug section__assessment__year "
            "challenge__principle__number challenge__position",
        ),
        (
            Answer.evidence.through,
            "answer__section__assessment__organisation__slug "
            "answer__section__assessment__year answer__key_question__code "
            "case__slug",
        ),
        (
            NetworkMembership,
            "network__slug organisation__slug joined_on left_on "
            "representative__email deputy__email",
        ),
        (
            NetworkRole,
            "network__slug user__email role",
        ),
        (
            Workgroup,
            "network__slug slug name_nb name_en theme__slug mandate_nb lead__slug "
            "created_on dissolved_on",
        ),
        (
            Workgroup.members.through,
            "workgroup__network__slug workgroup__slug organisation__slug",
        ),
        (
            Meeting,
            "network__slug starts_at title_nb title_en ends_at body__kind "
            "workgroup__slug place is_public status minutes",
        ),
        (
            AgendaItem,
            "meeting__network__slug meeting__starts_at meeting__title_nb position title",
        ),
        (
            Attendance,
            "meeting__network__slug meeting__starts_at meeting__title_nb "
            "user__email organisation__slug",
        ),
        (
            Decision,
            "body__network__slug body__kind opens_at title_nb title_en kind secret "
            "closes_at status electorate_size outcome winning_option__label_nb "
            "closed_at",
        ),
        (
            DecisionOption,
            "decision__body__network__slug decision__opens_at decision__title_nb "
            "position label_nb role",
        ),
        (
            Ballot,
            "decision__body__network__slug decision__opens_at decision__title_nb "
            "organisation__slug option__position cast_at",
        ),
        (
            VoteRecord,
            "decision__body__network__slug decision__opens_at decision__title_nb "
            "organisation__slug cast_at cast_by__email option__position",
        ),
        (
            Activity,
            "created_at verb url text_nb text_en is_demo",
        ),
    ]
    seeded: dict[type[Model], dict[str, Any]] = {
        Organisation: {"is_demo": True},
        User: {"email__endswith": "@" + EMAIL_DOMAIN},
        Membership: {"user__email__endswith": "@" + EMAIL_DOMAIN},
        Activity: {"is_demo": True},
    }
    return [(model, seeded.get(model, {}), tuple(fields.split())) for model, fields in spec]


def seed_fingerprint() -> str:
    """A SHA-256 over the seeded content in a fixed order (for tests and for checking that
    two benchmark databases hold the same data). Reads every seeded row: slow at scale."""
    digest = hashlib.sha256()
    for model, only, fields in _fingerprint_spec():
        digest.update(model._meta.label.encode())
        rows = model._default_manager.filter(**only).order_by(*fields).values_list(*fields)
        for row in rows.iterator(chunk_size=5000):
            digest.update(repr(row).encode())
    return digest.hexdigest()
