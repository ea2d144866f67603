"""The Prometheus alert rules are valid and fire on the series they are written for."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"


def _promtool(*args: str) -> subprocess.CompletedProcess[str]:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.fail("promtool is missing: install the Debian package `prometheus`")
    return subprocess.run(
        [promtool, *args], cwd=RULES, capture_output=True, text=True, check=False, timeout=60
    )


def test_rules_are_valid_and_name_the_checklist_alerts() -> None:
    result = _promtool("check", "rules", "alerts.yml")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 rules found" in result.stdout
    rules = (RULES / "alerts.yml").read_text()
    for alert in (
        "CompanionJobFailures",
        "CompanionDatabaseLatencyHigh",
        "CompanionLowConfidenceExtractions",
        "CompanionMessageSendFailures",
        "CompanionReminderJobStale",
        "CompanionHttpErrorRatioHigh",
        "CompanionRateLimitRedisDown",
    ):
        assert f"alert: {alert}" in rules


def test_rules_fire_on_bad_series_and_stay_quiet_on_good_ones() -> None:
    result = _promtool("test", "rules", "alerts_test.yml")
    assert result.returncode == 0, result.stdout + result.stderr
