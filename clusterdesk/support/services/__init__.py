"""Writes of the support journey: cases, needs, referrals, roadmaps and actions.

Every function is keyword-only, runs in one transaction, validates the record, refuses
stale versions and writes the audit record, on the record's own timeline, its case's and
the company file's. Views, the API, workflows, the demo loader and tests call them:
`from clusterdesk.support import services`, then `services.case_transition(...)`.
"""

from clusterdesk.support.services.cases import (
    CASE_AUDIT_FIELDS,
    CASE_EDIT_FIELDS,
    CASE_FIELDS,
    case_create,
    case_transition,
    case_update,
)
from clusterdesk.support.services.needs import NEED_FIELDS, need_close, need_create, need_update
from clusterdesk.support.services.referrals import (
    referral_answer,
    referral_create,
    referral_send,
    referral_update,
)
from clusterdesk.support.services.roadmaps import (
    action_create,
    action_update,
    review_dates,
    roadmap_create,
    roadmap_update,
)

__all__ = [
    "CASE_AUDIT_FIELDS",
    "CASE_EDIT_FIELDS",
    "CASE_FIELDS",
    "NEED_FIELDS",
    "action_create",
    "action_update",
    "case_create",
    "case_transition",
    "case_update",
    "need_close",
    "need_create",
    "need_update",
    "referral_answer",
    "referral_create",
    "referral_send",
    "referral_update",
    "review_dates",
    "roadmap_create",
    "roadmap_update",
]
