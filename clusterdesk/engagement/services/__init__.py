"""Writes to interactions, follow-ups, cadence rules and calendar feeds.

Keyword-only functions, one transaction each, validation, optimistic concurrency on
editable records and an audit event on the organisation's timeline:
`from clusterdesk.engagement import services` then `services.interaction_create(actor=…,
data=…)`.
"""

from clusterdesk.engagement.services.cadence import (
    cadence_rule_create,
    cadence_rule_delete,
    cadence_rule_update,
)
from clusterdesk.engagement.services.common import owner_queryset, staff_queryset
from clusterdesk.engagement.services.feeds import (
    calendar_feed_create,
    calendar_feed_for_token,
    calendar_feed_revoke,
)
from clusterdesk.engagement.services.follow_ups import (
    follow_up_create,
    follow_up_delete,
    follow_up_mark_done,
    follow_up_update,
)
from clusterdesk.engagement.services.interactions import (
    interaction_create,
    interaction_delete,
    interaction_update,
)

__all__ = [
    "cadence_rule_create",
    "cadence_rule_delete",
    "cadence_rule_update",
    "calendar_feed_create",
    "calendar_feed_for_token",
    "calendar_feed_revoke",
    "follow_up_create",
    "follow_up_delete",
    "follow_up_mark_done",
    "follow_up_update",
    "interaction_create",
    "interaction_delete",
    "interaction_update",
    "owner_queryset",
    "staff_queryset",
]
