"""Who may import, and who sees which import (registered with the one permission policy).

- agency admins import organisations and contacts, and see every import;
- cluster managers import both too and see their own imports; on a likely duplicate they
  may link or update only a record the policy lets them change, otherwise skip or create;
- agency experts and ministry analysts do not import (403) and see no import (404).
"""

from __future__ import annotations

from typing import Any

from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action


def can_import(user: Any) -> bool:
    return permissions.is_admin(user) or permissions.is_manager(user)


def can_view_import(user: Any, job: Any) -> bool:
    if permissions.is_admin(user):
        return True
    return permissions.is_manager(user) and job.created_by_id == user.pk


def register_rules() -> None:
    for action in (Action.VIEW, Action.CHANGE, Action.DELETE):
        permissions.register("imports.ImportJob", action, can_view_import)
