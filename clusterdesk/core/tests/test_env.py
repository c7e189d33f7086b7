"""Settings read from the environment fail loudly on values they cannot use."""

from __future__ import annotations

import pytest

from clusterdesk.core.env import (
    ConfigurationError,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key,
)


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("On", True), ("0", False), ("", False)]
)
def test_booleans_accept_the_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("CLUSTERDESK_FLAG", raw)
    assert env_bool("CLUSTERDESK_FLAG") is expected


def test_a_misspelt_boolean_stops_the_process_with_its_name(monkeypatch):
    monkeypatch.setenv("DEBUG", "ture")
    with pytest.raises(ConfigurationError, match="DEBUG"):
        env_bool("DEBUG")


def test_a_non_numeric_integer_is_refused(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "smtp")
    with pytest.raises(ConfigurationError, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 25)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example.lu, b.example.lu,,")
    assert env_list("ALLOWED_HOSTS", []) == ["a.example.lu", "b.example.lu"]


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret_file = tmp_path / "password"
    secret_file.write_text("s3cret\n")
    monkeypatch.setenv("EMAIL_HOST_PASSWORD_FILE", str(secret_file))
    assert env_str("EMAIL_HOST_PASSWORD") == "s3cret"


def test_an_unreadable_secret_file_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("EMAIL_HOST_PASSWORD_FILE", str(tmp_path / "missing"))
    with pytest.raises(ConfigurationError, match="EMAIL_HOST_PASSWORD_FILE"):
        env_str("EMAIL_HOST_PASSWORD")


def test_the_secret_key_is_generated_once_and_then_reused(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    first = secret_key("SECRET_KEY", tmp_path)
    assert len(first) > 40
    assert secret_key("SECRET_KEY", tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
