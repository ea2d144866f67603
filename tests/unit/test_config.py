"""``config.zone_of``: the one "user's zone, or UTC" every layer reads a user's zone with
(moved here from the message analyzer's tests when its copy went)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from companion_bot.config import Settings, load_settings, zone_of
from companion_bot.errors import ConfigError


def test_unknown_or_empty_zone_reads_as_utc() -> None:
    assert zone_of("Mars/Olympus") == ZoneInfo("UTC")
    assert zone_of("") == ZoneInfo("UTC")
    assert zone_of("../etc/passwd") == ZoneInfo("UTC")
    assert zone_of("Asia/Kolkata") == ZoneInfo("Asia/Kolkata")


def test_no_zone_at_all_reads_as_utc() -> None:
    assert zone_of(None) == ZoneInfo("UTC")


def test_secrets_are_the_secret_values_that_are_set() -> None:
    settings = Settings(llm_api_key="sk-live-123456", telegram_bot_token="", secret_key="k" * 40)

    assert set(settings.secrets) == {"sk-live-123456", "k" * 40}


def test_production_refuses_a_secret_key_shorter_than_32_characters() -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings(environment="production", secret_key="s" * 31)
    with pytest.raises(ConfigError, match="COMPANION_SECRET_KEY: set a real secret"):
        load_settings(environment="production", secret_key="change-me")

    assert str(refused.value).startswith(
        "COMPANION_SECRET_KEY: 31 characters is too short for production (at least 32) "
        "(example: COMPANION_SECRET_KEY="
    )
    assert load_settings(environment="production", secret_key="s" * 32).secret_key == "s" * 32
    assert load_settings(environment="dev", secret_key="short").secret_key == "short"


@pytest.mark.parametrize(
    ("values", "shared"),
    [
        ({}, False),
        ({"workers": 2}, True),
        ({"workers": 2, "shared_limits": False}, False),
        ({"shared_limits": True}, True),
        ({"shared_limits": ""}, False),  # `COMPANION_SHARED_LIMITS=` in .env means unset
    ],
)
def test_rate_limits_are_shared_with_several_workers_unless_told(
    values: dict[str, object], shared: bool
) -> None:
    assert load_settings(**values).limits_shared is shared


def test_shared_limits_need_a_redis_url() -> None:
    with pytest.raises(ConfigError, match="COMPANION_REDIS_URL"):
        load_settings(workers=2, redis_url="")
    assert load_settings(workers=1, redis_url="").limits_shared is False
