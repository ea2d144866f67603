"""DST: missing local times move forward, ambiguous ones take the first, offsets elapse."""

from __future__ import annotations

import datetime as dt

from extraction_helpers import at

from companion_bot.extraction import MeetingExtractor, parse_times


def test_nonexistent_local_time_moves_forward() -> None:
    # 2027-03-28 02:00 -> 03:00 in Berlin
    (m,) = parse_times("sunday at 2:30am", at("2027-03-26T12:00"))
    assert (m.start.hour, m.start.minute, m.start.utcoffset()) == (3, 30, dt.timedelta(hours=2))


def test_ambiguous_local_time_takes_the_first() -> None:
    # 2026-10-25 03:00 -> 02:00 in Berlin: 02:30 happens twice
    (m,) = parse_times("sunday at 2:30am", at("2026-10-23T12:00"))
    assert m.start.utcoffset() == dt.timedelta(hours=2)


def test_in_hours_is_elapsed_time_across_the_change() -> None:
    (m,) = MeetingExtractor().extract(
        "flight in 10 hours", at("2026-10-24T22:00")
    )  # clocks go back at 03:00
    assert m.start.strftime("%d %H:%M") == "25 07:00"


def test_wall_clock_tomorrow_across_the_change() -> None:
    (m,) = MeetingExtractor().extract(
        "standup tomorrow at 9am", at("2026-11-01T09:00", "America/New_York")
    )
    assert m.start.strftime("%d %H:%M") == "02 09:00"
    assert m.start.utcoffset() == dt.timedelta(hours=-5)
