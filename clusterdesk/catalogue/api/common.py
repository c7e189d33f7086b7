"""Helpers shared by the catalogue API's operations."""

from __future__ import annotations

from typing import Any

from clusterdesk.catalogue.permissions import edits_catalogue, reads_catalogue
from clusterdesk.core import permissions
from clusterdesk.organisations.api.common import VERSION, caller, page_of, referenced

__all__ = ["VERSION", "caller", "ensure_editor", "ensure_reader", "page_of", "referenced"]


def ensure_reader(user: Any) -> None:
    """The catalogue's API is for the staff (the public has the pages)."""
    permissions.ensure_allowed(reads_catalogue(user))


def ensure_editor(user: Any) -> None:
    permissions.ensure_allowed(edits_catalogue(user))


def active_filter(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")
