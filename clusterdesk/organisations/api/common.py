"""Helpers shared by the organisations API's operations."""

from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query

from clusterdesk.organisations.schemas import PageQuery

# `?version=` of a deletion: the version the caller read.
VERSION = Query(..., ge=1, description="The version you read (409 when it changed since).")


def caller(request: HttpRequest) -> Any:
    """The user the request authenticated as (token or session)."""
    return request.auth  # type: ignore[attr-defined]


def page_of(queryset: QuerySet[Any], page: PageQuery) -> dict[str, Any]:
    """One page of a list as `{count, page, page_size, results}`; past the end, no results."""
    start = (page.page - 1) * page.page_size
    return {
        "count": queryset.count(),
        "page": page.page,
        "page_size": page.page_size,
        "results": list(queryset[start : start + page.page_size]),
    }


def referenced(model: type[Model], uuid: UUID, field: str, **lookups: Any) -> Any:
    """The record a body field refers to by id; a 422 on that field when there is none."""
    found = model._default_manager.filter(uuid=uuid, **lookups).first()
    if found is None:
        raise ValidationError({field: [_("Nothing has this id: %(id)s.") % {"id": uuid}]})
    return found


def users_by_username(
    usernames: list[str], field: str, queryset: QuerySet[Any] | None = None
) -> list[Any]:
    """Users named in a body field, each from `queryset`; a 422 naming those not found."""
    queryset = queryset if queryset is not None else get_user_model().objects.all()
    found = {user.username: user for user in queryset.filter(username__in=usernames)}
    unknown = [name for name in usernames if name not in found]
    if unknown:
        raise ValidationError(
            {field: [_("No such user with this role: %(names)s.") % {"names": ", ".join(unknown)}]}
        )
    return [found[name] for name in dict.fromkeys(usernames)]
