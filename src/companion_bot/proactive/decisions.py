"""When to send a proactive message, and why not: pure functions of facts and ``now``.

Instants ("30 minutes before") are computed on absolute UTC time; quiet hours and the daily
cap on the user's local wall clock. The two differ across a DST change, which is the point.
Nothing here reads a clock or a database: the caller passes ``now`` (aware) and the facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from .kinds import SessionType

#: A reminder is only worth sending while the meeting is at least this far away.
MIN_NOTICE = dt.timedelta(minutes=5)
COMPLETION_DELAY = dt.timedelta(minutes=5)
COMPLETION_WINDOW = dt.timedelta(hours=6)
FOLLOWUP_DELAY = dt.timedelta(minutes=15)
FOLLOWUP_WINDOW = dt.timedelta(hours=8)
#: A snoozed reminder comes back this long after the press (once per meeting).
SNOOZE_DELAY = dt.timedelta(minutes=10)
#: A date without a time gets a note at this local time on that day.
MORNING_NOTE = dt.time(8, 0)
#: A task reminder still goes out this long after its time (a job that was down, a send
#: retried); later it is ``missed``.
TASK_WINDOW = dt.timedelta(hours=1)


class Verdict(StrEnum):
    SEND = "send"  # due now: send it
    WAIT = "wait"  # not yet (``at`` says when, if known)
    SKIP = "skip"  # never: record the skip with its reason


class Reason(StrEnum):
    NOT_DUE = "not_due"
    DEFERRED_QUIET_HOURS = "deferred_quiet_hours"
    QUIET_HOURS = "quiet_hours"
    DAILY_CAP = "daily_cap"
    OPTED_OUT = "opted_out"
    MISSED = "missed"
    NOT_SCHEDULED = "not_scheduled"  # cancelled or done
    NO_END_TIME = "no_end_time"
    HAS_END_TIME = "has_end_time"
    ALREADY_SENT = "already_sent"
    TOO_LATE_TO_SNOOZE = "too_late_to_snooze"
    NOTHING_TODAY = "nothing_today"  # a morning agenda with nothing to list


@dataclass(frozen=True, slots=True)
class Preferences:
    """A user's proactive preferences (``greeting_preferences``)."""

    prefer_proactive: bool = True
    dnd_start_hour: int | None = None
    dnd_end_hour: int | None = None
    max_per_day: int = 3
    lead_minutes: int = 30

    @property
    def has_quiet_hours(self) -> bool:
        return (
            self.dnd_start_hour is not None
            and self.dnd_end_hour is not None
            and self.dnd_start_hour != self.dnd_end_hour
        )


@dataclass(frozen=True, slots=True)
class ScheduleFacts:
    """What the decisions need to know about one meeting (times aware, any zone)."""

    start: dt.datetime
    end: dt.datetime | None = None
    all_day: bool = False  # a date without a time: a morning-of note instead of a reminder
    status: str = "scheduled"


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: Verdict
    reason: Reason | None = None
    at: dt.datetime | None = None  # when it is (or was) due, or when it will be sent

    @property
    def send(self) -> bool:
        return self.verdict is Verdict.SEND


def _send(at: dt.datetime) -> Decision:
    return Decision(Verdict.SEND, at=at)


def _skip(reason: Reason, at: dt.datetime | None = None) -> Decision:
    return Decision(Verdict.SKIP, reason, at)


def _wait(reason: Reason, at: dt.datetime | None) -> Decision:
    return Decision(Verdict.WAIT, reason, at)


def _require_aware(*values: dt.datetime | None) -> None:
    for value in values:
        if value is not None and (value.tzinfo is None or value.utcoffset() is None):
            raise ValueError(f"naive datetime {value.isoformat()}: attach a time zone")


def in_quiet_hours(instant: dt.datetime, tz: ZoneInfo, prefs: Preferences) -> bool:
    """Whether ``instant`` falls in the user's quiet hours (local, may wrap midnight)."""
    if not prefs.has_quiet_hours:
        return False
    start, end = prefs.dnd_start_hour, prefs.dnd_end_hour
    assert start is not None and end is not None
    hour = instant.astimezone(tz).hour
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end


def quiet_hours_end(instant: dt.datetime, tz: ZoneInfo, prefs: Preferences) -> dt.datetime:
    """The first instant after ``instant`` at which the quiet hours are over (UTC)."""
    assert prefs.dnd_end_hour is not None
    local = instant.astimezone(tz)
    for days in range(2):
        day = local.date() + dt.timedelta(days=days)
        candidate = _local_instant(day, dt.time(prefs.dnd_end_hour), tz)
        if candidate > instant:
            return candidate
    raise AssertionError("quiet hours end within two days")  # pragma: no cover


