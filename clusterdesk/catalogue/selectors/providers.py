"""Reads of service provider profiles, with the outcomes of the referrals sent to their
organisations (read from the support journey, never written here).

Profiles follow the directory: admins, managers and experts read them; analysts get a 403
on the list and a 404 on a profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower
from django.http import Http404

from clusterdesk.catalogue.models import Accreditation, ServiceProviderProfile, SupportInstrument
from clusterdesk.catalogue.permissions import reads_providers, visible_providers
from clusterdesk.catalogue.selectors.offers import words
from clusterdesk.core import permissions
from clusterdesk.support.models import OutcomeKind, Referral
from clusterdesk.support.states import ReferralStatus

# Outcomes that count as a success of the referral.
SUCCESSES = (OutcomeKind.FUNDING_OBTAINED, OutcomeKind.PROJECT_STARTED, OutcomeKind.PARTNERSHIP)

PROVIDER_SORTS: dict[str, list[Any]] = {
    "name": [Lower("organisation__legal_name"), "id"],
    "-name": [Lower("organisation__legal_name").desc(), "-id"],
    "referrals": ["referral_count", Lower("organisation__legal_name"), "id"],
    "-referrals": ["-referral_count", Lower("organisation__legal_name"), "id"],
    "updated": ["updated_at", "id"],
    "-updated": ["-updated_at", "-id"],
}


def _referrals_to(**lookups: Any) -> Coalesce:
    """The number of referrals sent to the profile's organisation, as a subquery."""
    rows = (
        Referral.objects.filter(target_organisation=OuterRef("organisation_id"), **lookups)
        .order_by()
        .values("target_organisation")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _accreditations() -> Prefetch:
    rows = Accreditation.objects.select_related("instrument").order_by("instrument__name", "id")
    return Prefetch("accreditation_set", queryset=rows)


@dataclass(frozen=True)
class ProviderFilters:
    q: str = ""
    instrument: str = ""  # slug of an instrument the provider is accredited for
    language: str = ""
    sort: str = "name"


def provider_list(*, user: Any, filters: ProviderFilters) -> QuerySet[ServiceProviderProfile]:
    """Profiles with their organisation, accreditations and referral counts."""
    permissions.ensure_allowed(reads_providers(user))
    queryset = visible_providers(user, ServiceProviderProfile.objects.all())
    queryset = words(
        queryset,
        filters.q,
        "organisation__legal_name",
        "organisation__trade_name",
        "competences",
        "notes",
    )
    if filters.instrument:
        queryset = queryset.filter(accreditation_set__instrument__slug=filters.instrument)
    if filters.language:
        queryset = queryset.filter(languages__icontains=f'"{filters.language}"')
    order = PROVIDER_SORTS.get(filters.sort, PROVIDER_SORTS["name"])
    return (
        queryset.select_related("organisation")
        .prefetch_related(_accreditations())
        .annotate(
            referral_count=_referrals_to(),
            success_count=_referrals_to(outcome_kind__in=SUCCESSES),
        )
        .order_by(*order)
    )


def _profiles() -> QuerySet[ServiceProviderProfile]:
    return ServiceProviderProfile.objects.select_related("organisation").prefetch_related(
        _accreditations()
    )


def provider_get(*, user: Any, uuid: Any) -> ServiceProviderProfile:
    profile = _profiles().filter(uuid=uuid).first()
    if profile is None:
        raise Http404
    permissions.ensure(user, permissions.Action.VIEW, profile)
    return profile


def provider_of(organisation: Any) -> ServiceProviderProfile | None:
    """The provider profile of an organisation, if it has one."""
    return _profiles().filter(organisation=organisation).first()


def accreditation_instruments() -> QuerySet[SupportInstrument]:
    """Instruments a provider may be accredited for (all of them, by name)."""
    return SupportInstrument.objects.order_by(Lower("name"), "id")


@dataclass(frozen=True)
class Tally:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class ReferralOutcomes:
    """What the referrals sent to a provider became."""

    total: int = 0
    successes: int = 0
    by_status: list[Tally] = field(default_factory=list)
    by_outcome: list[Tally] = field(default_factory=list)

    @property
    def success_percent(self) -> int:
        return round(100 * self.successes / self.total) if self.total else 0


def _tallies(rows: QuerySet[Any], name: str, labels: dict[str, Any]) -> list[Tally]:
    counts = {row[name]: row["total"] for row in rows.values(name).annotate(total=Count("pk"))}
    return [
        Tally(code=code, label=str(label), count=counts[code])
        for code, label in labels.items()
        if counts.get(code)
    ]


def provider_referral_outcomes(profile: ServiceProviderProfile) -> ReferralOutcomes:
    """Referrals sent to the profile's organisation, counted by status and outcome (two
    queries)."""
    referrals = Referral.objects.filter(target_organisation_id=profile.organisation_id).order_by()
    by_status = _tallies(referrals, "status", dict(ReferralStatus.choices))
    by_outcome = _tallies(referrals, "outcome_kind", dict(OutcomeKind.choices))
    return ReferralOutcomes(
        total=sum(tally.count for tally in by_status),
        successes=sum(tally.count for tally in by_outcome if tally.code in SUCCESSES),
        by_status=by_status,
        by_outcome=by_outcome,
    )
