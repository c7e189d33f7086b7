"""Demo partner listings: about thirty offers and requests of demo organisations across the
six clusters, in English, French and German, written through the services (so the audit
log, the company files and the search index are real).

They are written to pair across clusters: a HealthTech company's request for titanium
implant prototypes meets a Materials & Manufacturing offer of titanium 3D printing; a
French Horizon Europe hydrogen request meets an English one; a German sawmill's energy
audit meets a CleanTech offer. A few are paused, closed or end soon.

`load_demo` skips the listings whose title exists already, so it is safe to run again.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from clusterdesk.catalogue.themes import Theme
from clusterdesk.organisations.models import Affiliation, Membership, Organisation
from clusterdesk.organisations.selectors import current_membership_q
from clusterdesk.partnering import services
from clusterdesk.partnering.models import ListingStatus, PartnerListing

T = Theme


@dataclass(frozen=True)
class Spec:
    cluster: str  # slug
    direction: str
    category: str
    title: str
    description: str
    themes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    valid_days: int | None = None  # valid until today + this many days; None: no end
    status: str = ListingStatus.OPEN


AUTO, CLEAN, CREATIVE = "automobility", "cleantech", "creative-industries"
HEALTH, MATERIALS, WOOD = "healthtech", "materials-manufacturing", "wood"
OFFER, REQUEST = "offer", "request"
TECH, SERVICE, PARTNERSHIP = "technology", "service", "partnership"

# fmt: off
LISTINGS = (
    # --- technology --------------------------------------------------------------------------
    Spec(
        MATERIALS, OFFER, TECH,
        "3D printing of titanium parts",
        "Metal additive manufacturing (laser powder bed fusion) of titanium and aluminium "
        "parts, from prototypes to small series, with CT inspection and heat treatment.",
        (T.REGIONAL_VALUE_CHAINS, T.NEW_INNOVATION_MODELS),
        ("titanium", "3D printing", "additive manufacturing", "prototypes"),
    ),
    Spec(
        HEALTH, REQUEST, TECH,
        "Titanium implant prototypes made by 3D printing",
        "We develop patient-specific orthopaedic implants and need a partner for the "
        "additive manufacturing of titanium prototypes for pre-clinical tests.",
        (T.REGIONAL_VALUE_CHAINS,),
        ("titanium", "3D printing", "implants"),
        valid_days=180,
    ),
    Spec(
        AUTO, REQUEST, TECH,
        "Impression 3D de pièces en titane pour prototypes de freins",
        "Nous cherchons un fournisseur de fabrication additive métal (titane, aluminium) "
        "pour des prototypes d'étriers de frein allégés, en petites séries.",
        (T.REGIONAL_VALUE_CHAINS,),
        ("titane", "fabrication additive", "prototypes"),
        valid_days=120,
    ),
    Spec(
        AUTO, OFFER, TECH,
        "Machine-vision quality inspection for production lines",
        "Camera systems with deep learning that detect surface defects on parts at line "
        "speed, integrated with PLCs and the MES; pilots within six weeks.",
        (T.DIGITALISATION,),
        ("machine vision", "quality control", "defect detection", "AI"),
    ),
    Spec(
        WOOD, REQUEST, TECH,
        "Automatische Qualitätskontrolle von Holzoberflächen",
        "Wir suchen eine Machine-Vision-Lösung, die Fehler wie Äste und Risse auf "
        "Holzoberflächen in der Produktion automatisch erkennt.",
        (T.DIGITALISATION,),
        ("machine vision", "Qualitätskontrolle", "Holz"),
        valid_days=240,
    ),
    Spec(
        CLEAN, OFFER, TECH,
        "Green hydrogen electrolyser test bench",
        "Access to a 250 kW PEM electrolyser test bench to validate components and control "
        "strategies for green hydrogen production and storage.",
        (T.SUSTAINABLE_DEVELOPMENT,),
        ("hydrogen", "electrolyser", "test bench"),
    ),
    Spec(
        AUTO, REQUEST, TECH,
        "Test bench for hydrogen fuel-cell components",
        "We need a test bench to validate hydrogen components (valves, sensors, tanks) "
        "for fuel-cell trucks before certification.",
        (T.SUSTAINABLE_DEVELOPMENT,),
        ("hydrogen", "fuel cell", "test bench"),
        valid_days=90,
    ),
    Spec(
        CLEAN, OFFER, TECH,
        "Recycling von Verbundwerkstoffen mit Faserrückgewinnung",
        "Wir bieten ein Verfahren zum Recycling von carbonfaserverstärkten Kunststoffen "
        "(CFK), das die Fasern für neue Bauteile zurückgewinnt.",
        (T.SUSTAINABLE_DEVELOPMENT, T.REGIONAL_VALUE_CHAINS),
        ("recycling", "carbon fibre", "composites"),
    ),
    Spec(
        AUTO, REQUEST, TECH,
        "Recycling of carbon-fibre composite scrap",
        "Our production generates 40 tonnes a year of carbon-fibre composite scrap; we look "
        "for a recycling process that recovers the fibres.",
        (T.SUSTAINABLE_DEVELOPMENT,),
        ("recycling", "carbon fibre", "composites"),
    ),
    Spec(
        HEALTH, OFFER, TECH,
        "AI image analysis for medical and industrial images",
        "Our deep-learning platform segments and classifies images (X-ray, microscopy, "
        "camera); we license it and adapt it to new image types.",
        (T.DIGITALISATION,),
        ("AI", "image analysis", "deep learning"),
    ),
    Spec(
        CREATIVE, OFFER, TECH,
        "Immersive VR and AR training modules",
        "We produce virtual-reality and augmented-reality training modules for industrial "
        "operators: maintenance, safety and machine set-up.",
        (T.DIGITALISATION,),
        ("VR", "virtual reality", "augmented reality", "training"),
    ),
    Spec(
        MATERIALS, REQUEST, TECH,
        "Formation en réalité virtuelle pour nos opérateurs",
        "Nous recherchons un studio capable de créer des modules de formation en réalité "
        "virtuelle (VR) pour les opérateurs de nos presses.",
        (T.DIGITALISATION,),
        ("VR", "réalité virtuelle", "formation"),
        valid_days=150,
    ),
    Spec(
        MATERIALS, OFFER, TECH,
        "Laser cutting capacity available",
        "Two fibre laser cutters (6 kW) with free capacity on the night shift.",
        (T.REGIONAL_VALUE_CHAINS,),
        ("laser cutting", "sheet metal"),
        status=ListingStatus.CLOSED,
    ),
    # --- services ----------------------------------------------------------------------------
    Spec(
        CREATIVE, OFFER, SERVICE,
        "Product videos and 3D animation for industrial companies",
        "Explainer videos, 3D animation and photography of technical products for trade "
        "fairs, investors and recruitment.",
        (T.BUSINESS_MODEL_INNOVATION,),
        ("video", "3D animation", "marketing"),
    ),
    Spec(
        HEALTH, REQUEST, SERVICE,
        "Vidéo et animation 3D de notre dispositif médical",
        "Nous cherchons une agence pour réaliser une vidéo et une animation 3D qui "
        "expliquent notre dispositif médical aux investisseurs et aux médecins.",
        (T.BUSINESS_MODEL_INNOVATION,),
        ("vidéo", "animation 3D"),
        valid_days=60,
    ),
    Spec(
        CLEAN, OFFER, SERVICE,
        "Energy audits and ISO 50001 support",
        "Certified energy auditors: audits of plants and buildings, heat recovery studies "
        "and support towards ISO 50001 certification.",
        (T.SUSTAINABLE_DEVELOPMENT,),
        ("energy audit", "ISO 50001", "heat recovery"),
    ),
    Spec(
        WOOD, REQUEST, SERVICE,
        "Energieaudit für unser Sägewerk",
        "Wir suchen einen Partner für ein Energieaudit nach ISO 50001 in unserem Sägewerk "
        "und für Vorschläge zur Wärmerückgewinnung der Trockenkammern.",
        (T.SUSTAINABLE_DEVELOPMENT,),
        ("Energieaudit", "ISO 50001", "Wärmerückgewinnung"),
        valid_days=200,
    ),
    Spec(
        MATERIALS, REQUEST, SERVICE,
        "Life-cycle assessment of our steel products",
        "Customers ask for the carbon footprint of our wire and steel products; we need a "
        "life-cycle assessment (LCA) to ISO 14040 and an environmental product declaration.",
        (T.SUSTAINABLE_DEVELOPMENT,),
        ("LCA", "carbon footprint", "ISO 14040"),
    ),
    Spec(
        CLEAN, OFFER, SERVICE,
        "Analyse de cycle de vie et bilan carbone de produits",
        "Nous réalisons des analyses de cycle de vie (ACV, LCA) et des bilans carbone de "
        "produits industriels selon ISO 14040, jusqu'à la déclaration environnementale.",
        (T.SUSTAINABLE_DEVELOPMENT,),
        ("LCA", "bilan carbone", "ISO 14040"),
    ),
    Spec(
        HEALTH, OFFER, SERVICE,
        "Regulatory support for CE marking of medical devices",
        "Technical documentation, clinical evaluation and notified-body preparation under "
        "the Medical Device Regulation (MDR).",
        (T.NEW_INNOVATION_MODELS,),
        ("MDR", "CE marking", "regulatory"),
    ),
    Spec(
        AUTO, OFFER, SERVICE,
        "Cybersecurity-Audit für vernetzte Fahrzeuge und Fabriken",
        "Penetrationstests und Cybersecurity-Audits nach ISO 21434 und IEC 62443 für "
        "vernetzte Fahrzeuge, Steuergeräte und Produktionsanlagen.",
        (T.DIGITALISATION,),
        ("cybersecurity", "audit", "penetration test"),
        status=ListingStatus.PAUSED,
    ),
    Spec(
        CREATIVE, REQUEST, SERVICE,
        "Cybersecurity audit of our online platform",
        "Before launching our streaming platform we want a cybersecurity audit and a "
        "penetration test of the web and mobile apps.",
        (T.DIGITALISATION,),
        ("cybersecurity", "audit", "penetration test"),
        valid_days=75,
    ),
    Spec(
        WOOD, OFFER, SERVICE,
        "Timber structure design and engineering (CLT, glulam)",
        "Structural engineering of timber buildings in cross-laminated timber (CLT) and "
        "glulam, from the feasibility study to the workshop drawings.",
        (T.SUSTAINABLE_DEVELOPMENT, T.REGIONAL_VALUE_CHAINS),
        ("CLT", "timber", "structural engineering"),
    ),
    Spec(
        CLEAN, REQUEST, SERVICE,
        "Bureau d'études structure bois pour un bâtiment passif",
        "Nous recherchons un bureau d'études en structure bois (CLT) pour un bâtiment de "
        "bureaux passif de quatre étages.",
        (T.SUSTAINABLE_DEVELOPMENT,),
        ("CLT", "bois", "structure"),
        valid_days=30,
    ),
    # --- partnerships ------------------------------------------------------------------------
    Spec(
        CLEAN, REQUEST, PARTNERSHIP,
        "Partner for a Horizon Europe hydrogen project",
        "We are building a consortium for a Horizon Europe call on green hydrogen storage "
        "in industrial parks and look for an SME with electrolyser or storage know-how.",
        (T.SUSTAINABLE_DEVELOPMENT, T.NEW_INNOVATION_MODELS),
        ("Horizon Europe", "hydrogen", "consortium"),
        valid_days=100,
    ),
    Spec(
        AUTO, REQUEST, PARTNERSHIP,
        "Partenaire pour un projet Horizon Europe sur l'hydrogène",
        "Nous montons un consortium Horizon Europe sur les camions à hydrogène et "
        "cherchons un partenaire pour le stockage embarqué.",
        (T.SUSTAINABLE_DEVELOPMENT,),
        ("Horizon Europe", "hydrogène", "consortium"),
        valid_days=100,
    ),
    Spec(
        MATERIALS, OFFER, PARTNERSHIP,
        "Partner für Horizon-Europe-Konsortien zu Leichtbauwerkstoffen",
        "Unser Werkstofflabor bietet sich als Partner für Horizon-Europe-Konsortien zu "
        "Leichtbau, Verbundwerkstoffen und Wasserstofftanks an.",
        (T.NEW_INNOVATION_MODELS,),
        ("Horizon Europe", "Leichtbau", "consortium"),
    ),
    Spec(
        HEALTH, REQUEST, PARTNERSHIP,
        "Clinical partner for a digital health pilot",
        "We look for a hospital or care home to pilot our remote-monitoring app with 50 "
        "patients, as a first clinical study.",
        (T.DIGITALISATION, T.NEW_INNOVATION_MODELS),
        ("digital health", "pilot", "clinical study"),
    ),
    Spec(
        HEALTH, OFFER, PARTNERSHIP,
        "Centre de soins partenaire pour des études pilotes",
        "Notre centre accueille des projets pilotes et des études cliniques de solutions de "
        "santé numérique (digital health), avec un comité d'éthique.",
        (T.NEW_INNOVATION_MODELS,),
        ("digital health", "pilot", "étude clinique"),
    ),
    Spec(
        WOOD, REQUEST, PARTNERSHIP,
        "Co-development partner for connected wooden furniture",
        "Furniture maker looks for a design and electronics partner to co-develop office "
        "furniture with sensors (IoT) for occupancy and comfort.",
        (T.DIGITALISATION, T.BUSINESS_MODEL_INNOVATION),
        ("IoT", "furniture", "sensors"),
    ),
    Spec(
        CREATIVE, OFFER, PARTNERSHIP,
        "Industrial design partner for connected products",
        "Design studio co-develops connected products with manufacturers: user research, "
        "industrial design, IoT prototypes and sensors integration.",
        (T.DIGITALISATION,),
        ("industrial design", "IoT", "prototypes"),
    ),
)
# fmt: on


def _members_by_cluster(organisations: list[Organisation]) -> dict[str, list[tuple[Any, Any]]]:
    """(organisation, cluster) of the current memberships, by cluster slug."""
    by_id = {organisation.pk: organisation for organisation in organisations}
    found: dict[str, list[tuple[Any, Any]]] = {}
    memberships = (
        Membership.objects.filter(current_membership_q(), organisation_id__in=list(by_id))
        .select_related("cluster")
        .order_by("organisation_id")
    )
    for membership in memberships:
        member = (by_id[membership.organisation_id], membership.cluster)
        found.setdefault(membership.cluster.slug, []).append(member)
    return found


def _contacts_of(organisations: list[Organisation]) -> dict[int, Any]:
    found: dict[int, Any] = {}
    affiliations = Affiliation.objects.filter(organisation__in=organisations).select_related(
        "contact"
    )
    for affiliation in affiliations.order_by("organisation_id", "-is_primary", "id"):
        found.setdefault(affiliation.organisation_id, affiliation.contact)
    return found


def _actor(users: dict[str, Any], cluster: Any) -> Any:
    managers = set(cluster.managers.values_list("pk", flat=True))
    for name in ("manager", "manager2"):
        user = users.get(name)
        if user is not None and user.pk in managers:
            return user
    return users.get("admin")


@transaction.atomic
def load_demo(*, organisations: list, users: dict[str, Any], rng: random.Random) -> int:
    """Create the demo listings that do not exist yet (by title); returns how many."""
    existing = set(PartnerListing.objects.values_list("title", flat=True))
    wanted = [spec for spec in LISTINGS if spec.title not in existing]
    members = _members_by_cluster(organisations)
    if not wanted or not members:
        return 0
    contacts = _contacts_of(organisations)
    used: set[int] = set()
    today = timezone.localdate()
    created = 0
    for spec in wanted:
        candidates = members.get(spec.cluster) or []
        if not candidates:
            continue
        fresh = [member for member in candidates if member[0].pk not in used]
        organisation, cluster = rng.choice(fresh or candidates)
        used.add(organisation.pk)
        valid_until = today + datetime.timedelta(days=spec.valid_days) if spec.valid_days else None
        services.listing_create(
            actor=_actor(users, cluster),
            data={
                "organisation": organisation,
                "cluster": cluster,
                "direction": spec.direction,
                "category": spec.category,
                "title": spec.title,
                "description": spec.description,
                "themes": list(spec.themes),
                "keywords": list(spec.keywords),
                "contact": contacts.get(organisation.pk) if rng.random() < 0.6 else None,
                "status": spec.status,
                "valid_until": valid_until,
            },
        )
        created += 1
    return created
