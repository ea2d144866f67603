"""Why a user got (or did not get) each proactive message: the body of ``explain``.

Pure: it reads the rows the command loaded (schedules, their ``proactive_sessions``, the
user's preferences and flags) and ``now``, and says for every meeting what was sent, what was
skipped and why, and what is still to come. A message without a row yet is explained with the
same pure decisions the job uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from companion_bot.proactive.decisions import (
    FOLLOWUP_DELAY,
    FOLLOWUP_WINDOW,
    Preferences,
    Reason,
    ScheduleFacts,
    Verdict,
    completion_decision,
    is_date_only,
    reminder_decision,
    task_reminder_decision,
)
from companion_bot.storage.models import ProactiveSession, UserSchedule

KIND_LABELS = {
    "preparation_reminder": "reminder",
    "snooze": "snooze",
    "completion": "completion",
    "followup": "follow-up",
    "task_reminder": "reminder",  # a task's one message, at its time
}
#: The messages of a meeting and of a task, in the order they happen.
MEETING_MESSAGES = ("preparation_reminder", "snooze", "completion", "followup")
TASK_MESSAGES = ("task_reminder",)
DECIDE = {
    "preparation_reminder": reminder_decision,
    "task_reminder": task_reminder_decision,
    "completion": completion_decision,
}
SENDING_FLAGS = ("proactive_features", "proactive_jobs")


@dataclass(frozen=True, slots=True)
class Context:
    """What every explanation needs besides the rows of one meeting."""

    now: dt.datetime
    tz: ZoneInfo
    prefs: Preferences
    flags: Mapping[str, bool] = field(default_factory=dict)  # flag name -> on for this user

    def when(self, instant: dt.datetime | None) -> str:
        if instant is None:
            return "?"
        return f"{instant.astimezone(self.tz):%a %d %b %H:%M}"

    @property
    def quiet_hours(self) -> str:
        p = self.prefs
        if not p.has_quiet_hours:
            return "none"
        return f"{p.dnd_start_hour:02d}:00–{p.dnd_end_hour:02d}:00"

    @property
    def sending_blocked_by(self) -> list[str]:
        return [name for name in SENDING_FLAGS if not self.flags.get(name, True)]


@dataclass(frozen=True, slots=True)
class Line:
    """One message of one meeting: its type, state and the reason in words."""

    kind: str
    state: str  # sent | skipped | failed | pending | retrying | expected | none
    detail: str
    session_id: int | None = None
    due_at: dt.datetime | None = None
    sent_at: dt.datetime | None = None
    acknowledged_at: dt.datetime | None = None
    reason: str | None = None
    error: str | None = None
    content: str | None = None


def reason_words(session: ProactiveSession, ctx: Context) -> str:
    """The recorded reason of a skipped or failed session, in words."""
    reason, error = session.reason, session.last_error or "no detail"
    words = {
        Reason.QUIET_HOURS.value: f"quiet hours ({ctx.quiet_hours}) lasted past the last "
        "moment it was worth sending",
        Reason.DAILY_CAP.value: f"daily cap: {ctx.prefs.max_per_day} proactive messages "
        "already sent that day",
        Reason.OPTED_OUT.value: "the user opted out of reminders",
        Reason.MISSED.value: "missed: the job got to it too late (was the job running? was "
        "the meeting noted only minutes before?)",
        Reason.NOT_SCHEDULED.value: "the meeting was cancelled or done before it went out",
        Reason.NO_END_TIME.value: "no end time",
        "permanent_failure": f"send failure (permanent): {error}",
        "retries_exhausted": f"send failure: gave up after {session.attempts} attempts: {error}",
    }
    return words.get(reason or "", reason or "no reason recorded")


def session_line(
    session: ProactiveSession, ctx: Context, *, schedule_status: str = "scheduled"
) -> Line:
    """What happened to one recorded proactive message."""
    kind = KIND_LABELS.get(session.session_type, session.session_type)
    common: dict[str, Any] = {
        "kind": kind,
        "session_id": session.id,
        "due_at": session.due_at,
        "sent_at": session.sent_at,
        "acknowledged_at": session.acknowledged_at,
        "reason": session.reason,
        "error": session.last_error,
        "content": session.message_content,
    }
    if session.status == "sent":
        detail = f"sent {ctx.when(session.sent_at)} (due {ctx.when(session.due_at)})"
        if session.reason == "unknown_outcome":
            detail += (
                f"; the channel did not confirm ({session.last_error}), not re-sent so it "
                "cannot arrive twice"
            )
        if session.acknowledged_at is not None:
            detail += f"; acknowledged {ctx.when(session.acknowledged_at)}"
        if session.session_type == "snooze":
            detail += " (snoozed by the user)"
        return Line(state="sent", detail=detail, **common)
    if session.status in {"skipped", "failed"}:
        detail = f"{session.status}: {reason_words(session, ctx)} (due {ctx.when(session.due_at)})"
        return Line(state=session.status, detail=detail, **common)
    if session.attempts and session.last_error:
        detail = (
            f"retrying: {session.attempts} attempt(s) failed ({session.last_error}); "
            f"next try {ctx.when(session.next_attempt_at)}"
        )
        return Line(state="retrying", detail=detail, **common)
    if schedule_status != "scheduled":
        detail = f"pending, but the meeting is {schedule_status}: the job will skip it"
        return Line(state="pending", detail=detail, **common)
    detail = f"pending: goes out {ctx.when(session.next_attempt_at or session.due_at)}"
    if session.session_type == "snooze":
        detail += " (snoozed by the user)"
    return Line(state="pending", detail=detail + _blocked(ctx), **common)


def _blocked(ctx: Context) -> str:
    blocked = ctx.sending_blocked_by
    return f" — but flag {', '.join(blocked)} is off for this user" if blocked else ""


def facts_of(schedule: UserSchedule, tz: ZoneInfo) -> ScheduleFacts:
    all_day = is_date_only(schedule.start_time, tz, approximate=schedule.time_is_approximate)
    return ScheduleFacts(
        start=schedule.start_time, end=schedule.end_time, all_day=all_day, status=schedule.status
    )


def expected_line(kind: str, schedule: UserSchedule, ctx: Context) -> Line:
    """A message with no row yet: what the job's own decision says about it now."""
    label = KIND_LABELS[kind]
    facts = facts_of(schedule, ctx.tz)
    if kind == "followup":
        return _followup_line(label, schedule, ctx)
    decision = DECIDE[kind](facts, ctx.prefs, ctx.tz, ctx.now)
    if decision.verdict is Verdict.WAIT and decision.reason is Reason.NOT_DUE:
        return Line(
            label, "expected", f"due {ctx.when(decision.at)}{_blocked(ctx)}", due_at=decision.at
        )
    if decision.verdict is Verdict.WAIT:
        return Line(
            label,
            "expected",
            f"held for quiet hours ({ctx.quiet_hours}) until {ctx.when(decision.at)}",
            due_at=decision.at,
        )
    if decision.verdict is Verdict.SEND:
        blocked = ctx.sending_blocked_by
        cause = (
            f"flag {', '.join(blocked)} is off for this user"
            if blocked
            else "the job has not run since (run `companion-bot jobs run-once`)"
        )
        detail = f"due {ctx.when(decision.at)} but not recorded yet: {cause}"
        return Line(label, "expected", detail, due_at=decision.at)
    reason = decision.reason.value if decision.reason else None
    if reason == Reason.NO_END_TIME.value:
        return Line(label, "none", "none: no end time (a follow-up question instead)")
    if reason == Reason.NOT_SCHEDULED.value:
        return Line(label, "none", f"none: the meeting is {schedule.status}", reason=reason)
    words = {
        Reason.OPTED_OUT.value: "the user opted out of reminders",
        Reason.MISSED.value: "missed: nothing was recorded before it was too late (was the "
        "job running, and the proactive_jobs flag on?)",
        Reason.QUIET_HOURS.value: f"inside quiet hours ({ctx.quiet_hours}) until too late",
    }.get(reason or "", reason or "?")
    return Line(label, "none", f"not sent: {words}", due_at=decision.at, reason=reason)


