"""Understanding a time zone as people write it: ``Europe/Berlin``, ``berlin``,
``New York``, ``nyc``, ``UTC+2``, ``-05:00``, ``GMT+5:30``. Pure: no I/O.

Shared by the chat phrases ("my time zone is ...") and Telegram's ``/timezone``.
"""

from __future__ import annotations

import re
import zoneinfo
from functools import cache

#: City and common names for the zones people name most often.
CITY_ZONES: dict[str, str] = {
    "berlin": "Europe/Berlin",
    "london": "Europe/London",
    "paris": "Europe/Paris",
    "madrid": "Europe/Madrid",
    "rome": "Europe/Rome",
    "amsterdam": "Europe/Amsterdam",
    "vienna": "Europe/Vienna",
    "zurich": "Europe/Zurich",
    "warsaw": "Europe/Warsaw",
    "moscow": "Europe/Moscow",
    "istanbul": "Europe/Istanbul",
    "new york": "America/New_York",
    "nyc": "America/New_York",
    "boston": "America/New_York",
    "chicago": "America/Chicago",
    "denver": "America/Denver",
    "los angeles": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "toronto": "America/Toronto",
    "sao paulo": "America/Sao_Paulo",
    "mexico city": "America/Mexico_City",
    "tokyo": "Asia/Tokyo",
    "singapore": "Asia/Singapore",
    "hong kong": "Asia/Hong_Kong",
    "shanghai": "Asia/Shanghai",
    "beijing": "Asia/Shanghai",
    "delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "dubai": "Asia/Dubai",
    "sydney": "Australia/Sydney",
    "melbourne": "Australia/Melbourne",
    "auckland": "Pacific/Auckland",
    "utc": "UTC",
    "gmt": "UTC",
}

# Offsets that are not whole hours have no Etc/ zone: a representative city instead.
_PARTIAL_OFFSETS = {
    (-1, 9, 30): "Pacific/Marquesas",
    (-1, 3, 30): "America/St_Johns",
    (1, 3, 30): "Asia/Tehran",
    (1, 4, 30): "Asia/Kabul",
    (1, 5, 30): "Asia/Kolkata",
    (1, 5, 45): "Asia/Kathmandu",
    (1, 6, 30): "Asia/Yangon",
    (1, 8, 45): "Australia/Eucla",
    (1, 9, 30): "Australia/Darwin",
    (1, 10, 30): "Australia/Adelaide",
    (1, 12, 45): "Pacific/Chatham",
}

_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$")
_ALIASES = {"utc": "UTC", "gmt": "UTC", "z": "UTC", "zulu": "UTC"}


@cache
def _cities() -> dict[str, str]:
    """Lower-case city (last part of an IANA name, spaces for ``_``) -> zone name."""
    out: dict[str, str] = {}
    for name in sorted(zoneinfo.available_timezones()):
        if "/" not in name or name.startswith(("Etc/", "SystemV/", "US/")):
            continue
        city = name.rsplit("/", 1)[1].replace("_", " ").lower()
        out.setdefault(city, name)
    return out


def _from_offset(sign: str, hours: int, minutes: int) -> str | None:
    if hours > 14 or minutes >= 60:
        return None
    if minutes:
        return _PARTIAL_OFFSETS.get((1 if sign == "+" else -1, hours, minutes))
    if hours == 0:
        return "UTC"
    # POSIX-style Etc zones have the sign inverted: UTC+2 is Etc/GMT-2.
    return f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"


def parse_zone(text: str, *, any_city: bool = True) -> str | None:
    """The IANA zone a user meant, or ``None`` when the text is not a zone.

    Without ``any_city`` only the well-known cities of :data:`CITY_ZONES` count, not every
    city in the zone database (for casual phrases: "I'm in Davis" is not Antarctica)."""
    answer = " ".join(text.strip().split())
    if not answer or len(answer) > 64:
        return None
    lowered = answer.lower()
    if lowered in _ALIASES:
        return _ALIASES[lowered]
    offset = _OFFSET.match(lowered)
    if offset:
        sign, hours, minutes = offset.group(1), int(offset.group(2)), int(offset.group(3) or 0)
        return _from_offset(sign, hours, minutes)
    if lowered in CITY_ZONES:
        return CITY_ZONES[lowered]
    if "/" in answer:
        candidate = "/".join(part.strip().replace(" ", "_") for part in answer.split("/"))
        for name in (candidate, _case_insensitive(candidate)):
            if name and _valid(name):
                return name
        return None
    return _cities().get(lowered) if any_city else None


def _case_insensitive(name: str) -> str | None:
    wanted = name.lower()
    for zone in zoneinfo.available_timezones():
        if zone.lower() == wanted:
            return zone
    return None


def _valid(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone_label(zone: str) -> str:
    """How a zone reads in a sentence: "Tokyo", "New York", "UTC+2", "UTC"."""
    fixed = re.fullmatch(r"Etc/GMT([+-])(\d{1,2})", zone)
    if fixed:  # POSIX sign, inverted: Etc/GMT-2 is UTC+2
        return f"UTC{'-' if fixed.group(1) == '+' else '+'}{fixed.group(2)}"
    if zone in ("UTC", "Etc/UTC", "Etc/GMT"):
        return "UTC"
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def is_fixed_offset(zone: str) -> bool:
    """True for ``Etc/GMT±N`` zones, which never follow daylight saving time."""
    return zone.startswith("Etc/")
