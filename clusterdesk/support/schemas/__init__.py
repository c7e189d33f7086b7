"""The support journey in the JSON API: `XCreate`/`XUpdate` in, `XRead` out.

Public ids are the records' `uuid`, shown as `id`; users are named by their username.
"""

from clusterdesk.organisations.schemas.common import ContactRef
from clusterdesk.support.schemas.cases import (
    CaseCreate,
    CaseOrdering,
    CasePage,
    CaseQuery,
    CaseRead,
    CaseStateFilter,
    CaseTransition,
    CaseUpdate,
    StateChangeRead,
)
from clusterdesk.support.schemas.common import CaseRef, NeedRef
from clusterdesk.support.schemas.needs import (
    NeedCreate,
    NeedOrdering,
    NeedPage,
    NeedQuery,
    NeedRead,
    NeedUpdate,
)
from clusterdesk.support.schemas.referrals import (
    ReferralAnswer,
    ReferralCreate,
    ReferralOrdering,
    ReferralPage,
    ReferralQuery,
    ReferralRead,
    ReferralSend,
    ReferralStatusFilter,
    ReferralUpdate,
)
from clusterdesk.support.schemas.roadmaps import (
    ActionCreate,
    ActionPage,
    ActionQuery,
    ActionRead,
    ActionUpdate,
    ProgressRead,
    RoadmapCreate,
    RoadmapPage,
    RoadmapRead,
    RoadmapUpdate,
)

__all__ = [
    "ActionCreate",
    "ActionPage",
    "ActionQuery",
    "ActionRead",
    "ActionUpdate",
    "CaseCreate",
    "CaseOrdering",
    "CasePage",
    "CaseQuery",
    "CaseRead",
    "CaseRef",
    "CaseStateFilter",
    "CaseTransition",
    "CaseUpdate",
    "ContactRef",
    "NeedCreate",
    "NeedOrdering",
    "NeedPage",
    "NeedQuery",
    "NeedRead",
    "NeedRef",
    "NeedUpdate",
    "ProgressRead",
    "ReferralAnswer",
    "ReferralCreate",
    "ReferralOrdering",
    "ReferralPage",
    "ReferralQuery",
    "ReferralRead",
    "ReferralSend",
    "ReferralStatusFilter",
    "ReferralUpdate",
    "RoadmapCreate",
    "RoadmapPage",
    "RoadmapRead",
    "RoadmapUpdate",
    "StateChangeRead",
]
