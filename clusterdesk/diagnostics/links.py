"""Self-assessment links: signed, expiring, single-use, no sign-in.

The token signs `{"d": diagnosis uuid, "n": nonce}` with `django.core.signing` (salt
"diagnostics.self-assessment") and a timestamp: the time the link was sent, so the same
link can be shown again to the manager while it is valid. The nonce is stored on the
diagnosis (`link_nonce`): sending a new link, withdrawing it or submitting the answers
changes it, and every older link then stops working.

- a token that does not verify (tampered, another salt, truncated) → `LinkInvalid` (400);
- a token older than `LINK_LIFETIME` → `LinkExpired` (410);
- a token whose nonce is no longer the diagnosis's (answers submitted, link replaced or
  withdrawn, diagnosis deleted) → `LinkUsed` (410).
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core import signing
from django.utils.translation import gettext_lazy as _

from clusterdesk.diagnostics.models import Diagnosis, DiagnosisStatus

SALT = "diagnostics.self-assessment"
LINK_LIFETIME = datetime.timedelta(days=14)


class LinkError(Exception):
    status = 400
    title: Any = ""
    message: Any = ""


class LinkInvalid(LinkError):
    status = 400
    title = _("This link is not valid")
    message = _(
        "The address is incomplete or was changed. Open the link exactly as it was sent to "
        "you, or ask your contact at the agency for a new one."
    )


class LinkExpired(LinkError):
    status = 410
    title = _("This link has expired")
    message = _(
        "Self-assessment links are valid for 14 days. Ask your contact at the agency to send "
        "you a new one."
    )


class LinkUsed(LinkError):
    status = 410
    title = _("This self-assessment is closed")
    message = _(
        "The answers were already submitted, or the link was replaced by a newer one. "
        "Thank you! If you need to change something, contact the agency."
    )


class _SignedAt(signing.TimestampSigner):
    """A timestamp signer that signs with a given time (when the link was sent)."""

    def __init__(self, signed_at: datetime.datetime, **kwargs: Any) -> None:
        self._signed_at = int(signed_at.timestamp())
        super().__init__(**kwargs)

    def timestamp(self) -> str:
        return signing.b62_encode(self._signed_at)


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def link_token(diagnosis: Diagnosis) -> str:
    """The token of the link currently out for `diagnosis` (status "sent")."""
    if not diagnosis.link_nonce or diagnosis.sent_at is None:
        raise ValueError("no self-assessment link is out for this diagnosis")
    payload = {"d": str(diagnosis.uuid), "n": diagnosis.link_nonce}
    return _SignedAt(diagnosis.sent_at, salt=SALT).sign_object(payload)


def link_expires_at(diagnosis: Diagnosis) -> datetime.datetime | None:
    return diagnosis.sent_at + LINK_LIFETIME if diagnosis.sent_at else None


def read_token(token: str) -> tuple[str, str]:
    """`(diagnosis uuid, nonce)` of a token that verifies and has not expired."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=LINK_LIFETIME)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    if not isinstance(payload, dict) or not {"d", "n"} <= payload.keys():
        raise LinkInvalid
    return str(payload["d"]), str(payload["n"])


def diagnosis_for_token(token: str) -> tuple[Diagnosis, str]:
    """The diagnosis a valid, unused link is for, and the link's nonce (raises a
    `LinkError` otherwise)."""
    diagnosis_uuid, nonce = read_token(token)
    diagnosis = (
        Diagnosis.objects.select_related("organisation", "template", "respondent")
        .filter(uuid=diagnosis_uuid)
        .first()
    )
    if diagnosis is None or not nonce_matches(diagnosis, nonce):
        raise LinkUsed
    return diagnosis, nonce


def nonce_matches(diagnosis: Diagnosis, nonce: str) -> bool:
    return (
        diagnosis.status == DiagnosisStatus.SENT
        and bool(diagnosis.link_nonce)
        and secrets.compare_digest(diagnosis.link_nonce, nonce)
    )
