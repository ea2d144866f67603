"""parse_times: clock times, days, relative offsets, ranges, parts of day, zones."""

from __future__ import annotations

import datetime as dt

import pytest
from extraction_helpers import at

from companion_bot.extraction import parse_times

NOW = "2026-11-24T09:00"  # a Tuesday


def first(text: str, now: str = NOW, zone: str = "Europe/Berlin") -> tuple[str, str | None]:
    found = parse_times(text, at(now, zone))
    assert found, f"no time found in {text!r}"
    m = found[0]
    assert m.start.tzinfo is not None
    return m.start.strftime("%a %Y-%m-%d %H:%M"), m.end.strftime("%H:%M") if m.end else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3pm", "Tue 2026-11-24 15:00"),
        ("3 pm", "Tue 2026-11-24 15:00"),
        ("at3pm", "Tue 2026-11-24 15:00"),
        ("3:30", "Tue 2026-11-24 15:30"),
        ("15:30", "Tue 2026-11-24 15:30"),
        ("at 3 o'clock", "Tue 2026-11-24 15:00"),
        ("half past 3", "Tue 2026-11-24 15:30"),
        ("quarter past 5", "Tue 2026-11-24 17:15"),
        ("quarter to 5", "Tue 2026-11-24 16:45"),
        ("at noon", "Tue 2026-11-24 12:00"),
        ("midnight", "Wed 2026-11-25 00:00"),
        ("at 3", "Tue 2026-11-24 15:00"),
        ("at 7", "Tue 2026-11-24 19:00"),
        ("around 10ish", "Tue 2026-11-24 10:00"),
        ("at 8.45", "Tue 2026-11-24 20:45"),
        ("seven thirty p.m.", "Tue 2026-11-24 19:30"),
        ("at 8am", "Wed 2026-11-25 08:00"),
    ],
)
def test_clock_times(text: str, expected: str) -> None:
    assert first(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", "Tue 2026-11-24 00:00"),
        ("tonight", "Tue 2026-11-24 20:00"),
        ("tomorrow", "Wed 2026-11-25 00:00"),
        ("tmrw", "Wed 2026-11-25 00:00"),
        ("tmr", "Wed 2026-11-25 00:00"),
        ("2moro", "Wed 2026-11-25 00:00"),
        ("day after tomorrow", "Thu 2026-11-26 00:00"),
        ("friday", "Fri 2026-11-27 00:00"),
        ("thurs", "Thu 2026-11-26 00:00"),
        ("this friday", "Fri 2026-11-27 00:00"),
        ("coming monday", "Mon 2026-11-30 00:00"),
        ("next tuesday", "Tue 2026-12-01 00:00"),
        ("next wednesday", "Wed 2026-11-25 00:00"),
        ("wednesday next week", "Wed 2026-12-02 00:00"),
        ("next week thursday", "Thu 2026-12-03 00:00"),
        ("on the 14th", "Mon 2026-12-14 00:00"),
        ("Dec 3rd", "Thu 2026-12-03 00:00"),
        ("3 Dec", "Thu 2026-12-03 00:00"),
        ("December 3", "Thu 2026-12-03 00:00"),
        ("2026-12-03", "Thu 2026-12-03 00:00"),
        ("on 29 feb", "Tue 2028-02-29 00:00"),
        ("jan 5", "Tue 2027-01-05 00:00"),
    ],
)
def test_days(text: str, expected: str) -> None:
    assert first(text)[0] == expected


def test_numeric_dates_follow_the_zone_country() -> None:
    assert first("12/03", zone="America/Chicago")[0] == "Thu 2026-12-03 00:00"
    assert first("12/03", zone="Europe/London")[0] == "Fri 2027-03-12 00:00"
    assert first("3.12.", zone="Europe/Berlin")[0] == "Thu 2026-12-03 00:00"
    assert first("25/12", zone="America/New_York")[0] == "Fri 2026-12-25 00:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 20 mins", "Tue 2026-11-24 09:20"),
        ("in an hour", "Tue 2026-11-24 10:00"),
        ("in half an hour", "Tue 2026-11-24 09:30"),
        ("in 2 hours", "Tue 2026-11-24 11:00"),
        ("in 1.5 hours", "Tue 2026-11-24 10:30"),
        ("in 3 days at 5", "Fri 2026-11-27 17:00"),
        ("2 hours ago", "Tue 2026-11-24 07:00"),
        ("yesterday at 3pm", "Mon 2026-11-23 15:00"),
    ],
)
def test_relative(text: str, expected: str) -> None:
    assert first(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("3-4 PM", "Tue 2026-11-24 15:00", "16:00"),
        ("3pm-4pm", "Tue 2026-11-24 15:00", "16:00"),
        ("9-10:30 tomorrow", "Wed 2026-11-25 09:00", "10:30"),
        ("from 2 to 3pm", "Tue 2026-11-24 14:00", "15:00"),
        ("between 1 and 2", "Tue 2026-11-24 13:00", "14:00"),
        ("2 till 3", "Tue 2026-11-24 14:00", "15:00"),
        ("3:30–5", "Tue 2026-11-24 15:30", "17:00"),
        ("friday 11pm to midnight", "Fri 2026-11-27 23:00", "00:00"),
        ("at 4 for 45 minutes", "Tue 2026-11-24 16:00", "16:45"),
        ("at 4 for an hour", "Tue 2026-11-24 16:00", "17:00"),
        ("at 4 for 1.5 hours", "Tue 2026-11-24 16:00", "17:30"),
    ],
)
def test_ranges_and_durations(text: str, start: str, end: str) -> None:
    assert first(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow morning", "Wed 2026-11-25 08:00"),
        ("this afternoon", "Tue 2026-11-24 14:00"),
        ("friday evening", "Fri 2026-11-27 18:00"),
        ("tonight", "Tue 2026-11-24 20:00"),
        ("lunchtime tomorrow", "Wed 2026-11-25 12:00"),
        ("end of day", "Tue 2026-11-24 17:00"),
    ],
)
def test_parts_of_day(text: str, expected: str) -> None:
    found = parse_times(text, at(NOW))
    assert found[0].start.strftime("%a %Y-%m-%d %H:%M") == expected
    assert found[0].grain == "hour"


def test_stated_zone_is_converted_into_now_zone() -> None:
    assert first("4pm CET", zone="Europe/London")[0] == "Tue 2026-11-24 15:00"


@pytest.mark.parametrize(
    "text",
    [
        "we lost 3-4 in the final",
        "upgrading to version 2.30",
        "it was 10.30 for a sandwich",
        "room 1030 on the third floor",
        "my gpa is 3.45",
        "hello there",
        "open 24/7",
    ],
)
def test_numbers_that_are_not_times(text: str) -> None:
    assert parse_times(text, at(NOW)) == []


def test_span_points_into_the_original_text() -> None:
    text = "Call Sarah TOMORROW at 4PM please"
    (m,) = parse_times(text, at(NOW))
    assert text[m.span[0] : m.span[1]] == m.text == "TOMORROW at 4PM"


def test_naive_now_is_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_times("at 3pm", dt.datetime(2026, 11, 24, 9))  # noqa: DTZ001


def test_text_beyond_4000_characters_is_not_scanned() -> None:
    assert parse_times("x" * 4000 + " tomorrow at 3pm", at(NOW)) == []
    assert parse_times("x" * 3900 + " tomorrow at 3pm", at(NOW))
