"""POST /api/v1/match: the offers that fit a need's text, best first, with why."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from clusterdesk.catalogue.themes import Theme
from clusterdesk.core import permissions
from clusterdesk.core.api_schemas import READ_ERRORS, ErrorOut
from clusterdesk.organisations.models import Organisation
from clusterdesk.support import matching
from clusterdesk.support.api.common import caller, visible
from clusterdesk.support.permissions import reads_journeys

router = Router(tags=["matching"])

MAX_TEXT = 10_000
Kind = Literal["instrument", "call", "provider", "training", "team", "organisation"]


class MatchIn(Schema):
    text: str = Field(
        min_length=1,
        max_length=MAX_TEXT,
        description="The need, as a manager writes it (English, French or German).",
    )
    organisation: UUID | None = Field(
        None, description="The company: its eligibility for each instrument is then checked."
    )
    kinds: list[Kind] | None = Field(None, description="Only these kinds; all when absent.")
    theme: str | None = Field(None, description="A theme key; offers of that theme rank higher.")
    limit: int = Field(10, ge=1, le=50)


class RuleOut(Schema):
    predicate: str
    label: str
    status: Literal["passed", "failed", "unknown"]
    reason: str


class MatchOut(Schema):
    kind: Kind
    id: str
    external_id: str | None
    title: str
    score: float
    eligible: bool | None
    reasons: list[str]
    eligibility: list[RuleOut]
    url: str


class MatchesOut(Schema):
    results: list[MatchOut]


def _out(found: matching.Found) -> dict[str, Any]:
    match = found.match
    results = match.eligibility.results if match.eligibility is not None else ()
    return {
        "kind": match.kind,
        "id": str(match.id),
        "external_id": match.external_id,
        "title": match.title,
        "score": round(match.score, 4),
        "eligible": match.eligible,
        "reasons": list(match.reasons),
        "eligibility": [
            {
                "predicate": result.predicate,
                "label": result.label,
                "status": result.status,
                "reason": result.reason,
            }
            for result in results
        ],
        "url": found.url,
    }


@router.post("/match", response={200: MatchesOut, 400: ErrorOut, **READ_ERRORS})
def match(request: HttpRequest, payload: MatchIn) -> Any:
    """Rank instruments, calls, providers, trainings, agency teams and partner organisations
    for a need. Each result says why: the terms and concepts that matched, similar past needs
    whose referral succeeded, and (with `organisation`) each eligibility rule passed, failed
    or unknown for lack of data; ineligible instruments are listed as such, not hidden."""
    user = caller(request)
    permissions.ensure_allowed(reads_journeys(user))
    text = payload.text.strip()
    if not text:
        raise ValidationError({"text": [_("Describe the need: the text is empty.")]})
    if payload.theme and payload.theme not in Theme.values:
        raise ValidationError(
            {
                "theme": [
                    _("Unknown theme: use one of %(themes)s.") % {"themes": ", ".join(Theme.values)}
                ]
            }
        )
    organisation = (
        visible(user, Organisation, payload.organisation, "organisation")
        if payload.organisation
        else None
    )
    found = matching.match(
        user=user,
        text=text,
        organisation=organisation,
        theme=payload.theme or None,
        kinds=payload.kinds,
        limit=payload.limit,
    )
    return {"results": [_out(item) for item in found]}
