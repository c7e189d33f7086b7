"""Personal API tokens as text: `cd_<prefix>_<secret>`, and their stored digest.

Pure functions, no database. The secret has 192 random bits, so a fast hash (SHA-256) is
enough to make a stolen table useless: there is nothing to guess with a dictionary.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

TOKEN_TAG = "cd"
PREFIX_BYTES = 4  # 8 hex characters, shown in lists to tell tokens apart
SECRET_BYTES = 24  # 48 hex characters, 192 random bits
_TOKEN = re.compile(r"^cd_([0-9a-f]{8})_([0-9a-f]{48})$")
_PREFIX = re.compile(r"^(?:cd_)?([0-9a-f]{8})(?:_.*)?$")


def new_prefix() -> str:
    return secrets.token_hex(PREFIX_BYTES)


def new_secret() -> str:
    return secrets.token_hex(SECRET_BYTES)


def compose(prefix: str, secret: str) -> str:
    return f"{TOKEN_TAG}_{prefix}_{secret}"


def split(token: str) -> tuple[str, str] | None:
    """`(prefix, secret)` of a well-formed token, None for anything else."""
    match = _TOKEN.match(token.strip())
    return (match.group(1), match.group(2)) if match else None


def prefix_of(text: str) -> str | None:
    """The prefix in `abcd1234`, `cd_abcd1234` or a whole token; None if there is none."""
    match = _PREFIX.match(text.strip())
    return match.group(1) if match else None


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def matches(secret: str, stored_digest: str) -> bool:
    """Compare in constant time, so response times reveal nothing about the digest."""
    return hmac.compare_digest(digest(secret), stored_digest)
