"""Repeating meetings' rules: occurrences on the zone's wall clock across DST, in words, the
stored text, left-out starts and an early end."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from companion_bot.proactive.recurrence import (
    Recurrence,
    RuleError,
    cadence,
    describe,
    floating,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
#: Monday 22 March 2027 at 09:30 in Berlin; Europe's clocks go forward on Sunday 28 March.
FIRST = floating("20270322T093000")


def standup(zone: ZoneInfo = BERLIN, *, first: dt.datetime = FIRST) -> Recurrence:
    return Recurrence(WEEKDAYS, first, zone)


def local(starts: list[dt.datetime], zone: ZoneInfo) -> list[str]:
    return [f"{s.astimezone(zone):%a %d %H:%M %z}" for s in starts]


def test_a_weekday_standup_stays_at_930_local_across_the_european_clock_change() -> None:
    rule = standup()
    after = dt.datetime(2027, 3, 22, tzinfo=BERLIN)

    starts = rule.between(after, after + dt.timedelta(days=10))

    assert local(starts, BERLIN) == [
        "Mon 22 09:30 +0100",
        "Tue 23 09:30 +0100",
        "Wed 24 09:30 +0100",
        "Thu 25 09:30 +0100",
        "Fri 26 09:30 +0100",
        "Mon 29 09:30 +0200",
        "Tue 30 09:30 +0200",
        "Wed 31 09:30 +0200",
    ]
    assert all(s.tzinfo == dt.UTC for s in starts)
    assert starts[4].hour - starts[5].hour == 1  # the same wall time is an hour earlier in UTC


def test_the_american_clock_change_in_november_keeps_the_wall_time_too() -> None:
    rule = Recurrence("FREQ=DAILY", floating("20271105T093000"), NEW_YORK)
    after = dt.datetime(2027, 11, 5, tzinfo=NEW_YORK)

    starts = rule.between(after, after + dt.timedelta(days=4))

    assert [f"{s.astimezone(NEW_YORK):%d %H:%M}" for s in starts] == [
        "05 09:30",
        "06 09:30",
        "07 09:30",
        "08 09:30",
    ]
    assert [s.hour for s in starts] == [13, 13, 14, 14]  # UTC: EDT, then EST


def test_a_wall_time_the_clock_skips_moves_forward() -> None:
    rule = Recurrence("FREQ=DAILY", floating("20270327T023000"), BERLIN)

    starts = rule.between(
        dt.datetime(2027, 3, 27, tzinfo=BERLIN), dt.datetime(2027, 3, 30, tzinfo=BERLIN)
    )

    assert local(starts, BERLIN) == [
        "Sat 27 02:30 +0100",
        "Sun 28 03:30 +0200",
        "Mon 29 02:30 +0200",
    ]


def test_after_is_strictly_after_and_none_once_the_rule_ends() -> None:
    rule = Recurrence("FREQ=DAILY;UNTIL=20270324T235959", FIRST, BERLIN)

    assert rule.after(rule.first_start) == dt.datetime(2027, 3, 23, 8, 30, tzinfo=dt.UTC)
    assert rule.after(dt.datetime(2027, 3, 24, 12, tzinfo=BERLIN)) is None
    assert rule.first_after(dt.datetime(2027, 3, 22, 10, tzinfo=BERLIN)) == floating(
        "20270323T093000"
    )


def test_the_stored_text_reads_back_the_same_rule() -> None:
    rule = Recurrence(WEEKDAYS, FIRST, BERLIN, (floating("20270324T093000"),))

    assert rule.text == (
        "DTSTART:20270322T093000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\nEXDATE:20270324T093000"
    )
    assert Recurrence.parse(rule.text, BERLIN) == rule


def test_a_left_out_start_is_not_an_occurrence() -> None:
    rule = Recurrence(WEEKDAYS, FIRST, BERLIN, (floating("20270323T093000"),))
    after = dt.datetime(2027, 3, 22, 10, tzinfo=BERLIN)

    assert rule.after(after) == dt.datetime(2027, 3, 24, 8, 30, tzinfo=dt.UTC)


def test_ending_a_rule_keeps_what_came_before() -> None:
    ended = standup().ending(dt.datetime(2027, 3, 24, 12, tzinfo=BERLIN))

    assert ended.parts["UNTIL"] == "20270324T115959"
    assert local(
        ended.between(
            dt.datetime(2027, 3, 21, tzinfo=BERLIN), dt.datetime(2027, 4, 30, tzinfo=BERLIN)
        ),
        BERLIN,
    ) == [
        "Mon 22 09:30 +0100",
        "Tue 23 09:30 +0100",
        "Wed 24 09:30 +0100",
    ]


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (WEEKDAYS, "every weekday at 9:30 AM"),
        ("FREQ=DAILY", "every day at 9:30 AM"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "every other Tuesday at 9:30 AM"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "every Monday and Thursday at 9:30 AM"),
        ("FREQ=WEEKLY;BYDAY=SA,SU", "every weekend at 9:30 AM"),
        ("FREQ=MONTHLY;BYDAY=1MO", "the first Monday of every month at 9:30 AM"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "the last Friday of every month at 9:30 AM"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "every month on the 15th at 9:30 AM"),
        ("FREQ=DAILY;UNTIL=20270326T235959", "every day at 9:30 AM until Fri 26 Mar"),
        ("FREQ=WEEKLY", "every Monday at 9:30 AM"),
    ],
)
def test_a_rule_in_words(rule: str, words: str) -> None:
    assert describe(Recurrence(rule, FIRST, BERLIN)) == words


def test_approximate_times_and_the_cadence_alone() -> None:
    evening = Recurrence("FREQ=DAILY", floating("20270322T180000"), BERLIN)

    assert describe(evening, approximate=True) == "every day around 6 PM"
    assert cadence(standup()) == "every weekday"


@pytest.mark.parametrize(
    "rule",
    ["FREQ=HOURLY", "FREQ=MINUTELY;INTERVAL=5", "FREQ=DAILY;BYHOUR=9,17", "FREQ=WEEKLY;BYDAY=XX"],
)
def test_rules_repeating_within_a_day_or_unreadable_are_refused(rule: str) -> None:
    with pytest.raises(RuleError):
        Recurrence(rule, FIRST, BERLIN)


def test_times_are_wall_times_and_instants_must_be_aware() -> None:
    with pytest.raises(ValueError, match="naive"):
        Recurrence(WEEKDAYS, FIRST.replace(tzinfo=BERLIN), BERLIN)
    with pytest.raises(ValueError, match="naive"):
        standup().after(floating("20270322T090000"))  # noqa: DTZ001 (the point)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY",
        "FREQ=DAILY;INTERVAL=3",
        WEEKDAYS,
        "FREQ=WEEKLY",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
        "FREQ=MONTHLY;BYDAY=1MO",
        "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=31",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "FREQ=YEARLY",
        "FREQ=DAILY;UNTIL=20290101T000000",
    ],
)
def test_a_rule_resumed_at_one_of_its_starts_has_the_same_starts_after_it(rule: str) -> None:
    first = Recurrence(rule, floating("20250131T093000"), BERLIN, (floating("20270405T093000"),))
    window = (dt.datetime(2027, 3, 1, tzinfo=BERLIN), dt.datetime(2027, 9, 1, tzinfo=BERLIN))
    start = first.before(window[0])
    assert start is not None

    resumed = first.resumed_at(start)

    assert resumed.first > first.first
    assert resumed.between(start, window[1]) == first.between(start, window[1])
    assert resumed.after(start) == first.after(start)


def test_a_counted_rule_is_not_resumed_and_before_finds_the_last_start() -> None:
    counted = Recurrence("FREQ=DAILY;COUNT=3", FIRST, BERLIN)

    assert counted.resumed_at(dt.datetime(2027, 3, 23, 8, 30, tzinfo=dt.UTC)) == counted
    assert counted.before(dt.datetime(2027, 4, 1, tzinfo=BERLIN)) == dt.datetime(
        2027, 3, 24, 8, 30, tzinfo=dt.UTC
    )
    assert counted.before(dt.datetime(2027, 3, 1, tzinfo=BERLIN)) is None
