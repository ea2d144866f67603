"""MeetingExtractor: what cases/*.jsonl cannot express (actions, confidence, JSON, zones).

Events and their times, and what is not a meeting to schedule, are cases in
cases/meetings.jsonl (run by test_cases.py).
"""

from __future__ import annotations

import datetime as dt

import pytest
from extraction_helpers import at

from companion_bot.extraction import ExtractedMeeting, MeetingExtractor, meeting_to_json

NOW = "2026-11-24T09:00"  # a Tuesday
EXTRACTOR = MeetingExtractor()


def meetings(text: str, now: str = NOW, zone: str = "Europe/Berlin") -> list[ExtractedMeeting]:
    return EXTRACTOR.extract(text, at(now, zone))


def test_a_stated_range_is_not_approximate() -> None:
    # the range itself is case meetings-023 in cases/meetings.jsonl
    (m,) = meetings("Team meeting 3-4 PM Friday", zone="Asia/Kolkata")
    assert m.time_is_approximate is False


def test_now_at_is_a_move() -> None:
    (m,) = meetings("tomorrow's 11am meeting is now at 2pm")
    assert (m.action, m.start.hour) == ("reschedule", 14)


def test_the_same_meeting_twice_is_one() -> None:
    text = "meeting tomorrow at 2:30 PM. Just so you know, the meeting tomorrow is at 2:30 PM."
    assert len(meetings(text)) == 1


def test_cancellation() -> None:
    (m,) = meetings("my 3pm meeting got cancelled")
    assert (m.action, m.start.hour) == ("cancel", 15)
    (m,) = meetings("the interview tomorrow at 10 is off")
    assert m.action == "cancel"


def test_a_clock_time_can_name_the_meeting() -> None:
    (m,) = meetings("my 3pm got cancelled")
    assert (m.event_name, m.action, m.start.hour) == ("meeting", "cancel", 15)
    (m,) = meetings("can you push my 10 o'clock to 11?")
    assert (m.action, m.start.hour, m.previous_start and m.previous_start.hour) == (
        "reschedule",
        11,
        10,
    )


def test_cancel_without_a_time_names_the_event() -> None:
    now = at(NOW)
    (m,) = EXTRACTOR.extract("the interview is off", now)
    assert (m.event_name, m.action, m.start, m.grain) == ("interview", "cancel", now, "day")
    assert m.time_is_approximate


def test_moves_keep_the_old_time() -> None:
    (m,) = meetings("standup moved to 10:30")
    assert (m.action, m.start.strftime("%H:%M"), m.previous_start) == ("reschedule", "10:30", None)
    (m,) = meetings("push my 3pm call to 4")
    assert m.action == "reschedule"
    assert m.start.hour == 16 and m.previous_start is not None and m.previous_start.hour == 15


def test_low_and_high_confidence() -> None:
    (strong,) = meetings("dentist appointment tomorrow at 10:15")
    assert 0.8 <= strong.confidence <= 1.0


def test_json_has_iso_times_with_offset() -> None:
    (m,) = meetings("dentist appointment tomorrow at 10:15")
    data = meeting_to_json(m)
    assert data["start"] == "2026-11-25T10:15:00+01:00"
    assert data["action"] == "schedule" and data["previous_start"] is None


def test_results_are_in_the_zone_of_now() -> None:
    (m,) = meetings("call with Sam at 9am tomorrow", zone="America/Los_Angeles")
    assert m.start.utcoffset() is not None and m.start.utcoffset().total_seconds() == -8 * 3600


@pytest.mark.parametrize(
    ("text", "date_stated", "time_stated", "shift"),
    [
        ("the berlin call got moved to 11", False, True, None),
        ("the berlin call got moved to monday", True, False, None),
        ("the berlin call got moved to monday at 11", True, True, None),
        ("standup got bumped up an hour", False, False, dt.timedelta(hours=-1)),
        ("push the sync back 30 mins", False, False, dt.timedelta(minutes=30)),
        ("retro moved to same time next week", False, False, dt.timedelta(days=7)),
    ],
)
def test_a_move_says_what_it_states_so_the_rest_is_kept(
    text: str, date_stated: bool, time_stated: bool, shift: dt.timedelta | None
) -> None:
    [moved] = MeetingExtractor().extract(text, at("2026-11-24T12:00"))
    assert moved.action == "reschedule"
    assert (moved.date_stated, moved.time_stated, moved.shift) == (date_stated, time_stated, shift)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("lunch with Maria tomorrow at 1", "lunch with Maria"),
        ("call w/ the NYC office at 4pm", "call with NYC office"),
        ("Team meeting 3-4 PM Friday", "team meeting"),  # a capital opening the message
    ],
)
def test_names_keep_the_users_casing(text: str, name: str) -> None:
    assert [m.event_name for m in meetings(text)] == [name]


def test_names_keep_the_users_accents() -> None:
    assert [m.event_name for m in meetings("la reunión con Álvaro es el jueves a las 4")] == [
        "reunión con Álvaro"
    ]
