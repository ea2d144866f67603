"""Shared helpers: a fixed ``now`` in a named zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def at(iso: str, zone: str = "Europe/Berlin") -> dt.datetime:
    """Local wall-clock time ``iso`` in ``zone`` (Tue 2026-11-24 is the usual reference)."""
    return dt.datetime.fromisoformat(iso).replace(tzinfo=ZoneInfo(zone))
