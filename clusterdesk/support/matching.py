"""Matches of a need: the journey's side of the matching engine.

`clusterdesk.matching` ranks plain offers for a text and says why; this module feeds it
from the database and hands its answers back as records a page or the API can show:

- `offers()`: every offer a need can be matched to, as `matching.ranking.Offer`s: the
  catalogue's active instruments, its trainings, its open and forthcoming calls, the agency
  teams, the service providers (organisations with a provider profile) and the member
  organisations that publish partnership offers (`partnering`). Offers are identified by
  their public id (UUID); `external_id` is an instrument's, training's or team's short name or
  a call's topic id.
- `current_index()`: the ranked index of those offers, built once per process and built again
  when the catalogue changes (its stamp: the number of each kind of offer and the latest
  change among them, a few aggregate queries).
- `facts_of(organisation)`: what eligibility rules can check about a company, including its
  past participations (referrals to an instrument that were accepted or done) and completed
  diagnoses.
- `past_needs()`: the needs whose referrals ended (done with an outcome, or declined): the
  engine moves offers that solved similar needs up and those that failed down, so outcomes
  feed back into the ranking.
- `Matcher(user=..., organisation=...).match(text, ...)` (or `match(...)` for one text): the
  ranked `Found` matches a user may see (providers and partner organisations they may not see
  are left out); `target(...)`: the record a match names, for a one-click referral.
"""

from __future__ import annotations

import datetime
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Count, Max, Model, Q
from django.http import Http404
from django.utils import timezone

from clusterdesk.catalogue.models import (
    AgencyTeam,
    Call,
    CallStatus,
    ServiceProviderProfile,
    SupportInstrument,
    TrainingProgramme,
)
from clusterdesk.core import permissions
from clusterdesk.diagnostics.models import Diagnosis, DiagnosisStatus
from clusterdesk.matching import ranking
from clusterdesk.matching.eligibility import OrganisationFacts
from clusterdesk.organisations.models import Organisation
from clusterdesk.support.models import OutcomeKind, Referral, TargetKind
from clusterdesk.support.states import ReferralStatus

KINDS = ranking.KINDS
MAX_TEXT = 100_000  # characters of a need the engine reads (the API refuses longer ones)
PAST_NEEDS = 2_000  # the most recent ended referrals that feed back into the ranking
ORGANISATION_KINDS = ("provider", "organisation")
PARTICIPATED = (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS, ReferralStatus.DONE)


def _partner_listings() -> Any:
    """The open partnership offers of the partnering app (None when it is not installed)."""
    if not apps.is_installed("clusterdesk.partnering"):
        return None
    listing = apps.get_model("partnering", "PartnerListing")
    today = timezone.localdate()
    return listing.objects.filter(direction="offer", status="open").filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


def _sources() -> list[Any]:
    sources: list[Any] = [
        SupportInstrument.objects.filter(active=True),
        TrainingProgramme.objects.filter(active=True),
        Call.objects.exclude(status=CallStatus.CLOSED),
        AgencyTeam.objects.all(),
        ServiceProviderProfile.objects.all(),
    ]
    listings = _partner_listings()
    if listings is not None:
        sources.append(listings)
    return sources


def catalogue_stamp() -> tuple[Any, ...]:
    """Changes whenever an offer is added, changed or removed."""
    stamp: list[Any] = []
    for queryset in _sources():
        aggregate = queryset.order_by().aggregate(count=Count("pk"), latest=Max("updated_at"))
        stamp.extend((aggregate["count"], aggregate["latest"]))
    return tuple(stamp)


def _lines(*parts: Any) -> str:
    return "\n".join(str(part).strip() for part in parts if part and str(part).strip())


