"""Helpers shared by the engagement pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from clusterdesk.core import permissions
from clusterdesk.organisations.models import Organisation


def initial_organisation(request: HttpRequest) -> Organisation | None:
    """The organisation named by `?organisation=<id>` (from its company file), if the user
    may see it; a garbled or unknown id is ignored."""
    chosen = request.GET.get("organisation", "")
    try:
        organisation = Organisation.objects.filter(uuid=chosen).first() if chosen else None
    except ValidationError:
        return None
    if organisation is None or not permissions.can_view_organisation(request.user, organisation):
        return None
    return organisation
