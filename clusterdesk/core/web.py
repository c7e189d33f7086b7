"""Small helpers shared by the HTML views: pagination and mapping service errors to forms."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from clusterdesk.core.concurrency import StaleVersionError


class HtmxHttpRequest(HttpRequest):
    """The request as our views see it: django-htmx adds `htmx`."""

    htmx: HtmxDetails


def paginate(
    request: HttpRequest, items: Any, per_page: int | None = None, param: str = "page"
) -> Page:
    """The requested page; a page number out of range shows the last page, not an error."""
    paginator = Paginator(items, per_page or settings.CLUSTERDESK_PAGE_SIZE)
    return paginator.get_page(request.GET.get(param))


TIMELINE_PAGE_SIZE = 30


class TimelinePage(Sequence[Any]):
    """A page of a timeline, shown with "Older changes" (no page count): it reads one row
    more than it shows to know whether an older page exists, and never counts the events,
    which on a company file with years of history costs more than the page itself."""

    def __init__(self, events: Any, number: int, per_page: int = TIMELINE_PAGE_SIZE) -> None:
        start = (number - 1) * per_page
        rows = list(events[start : start + per_page + 1])
        self.number = number
        self.object_list = rows[:per_page]
        self._has_next = len(rows) > per_page

    def __getitem__(self, index: Any) -> Any:
        return self.object_list[index]

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def next_page_number(self) -> int:
        return self.number + 1


def timeline_page(request: HttpRequest, events: Any) -> TimelinePage:
    """A page of an object's audit timeline (its own URL parameter, beside list pages); a
    page number that is not one shows the first page."""
    try:
        number = max(1, int(request.GET.get("timeline_page", 1)))
    except (TypeError, ValueError):
        number = 1
    return TimelinePage(events, number)


def wants_timeline_partial(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False)) and "timeline_page" in request.GET


def add_service_error(form: forms.BaseForm, error: Exception) -> None:
    """Show a service's refusal on the form, on the field it concerns when there is one."""
    if isinstance(error, StaleVersionError):
        form.add_error(None, str(error.message))
        return
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                target = field if field in form.fields else None
                for message in messages:
                    form.add_error(target, message)
        else:
            for message in error.messages:
                form.add_error(None, message)
        return
    raise error


def expected_version(form: forms.BaseForm) -> int | None:
    """The version the form was opened with. A form without one cannot overwrite: it is
    checked against version 0, which no saved record has."""
    version = form.cleaned_data.get("version")
    return int(version) if version else 0
