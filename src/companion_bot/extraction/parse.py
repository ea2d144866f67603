"""``parse_times``: every time expression in a text, past ones included."""

from __future__ import annotations

import datetime as dt

from companion_bot.extraction.times import group_is_time, scan
from companion_bot.extraction.types import Grain, TimeMention


def check_now(now: dt.datetime) -> None:
    """Reject a naive ``now``: every result is aware in now's zone."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware (in the user's zone)")


def parse_times(text: str, now: dt.datetime) -> list[TimeMention]:
    """Time expressions in ``text`` (first 4,000 characters), resolved against ``now``."""
    check_now(now)
    _, groups = scan(text, now)
    mentions: list[TimeMention] = []
    for g in groups:
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
