"""Time zones in Telegram: the buttons offered, and the answers understood (the parser
lives in :mod:`companion_bot.services.zones`, shared with the chat phrases). Pure: no I/O.
"""

from __future__ import annotations

from companion_bot.services.zones import is_fixed_offset, parse_zone

__all__ = ["COMMON_ZONES", "is_fixed_offset", "parse_zone"]

#: Buttons offered on first contact and by ``/timezone``: (label, IANA name).
COMMON_ZONES: tuple[tuple[str, str], ...] = (
    ("London", "Europe/London"),
    ("Berlin / Paris", "Europe/Berlin"),
    ("Moscow", "Europe/Moscow"),
    ("New York", "America/New_York"),
    ("Chicago", "America/Chicago"),
    ("Los Angeles", "America/Los_Angeles"),
    ("India", "Asia/Kolkata"),
    ("Tokyo", "Asia/Tokyo"),
    ("Sydney", "Australia/Sydney"),
    ("UTC", "UTC"),
)
