"""How a time zone reads in a sentence."""

from __future__ import annotations

import pytest

from companion_bot.services.zones import zone_label


@pytest.mark.parametrize(
    ("zone", "label"),
    [
        ("Asia/Tokyo", "Tokyo"),
        ("America/New_York", "New York"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires"),
        ("Etc/GMT-2", "UTC+2"),  # POSIX sign, inverted
        ("Etc/GMT+5", "UTC-5"),
        ("UTC", "UTC"),
    ],
)
def test_zone_label(zone: str, label: str) -> None:
    assert zone_label(zone) == label
