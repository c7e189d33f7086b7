"""The texts and shapes of the demo journeys (support/demo.py replays them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clusterdesk.catalogue.themes import Theme
from clusterdesk.support.models import EaseClass, NeedCategory
from clusterdesk.support.states import State
from clusterdesk.support.workflows import ProposedNeed

S = State

# The path from the first contact to each final state, one option per journey shape.
PATHS: dict[State, list[tuple[State, ...]]] = {
    S.FIRST_CONTACT: [()],
    S.DIAGNOSIS: [(S.DIAGNOSIS,)],
    S.SOLUTIONS_PROPOSED: [(S.DIAGNOSIS, S.SOLUTIONS_PROPOSED), (S.SOLUTIONS_PROPOSED,)],
    S.REFERRED: [(S.DIAGNOSIS, S.SOLUTIONS_PROPOSED, S.REFERRED)],
    S.ROADMAP_AGREED: [
        (S.DIAGNOSIS, S.SOLUTIONS_PROPOSED, S.REFERRED, S.ROADMAP_AGREED),
        (S.DIAGNOSIS, S.SOLUTIONS_PROPOSED, S.ROADMAP_AGREED),
    ],
    S.FOLLOW_UP: [
        (S.DIAGNOSIS, S.SOLUTIONS_PROPOSED, S.REFERRED, S.ROADMAP_AGREED, S.FOLLOW_UP),
        (S.DIAGNOSIS, S.SOLUTIONS_PROPOSED, S.ROADMAP_AGREED, S.REFERRED, S.FOLLOW_UP),
    ],
    S.CLOSED_DONE: [
        (
            S.DIAGNOSIS,
            S.SOLUTIONS_PROPOSED,
            S.REFERRED,
            S.ROADMAP_AGREED,
            S.FOLLOW_UP,
            S.CLOSED_DONE,
        )
    ],
    S.CLOSED_NO_NEED: [(S.CLOSED_NO_NEED,), (S.DIAGNOSIS, S.CLOSED_NO_NEED)],
    S.CLOSED_DORMANT: [
        (S.DIAGNOSIS, S.CLOSED_DORMANT),
        (S.DIAGNOSIS, S.SOLUTIONS_PROPOSED, S.REFERRED, S.CLOSED_DORMANT),
    ],
}
# Final states in the order the first cases take (so every state is present), then drawn
# with these weights.
STATE_WEIGHTS = {
    S.FIRST_CONTACT: 8,
    S.DIAGNOSIS: 8,
    S.SOLUTIONS_PROPOSED: 7,
    S.REFERRED: 8,
    S.ROADMAP_AGREED: 7,
    S.FOLLOW_UP: 9,
    S.CLOSED_DONE: 6,
    S.CLOSED_NO_NEED: 3,
    S.CLOSED_DORMANT: 3,
}

REASONS = {
    "skip": (
        "The company already ran a Fit 4 Digital diagnosis last year; its report is enough.",
        "Clear, narrow request: no diagnosis needed to propose the funding route.",
    ),
    S.CLOSED_DONE: (
        "Roadmap completed; the company runs its projects on its own now.",
        "All actions done and funding obtained: the journey ends here.",
    ),
    S.CLOSED_NO_NEED: (
        "After the first meeting: the company has no need the agency can help with now.",
        "The diagnosis shows a mature company; nothing to propose for the time being.",
    ),
    S.CLOSED_DORMANT: (
        "No answer to three follow-up emails in four months.",
        "The company postponed every meeting since spring; the case goes dormant.",
    ),
}
OUTCOMES = (
    "Two projects funded; the company joined a working group of the cluster.",
    "Production line digitised; energy use down 12 % in the first year.",
    "A partnership with a research centre and an RDI grant for the prototype.",
)


@dataclass(frozen=True)
class Problem:
    statement: str
    needs: tuple[ProposedNeed, ...]


def _need(theme: Theme, category: NeedCategory, text: str, priority: str = "medium") -> Any:
    return ProposedNeed(theme=theme, category=category, text=text, priority=priority)


T, C = Theme, NeedCategory
PROBLEMS = (
    Problem(
        "Wants to digitise its production planning, still kept in spreadsheets, and does not "
        "know which tools fit a plant of its size.",
        (
            _need(T.DIGITALISATION, C.DIGITAL, "Choose a planning (MES) tool for 2 lines", "high"),
            _need(T.DIGITALISATION, C.FUNDING, "Funding for the digitalisation project", "high"),
            _need(T.DIGITALISATION, C.SKILLS, "Train the shift leaders on the new tools"),
        ),
    ),
    Problem(
        "Energy costs doubled; management looks for ways to cut consumption and to report on "
        "its carbon footprint to two large customers.",
        (
            _need(T.SUSTAINABLE_DEVELOPMENT, C.SUSTAINABILITY, "Energy audit of the site", "high"),
            _need(T.SUSTAINABLE_DEVELOPMENT, C.FUNDING, "Aid for heat recovery investment"),
            _need(T.SUSTAINABLE_DEVELOPMENT, C.REGULATION, "Understand the CSRD reporting duty"),
        ),
    ),
    Problem(
        "Has a prototype of a new sensor and needs partners and money to take it to "
        "industrial scale.",
        (
            _need(T.NEW_INNOVATION_MODELS, C.INNOVATION_PROJECT, "R&D partner for testing", "high"),
            _need(T.NEW_INNOVATION_MODELS, C.FUNDING, "RDI aid for the prototype", "high"),
            _need(T.NEW_INNOVATION_MODELS, C.NETWORKING, "Meet pilot customers in the cluster"),
        ),
    ),
    Problem(
        "Lost its main supplier in Asia and wants to rebuild a shorter, regional supply chain.",
        (
            _need(T.REGIONAL_VALUE_CHAINS, C.NETWORKING, "Find suppliers in the Greater Region"),
            _need(T.REGIONAL_VALUE_CHAINS, C.MARKET_INTELLIGENCE, "Map regional subcontractors"),
        ),
    ),
    Problem(
        "Considers selling its machines as a service rather than outright and wants to test "
        "the model with a few customers.",
        (
            _need(
                T.BUSINESS_MODEL_INNOVATION,
                C.MARKET_INTELLIGENCE,
                "Study of pay-per-use offers in the sector",
            ),
            _need(T.BUSINESS_MODEL_INNOVATION, C.FUNDING, "Financing of the fleet of machines"),
        ),
    ),
    Problem(
        "Wants to enter the German and Belgian markets and to take part in a Horizon Europe "
        "consortium.",
        (
            _need(T.BUSINESS_MODEL_INNOVATION, C.INTERNATIONALISATION, "Trade mission to NRW"),
            _need(T.NEW_INNOVATION_MODELS, C.FUNDING, "Find a Horizon Europe consortium", "high"),
        ),
    ),
    Problem(
        "A young start-up with a software platform looks for investors and an accelerator.",
        (
            _need(T.NEW_INNOVATION_MODELS, C.FUNDING, "Seed investors and a Fit 4 Start place"),
            _need(T.DIGITALISATION, C.SKILLS, "Recruit two developers", "low"),
        ),
    ),
    Problem(
        "Needs to secure its IT after a ransomware attack at a customer and does not know "
        "where to start.",
        (
            _need(T.DIGITALISATION, C.DIGITAL, "Cybersecurity assessment", "high"),
            _need(T.DIGITALISATION, C.SKILLS, "Staff awareness training"),
        ),
    ),
)

# Which agency team a need of each category goes to.
TEAM_FOR_CATEGORY: dict[str, str] = {
    C.FUNDING: "rd-innovation",
    C.INNOVATION_PROJECT: "rd-innovation",
    C.INTERNATIONALISATION: "international-business",
    C.MARKET_INTELLIGENCE: "market-intelligence",
    C.DIGITAL: "sme-performance",
    C.SUSTAINABILITY: "sme-performance",
    C.SKILLS: "sme-performance",
    C.NETWORKING: "clusters",
    C.REGULATION: "market-intelligence",
}
INSTRUMENTS = (
    "Fit 4 Digital",
    "Fit 4 Sustainability",
    "Fit 4 Innovation",
    "RDI aid: SME innovation project",
    "Investment aid for energy efficiency",
)
RECEIVERS = ("Claire Hoffmann", "Tom Reuter", "Sandra Muller", "Jean Wagner", "Nora Klein")
ACTIONS = (
    ("Sign the consultant's offer for the diagnosis", EaseClass.IMMEDIATE, 0),
    ("Submit the aid application on MyGuichet", EaseClass.IMMEDIATE, 0),
    ("Replace the compressed-air leaks", EaseClass.SHORT_TERM, 8_000),
    ("Pilot the planning tool on line 1", EaseClass.SHORT_TERM, 25_000),
    ("Meet the research centre's testing lab", EaseClass.IMMEDIATE, 0),
    ("Recruit a project engineer", EaseClass.MEDIUM_TERM, 70_000),
    ("Install heat recovery on the furnace", EaseClass.MEDIUM_TERM, 180_000),
    ("Train 12 operators", EaseClass.SHORT_TERM, 9_500),
    ("Present the roadmap to the board", EaseClass.IMMEDIATE, 0),
)