def offers() -> list[ranking.Offer]:
    found: list[ranking.Offer] = []
    for instrument in SupportInstrument.objects.filter(active=True).order_by("slug"):
        found.append(
            ranking.Offer(
                kind="instrument",
                id=str(instrument.uuid),
                external_id=instrument.slug,
                title=instrument.name,
                keywords=_lines(instrument.summary, instrument.provider),
                text=instrument.description,
                themes=tuple(instrument.themes or ()),
                eligibility_rules=list(instrument.eligibility_rules or []),
                language="en",
            )
        )
    for training in TrainingProgramme.objects.filter(active=True).order_by("slug"):
        found.append(
            ranking.Offer(
                kind="training",
                id=str(training.uuid),
                external_id=training.slug,
                title=training.title,
                keywords="; ".join(training.topics or ()),
                text=training.description,
                themes=tuple(training.themes or ()),
                language=training.language or None,
            )
        )
    calls = Call.objects.exclude(status=CallStatus.CLOSED).order_by("external_id", "pk")
    for call in calls.only(
        "uuid", "external_id", "title", "keywords", "programme", "call_title", "description"
    ):
        found.append(
            ranking.Offer(
                kind="call",
                id=str(call.uuid),
                external_id=call.external_id or None,
                title=call.title,
                keywords="; ".join(
                    part for part in (call.keywords, call.programme, call.call_title) if part
                ),
                text=call.description,
                language="en",
            )
        )
    for team in AgencyTeam.objects.order_by("slug"):
        services = getattr(team, "services", None) or []
        found.append(
            ranking.Offer(
                kind="team",
                id=str(team.uuid),
                external_id=team.slug,
                title=team.name,
                keywords="; ".join(str(service).replace("_", " ") for service in services),
                text=team.description,
            )
        )
    profiles = ServiceProviderProfile.objects.select_related("organisation").prefetch_related(
        "accreditations"
    )
    for profile in profiles.order_by("pk"):
        organisation = profile.organisation
        accredited = [instrument.name for instrument in profile.accreditations.all()]
        found.append(
            ranking.Offer(
                kind="provider",
                id=str(organisation.uuid),
                title=organisation.display_name,
                keywords="; ".join([*(profile.competences or ()), *accredited]),
                text=_lines(organisation.description, profile.notes),
            )
        )
    listings = _partner_listings()
    if listings is not None:
        by_organisation: dict[int, list[Any]] = {}
        for listing in listings.select_related("organisation").order_by("organisation", "pk"):
            by_organisation.setdefault(listing.organisation_id, []).append(listing)
        for entries in by_organisation.values():
            organisation = entries[0].organisation
            found.append(
                ranking.Offer(
                    kind="organisation",
                    id=str(organisation.uuid),
                    title=organisation.display_name,
                    keywords="; ".join(
                        keyword for entry in entries for keyword in (entry.keywords or ())
                    ),
                    text=_lines(*(f"{entry.title}. {entry.description}" for entry in entries)),
                    themes=tuple(sorted({theme for entry in entries for theme in entry.themes})),
                )
            )
    return found


_lock = threading.Lock()
_cache: dict[str, Any] = {}


def current_index() -> ranking.Index:
    """The index of today's offers (built again when the catalogue has changed)."""
    stamp = catalogue_stamp()
    with _lock:
        if _cache.get("stamp") != stamp:
            _cache["index"] = ranking.build_index(offers())
            _cache["stamp"] = stamp
        return _cache["index"]


def facts_of(organisation: Organisation) -> OrganisationFacts:
    participations = [
        (slug, referral_day)
        for slug, sent_on, created_at in Referral.objects.filter(
            case__organisation=organisation,
            target_instrument__isnull=False,
            status__in=PARTICIPATED,
        ).values_list("target_instrument__slug", "sent_on", "created_at")
        for referral_day in [sent_on or timezone.localdate(created_at)]
    ]
    diagnoses = [
        (key, completed_on)
        for key, completed_on in Diagnosis.objects.filter(
            organisation=organisation,
            status=DiagnosisStatus.COMPLETED,
            completed_on__isnull=False,
        ).values_list("template__key", "completed_on")
        if completed_on is not None
    ]
    return OrganisationFacts(
        headcount=organisation.headcount,
        turnover=organisation.turnover,
        balance_sheet_total=organisation.balance_sheet_total,
        size_class=organisation.size_class or None,
        country=str(organisation.country) if organisation.country else None,
        nace_codes=[activity.code for activity in organisation.nace_activities.all()],
        founding_year=organisation.founding_year,
        participations=participations,
        diagnoses=diagnoses,
    )


