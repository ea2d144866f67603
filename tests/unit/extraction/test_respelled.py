"""Typing slips of known event words: named as the word, and asked about, not booked."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from companion_bot.extraction import MeetingExtractor
from companion_bot.extraction.events import respelled

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("America/New_York"))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("meetign", "meeting"), ("dentsit", "dentist"), ("dinnner", "dinner"), ("semnar", "seminar")],
)
def test_a_slip_reads_as_the_event_word(typed: str, meant: str) -> None:
    assert respelled(typed) == meant


@pytest.mark.parametrize("word", ["winner", "branch", "toffee", "lights", "dinners", "meeting"])
def test_other_words_plurals_and_known_words_are_no_slip(word: str) -> None:
    assert respelled(word) is None


def test_a_meeting_named_by_a_slip_is_found_but_below_the_booking_threshold() -> None:
    [meeting] = MeetingExtractor().extract("meetign w/ bob tmrw 2pm", NOW)

    assert meeting.event_name == "meeting with bob"
    assert meeting.start == dt.datetime(2026, 11, 25, 14, 0, tzinfo=NOW.tzinfo)
    assert meeting.confidence < 0.5
