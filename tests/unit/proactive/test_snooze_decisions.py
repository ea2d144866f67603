"""Snooze rules (pure): when a reminder may be snoozed, how long its second copy stays worth
sending, and which buttons each kind of proactive message carries."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from companion_bot.proactive.decisions import (
    Reason,
    ScheduleFacts,
    expired,
    snooze_refusal,
)
from companion_bot.proactive.messages import MessageFacts, quick_actions, template_text

UTC = ZoneInfo("UTC")
START = dt.datetime(2026, 11, 26, 14, 30, tzinfo=dt.UTC)


def test_a_reminder_can_be_snoozed_while_the_meeting_is_more_than_ten_minutes_away() -> None:
    facts = ScheduleFacts(start=START)
    assert snooze_refusal(facts, START - dt.timedelta(minutes=30)) is None
    assert snooze_refusal(facts, START - dt.timedelta(minutes=10, seconds=1)) is None
    assert snooze_refusal(facts, START - dt.timedelta(minutes=10)) is Reason.TOO_LATE_TO_SNOOZE
    cancelled = ScheduleFacts(start=START, status="cancelled")
    assert snooze_refusal(cancelled, START - dt.timedelta(hours=1)) is Reason.NOT_SCHEDULED


def test_a_snoozed_reminder_is_worth_sending_until_the_start() -> None:
    facts = ScheduleFacts(start=START)
    just_before = START - dt.timedelta(minutes=2)
    assert expired("snooze", facts, UTC, just_before) is None
    assert expired("preparation_reminder", facts, UTC, just_before) is Reason.MISSED
    assert expired("snooze", facts, UTC, START) is Reason.MISSED
    assert expired("snooze", ScheduleFacts(start=START, status="cancelled"), UTC, just_before) is (
        Reason.NOT_SCHEDULED
    )


def test_only_a_first_reminder_offers_snooze() -> None:
    def kinds(kind: str) -> list[str]:
        return [a.data for a in quick_actions(5, kind=kind)]

    assert kinds("preparation_reminder") == ["ack:5", "snooze:5", "notmeeting:5"]
    assert kinds("snooze") == ["ack:5", "notmeeting:5"]
    assert kinds("completion") == ["ack:5", "notmeeting:5"]


def test_the_snoozed_text_names_the_time_and_what_is_left() -> None:
    facts = MessageFacts(
        kind="snooze",
        event_name="Dentist",
        start=START,
        end=None,
        tz=ZoneInfo("Europe/Berlin"),
        now=START - dt.timedelta(minutes=20),
    )
    assert template_text(facts) == (
        "Here's your snoozed reminder: dentist starts at 3:30 PM, in 20 minutes."
    )
