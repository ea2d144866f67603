"""The morning agenda, the pure part: which local day's agenda is due, whether it goes out,
and its words.

The agenda's time is a wall-clock time in the user's zone ("08:00"), so it is 08:00 local on
every day, the days of a DST change included; its instant is computed per day in that zone.
Nothing here reads a clock or a database: the caller passes an aware ``now``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .decisions import Decision, Preferences, Reason, Verdict, in_quiet_hours

#: The kind of message, as the job's summary, metrics and logs name it.
AGENDA = "morning_agenda"
#: The time offered when the user turns the agenda on without saying one.
DEFAULT_TIME = dt.time(8, 0)
#: An agenda still goes out this long after its time (the job was down, a send is retried);
#: later it is stale: not planned at all, or ``missed`` if it was waiting to be sent.
WINDOW = dt.timedelta(hours=1)
#: At most this many items are listed; the rest are counted ("and 3 more").
MAX_ITEMS = 8
_STORED = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One meeting or task of the day (``start`` aware, any zone)."""

    start: dt.datetime
    name: str
    all_day: bool = False  # a date without a time: listed without one


def parse_time(value: str | None) -> dt.time | None:
    """The stored ``"HH:MM"`` as a time; ``None`` when the agenda is off (or unreadable)."""
    match = _STORED.match(value or "")
    return dt.time(int(match.group(1)), int(match.group(2))) if match else None


def time_text(at: dt.time) -> str:
    """A time as stored: ``"07:30"``."""
    return f"{at.hour:02d}:{at.minute:02d}"


def clock_words(at: dt.time) -> str:
    """``7:30 AM``, ``1 PM``: how a time reads in a message."""
    hour = f"{at.hour % 12 or 12}" + (f":{at.minute:02d}" if at.minute else "")
    return f"{hour} {'AM' if at.hour < 12 else 'PM'}"


def due_at(day: dt.date, at: dt.time, tz: ZoneInfo) -> dt.datetime:
    """``day`` at wall-clock ``at`` in ``tz``, as UTC (a time in a DST gap moves forward)."""
    return dt.datetime.combine(day, at, tzinfo=tz).astimezone(dt.UTC)


def open_day(
    now: dt.datetime, tz: ZoneInfo, at: dt.time, *, done_through: dt.date | None
) -> dt.date | None:
    """The local day whose agenda is to be decided now: its time came no more than
    :data:`WINDOW` ago and nothing is recorded for it (``done_through``: the latest local day
    that has a row). ``None``: no agenda waits."""
    today = now.astimezone(tz).date()
    for day in (today, today - dt.timedelta(days=1)):  # 23:30 is still open at 00:10
        if done_through is not None and day <= done_through:
            continue
        due = due_at(day, at, tz)
        if due <= now <= due + WINDOW:
            return day
    return None


def next_due(
    now: dt.datetime, tz: ZoneInfo, at: dt.time, *, done_through: dt.date | None
) -> dt.datetime:
    """When the job next has this user's agenda to decide: ``now`` if one is open, else the
    next local day's time still ahead and not recorded yet."""
    if open_day(now, tz, at, done_through=done_through) is not None:
        return now
    day = now.astimezone(tz).date()
    while True:
        due = due_at(day, at, tz)
        if due > now and (done_through is None or day > done_through):
            return due
        day += dt.timedelta(days=1)


def agenda_decision(
    due: dt.datetime,
    prefs: Preferences,
    tz: ZoneInfo,
    now: dt.datetime,
    *,
    sent_today: int,
    has_items: bool,
    when_empty: bool,
) -> Decision:
    """Whether the agenda due at ``due`` goes out now. Quiet hours covering its time (or
    ``now``) skip it for the day rather than defer it: an agenda at the end of the night is
    stale. It counts toward the daily cap like any proactive message (``sent_today``: those
    already sent or pending in the user's local day); opting out of reminders stops it."""
    if now.tzinfo is None or due.tzinfo is None:
        raise ValueError("due and now must be timezone-aware")
    if now < due:
        return Decision(Verdict.WAIT, Reason.NOT_DUE, due)
    if not prefs.prefer_proactive:
        return Decision(Verdict.SKIP, Reason.OPTED_OUT, due)
    if now > due + WINDOW:
        return Decision(Verdict.SKIP, Reason.MISSED, due)
    if in_quiet_hours(due, tz, prefs) or in_quiet_hours(now, tz, prefs):
        return Decision(Verdict.SKIP, Reason.QUIET_HOURS, due)
    if not has_items and not when_empty:
        return Decision(Verdict.SKIP, Reason.NOTHING_TODAY, due)
    if sent_today >= prefs.max_per_day:
        return Decision(Verdict.SKIP, Reason.DAILY_CAP, due)
    return Decision(Verdict.SEND, None, due)


def stale(due: dt.datetime, now: dt.datetime) -> bool:
    """Whether an agenda due at ``due`` is too late to send at ``now``."""
    return now > due + WINDOW


def todays_items(
    items: Sequence[AgendaItem], day: dt.date, due: dt.datetime, tz: ZoneInfo
) -> list[AgendaItem]:
    """The items to list on ``day``: its all-day ones, then those starting from the agenda's
    time on (one at 07:00 is over by an 08:00 agenda), in order."""
    on_day = [i for i in items if i.start.astimezone(tz).date() == day]
    all_day = [i for i in on_day if i.all_day]
    timed = sorted((i for i in on_day if not i.all_day and i.start >= due), key=lambda i: i.start)
    return [*all_day, *timed]


def _greeting(at: dt.time) -> str:
    if at.hour < 12:
        return "Good morning!"
    return "Good afternoon!" if at.hour < 18 else "Good evening!"


def compose(items: Sequence[AgendaItem], tz: ZoneInfo, *, at: dt.time) -> str:
    """``Good morning! Today: 9:30 AM standup; 1 PM lunch with Maria; 3 PM dentist.``; with
    nothing, ``Good morning! Nothing on your calendar today.``"""
    if not items:
        return f"{_greeting(at)} Nothing on your calendar today."
    parts = [
        f"{i.name} (all day)"
        if i.all_day
        else f"{clock_words(i.start.astimezone(tz).time())} {i.name}"
        for i in items[:MAX_ITEMS]
    ]
    if len(items) > MAX_ITEMS:
        parts.append(f"and {len(items) - MAX_ITEMS} more")
    return f"{_greeting(at)} Today: {'; '.join(parts)}."
