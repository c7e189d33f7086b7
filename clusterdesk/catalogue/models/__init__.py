"""The catalogue's records: agency teams, support instruments, training programmes, calls
for projects and service provider profiles."""

from clusterdesk.catalogue.models.offers import (
    Call,
    CallSource,
    CallStatus,
    InstrumentKind,
    Language,
    SupportInstrument,
    TrainingFormat,
    TrainingProgramme,
    theme_labels,
)
from clusterdesk.catalogue.models.providers import Accreditation, ServiceProviderProfile
from clusterdesk.catalogue.models.teams import AgencyTeam, TeamService

__all__ = [
    "Accreditation",
    "AgencyTeam",
    "Call",
    "CallSource",
    "CallStatus",
    "InstrumentKind",
    "Language",
    "ServiceProviderProfile",
    "SupportInstrument",
    "TeamService",
    "TrainingFormat",
    "TrainingProgramme",
    "theme_labels",
]
