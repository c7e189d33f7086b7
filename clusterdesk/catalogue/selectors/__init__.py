"""Reads of the catalogue, scoped by the permission policy: agency teams, support
instruments, training programmes, calls for projects and service provider profiles.
`from clusterdesk.catalogue import selectors`, then `selectors.instrument_list(...)`."""

from clusterdesk.catalogue.selectors.offers import (
    CALL_SORTS,
    INSTRUMENT_SORTS,
    TRAINING_SORTS,
    CallFilters,
    InstrumentFilters,
    TrainingFilters,
    call_get,
    call_list,
    call_programmes,
    catalogue_counts,
    instrument_get,
    instrument_get_by_id,
    instrument_list,
    training_get,
    training_get_by_id,
    training_list,
)
from clusterdesk.catalogue.selectors.providers import (
    PROVIDER_SORTS,
    ProviderFilters,
    ReferralOutcomes,
    accreditation_instruments,
    provider_get,
    provider_list,
    provider_of,
    provider_referral_outcomes,
)
from clusterdesk.catalogue.selectors.teams import team_get, team_get_by_id, team_list, teams_of

__all__ = [
    "CALL_SORTS",
    "INSTRUMENT_SORTS",
    "PROVIDER_SORTS",
    "TRAINING_SORTS",
    "CallFilters",
    "InstrumentFilters",
    "ProviderFilters",
    "ReferralOutcomes",
    "TrainingFilters",
    "accreditation_instruments",
    "call_get",
    "call_list",
    "call_programmes",
    "catalogue_counts",
    "instrument_get",
    "instrument_get_by_id",
    "instrument_list",
    "provider_get",
    "provider_list",
    "provider_of",
    "provider_referral_outcomes",
    "team_get",
    "team_get_by_id",
    "team_list",
    "teams_of",
    "training_get",
    "training_get_by_id",
    "training_list",
]
