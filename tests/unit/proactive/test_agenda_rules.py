"""The morning agenda's pure rules: its instant in the user's zone (DST days included), which
local day is open, every reason it is skipped, and its words."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from companion_bot.proactive.agenda_rules import (
    AgendaItem,
    agenda_decision,
    clock_words,
    compose,
    due_at,
    next_due,
    open_day,
    parse_time,
    time_text,
    todays_items,
)
from companion_bot.proactive.decisions import Preferences, Reason, Verdict

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
EIGHT = dt.time(8, 0)
DAY = dt.date(2026, 11, 26)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("stored", "expected"),
    [("08:00", dt.time(8)), ("07:30", dt.time(7, 30)), ("23:59", dt.time(23, 59))],
)
def test_stored_times_read_back(stored: str, expected: dt.time) -> None:
    assert parse_time(stored) == expected
    assert time_text(expected) == stored


@pytest.mark.parametrize("stored", [None, "", "8:00", "24:00", "07:60", "morning"])
def test_off_or_unreadable_is_none(stored: str | None) -> None:
    assert parse_time(stored) is None


@pytest.mark.parametrize(
    ("day", "tz", "expected"),
    [
        (dt.date(2026, 3, 28), BERLIN, utc(2026, 3, 28, 7)),  # CET
        (dt.date(2026, 3, 29), BERLIN, utc(2026, 3, 29, 6)),  # the spring-forward day: CEST
        (dt.date(2026, 10, 25), BERLIN, utc(2026, 10, 25, 7)),  # the fall-back day: CET
        (dt.date(2026, 3, 8), NEW_YORK, utc(2026, 3, 8, 12)),  # EDT from 02:00 that day
        (DAY, NEW_YORK, utc(2026, 11, 26, 13)),
    ],
)
def test_eight_local_on_dst_days(day: dt.date, tz: ZoneInfo, expected: dt.datetime) -> None:
    assert due_at(day, EIGHT, tz) == expected


def test_a_time_in_the_spring_gap_moves_forward() -> None:
    assert due_at(dt.date(2026, 3, 29), dt.time(2, 30), BERLIN) == utc(2026, 3, 29, 1, 30)


def test_open_from_its_time_for_an_hour_unless_recorded() -> None:
    due = utc(2026, 11, 26, 7)
    assert open_day(due - dt.timedelta(seconds=1), BERLIN, EIGHT, done_through=None) is None
    assert open_day(due, BERLIN, EIGHT, done_through=None) == DAY
    assert open_day(due + dt.timedelta(hours=1), BERLIN, EIGHT, done_through=None) == DAY
    assert (
        open_day(due + dt.timedelta(hours=1, seconds=1), BERLIN, EIGHT, done_through=None) is None
    )
    assert open_day(due, BERLIN, EIGHT, done_through=DAY) is None
    assert open_day(due, BERLIN, EIGHT, done_through=DAY - dt.timedelta(days=1)) == DAY


def test_a_late_evening_agenda_is_still_open_after_midnight() -> None:
    just_after_midnight = dt.datetime(2026, 11, 27, 0, 10, tzinfo=BERLIN)
    assert open_day(just_after_midnight, BERLIN, dt.time(23, 30), done_through=None) == DAY


def test_next_due_is_now_when_open_else_the_next_time_ahead() -> None:
    due = utc(2026, 11, 26, 7)
    tomorrow = utc(2026, 11, 27, 7)
    assert next_due(due - dt.timedelta(hours=3), BERLIN, EIGHT, done_through=None) == due
    assert next_due(due + dt.timedelta(minutes=5), BERLIN, EIGHT, done_through=None) == (
        due + dt.timedelta(minutes=5)
    )
    assert next_due(due + dt.timedelta(minutes=5), BERLIN, EIGHT, done_through=DAY) == tomorrow
    assert next_due(due + dt.timedelta(hours=2), BERLIN, EIGHT, done_through=None) == tomorrow
    # Recorded ahead (the user moved east): the first day after the recorded one.
    assert next_due(due - dt.timedelta(hours=3), BERLIN, EIGHT, done_through=DAY) == tomorrow


DUE = utc(2026, 11, 26, 7)


def decide(
    now: dt.datetime = DUE,
    prefs: Preferences | None = None,
    *,
    sent_today: int = 0,
    has_items: bool = True,
    when_empty: bool = False,
) -> tuple[Verdict, Reason | None]:
    decision = agenda_decision(
        DUE,
        prefs or Preferences(),
        BERLIN,
        now,
        sent_today=sent_today,
        has_items=has_items,
        when_empty=when_empty,
    )
    assert decision.at == DUE
    return decision.verdict, decision.reason


def test_sent_at_its_time() -> None:
    assert decide() == (Verdict.SEND, None)
    assert decide(DUE - dt.timedelta(seconds=1)) == (Verdict.WAIT, Reason.NOT_DUE)


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"prefs": Preferences(prefer_proactive=False)}, Reason.OPTED_OUT),
        ({"now": DUE + dt.timedelta(hours=1, seconds=1)}, Reason.MISSED),
        ({"prefs": Preferences(dnd_start_hour=22, dnd_end_hour=9)}, Reason.QUIET_HOURS),
        ({"prefs": Preferences(dnd_start_hour=8, dnd_end_hour=12)}, Reason.QUIET_HOURS),
        (  # its time was fine, but quiet hours began before a late pass got to it
            {
                "prefs": Preferences(dnd_start_hour=9, dnd_end_hour=12),
                "now": DUE + dt.timedelta(hours=1),
            },
            Reason.QUIET_HOURS,
        ),
        ({"has_items": False}, Reason.NOTHING_TODAY),
        ({"sent_today": 3}, Reason.DAILY_CAP),
        ({"prefs": Preferences(max_per_day=0), "when_empty": True}, Reason.DAILY_CAP),
    ],
)
def test_skipped_and_why(kwargs: dict[str, object], reason: Reason) -> None:
    assert decide(**kwargs) == (Verdict.SKIP, reason)  # type: ignore[arg-type]


def test_quiet_hours_ending_at_its_time_let_it_through() -> None:
    assert decide(prefs=Preferences(dnd_start_hour=22, dnd_end_hour=8)) == (Verdict.SEND, None)


def test_an_empty_day_goes_out_when_asked_for() -> None:
    assert decide(has_items=False, when_empty=True) == (Verdict.SEND, None)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        agenda_decision(
            DUE,
            Preferences(),
            BERLIN,
            dt.datetime(2026, 11, 26, 7),  # noqa: DTZ001 (the point of the test)
            sent_today=0,
            has_items=True,
            when_empty=False,
        )


def item(hour: int, minute: int = 0, name: str = "x", *, day: dt.date = DAY) -> AgendaItem:
    return AgendaItem(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BERLIN), name)


def test_the_day_lists_all_day_items_then_those_from_its_time_on() -> None:
    birthday = AgendaItem(dt.datetime.combine(DAY, dt.time(0), tzinfo=BERLIN), "bday", True)
    items = [
        item(15, name="dentist"),
        item(7, name="early run"),
        item(9, 30, name="standup"),
        birthday,
        item(9, name="tomorrow", day=DAY + dt.timedelta(days=1)),
    ]
    listed = todays_items(items, DAY, due_at(DAY, EIGHT, BERLIN), BERLIN)
    assert [i.name for i in listed] == ["bday", "standup", "dentist"]


def test_the_words() -> None:
    items = [
        AgendaItem(dt.datetime.combine(DAY, dt.time(0), tzinfo=BERLIN), "Maria's birthday", True),
        item(9, 30, "standup"),
        item(13, 0, "lunch with Maria"),
    ]
    assert compose(items, BERLIN, at=EIGHT) == (
        "Good morning! Today: Maria's birthday (all day); 9:30 AM standup; 1 PM lunch with Maria."
    )
    assert compose([], BERLIN, at=EIGHT) == "Good morning! Nothing on your calendar today."
    assert compose([item(19, 0, "film")], BERLIN, at=dt.time(13)).startswith("Good afternoon!")
    assert clock_words(dt.time(0, 5)) == "12:05 AM" and clock_words(dt.time(12)) == "12 PM"


def test_times_read_in_the_users_zone() -> None:
    standup = AgendaItem(utc(2026, 11, 26, 14, 30), "standup")  # 9:30 AM in New York
    assert compose([standup], NEW_YORK, at=EIGHT) == "Good morning! Today: 9:30 AM standup."


def test_a_long_day_is_shortened() -> None:
    items = [item(9 + i, name=f"m{i}") for i in range(11)]
    text = compose(items, BERLIN, at=EIGHT)
    assert text.endswith("; 4 PM m7; and 3 more.")
    assert text.count(";") == 8