def _offer_key(referral: Referral) -> tuple[str, str] | None:
    kind = referral.target_kind
    if kind == TargetKind.AGENCY_TEAM and referral.target_team is not None:
        return "team", str(referral.target_team.uuid)
    if kind == TargetKind.INSTRUMENT and referral.target_instrument is not None:
        return "instrument", str(referral.target_instrument.uuid)
    if kind == TargetKind.CALL and referral.target_call is not None:
        return "call", str(referral.target_call.uuid)
    if kind == TargetKind.TRAINING and referral.target_training is not None:
        return "training", str(referral.target_training.uuid)
    if kind in (TargetKind.SERVICE_PROVIDER, TargetKind.PARTNER):
        organisation = referral.target_organisation
        if organisation is not None:
            offer_kind = "provider" if kind == TargetKind.SERVICE_PROVIDER else "organisation"
            return offer_kind, str(organisation.uuid)
    return None


def _ended() -> Any:
    return Referral.objects.filter(
        Q(status=ReferralStatus.DECLINED)
        | (Q(status=ReferralStatus.DONE) & ~Q(outcome_kind__in=["", OutcomeKind.NONE]))
    )


def current_past_needs() -> list[ranking.PastNeed]:
    """`past_needs()`, read again only when a referral has ended or changed since (one
    aggregate query per call otherwise)."""
    aggregate = _ended().order_by().aggregate(count=Count("pk"), latest=Max("updated_at"))
    stamp = (aggregate["count"], aggregate["latest"])
    with _lock:
        if _cache.get("past_stamp") != stamp:
            _cache["past"] = past_needs()
            _cache["past_stamp"] = stamp
        return list(_cache["past"])


def past_needs(limit: int = PAST_NEEDS) -> list[ranking.PastNeed]:
    """The needs whose referrals ended: done with an outcome succeeded, declined failed."""
    ended = (
        _ended()
        .select_related(
            "need",
            "target_team",
            "target_instrument",
            "target_call",
            "target_training",
            "target_organisation",
        )
        .order_by("-updated_at", "-pk")[:limit]
    )
    found = []
    for referral in ended:
        key = _offer_key(referral)
        if key is not None:
            found.append(
                ranking.PastNeed(
                    text=referral.need.text,
                    kind=key[0],
                    id=key[1],
                    succeeded=referral.status == ReferralStatus.DONE,
                )
            )
    return found


@dataclass(frozen=True)
class Found:
    """A match with the record it names, for pages and the API."""

    match: ranking.Match
    record: Model

    @property
    def url(self) -> str:
        url = getattr(self.record, "get_absolute_url", None)
        return str(url()) if url is not None else ""


def _records_of(kind: str) -> Any:
    """The records a match of `kind` may name: the offers of the catalogue as `offers()`
    reads them (active instruments and trainings, calls not closed), teams, organisations."""
    sources: dict[str, Any] = {
        "instrument": SupportInstrument.objects.filter(active=True),
        "training": TrainingProgramme.objects.filter(active=True),
        "call": Call.objects.exclude(status=CallStatus.CLOSED),
        "team": AgencyTeam.objects.all(),
        "provider": Organisation.objects.filter(provider_profile__isnull=False),
        "organisation": Organisation.objects.all(),
    }
    return sources[kind]


def _records(matches: Sequence[ranking.Match]) -> dict[tuple[str, str], Model]:
    wanted: dict[str, set[str]] = {}
    for found in matches:
        wanted.setdefault(found.kind, set()).add(str(found.id))
    records: dict[tuple[str, str], Model] = {}
    for kind, ids in wanted.items():
        for record in _records_of(kind).filter(uuid__in=ids):
            records[(kind, str(record.uuid))] = record
    return records


