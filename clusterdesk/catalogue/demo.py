"""Demo data of the catalogue: the demo users in agency teams.

The teams themselves come from a data migration. The demo expert (`expert`) answers the
referrals sent to the R&D and innovation support team; the demo admin is a member of the
European R&D support team. Idempotent: running it again adds nobody twice.
"""

from __future__ import annotations

from typing import Any

from clusterdesk.catalogue import services
from clusterdesk.catalogue.models import AgencyTeam

DEMO_MEMBERS = {
    "rd-innovation": ("expert",),
    "european-rd": ("admin",),
    "clusters": ("manager", "manager2"),
}
EXPERT_TEAM = "rd-innovation"


def load_demo(*, users: dict[str, Any]) -> int:
    """Put the demo users in their teams; returns how many memberships were added."""
    added = 0
    for slug, usernames in DEMO_MEMBERS.items():
        team = AgencyTeam.objects.filter(slug=slug).first()
        people = [users[name] for name in usernames if name in users]
        if team is None or not people:
            continue
        missing = [user for user in people if not team.members.filter(pk=user.pk).exists()]
        if missing:
            services.team_add_members(actor=None, team=team, users=missing)
            added += len(missing)
    return added
