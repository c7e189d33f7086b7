"""What the support pages share: fetching a record for a change, and rendering a form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action
from clusterdesk.support import selectors
from clusterdesk.support.models import SupportCase


def case_to_change(request: HttpRequest, uuid: Any) -> SupportCase:
    """The case, if the user may change it (404 if they may not see it, 403 otherwise)."""
    case = selectors.case_get(user=request.user, uuid=uuid)
    permissions.ensure(request.user, Action.CHANGE, case)
    return case


def form_page(
    request: HttpRequest, template: str, form: forms.BaseForm, **context: Any
) -> HttpResponse:
    """A form page; 422 when it shows refused input."""
    status = 422 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


def version_of(request: HttpRequest) -> int:
    """The version a button's form was rendered with (0, which matches nothing, if none)."""
    try:
        return int(request.POST.get("version") or 0)
    except ValueError:
        return 0
