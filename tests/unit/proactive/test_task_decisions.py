"""Task reminders (pure): due at the task's time itself, held through quiet hours, and the
opt-out, daily cap and lateness rules every reminder has; their words and buttons."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from companion_bot.proactive.decisions import (
    TASK_WINDOW,
    Preferences,
    Reason,
    ScheduleFacts,
    Verdict,
    expired,
    task_due_at,
    task_reminder_decision,
)
from companion_bot.proactive.kinds import SessionType
from companion_bot.proactive.messages import (
    Composer,
    MessageFacts,
    quick_actions,
    template_text,
)

NEW_YORK = ZoneInfo("America/New_York")
TASK = SessionType.TASK_REMINDER
#: Call mom at 18:00 on Monday 7 December 2026, New York.
AT = dt.datetime(2026, 12, 7, 18, 0, tzinfo=NEW_YORK)
FACTS = ScheduleFacts(start=AT)
DEFAULT = Preferences()


def minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def test_due_at_the_time_itself_not_before() -> None:
    before = task_reminder_decision(FACTS, DEFAULT, NEW_YORK, AT - dt.timedelta(seconds=1))
    due = task_reminder_decision(FACTS, DEFAULT, NEW_YORK, AT)

    assert (before.verdict, before.reason, before.at) == (Verdict.WAIT, Reason.NOT_DUE, AT)
    assert due.send and due.at == AT


def test_the_lead_time_does_not_apply_to_a_task() -> None:
    early = Preferences(lead_minutes=120)

    assert task_reminder_decision(FACTS, early, NEW_YORK, AT - minutes(30)).verdict is Verdict.WAIT
    assert task_due_at(FACTS, early, NEW_YORK) == AT


def test_late_by_up_to_the_window_it_still_goes_out_then_it_is_missed() -> None:
    late = task_reminder_decision(FACTS, DEFAULT, NEW_YORK, AT + TASK_WINDOW)
    missed = task_reminder_decision(FACTS, DEFAULT, NEW_YORK, AT + TASK_WINDOW + minutes(1))

    assert late.send and late.at == AT
    assert (missed.verdict, missed.reason) == (Verdict.SKIP, Reason.MISSED)


def test_inside_quiet_hours_it_is_held_until_they_end() -> None:
    quiet = Preferences(dnd_start_hour=17, dnd_end_hour=20)
    end = AT.replace(hour=20)

    held = task_reminder_decision(FACTS, quiet, NEW_YORK, AT)
    sent = task_reminder_decision(FACTS, quiet, NEW_YORK, end)

    assert (held.verdict, held.reason, held.at) == (Verdict.WAIT, Reason.DEFERRED_QUIET_HOURS, end)
    assert sent.send and sent.at == end
    assert task_due_at(FACTS, quiet, NEW_YORK) == end


def test_overnight_quiet_hours_hold_it_to_the_morning() -> None:
    late_task = ScheduleFacts(start=AT.replace(hour=23))
    quiet = Preferences(dnd_start_hour=22, dnd_end_hour=7)
    morning = dt.datetime(2026, 12, 8, 7, 0, tzinfo=NEW_YORK)

    held = task_reminder_decision(late_task, quiet, NEW_YORK, morning - minutes(1))

    assert (held.reason, held.at) == (Reason.DEFERRED_QUIET_HOURS, morning)
    assert task_reminder_decision(late_task, quiet, NEW_YORK, morning).send


@pytest.mark.parametrize(
    ("prefs", "sent_today", "reason"),
    [
        (Preferences(prefer_proactive=False), 0, Reason.OPTED_OUT),
        (Preferences(max_per_day=3), 3, Reason.DAILY_CAP),
        (Preferences(max_per_day=0), 0, Reason.DAILY_CAP),
    ],
)
def test_opt_out_and_the_daily_cap_skip_it(
    prefs: Preferences, sent_today: int, reason: Reason
) -> None:
    decision = task_reminder_decision(FACTS, prefs, NEW_YORK, AT, sent_today=sent_today)

    assert (decision.verdict, decision.reason) == (Verdict.SKIP, reason)


def test_a_cancelled_task_is_not_reminded() -> None:
    cancelled = ScheduleFacts(start=AT, status="cancelled")

    decision = task_reminder_decision(cancelled, DEFAULT, NEW_YORK, AT)

    assert (decision.verdict, decision.reason) == (Verdict.SKIP, Reason.NOT_SCHEDULED)
    assert expired(TASK, cancelled, NEW_YORK, AT, due=AT) is Reason.NOT_SCHEDULED


def test_a_claimed_task_reminder_expires_a_window_after_it_was_due() -> None:
    due = AT + dt.timedelta(hours=2)  # held by quiet hours until then

    assert expired(TASK, FACTS, NEW_YORK, due + TASK_WINDOW, due=due) is None
    assert expired(TASK, FACTS, NEW_YORK, due + TASK_WINDOW + minutes(1), due=due) is Reason.MISSED


def _facts(name: str) -> MessageFacts:
    return MessageFacts(kind=TASK, event_name=name, start=AT, end=None, tz=NEW_YORK, now=AT)


def test_the_message_is_short_and_keeps_the_users_words() -> None:
    assert template_text(_facts("call mom")) == "⏰ Reminder: call mom"
    assert template_text(_facts("Call  Maria\nback")) == "⏰ Reminder: Call Maria back"


async def test_the_llm_is_not_asked_to_reword_it() -> None:
    class Refusing:
        configured = True

        async def chat(self, messages: list[dict[str, str]]) -> str | None:
            raise AssertionError("the LLM was asked")

    assert await Composer(Refusing()).compose(_facts("call mom")) == "⏰ Reminder: call mom"


def test_only_thanks_under_a_task_reminder() -> None:
    assert [a.data for a in quick_actions(9, kind=TASK)] == ["ack:9"]
