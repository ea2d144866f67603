"""``parse_times``: every time expression in a text, past ones included."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from companion_bot.extraction.refiners import drop_named_parts
from companion_bot.extraction.times import group_is_time, scan
from companion_bot.extraction.types import Grain, TimeMention


def check_now(now: dt.datetime) -> None:
    """Reject a naive ``now``: every result is aware in now's zone."""
    zone = now.tzinfo
    if zone is None or (type(zone) not in _ALWAYS_AWARE and now.utcoffset() is None):
        raise ValueError("now must be timezone-aware (in the user's zone)")


# Zones that always give an offset (``utcoffset`` is never None): no need to ask them.
_ALWAYS_AWARE = (ZoneInfo, dt.timezone)


def parse_times(text: str, now: dt.datetime) -> list[TimeMention]:
    """Time expressions in ``text`` (first 4,000 characters), resolved against ``now``."""
    check_now(now)
    s, groups = scan(text, now)
    mentions: list[TimeMention] = []
    for g in drop_named_parts(s, groups):  # "parents evening on the 2nd at 6": one time
        if g.value is None or not group_is_time(g):
            continue
        grain: Grain = "minute" if g.grain == "minute" else ("hour" if g.grain == "hour" else "day")
        mentions.append(
            TimeMention(
                start=g.value,
                end=g.value_end,
                grain=grain,
                span=(g.start, g.end),
                text=text[g.start : g.end],
            )
        )
    return mentions
