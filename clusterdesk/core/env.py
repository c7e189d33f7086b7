"""Typed readers for environment variables that fail loudly on bad values.

Settings read every knob through these helpers so that a typo in a deployment
(`DEBUG=ture`) stops the process with a clear message instead of silently
picking a default.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class ConfigurationError(RuntimeError):
    """Raised when an environment variable holds a value we cannot use."""


def env_str(name: str, default: str = "") -> str:
    """Return `NAME`, or the content of the file named by `NAME_FILE`, or `default`."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ConfigurationError(
                f"{name}_FILE={file_path!r} cannot be read: {error}"
            ) from error
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigurationError(f"{name}={raw!r} is not a boolean (use true or false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ConfigurationError(f"{name}={raw!r} is not a whole number") from error


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_key(name: str, var_dir: Path) -> str:
    """`SECRET_KEY` from the environment, else one generated once and kept in `var/`."""
    value = env_str(name)
    if value:
        return value
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    key_file.write_text(value, encoding="utf-8")
    key_file.chmod(0o600)
    return value
