"""The `clusterdesk` command runs Django's management commands under our name."""

from __future__ import annotations

import subprocess
import sys


def test_the_console_script_runs_management_commands():
    result = subprocess.run(
        [sys.executable, "-m", "clusterdesk", "check", "--deploy", "--fail-level", "ERROR"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified" in result.stdout + result.stderr


def test_the_console_script_lists_clusterdesk_commands():
    result = subprocess.run(
        [sys.executable, "-m", "clusterdesk", "help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "demo" in result.stdout
    assert "serve" in result.stdout