def _local_instant(day: dt.date, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    """``day`` at wall-clock ``time`` in ``tz`` as UTC; a time in a DST gap moves forward."""
    naive = dt.datetime.combine(day, time, tzinfo=tz)
    # Round-tripping through UTC normalises a non-existent wall time (spring forward).
    return naive.astimezone(dt.UTC)


def local_day_bounds(now: dt.datetime, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The user's current local day as a half-open UTC interval (23 or 25 h across DST)."""
    _require_aware(now)
    today = now.astimezone(tz).date()
    return (
        _local_instant(today, dt.time(0), tz),
        _local_instant(today + dt.timedelta(days=1), dt.time(0), tz),
    )


def reminder_due_at(facts: ScheduleFacts, prefs: Preferences, tz: ZoneInfo) -> dt.datetime:
    """When the reminder is due: ``lead`` before the start, or 08:00 local for a date."""
    if facts.all_day:
        return _local_instant(facts.start.astimezone(tz).date(), MORNING_NOTE, tz)
    return facts.start.astimezone(dt.UTC) - dt.timedelta(minutes=prefs.lead_minutes)


def _reminder_latest(
    facts: ScheduleFacts, tz: ZoneInfo, due: dt.datetime | None = None
) -> dt.datetime:
    """The last instant at which a reminder due at ``due`` still makes sense: until
    :data:`MIN_NOTICE` before the start, or until the start for a lead no longer than that."""
    if facts.all_day:
        day = facts.start.astimezone(tz).date()
        return _local_instant(day + dt.timedelta(days=1), dt.time(0), tz)
    start = facts.start.astimezone(dt.UTC)
    if due is not None and due >= start - MIN_NOTICE:
        return start  # the user asked for a short lead ("1 minute before"): it is still news
    return start - MIN_NOTICE


def _gate(
    due: dt.datetime,
    latest: dt.datetime,
    prefs: Preferences,
    tz: ZoneInfo,
    now: dt.datetime,
    sent_today: int,
) -> Decision:
    """The rules every scheduled message shares, once it has a due time and a deadline."""
    if now < due:
        return _wait(Reason.NOT_DUE, due)
    if not prefs.prefer_proactive:
        return _skip(Reason.OPTED_OUT, due)
    if now > latest:
        return _skip(Reason.MISSED, due)
    if in_quiet_hours(now, tz, prefs):
        resume = quiet_hours_end(now, tz, prefs)
        if resume <= latest:
            return _wait(Reason.DEFERRED_QUIET_HOURS, resume)
        return _skip(Reason.QUIET_HOURS, due)
    if sent_today >= prefs.max_per_day:
        return _skip(Reason.DAILY_CAP, due)
    return _send(due)


def reminder_decision(
    facts: ScheduleFacts,
    prefs: Preferences,
    tz: ZoneInfo,
    now: dt.datetime,
    *,
    sent_today: int = 0,
) -> Decision:
    """The preparation reminder (or the morning-of note for a date without a time).

    Due ``lead`` before the start; a meeting mentioned later than that is reminded at once
    while it is still :data:`MIN_NOTICE` away (a lead shorter than that: until it starts),
    else the reminder is ``missed``.
    ``sent_today``: proactive messages already sent (or pending) in the user's local day.
    """
    _require_aware(facts.start, facts.end, now)
    if facts.status != "scheduled":
        return _skip(Reason.NOT_SCHEDULED)
    due = reminder_due_at(facts, prefs, tz)
    return _gate(due, _reminder_latest(facts, tz, due), prefs, tz, now, sent_today)


def task_due_at(facts: ScheduleFacts, prefs: Preferences, tz: ZoneInfo) -> dt.datetime:
    """When a task reminder is due: at the task's time, or when quiet hours that cover it end."""
    start = facts.start.astimezone(dt.UTC)
    if in_quiet_hours(start, tz, prefs):
        return quiet_hours_end(start, tz, prefs)
    return start


def task_reminder_decision(
    facts: ScheduleFacts,
    prefs: Preferences,
    tz: ZoneInfo,
    now: dt.datetime,
    *,
    sent_today: int = 0,
) -> Decision:
    """The reminder of a task ("remind me to call mom at 6"): due at its time itself, or at
    the end of the quiet hours it falls in (held until then, ``deferred_quiet_hours``), and
    worth sending for :data:`TASK_WINDOW` after that. Opt-out and the daily cap apply as to
    any reminder."""
    _require_aware(facts.start, now)
    if facts.status != "scheduled":
        return _skip(Reason.NOT_SCHEDULED)
    due = task_due_at(facts, prefs, tz)
    decision = _gate(due, due + TASK_WINDOW, prefs, tz, now, sent_today)
    if decision.reason is Reason.NOT_DUE and now >= facts.start.astimezone(dt.UTC):
        return _wait(Reason.DEFERRED_QUIET_HOURS, due)
    return decision


def completion_decision(
    facts: ScheduleFacts,
    prefs: Preferences,
    tz: ZoneInfo,
    now: dt.datetime,
    *,
    sent_today: int = 0,
) -> Decision:
    """The "how did it go?" message: 5 min after the end, only within 6 h of the end."""
    _require_aware(facts.start, facts.end, now)
    if facts.status != "scheduled":
        return _skip(Reason.NOT_SCHEDULED)
    if facts.end is None or facts.all_day:
        return _skip(Reason.NO_END_TIME)
    end = facts.end.astimezone(dt.UTC)
    return _gate(end + COMPLETION_DELAY, end + COMPLETION_WINDOW, prefs, tz, now, sent_today)


def followup_decision(
    facts: ScheduleFacts, prefs: Preferences, now: dt.datetime, *, already_sent: bool = False
) -> Decision:
    """The follow-up question on the user's next message, for a meeting without an end:
    from start + 15 min to start + 8 h. It rides on a reply the user asked for, so quiet
    hours and the daily cap do not apply; opting out does."""
    _require_aware(facts.start, now)
    if facts.status != "scheduled":
        return _skip(Reason.NOT_SCHEDULED)
    if facts.end is not None:
        return _skip(Reason.HAS_END_TIME)
    if already_sent:
        return _skip(Reason.ALREADY_SENT)
    start = facts.start.astimezone(dt.UTC)
    if now < start + FOLLOWUP_DELAY:
        return _wait(Reason.NOT_DUE, start + FOLLOWUP_DELAY)
    if not prefs.prefer_proactive:
        return _skip(Reason.OPTED_OUT)
    if now > start + FOLLOWUP_WINDOW:
        return _skip(Reason.MISSED)
    return _send(start + FOLLOWUP_DELAY)


def is_date_only(start: dt.datetime, tz: ZoneInfo, *, approximate: bool) -> bool:
    """A date without a time: stored as local midnight and marked approximate."""
    return approximate and start.astimezone(tz).time() == dt.time(0)


def retry_delay(attempts: int, *, base: float = 30.0, cap: float = 1800.0) -> dt.timedelta:
    """Exponential backoff after ``attempts`` failed sends: 30 s, 60 s, 120 s, … ≤ 30 min."""
    if attempts < 1:
        raise ValueError("attempts counts from 1")
    return dt.timedelta(seconds=min(cap, base * 2 ** (attempts - 1)))


def snooze_refusal(facts: ScheduleFacts, now: dt.datetime) -> Reason | None:
    """Why a reminder cannot be snoozed now (``None``: it comes back at
    ``now + SNOOZE_DELAY``): the meeting is no longer scheduled, or starts before then."""
    _require_aware(facts.start, now)
    if facts.status != "scheduled":
        return Reason.NOT_SCHEDULED
    if now + SNOOZE_DELAY >= facts.start.astimezone(dt.UTC):
        return Reason.TOO_LATE_TO_SNOOZE
    return None


def expired(
    kind: str,
    facts: ScheduleFacts,
    tz: ZoneInfo,
    now: dt.datetime,
    *,
    due: dt.datetime | None = None,
) -> Reason | None:
    """Why a claimed message (due at ``due``) must no longer go out (``None``: still worth
    sending)."""
    _require_aware(facts.start, facts.end, now)
    if facts.status != "scheduled":
        return Reason.NOT_SCHEDULED
    if kind == SessionType.PREPARATION_REMINDER:
        late = now > _reminder_latest(facts, tz, due)
    elif (
        kind == SessionType.SNOOZE
    ):  # the user asked for it: worth sending until the meeting starts
        late = now >= facts.start.astimezone(dt.UTC)
    elif kind == SessionType.COMPLETION:
        late = facts.end is None or now > facts.end.astimezone(dt.UTC) + COMPLETION_WINDOW
    elif kind == SessionType.TASK_REMINDER:
        late = now > (due or facts.start).astimezone(dt.UTC) + TASK_WINDOW
    else:
        late = now > facts.start.astimezone(dt.UTC) + FOLLOWUP_WINDOW
    return Reason.MISSED if late else None
