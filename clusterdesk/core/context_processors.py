"""Values every page's layout needs: which modules the signed-in user may open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from clusterdesk.core import permissions


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "nav": {
            "directory": permissions.reads_directory(user),
            "clusters": permissions.can_list_clusters(user),
            "admin": permissions.is_admin(user) and bool(getattr(user, "is_staff", False)),
            "attention": permissions.is_admin(user) or permissions.is_manager(user),
        }
    }