def target(*, user: Any, kind: str, public_id: str) -> Model:
    """The record a match of `kind` names by its public id, for a referral to it; Http404
    when there is none (or an organisation the user may not see)."""
    try:
        record = _records_of(kind).filter(uuid=uuid.UUID(str(public_id))).first()
    except (KeyError, ValueError):  # an unknown kind, an id that is not a UUID
        record = None
    if record is None:
        raise Http404
    if isinstance(record, Organisation):
        permissions.ensure(user, permissions.Action.VIEW, record)
    return record


def _visible_organisations(user: Any, records: Iterable[Model]) -> set[int]:
    organisations = [record for record in records if isinstance(record, Organisation)]
    return {
        organisation.pk
        for organisation in organisations
        if permissions.can(user, permissions.Action.VIEW, organisation)
    }


class Matcher:
    """Matches for one user and (optionally) one company: the index, the company's facts and
    the past needs are read once, then `match()` ranks as many texts as needed (a diagnosis
    ranks one per weak dimension)."""

    def __init__(
        self,
        *,
        user: Any,
        organisation: Organisation | None = None,
        today: datetime.date | None = None,
    ) -> None:
        self.user = user
        self.organisation = organisation
        self.today = today or timezone.localdate()
        self.index = current_index()
        self.facts = facts_of(organisation) if organisation is not None else None
        self.past = current_past_needs()

    def _ranked(
        self, text: str, theme: str | None, kinds: Iterable[str] | None, limit: int
    ) -> list[ranking.Match]:
        # A few more than asked for: providers or partners the user may not see drop out.
        ranked = ranking.rank(
            self.index,
            text[:MAX_TEXT],
            theme=theme or None,
            facts=self.facts,
            kinds=list(kinds) if kinds is not None else None,
            limit=limit + 5,
            past=self.past,
            today=self.today,
        )
        if self.organisation is None:
            return ranked
        own = str(self.organisation.uuid)
        return [m for m in ranked if not (m.kind in ORGANISATION_KINDS and str(m.id) == own)]

    def match_all(
        self,
        needs: Sequence[tuple[str, str | None]],
        *,
        kinds: Iterable[str] | None = None,
        limit: int = 10,
    ) -> list[list[Found]]:
        """The best offers for each (text, theme), best first, that the user may see; the
        records they name are read once for all of them. ValueError for an unknown kind
        (the engine's message)."""
        wanted = list(kinds) if kinds is not None else None
        rankings = [self._ranked(text, theme, wanted, limit) for text, theme in needs]
        records = _records([found for ranked in rankings for found in ranked])
        visible = _visible_organisations(self.user, records.values())
        results = []
        for ranked in rankings:
            shown = []
            for found in ranked:
                record = records.get((found.kind, str(found.id)))
                if record is None or (
                    isinstance(record, Organisation) and record.pk not in visible
                ):
                    continue
                shown.append(Found(found, record))
            results.append(shown[:limit])
        return results

    def match(
        self,
        text: str,
        *,
        theme: str | None = None,
        kinds: Iterable[str] | None = None,
        limit: int = 10,
    ) -> list[Found]:
        """The best offers for `text` (see `match_all`)."""
        return self.match_all([(text, theme)], kinds=kinds, limit=limit)[0]


def match(
    *,
    user: Any,
    text: str,
    organisation: Organisation | None = None,
    theme: str | None = None,
    kinds: Iterable[str] | None = None,
    limit: int = 10,
    today: datetime.date | None = None,
) -> list[Found]:
    """The best offers for one text (see `Matcher`). `organisation` (one the caller checked
    the user may see) makes instruments' eligibility known."""
    matcher = Matcher(user=user, organisation=organisation, today=today)
    return matcher.match(text, theme=theme, kinds=kinds, limit=limit)
