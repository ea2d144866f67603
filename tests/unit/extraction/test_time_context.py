"""parse_times in context: stated zones with DST, half hours, day.month, scores and rooms."""

from __future__ import annotations

import pytest
from extraction_helpers import at

from companion_bot.extraction import parse_times

NOW = "2026-11-24T09:00"  # a Tuesday


def spans(text: str, now: str = NOW, zone: str = "Europe/Berlin") -> list[str]:
    """Each time found as "Day YYYY-MM-DD HH:MM[-HH:MM]"."""
    out = []
    for t in parse_times(text, at(now, zone)):
        end = f"-{t.end:%H:%M}" if t.end else ""
        out.append(f"{t.start:%a %Y-%m-%d %H:%M}{end}")
    return out


@pytest.mark.parametrize(
    ("text", "now", "zone", "expected"),
    [
        # ET follows New York's DST: -5 in November, -4 in July
        ("at 10am ET", NOW, "Europe/Berlin", "Tue 2026-11-24 16:00"),
        ("at 10am ET", "2027-07-06T09:00", "Europe/Berlin", "Tue 2027-07-06 16:00"),
        ("9:30 pacific time thursday", NOW, "Europe/London", "Thu 2026-11-26 17:30"),
        ("noon uk time", NOW, "Asia/Kolkata", "Tue 2026-11-24 17:30"),
    ],
)
def test_zone_names_follow_their_region_dst(text: str, now: str, zone: str, expected: str) -> None:
    assert spans(text, now, zone)[0] == expected


def test_a_gmt_range_keeps_its_one_hour_length() -> None:
    assert spans("sync 10-11pm GMT", zone="Asia/Kolkata") == ["Wed 2026-11-25 03:30-04:30"]
    assert spans("sync 1-2pm GMT on thursday", zone="America/New_York") == [
        "Thu 2026-11-26 08:00-09:00"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in half hour", "Tue 2026-11-24 09:30"),
        ("in a half hour", "Tue 2026-11-24 09:30"),
        ("in 1/2 hr", "Tue 2026-11-24 09:30"),
        ("a week from today", "Tue 2026-12-01"),
        ("two weeks from tomorrow", "Wed 2026-12-09"),
    ],
)
def test_half_hours_and_weeks_from_a_day(text: str, expected: str) -> None:
    assert spans(text)[0].startswith(expected)


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("on 4.12 at 3pm", "Europe/Berlin", "Fri 2026-12-04 15:00"),
        ("6.1 at 10:00", "Europe/Vienna", "Wed 2027-01-06 10:00"),
        ("5/12 at 10", "Europe/Madrid", "Sat 2026-12-05 10:00"),
        ("5/12 at 10", "America/Denver", "Wed 2027-05-12 10:00"),
    ],
)
def test_day_month_dates(text: str, zone: str, expected: str) -> None:
    assert spans(text, zone=zone)[0] == expected


def test_a_dot_time_after_at_is_still_a_time() -> None:
    assert spans("at 9.15, then lunch")[0] == "Tue 2026-11-24 09:15"


@pytest.mark.parametrize(
    "text",
    [
        "got 8/10 on the test",
        "i'd rate it 7/10",
        "lecture hall 3.15",
        "go to room 4.12",
        "gate 2.10",
    ],
)
def test_scores_and_rooms_are_not_times(text: str) -> None:
    assert spans(text) == []


def test_a_room_number_does_not_set_the_clock() -> None:
    assert spans("in room 3.20 tomorrow") == ["Wed 2026-11-25 00:00"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("until 6, starting 4:15", "Tue 2026-11-24 16:15-18:00"),
        ("starts at 1, goes until 3", "Tue 2026-11-24 13:00-15:00"),
        ("from 1 to 4:30pm", "Tue 2026-11-24 13:00-16:30"),
        ("10 till 11:30am", "Tue 2026-11-24 10:00-11:30"),
        ("at 2 for 90 minutes", "Tue 2026-11-24 14:00-15:30"),
    ],
)
def test_an_end_stated_apart_from_the_start(text: str, expected: str) -> None:
    assert spans(text) == [expected]


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("12 midnight tonight", NOW, "Wed 2026-11-25 00:00"),
        ("tonight at midnight", "2026-11-24T22:30", "Wed 2026-11-25 00:00"),
        ("12am tonight", NOW, "Wed 2026-11-25 00:00"),
        ("12 noon tomorrow", NOW, "Wed 2026-11-25 12:00"),
    ],
)
def test_midnight_tonight_is_the_coming_midnight(text: str, now: str, expected: str) -> None:
    assert spans(text, now) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 days after next monday", "Thu 2026-12-03"),
        ("a week after tomorrow", "Wed 2026-12-02"),
        ("two days before friday", "Wed 2026-11-25"),
        ("3 day after tomorrow", "Sat 2026-11-28"),
        ("two mondays from now", "Mon 2026-12-07"),
        ("3 tuesdays ago", "Tue 2026-11-03"),
        ("the last friday of january", "Fri 2027-01-29"),
        ("first monday of next month", "Mon 2026-12-07"),
        ("the second thursday of november", "Thu 2027-11-11"),
    ],
)
def test_counted_dates(text: str, expected: str) -> None:
    assert spans(text)[0].startswith(expected)


def test_a_zone_stated_on_both_ends_of_a_range() -> None:
    assert spans("15h GMT - 18h GMT") == ["Tue 2026-11-24 16:00-19:00"]
    assert spans("9am PST - 11am PST") == ["Tue 2026-11-24 18:00-20:00"]


def test_a_spaced_minus_is_not_an_offset() -> None:
    assert spans("+2 days")[0].startswith("Thu 2026-11-26")
    assert spans("at 3 - 5 people") == ["Tue 2026-11-24 15:00"]


def test_a_room_number_before_at_is_not_a_day_month() -> None:
    assert spans("meet in room 3.14 at 2") == ["Tue 2026-11-24 14:00"]


def test_a_decimal_before_at_is_not_a_day_month() -> None:
    assert spans("the rate is 3.5 at the moment") == []
