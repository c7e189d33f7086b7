"""The daily digest: each person's agenda of the day (overdue, due today, undated) by
email, plain text and HTML, in their language, with links to the records.

`send_digest(user_id, day)` sends at most one digest per person and day (a `DigestLog` row,
unique per person and day, is written in the transaction that sends it); `enqueue_digests`
schedules the digests of everyone with something on their agenda.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from clusterdesk.engagement import agenda
from clusterdesk.engagement.calendar import absolute, site_url
from clusterdesk.engagement.models import DigestLog

logger = logging.getLogger("clusterdesk.engagement")


@dataclass(frozen=True)
class DigestLine:
    item: agenda.AgendaItem
    url: str  # absolute


def digest_items(user: Any, day: datetime.date) -> list[agenda.AgendaItem]:
    """What the digest of `day` lists: overdue items, those due that day, undated ones."""
    return agenda.items_for(user, day, day)


def _language(user: Any) -> str:
    return str(user.preferred_language or settings.LANGUAGE_CODE)


def _message(user: Any, day: datetime.date, items: list[agenda.AgendaItem]) -> Any:
    with translation.override(_language(user)):
        sections = []
        for section in agenda.Section:
            found = [DigestLine(i, absolute(i.url)) for i in items if i.section == section]
            if found:
                sections.append({"label": agenda.SECTION_LABELS[section], "lines": found})
        context = {
            "user": user,
            "day": day,
            "sections": sections,
            "count": len(items),
            "my_week_url": absolute(reverse("engagement:my-week")),
            "site_url": site_url(),
        }
        subject = ngettext(
            "Your agenda for %(day)s: %(count)s item",
            "Your agenda for %(day)s: %(count)s items",
            len(items),
        ) % {"day": day.isoformat(), "count": len(items)}
        text = render_to_string("engagement/email/digest.txt", context)
        html = render_to_string("engagement/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
    )
    message.attach_alternative(html, "text/html")
    return message


def send_digest(user_id: int, day: datetime.date) -> bool:
    """Send `day`'s digest to the user if they have an email address, something on their
    agenda, and none was sent for that day yet. Returns whether an email went out."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        logger.info("Digest of %s for user %s skipped: no such active user", day, user_id)
        return False
    if not user.email:
        logger.warning("Digest of %s for %s skipped: the user has no email address", day, user)
        return False
    if DigestLog.objects.filter(user=user, day=day).exists():
        return False
    items = digest_items(user, day)
    if not items:
        return False
    try:
        with transaction.atomic():
            DigestLog.objects.create(user=user, day=day, items=len(items))
            _message(user, day, items).send()
    except IntegrityError:  # sent meanwhile by another worker
        return False
    logger.info("Digest of %s sent to %s (%s items)", day, user, len(items))
    return True


def recipients(day: datetime.date) -> list[Any]:
    """Active people with something on their agenda for `day` and no digest for it yet;
    those without an email address are logged and left out."""
    already = DigestLog.objects.filter(day=day).values("user_id")
    people = []
    for user in get_user_model().objects.filter(is_active=True).exclude(pk__in=already):
        if not digest_items(user, day):
            continue
        if not user.email:
            logger.warning("Digest of %s for %s skipped: the user has no email address", day, user)
            continue
        people.append(user)
    return people
