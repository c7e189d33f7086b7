"""Template helpers of the engagement pages: `{% load engagement %}`."""

from __future__ import annotations

import datetime
from html import unescape

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

from clusterdesk.core.markdown import to_html

register = template.Library()

KIND_ICONS = {
    "video_call": "bi-camera-video",
    "meeting": "bi-people",
    "visit": "bi-building",
    "phone_call": "bi-telephone",
    "email": "bi-envelope",
    "event_contact": "bi-calendar-event",
}


@register.filter
def kind_icon(kind: str) -> str:
    """The Bootstrap icon of an interaction kind."""
    return KIND_ICONS.get(str(kind), "bi-chat-left-text")


@register.filter
def days_ago(day: datetime.date | None, today: datetime.date) -> int | None:
    if day is None:
        return None
    return (today - day).days


@register.filter
def excerpt(text: str | None, length: int = 160) -> str:
    """The beginning of a Markdown note as plain text (no `**` nor `#`), for lists."""
    plain = " ".join(unescape(strip_tags(to_html((text or "")[:2000]))).split())
    return Truncator(plain).chars(length)
