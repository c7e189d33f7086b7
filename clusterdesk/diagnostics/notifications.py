"""The email that carries a self-assessment link to a company contact."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from clusterdesk.diagnostics import links
from clusterdesk.diagnostics.models import Diagnosis

logger = logging.getLogger(__name__)


def send_self_assessment_link(
    *, diagnosis: Diagnosis, url: str, sender: object, message: str = ""
) -> bool:
    """Email the link to the diagnosis's respondent, in their language. False when they
    have no address or the mail server refused it (the page still shows the link)."""
    contact = diagnosis.respondent
    if contact is None or not contact.email:
        return False
    context = {
        "diagnosis": diagnosis,
        "contact": contact,
        "url": url,
        "sender": sender,
        "message": message,
        "expires_at": links.link_expires_at(diagnosis),
        "site_name": settings.CLUSTERDESK_SITE_NAME,
    }
    with translation.override(contact.preferred_language or None):
        subject = render_to_string("diagnostics/email/self_assessment_subject.txt", context)
        body = render_to_string("diagnostics/email/self_assessment_body.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [contact.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("self-assessment link for diagnosis %s not emailed", diagnosis.uuid)
        return False
    return True
