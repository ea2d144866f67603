"""MeetingExtractor in context: what cases/*.jsonl cannot express.

Moves and cancellations (action, previous start), exact titles (a case matches names by
key words only) and "no end". Bare numbers, markup, habits, other people's events, ranges
and lengths are cases in cases/meeting_context.jsonl (run by test_cases.py).
"""

from __future__ import annotations

import pytest
from extraction_helpers import at

from companion_bot.extraction import ExtractedMeeting, MeetingExtractor

NOW = "2026-11-24T09:00"  # a Tuesday
EXTRACTOR = MeetingExtractor()


def meetings(text: str, now: str = NOW, zone: str = "Europe/Berlin") -> list[ExtractedMeeting]:
    return EXTRACTOR.extract(text, at(now, zone))


def scheduled(text: str, now: str = NOW, zone: str = "Europe/Berlin") -> list[str]:
    """What the analyzer would store: "name @ Day dd HH:MM[-HH:MM]"."""
    out = []
    for m in meetings(text, now, zone):
        if m.action == "cancel" or m.confidence < 0.5:
            continue
        end = f"-{m.end:%H:%M}" if m.end else ""
        out.append(f"{m.event_name} @ {m.start:%a %d %H:%M}{end}")
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("standup at 10, i'll be 10 mins late", ["standup @ Tue 24 10:00"]),
        ("dentist at 3, takes 20 mins to get there", ["dentist @ Tue 24 15:00"]),
    ],
)
def test_minutes_that_are_not_a_length_give_no_end(text: str, expected: list[str]) -> None:
    # a case cannot say "no end"; scheduled() prints the end when there is one
    assert scheduled(text) == expected


def test_a_moved_event_is_not_someone_else_s() -> None:
    (m,) = meetings("the retro got moved to thursday 2pm")
    assert (m.event_name, m.action, f"{m.start:%a %H:%M}") == ("retro", "reschedule", "Thu 14:00")


def test_a_move_between_two_days_keeps_the_old_one() -> None:
    (m,) = meetings("the supplier call moved from wednesday to friday at 10")
    assert m.action == "reschedule"
    assert f"{m.start:%a %d %H:%M}" == "Fri 27 10:00"
    assert m.previous_start is not None and f"{m.previous_start:%a %d}" == "Wed 25"


def test_a_moved_event_s_name_stops_before_the_verb() -> None:
    (m,) = meetings("the 1:1 with priya got bumped to monday 10am")
    assert (m.event_name, m.action, f"{m.start:%a %H:%M}") == (
        "1:1 with priya",
        "reschedule",
        "Mon 10:00",
    )


@pytest.mark.parametrize(
    ("text", "cancelled"),
    [
        (
            "yoga class is cancelled tonight. still have the dentist tomorrow at 11 "
            "and a call with ana at 3",
            "yoga class",
        ),
        (
            "the offsite got cancelled, but the board meeting on friday at 2 is still on",
            "offsite",
        ),
    ],
)
def test_a_cancellation_blocks_only_its_own_clause(text: str, cancelled: str) -> None:
    # what stays scheduled is in cases/meeting_context.jsonl
    assert [m.event_name for m in meetings(text) if m.action == "cancel"] == [cancelled]


def test_meeting_as_a_verb_names_who() -> None:
    assert scheduled("long day. tomorrow i'm meeting the notary at 4 to sign") == [
        "meeting with notary @ Wed 25 16:00"
    ]


def test_rebooked_after_a_cancellation_is_the_new_time() -> None:
    (m,) = meetings("cancelled the optician, rebooked for thursday at 3")
    assert (m.event_name, m.action, f"{m.start:%a %H:%M}") == (
        "optician",
        "reschedule",
        "Thu 15:00",
    )


def test_change_my_slot_is_a_move() -> None:
    (m,) = meetings("change my 3pm to 4")
    assert (m.action, f"{m.start:%H:%M}") == ("reschedule", "16:00")
    assert m.previous_start is not None and f"{m.previous_start:%H:%M}" == "15:00"


def test_a_stated_zone_stays_out_of_the_title() -> None:
    assert scheduled("9am PT standup tomorrow") == ["standup @ Wed 25 18:00"]


@pytest.mark.parametrize(
    ("text", "name", "start", "previous"),
    [
        ("the 2pm call is now 3pm", "call", "Tue 24 15:00", "Tue 24 14:00"),
        (
            "interview rescheduled: was tuesday 2pm, now thursday 11am",
            "interview",
            "Thu 26 11:00",
            None,
        ),
        (
            "the review on wed at 2 has been pushed to thu at 3",
            "review",
            "Thu 26 15:00",
            "Wed 25 14:00",
        ),
    ],
)
def test_moves_give_the_new_slot_once(
    text: str, name: str, start: str, previous: str | None
) -> None:
    (m,) = meetings(text)
    assert (m.event_name, m.action, f"{m.start:%a %d %H:%M}") == (name, "reschedule", start)
    assert (f"{m.previous_start:%a %d %H:%M}" if m.previous_start else None) == previous


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("catching up with priya at 3 tomorrow", ["catching up with priya @ Wed 25 15:00"]),
        ("catch up with the new hire friday 11am", ["catch up with new hire @ Fri 27 11:00"]),
        ("meeting jo for drinks at 7", ["meeting with jo @ Tue 24 19:00"]),
        ("tomorrow i've got back to back meetings from 9 to 12", ["meetings @ Wed 25 09:00-12:00"]),
    ],
)
def test_meeting_verbs_name_the_meeting(text: str, expected: list[str]) -> None:
    assert scheduled(text) == expected


def test_a_day_lent_to_a_later_time_still_dates_its_own_event() -> None:
    # what stays scheduled is in cases/meeting_context.jsonl
    text = "the team lunch on friday was cancelled but the review at 2 is still on"
    assert [(m.event_name, f"{m.start:%a %d}") for m in meetings(text) if m.action == "cancel"] == [
        ("team lunch", "Fri 27")
    ]
