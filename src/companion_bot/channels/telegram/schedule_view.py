"""``/schedule`` as text: upcoming meetings grouped by local day, short lines for a phone;
task reminders ("remind me to call mom at 6") marked ⏰, occurrences of a repeating meeting
"↻ every weekday".

Pure: rows and ``now`` come in, Telegram HTML comes out (user text escaped). The numbers
shown are what ``/cancel <n>`` refers to.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import Protocol
from zoneinfo import ZoneInfo

DAYS_AHEAD = 14
MAX_ITEMS = 15
PARSE_MODE = "HTML"

EMPTY_TEXT = (
    "Nothing planned for the next 14 days.\n"
    "Just tell me about a meeting, e.g. “Team meeting tomorrow at 10” "
    "or “dentist Friday 3-4 PM”, and I'll remind you before it."
)

CHANNEL_LABELS = {"telegram": "Telegram", "web": "web"}


class SeriesLike(Protocol):
    """What the view reads from a ``ScheduleSeries`` row."""

    @property
    def cadence(self) -> str: ...


class ScheduleLike(Protocol):
    """What the view reads from a ``UserSchedule`` row."""

    @property
    def event_name(self) -> str: ...
    @property
    def start_time(self) -> dt.datetime: ...
    @property
    def end_time(self) -> dt.datetime | None: ...
    @property
    def status(self) -> str: ...
    @property
    def channel(self) -> str: ...
    @property
    def time_is_approximate(self) -> bool: ...
    @property
    def preparation_reminder_sent(self) -> bool: ...
    @property
    def kind(self) -> str: ...
    @property
    def series(self) -> SeriesLike | None: ...


MAX_NAME_CHARS = 60  # a line that reads well on a phone


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def short_name(name: str) -> str:
    """The meeting name on one short line (whitespace folded, long names cut with …)."""
    folded = " ".join(name.split())
    return folded if len(folded) <= MAX_NAME_CHARS else folded[: MAX_NAME_CHARS - 1] + "…"


def day_label(day: dt.date, today: dt.date) -> str:
    """``Today · Wed 25 Nov``, ``Tomorrow · Thu 26 Nov`` or ``Fri 27 Nov``."""
    name = f"{day:%a} {day.day} {day:%b}"
    if day == today:
        return f"Today · {name}"
    if day == today + dt.timedelta(days=1):
        return f"Tomorrow · {name}"
    return name


def time_label(item: ScheduleLike, tz: ZoneInfo) -> str:
    """``14:30``, ``14:30–15:30``, ``about 14:00``, ``all day``, or an end on a later day."""
    start = item.start_time.astimezone(tz)
    if item.time_is_approximate:
        if start.hour == 0 and start.minute == 0:
            return "all day"
        return f"about {start:%H:%M}"
    text = f"{start:%H:%M}"
    if item.end_time is not None:
        end = item.end_time.astimezone(tz)
        same_day = end.date() == start.date() or (end.time() == dt.time(0) and end > start)
        text += f"–{end:%H:%M}" if same_day else f"–{end:%a} {end:%H:%M}"
    return text


def status_label(item: ScheduleLike, now: dt.datetime) -> str:
    if item.status == "done":
        return "done ✓"
    if item.status == "cancelled":
        return "cancelled"
    if item.kind == "task":
        return "reminded ✓" if item.preparation_reminder_sent else "reminder"
    end = item.end_time or item.start_time
    if item.start_time <= now <= end:
        return "now"
    if item.start_time <= now:
        return "started"
    if item.preparation_reminder_sent:
        return "reminder sent"
    return "upcoming"


def render_schedule(
    items: Sequence[ScheduleLike],
    *,
    tz: ZoneInfo,
    now: dt.datetime,
    more: bool = False,
) -> str:
    """The ``/schedule`` message (Telegram HTML). ``more``: some meetings were left out."""
    if not items:
        return EMPTY_TEXT
    today = now.astimezone(tz).date()
    lines = [f"<b>Your next {DAYS_AHEAD} days</b> ({_escape(tz.key)})"]
    current_day: dt.date | None = None
    for number, item in enumerate(items, start=1):
        day = item.start_time.astimezone(tz).date()
        if day != current_day:
            lines += ["", f"<b>{day_label(day, today)}</b>"]
            current_day = day
        channel = CHANNEL_LABELS.get(item.channel, item.channel)
        mark = "⏰ " if item.kind == "task" else ""
        name = _escape(short_name(item.event_name))
        lines.append(f"{number}. {time_label(item, tz)} {mark}{name}")
        again = "" if item.series is None else f" · ↻ {_escape(item.series.cadence)}"
        lines.append(f"    {status_label(item, now)} · {_escape(channel)}{again}")
    lines.append("")
    if more:
        lines.append(f"Showing the first {len(items)}.")
    lines.append("Cancel one with /cancel &lt;number&gt;.")
    return "\n".join(lines)
