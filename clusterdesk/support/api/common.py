"""Helpers shared by the support API's operations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from clusterdesk.core import permissions
from clusterdesk.organisations.api.common import caller, page_of, referenced, users_by_username

__all__ = ["caller", "page_of", "referenced", "referenced_many", "user_named", "visible"]


def visible(user: Any, model: type[Model], uuid: UUID, field: str, **lookups: Any) -> Any:
    """A record named in a body field that the caller may see; a 422 on that field when
    there is none (or none they may see: its existence is not revealed)."""
    found = referenced(model, uuid, field, **lookups)
    if not permissions.can(user, permissions.Action.VIEW, found):
        raise ValidationError({field: [_("Nothing has this id: %(id)s.") % {"id": uuid}]})
    return found


def referenced_many(model: type[Model], uuids: Iterable[UUID], field: str) -> list[Any]:
    """The records a body list names, in its order; a 422 naming the unknown ids."""
    wanted = list(dict.fromkeys(uuids))
    found = {record.uuid: record for record in model._default_manager.filter(uuid__in=wanted)}  # type: ignore[attr-defined]
    unknown = [str(uuid) for uuid in wanted if uuid not in found]
    if unknown:
        raise ValidationError(
            {field: [_("Nothing has this id: %(id)s.") % {"id": ", ".join(unknown)}]}
        )
    return [found[uuid] for uuid in wanted]


def user_named(username: str | None, field: str, queryset: Any) -> Any:
    """The user a body field names (None for null), from `queryset`; 422 otherwise."""
    if not username:
        return None
    return users_by_username([username], field, queryset)[0]
