"""MeetingExtractor: events and their times, what is not a meeting, moves and cancellations."""

from __future__ import annotations

import pytest
from extraction_helpers import at

from companion_bot.extraction import ExtractedMeeting, MeetingExtractor, meeting_to_json

NOW = "2026-11-24T09:00"  # a Tuesday
EXTRACTOR = MeetingExtractor()


def meetings(text: str, now: str = NOW, zone: str = "Europe/Berlin") -> list[ExtractedMeeting]:
    return EXTRACTOR.extract(text, at(now, zone))


def scheduled(text: str, now: str = NOW, zone: str = "Europe/Berlin") -> list[tuple[str, str]]:
    return [
        (m.event_name, m.start.strftime("%a %d %H:%M"))
        for m in meetings(text, now, zone)
        if m.action != "cancel" and m.confidence >= 0.5
    ]


@pytest.mark.parametrize(
    ("text", "name", "when"),
    [
        ("I have a meeting tomorrow at 2:30 PM", "meeting", "Wed 25 14:30"),
        ("tomorrow at 9 i have a dentist appointment", "dentist appointment", "Wed 25 09:00"),
        ("standup thurs 10am", "standup", "Thu 26 10:00"),
        ("1:1 with my manager on friday at 11", "1:1 with manager", "Fri 27 11:00"),
        ("coffee with Jonas at half past 3", "coffee with jonas", "Tue 24 15:30"),
        ("dinner with the in-laws saturday evening", "dinner with in-laws", "Sat 28 18:00"),
        ("webinar next monday 4pm", "webinar", "Mon 30 16:00"),
        ("Lecture in 20 mins!!", "lecture", "Tue 24 09:20"),
        ("therapy at3pm 🙏", "therapy", "Tue 24 15:00"),
        ("doctor tmr morning", "doctor appointment", "Wed 25 08:00"),
        ("flight to Rome on Dec 3rd at 6:40am", "flight to rome", "Thu 03 06:40"),
        ("haircut 12/03 at 10", "haircut", "Fri 12 10:00"),
        ("INTERVEW thrusday @ 11", "interview", "Thu 26 11:00"),
        ("the design review is at 4 o'clock", "design review", "Tue 24 16:00"),
        ("workshop 9–10:30 on wednesday", "workshop", "Wed 25 09:00"),
        ("sync w/ the berlin team in an hour", "sync with berlin team", "Tue 24 10:00"),
        ("dinner at 8 with the girls tonight", "dinner", "Tue 24 20:00"),
        ("coffee chat w Jen at 4 on wed", "coffee chat", "Wed 25 16:00"),
        ("Meeting with Dr. Patel next Thursday at 4:15pm", "meeting with dr patel", "Thu 26 16:15"),
        ("quick chat with Tom at 3", "chat with tom", "Tue 24 15:00"),
        ("mtg w/ Sam @ 2", "meeting with sam", "Tue 24 14:00"),
        ("I've got a doctors appointment at ten past 4", "doctor appointment", "Tue 24 16:10"),
    ],
)
def test_meetings_with_their_times(text: str, name: str, when: str) -> None:
    assert scheduled(text) == [(name, when)]


def test_range_gives_the_end() -> None:
    (m,) = meetings("Team meeting 3-4 PM Friday", zone="Asia/Kolkata")
    assert (m.start.hour, m.end and m.end.hour, m.start.day) == (15, 16, 27)
    assert m.time_is_approximate is False


def test_duration_gives_the_end() -> None:
    (m,) = meetings("demo tomorrow at 10 for 45 minutes")
    assert m.end is not None and (m.end - m.start).seconds == 45 * 60


def test_several_events_each_with_its_own_time() -> None:
    text = "dentist wed 8am, then lunch with Ana today at 1 and the board meeting fri 5pm"
    assert scheduled(text) == [
        ("dentist appointment", "Wed 25 08:00"),
        ("lunch with ana", "Tue 24 13:00"),
        ("board meeting", "Fri 27 17:00"),
    ]


def test_a_day_after_a_comma_belongs_to_its_own_clause() -> None:
    assert scheduled("Football practice at 6, game on saturday at 10") == [
        ("football practice", "Tue 24 18:00"),
        ("game", "Sat 28 10:00"),
    ]
    assert scheduled("call with the bank at 11 and the mortgage meeting at 3:30 tomorrow") == [
        ("call with bank", "Wed 25 11:00"),
        ("mortgage meeting", "Wed 25 15:30"),
    ]


def test_another_points_back_to_the_event() -> None:
    assert scheduled("I have a meeting at 10am and another at 2pm") == [
        ("meeting", "Tue 24 10:00"),
        ("meeting", "Tue 24 14:00"),
    ]


def test_now_at_is_a_move() -> None:
    (m,) = meetings("tomorrow's 11am meeting is now at 2pm")
    assert (m.action, m.start.hour) == ("reschedule", 14)


def test_the_same_meeting_twice_is_one() -> None:
    text = "meeting tomorrow at 2:30 PM. Just so you know, the meeting tomorrow is at 2:30 PM."
    assert len(meetings(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "had a call with the bank yesterday at 3",
        "the interview this morning went well",
        "should i book a call tomorrow?",
        "maybe we could grab lunch with Tom on friday",
        "i usually have standups at 9",
        "no meetings tomorrow 🎉",
        "my sister has a dentist appointment at 4",
        "we lost 3-4 in the final",
        "upgrading to version 2.30 broke everything",
        "lunch was 10.30 for a sandwich",
        "meet me in room 1030",
        "pharmacy opens at 9 tomorrow",
        "tomorrow at 5",
        "if the exam gets moved to friday i'm fine",
        "can't make the 4pm standup tomorrow",
        "can we chat at 3?",
        "I'll call you at 5",
        "Remind me to call the plumber at 10",
        "Delivery arriving between 2 and 4",
        "I need to finish the report by 5pm",
        "Had a great meeting with the CEO at 10 today",
    ],
)
def test_not_a_meeting_to_schedule(text: str) -> None:
    assert scheduled(text) == []


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
