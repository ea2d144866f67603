"""Time-zone answers typed in chat."""

from __future__ import annotations

import pytest

from companion_bot.channels.telegram.timezones import is_fixed_offset, parse_zone


@pytest.mark.parametrize(
    ("answer", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("America/New York", "America/New_York"),
        ("Berlin", "Europe/Berlin"),
        ("  new   york ", "America/New_York"),
        ("UTC", "UTC"),
        ("gmt", "UTC"),
        ("UTC+2", "Etc/GMT-2"),
        ("-05:00", "Etc/GMT+5"),
        ("+0", "UTC"),
        ("GMT+5:30", "Asia/Kolkata"),
        ("utc-3:30", "America/St_Johns"),
    ],
)
def test_understood(answer: str, zone: str) -> None:
    assert parse_zone(answer) == zone


@pytest.mark.parametrize(
    "answer",
    ["", "hello there", "Mars/Olympus", "UTC+15", "+5:17", "dentist tomorrow at 3", "x" * 80],
)
def test_not_a_zone(answer: str) -> None:
    assert parse_zone(answer) is None


def test_fixed_offsets_are_flagged() -> None:
    assert is_fixed_offset("Etc/GMT-2")
    assert not is_fixed_offset("Europe/Berlin")