def _followup_line(label: str, schedule: UserSchedule, ctx: Context) -> Line:
    """A meeting without an end time: asked about on the user's first message in a window."""
    start = schedule.start_time + FOLLOWUP_DELAY
    end = schedule.start_time + FOLLOWUP_WINDOW
    window = f"{ctx.when(start)} to {ctx.when(end)}"
    if schedule.status != "scheduled":
        return Line(label, "none", f"none: the meeting is {schedule.status}")
    if not ctx.prefs.prefer_proactive:
        return Line(label, "none", "not asked: the user opted out of reminders")
    if not ctx.flags.get("followups", True) or ctx.sending_blocked_by:
        off = [n for n in ("proactive_features", "followups") if not ctx.flags.get(n, True)]
        return Line(label, "none", f"not asked: flag {', '.join(off)} is off for this user")
    if ctx.now > end:
        return Line(label, "none", f"not asked: the user wrote nothing from {window}")
    return Line(label, "expected", f"asked on the user's first message from {window}")


def meeting_lines(
    schedule: UserSchedule, sessions: Sequence[ProactiveSession], ctx: Context
) -> list[Line]:
    """Every message of one meeting (or task), recorded or expected, in the order they
    happen."""
    by_kind = {s.session_type: s for s in sessions}
    lines: list[Line] = []
    for kind in TASK_MESSAGES if schedule.is_task else MEETING_MESSAGES:
        recorded = by_kind.get(kind)
        if recorded is not None:
            lines.append(session_line(recorded, ctx, schedule_status=schedule.status))
        elif kind == "completion" and schedule.end_time is None:
            continue  # the follow-up line says what happens instead
        elif kind == "followup" and schedule.end_time is not None:
            continue
        elif kind != "snooze":
            lines.append(expected_line(kind, schedule, ctx))
    return lines


def meeting_heading(schedule: UserSchedule, ctx: Context) -> str:
    """``Thu 26 Nov 15:30–16:30 · team meeting · web · scheduled (#12, confidence 0.90)``;
    a task: ``Thu 26 Nov 18:00 · ⏰ call mom (task reminder) · web · scheduled (#13)``."""
    when = ctx.when(schedule.start_time)
    if schedule.is_task:
        return (
            f"{when} · ⏰ {schedule.event_name} (task reminder) · {schedule.channel} · "
            f"{schedule.status} (#{schedule.id})"
        )
    if schedule.end_time is not None:
        when += f"–{schedule.end_time.astimezone(ctx.tz):%H:%M}"
    if facts_of(schedule, ctx.tz).all_day:
        when = f"{schedule.start_time.astimezone(ctx.tz):%a %d %b} (all day)"
    return (
        f"{when} · {schedule.event_name} · {schedule.channel} · {schedule.status} "
        f"(#{schedule.id}, confidence {schedule.confidence:.2f})"
    )
