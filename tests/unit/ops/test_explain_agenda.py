"""``explain``'s morning agenda lines, from rows as the job leaves them: each state and reason
in words, the next one due, and what holds it back."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from companion_bot.ops.explain import Context
from companion_bot.ops.explain_agenda import agenda_heading, agenda_line, agenda_lines
from companion_bot.proactive.decisions import Preferences
from companion_bot.storage.models import GreetingPreferences, MorningAgenda

BERLIN = ZoneInfo("Europe/Berlin")
DAY = dt.date(2026, 11, 26)
DUE = dt.datetime(2026, 11, 26, 8, 0, tzinfo=BERLIN)
NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=BERLIN)


def ctx(**prefs: object) -> Context:
    return Context(now=NOW, tz=BERLIN, prefs=Preferences(**prefs))  # type: ignore[arg-type]


def row(status: str, reason: str | None = None, **values: object) -> MorningAgenda:
    agenda = MorningAgenda(
        id=1,
        user_id=1,
        local_date=DAY,
        due_at=DUE,
        channel="web",
        status=status,
        reason=reason,
        attempts=1,
        last_error=None,
        next_attempt_at=DUE,
        sent_at=None,
        message_content=None,
    )
    for name, value in values.items():
        setattr(agenda, name, value)
    return agenda


def setting(at: str | None, *, when_empty: bool = False) -> GreetingPreferences:
    return GreetingPreferences(user_id=1, preferred_greeting_time=at, agenda_when_empty=when_empty)


def test_each_state_in_words() -> None:
    quiet = ctx(dnd_start_hour=22, dnd_end_hour=9)
    assert agenda_line(row("skipped", "quiet_hours"), quiet).detail == (
        "Thu 26 Nov: skipped: its time is inside the quiet hours (22:00–09:00); an agenda is "
        "skipped for the day, not sent late"
    )
    assert agenda_line(row("skipped", "daily_cap"), ctx(max_per_day=2)).detail == (
        "Thu 26 Nov: skipped: daily cap: 2 proactive messages already sent that day"
    )
    failed = row("failed", "permanent_failure", last_error="Forbidden: blocked")
    assert agenda_line(failed, ctx()).detail == (
        "Thu 26 Nov: failed: send failure (permanent): Forbidden: blocked"
    )
    retrying = row("pending", last_error="busy", next_attempt_at=DUE + dt.timedelta(seconds=30))
    assert agenda_line(retrying, ctx()).detail == (
        "Thu 26 Nov: retrying: 1 attempt(s) failed (busy); next try Thu 26 Nov 08:00"
    )
    unknown = row("sent", "unknown_outcome", last_error="TimedOut", sent_at=DUE)
    assert agenda_line(unknown, ctx()).detail == (
        "Thu 26 Nov: sent Thu 26 Nov 08:00 on web; the channel did not confirm (TimedOut), "
        "not re-sent"
    )


def test_the_setting_and_the_next_one() -> None:
    assert agenda_heading(setting(None)) == "morning agenda · off (the user has not asked for it)"
    assert agenda_heading(setting("07:30", when_empty=True)) == (
        "morning agenda · 7:30 AM local · every day, empty ones too"
    )
    assert agenda_lines([], setting(None), ctx(), done_through=None) == []
    [sent, upcoming] = agenda_lines(
        [row("sent", sent_at=DUE)], setting("08:00"), ctx(), done_through=DAY
    )
    assert sent.state == "sent"
    assert (upcoming.state, upcoming.detail) == ("expected", "next: due Fri 27 Nov 08:00")
    [held] = agenda_lines([], setting("13:00"), ctx(prefer_proactive=False), done_through=None)
    assert held.detail == (
        "next: due Thu 26 Nov 13:00 — but the user opted out of reminders: it will be skipped"
    )
    blocked = Context(now=NOW, tz=BERLIN, prefs=Preferences(), flags={"proactive_jobs": False})
    [off] = agenda_lines([], setting("13:00"), blocked, done_through=None)
    assert off.detail == "next: due Thu 26 Nov 13:00 — but flag proactive_jobs is off for this user"
