"""Permission rules of the accounts app, registered with the one policy in core.

A token belongs to its user alone: nobody else sees it (404), not even an admin, who
revokes a token with `clusterdesk token revoke`.
"""

from __future__ import annotations

from typing import Any

from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action


def owns_api_token(user: Any, token: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and token.user_id == user.pk


def register_rules() -> None:
    for action in Action:
        permissions.register("accounts.ApiToken", action, owns_api_token)
