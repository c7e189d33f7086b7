"""Writes to the catalogue: agency teams, support instruments, training programmes, calls
for projects (and their import) and service provider profiles.

Every function is keyword-only, runs in one transaction, validates the record, refuses
stale versions, writes the audit record and keeps the search index current. Views, the
API, commands, the demo loader and tests call them: `from clusterdesk.catalogue import
services`, then `services.instrument_create(...)`.
"""

from clusterdesk.catalogue.services.calls import ImportCounts, calls_import, topic_data
from clusterdesk.catalogue.services.offers import (
    CALL_FIELDS,
    INSTRUMENT_FIELDS,
    TRAINING_FIELDS,
    call_create,
    call_delete,
    call_update,
    instrument_create,
    instrument_delete,
    instrument_update,
    training_create,
    training_delete,
    training_update,
)
from clusterdesk.catalogue.services.providers import (
    PROFILE_FIELDS,
    provider_profile_create,
    provider_profile_delete,
    provider_profile_update,
)
from clusterdesk.catalogue.services.teams import (
    TEAM_AUDIT_FIELDS,
    TEAM_FIELDS,
    team_add_members,
    team_create,
    team_update,
)

__all__ = [
    "CALL_FIELDS",
    "INSTRUMENT_FIELDS",
    "PROFILE_FIELDS",
    "TEAM_AUDIT_FIELDS",
    "TEAM_FIELDS",
    "TRAINING_FIELDS",
    "ImportCounts",
    "call_create",
    "call_delete",
    "call_update",
    "calls_import",
    "instrument_create",
    "instrument_delete",
    "instrument_update",
    "provider_profile_create",
    "provider_profile_delete",
    "provider_profile_update",
    "team_add_members",
    "team_create",
    "team_update",
    "topic_data",
    "training_create",
    "training_delete",
    "training_update",
]
