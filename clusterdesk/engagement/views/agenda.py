""" "My week" (the agenda of a week, by section), the personal calendar feed's page, and the
feed itself (a secret URL a calendar app reads without signing in)."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from clusterdesk.core import permissions
from clusterdesk.engagement import agenda, calendar, selectors, services
from clusterdesk.engagement import permissions as rules
from clusterdesk.engagement.models import CalendarFeed

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_week(value: str) -> datetime.date:
    """The Monday of ISO week `YYYY-Www`; ValueError for anything else."""
    match = _WEEK.match(value.strip())
    if not match:
        raise ValueError(value)
    return datetime.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)


def week_name(monday: datetime.date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _sections(items: list[agenda.AgendaItem]) -> list[dict[str, Any]]:
    """The items by section, in the order of `agenda.Section`; empty sections left out."""
    grouped: list[dict[str, Any]] = []
    for section in agenda.Section:
        found = [item for item in items if item.section == section]
        if found:
            label = agenda.SECTION_LABELS[section]
            grouped.append({"section": section, "label": label, "items": found})
    return grouped


@require_GET
def my_week(request: HttpRequest) -> HttpResponse:
    user = request.user
    permissions.ensure_allowed(rules.can_see_agenda(user))
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    error = ""
    if request.GET.get("week"):
        try:
            monday = parse_week(request.GET["week"])
        except ValueError:
            error = _(
                "Week: “%(value)s” is not a week such as %(example)s; this week is shown."
            ) % {
                "value": request.GET["week"][:20],
                "example": week_name(monday),
            }
    sunday = monday + datetime.timedelta(days=6)
    items = agenda.items_for(user, monday, sunday)
    context = {
        "monday": monday,
        "sunday": sunday,
        "today": today,
        "week": week_name(monday),
        "previous_week": week_name(monday - datetime.timedelta(days=7)),
        "next_week": week_name(monday + datetime.timedelta(days=7)),
        "this_week": week_name(today - datetime.timedelta(days=today.weekday())),
        "sections": _sections(items),
        "item_count": len(items),
        "week_error": error,
        "shows_attention": rules.can_see_attention(user),
        "attention_count": selectors.attention_count(user=user, today=today),
        "can_plan": rules.can_create_follow_up(user),
    }
    return render(request, "engagement/my_week.html", context)


def _feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("engagement:calendar-feed", args=[token]))


@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """Create (or replace) the personal calendar feed, shown once, or revoke it."""
    user: Any = request.user
    permissions.ensure_allowed(rules.can_see_agenda(user))
    feed_url = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            _feed, token = services.calendar_feed_create(actor=user, user=_user(user))
            feed_url = _feed_url(request, token)
        elif action == "revoke":
            for feed in CalendarFeed.objects.filter(user=user, revoked_at=None):
                services.calendar_feed_revoke(actor=user, feed=feed)
            messages.success(request, _("Your calendar link no longer works."))
            return redirect("engagement:calendar-settings")
        else:
            messages.error(request, _("Choose to create or to revoke the link."))
            return redirect("engagement:calendar-settings")
    context = {
        "feed": CalendarFeed.objects.filter(user=user, revoked_at=None).first(),
        "feed_url": feed_url,
        "feed_days": calendar.FEED_DAYS,
    }
    response = render(request, "engagement/calendar_settings.html", context)
    if feed_url:
        add_never_cache_headers(response)  # the secret URL must stay in no cache
    return response


def _user(user: Any) -> Any:
    """The user itself, not the request's lazy wrapper (it goes on the audit timeline)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=user.pk)


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed of the user whose secret `token` this is; 404 when revoked or unknown."""
    feed = services.calendar_feed_for_token(token)
    if feed is None or not rules.can_see_agenda(feed.user):
        raise Http404
    user = feed.user
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        items = calendar.feed_items(user, timezone.localdate())
        name = _("clusterdesk agenda of %(name)s") % {"name": user.get_full_name() or user}
        body = calendar.calendar_bytes(items, name, uid=f"agenda-{feed.pk}@clusterdesk")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="clusterdesk.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
