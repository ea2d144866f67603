"""The morning agenda's part of ``explain``: for each local day, what was sent, or why not,
and when the next one is due. Pure: it reads the rows the command loaded and ``now``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from companion_bot.ops.explain import Context, Line
from companion_bot.proactive.agenda_rules import clock_words, next_due, parse_time
from companion_bot.proactive.decisions import Reason
from companion_bot.storage.models import GreetingPreferences, MorningAgenda

KIND = "agenda"


def agenda_heading(prefs: GreetingPreferences) -> str:
    """``morning agenda · 8 AM local · on days with plans``, or that it is off."""
    at = parse_time(prefs.preferred_greeting_time)
    if at is None:
        return "morning agenda · off (the user has not asked for it)"
    days = "every day, empty ones too" if prefs.agenda_when_empty else "on days with plans"
    return f"morning agenda · {clock_words(at)} local · {days}"


def _reason_words(row: MorningAgenda, ctx: Context) -> str:
    words = {
        Reason.QUIET_HOURS.value: f"its time is inside the quiet hours ({ctx.quiet_hours}); "
        "an agenda is skipped for the day, not sent late",
        Reason.NOTHING_TODAY.value: 'nothing planned that day ("send me a morning summary even '
        "when there's nothing\" sends it anyway)",
        Reason.DAILY_CAP.value: f"daily cap: {ctx.prefs.max_per_day} proactive messages already "
        "sent that day",
        Reason.OPTED_OUT.value: "the user opted out of reminders",
        Reason.MISSED.value: "missed: it could not go out within an hour of its time",
        "permanent_failure": f"send failure (permanent): {row.last_error}",
        "retries_exhausted": f"send failure: gave up after {row.attempts} attempts: "
        f"{row.last_error}",
    }
    return words.get(row.reason or "", row.reason or "no reason recorded")


def _line(row: MorningAgenda, state: str, detail: str) -> Line:
    return Line(
        KIND,
        state,
        detail,
        session_id=row.id,
        due_at=row.due_at,
        sent_at=row.sent_at,
        reason=row.reason,
        error=row.last_error,
        content=row.message_content,
    )


def agenda_line(row: MorningAgenda, ctx: Context) -> Line:
    """What happened to one day's agenda."""
    day = f"{row.local_date:%a %d %b}"
    if row.status == "sent":
        detail = f"{day}: sent {ctx.when(row.sent_at)} on {row.channel}"
        if row.reason == "unknown_outcome":
            detail += f"; the channel did not confirm ({row.last_error}), not re-sent"
        return _line(row, "sent", detail)
    if row.status in {"skipped", "failed"}:
        return _line(row, row.status, f"{day}: {row.status}: {_reason_words(row, ctx)}")
    if row.attempts and row.last_error:
        detail = (
            f"{day}: retrying: {row.attempts} attempt(s) failed ({row.last_error}); next try "
            f"{ctx.when(row.next_attempt_at)}"
        )
        return _line(row, "retrying", detail)
    return _line(row, "pending", f"{day}: pending: goes out {ctx.when(row.next_attempt_at)}")


def agenda_lines(
    rows: Sequence[MorningAgenda],
    prefs: GreetingPreferences,
    ctx: Context,
    *,
    done_through: dt.date | None,
) -> list[Line]:
    """Every recorded day, then the next one expected (when it is on)."""
    lines = [agenda_line(row, ctx) for row in rows]
    at = parse_time(prefs.preferred_greeting_time)
    if at is None:
        return lines
    due = next_due(ctx.now, ctx.tz, at, done_through=done_through)
    blocked = ctx.sending_blocked_by
    detail = f"next: due {ctx.when(due)}"
    if blocked:
        detail += f" — but flag {', '.join(blocked)} is off for this user"
    elif not ctx.prefs.prefer_proactive:
        detail += " — but the user opted out of reminders: it will be skipped"
    return [*lines, Line(KIND, "expected", detail, due_at=due)]
