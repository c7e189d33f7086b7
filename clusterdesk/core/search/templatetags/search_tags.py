"""Template helpers of the search box."""

from __future__ import annotations

from typing import Any

from django import template

from clusterdesk.core.search.registry import can_search

register = template.Library()


@register.simple_tag(takes_context=True)
def user_can_search(context: dict[str, Any]) -> bool:
    """Whether the signed-in user may see any searchable record (the header box shows)."""
    request = context.get("request")
    return can_search(getattr(request, "user", None))
