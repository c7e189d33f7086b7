"""Whether the layout shows the Imports menu entry."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from clusterdesk.imports.permissions import can_import


def imports_navigation(request: HttpRequest) -> dict[str, Any]:
    return {"can_import": can_import(getattr(request, "user", None))}
