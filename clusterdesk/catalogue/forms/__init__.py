"""Forms of the catalogue: they validate input and keep it on error; writes happen in
`services`."""

from clusterdesk.catalogue.forms.filters import (
    CallFilterForm,
    InstrumentFilterForm,
    ProviderFilterForm,
    TrainingFilterForm,
)
from clusterdesk.catalogue.forms.offers import CallForm, InstrumentForm, TrainingForm
from clusterdesk.catalogue.forms.providers import (
    AccreditationFormSet,
    ProviderProfileForm,
    accreditation_formset,
    accreditations_of,
)
from clusterdesk.catalogue.forms.teams import (
    AgencyTeamForm,
    TeamMembersField,
    team_member_queryset,
)

__all__ = [
    "AccreditationFormSet",
    "AgencyTeamForm",
    "CallFilterForm",
    "CallForm",
    "InstrumentFilterForm",
    "InstrumentForm",
    "ProviderFilterForm",
    "ProviderProfileForm",
    "TeamMembersField",
    "TrainingFilterForm",
    "TrainingForm",
    "accreditation_formset",
    "accreditations_of",
    "team_member_queryset",
]
