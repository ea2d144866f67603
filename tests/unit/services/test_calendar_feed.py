"""The calendar feed's events as a calendar app reads them (parsed back with ``icalendar``):
times in UTC, a day without a time as an all-day event in the user's zone, a moment for a
meeting without an end, reminders that do not block time, and a stable UID and text."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar, Event

from companion_bot.services.calendar_feed import FeedSeries, event_uid, feed_calendar
from companion_bot.storage.models import ScheduleSeries, UserSchedule

UTC = dt.UTC
TOKYO = ZoneInfo("Asia/Tokyo")
CREATED = dt.datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def schedule(
    schedule_id: int,
    name: str,
    start: dt.datetime,
    end: dt.datetime | None = None,
    *,
    approximate: bool = False,
    kind: str = "meeting",
    updated: dt.datetime = CREATED,
) -> UserSchedule:
    return UserSchedule(
        id=schedule_id,
        user_id=1,
        event_name=name,
        start_time=start,
        end_time=end,
        channel="web",
        status="scheduled",
        time_is_approximate=approximate,
        kind=kind,
        created_at=CREATED,
        updated_at=updated,
    )


def events(*rows: UserSchedule) -> dict[str, Event]:
    calendar = Calendar.from_ical(feed_calendar(rows, zone=TOKYO))
    return {str(e["UID"]): e for e in calendar.walk("VEVENT") if isinstance(e, Event)}


def test_a_meeting_with_an_end_is_in_utc_with_its_name_and_last_change() -> None:
    moved = CREATED + dt.timedelta(minutes=5)
    row = schedule(
        7,
        "Team meeting",
        dt.datetime(2026, 11, 27, 6, 0, tzinfo=TOKYO),
        dt.datetime(2026, 11, 27, 7, 0, tzinfo=TOKYO),
        updated=moved,
    )

    event = events(row)["schedule-7@companion-bot"]

    assert str(event["SUMMARY"]) == "Team meeting"
    assert event.start == dt.datetime(2026, 11, 26, 21, 0, tzinfo=UTC)
    assert event.end == dt.datetime(2026, 11, 26, 22, 0, tzinfo=UTC)
    assert event.to_ical().decode().count("DTSTART:20261126T210000Z") == 1
    assert event.stamp == moved and event.last_modified == moved
    assert event.sequence == 300  # seconds from creation to the last change: grows with each
    assert str(event["STATUS"]) == "CONFIRMED" and str(event["TRANSP"]) == "OPAQUE"


def test_a_day_without_a_time_is_an_all_day_event_on_that_day_in_the_users_zone() -> None:
    # "dentist on Friday" in Tokyo: stored as local midnight, marked approximate.
    row = schedule(8, "Dentist", dt.datetime(2026, 11, 27, 0, 0, tzinfo=TOKYO), approximate=True)

    event = events(row)[event_uid(8)]

    assert event.start == dt.date(2026, 11, 27)
    assert event.end == dt.date(2026, 11, 28)
    assert "DTSTART;VALUE=DATE:20261127" in event.to_ical().decode()


def test_a_meeting_without_an_end_is_a_moment_and_an_approximate_one_says_so() -> None:
    row = schedule(9, "Call Sam", dt.datetime(2026, 11, 28, 15, 0, tzinfo=TOKYO), approximate=True)

    event = events(row)[event_uid(9)]

    assert "DTEND" not in event and "DURATION" not in event
    assert event.start == event.end == dt.datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
    assert str(event["DESCRIPTION"]) == "Around this time: no exact time was given."


def test_a_task_reminder_is_a_moment_that_does_not_show_you_busy() -> None:
    row = schedule(10, "call mom", dt.datetime(2026, 11, 26, 18, 0, tzinfo=TOKYO), kind="task")

    event = events(row)[event_uid(10)]

    assert str(event["SUMMARY"]) == "call mom"
    assert event.categories == ["Reminder"]
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert "DTEND" not in event


def test_the_same_meetings_give_the_same_feed_byte_for_byte() -> None:
    rows = [
        schedule(1, "A", dt.datetime(2026, 12, 1, 9, 0, tzinfo=UTC)),
        schedule(2, "B", dt.datetime(2026, 12, 2, 0, 0, tzinfo=TOKYO), approximate=True),
    ]

    first = feed_calendar(rows, zone=TOKYO)

    assert feed_calendar(rows, zone=TOKYO) == first
    calendar = Calendar.from_ical(first)
    assert str(calendar["PRODID"]) == "-//companion-bot//calendar feed//EN"
    assert str(calendar["X-WR-CALNAME"]) == "companion-bot"


def test_a_repeating_meeting_keeps_its_wall_time_across_dst_and_ends_where_stopped() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    created = dt.datetime(2027, 3, 20, 8, 0, tzinfo=UTC)
    standup = ScheduleSeries(
        id=4,
        user_id=1,
        event_name="standup",
        channel="web",
        kind="meeting",
        recurrence="DTSTART:20270322T093000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        timezone="Europe/Berlin",
        duration_minutes=15,
        time_is_approximate=False,
        created_at=created,
        updated_at=created,
        ended_at=dt.datetime(2027, 3, 31, 12, 0, tzinfo=berlin),
    )
    skipped = schedule(9, "standup", dt.datetime(2027, 3, 24, 9, 30, tzinfo=berlin))
    skipped.status, skipped.series_id = "cancelled", standup.id
    skipped.occurrence_start = skipped.start_time

    feed = feed_calendar([], zone=TOKYO, series=[FeedSeries(standup, [skipped])])

    calendar = Calendar.from_ical(feed)
    [event] = calendar.walk("VEVENT")
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20270331T095959Z;BYDAY=MO,TU,WE,TH,FR"
    starts = [
        e.start
        for e in recurring_ical_events.of(calendar).between(
            dt.datetime(2027, 3, 1, tzinfo=UTC), dt.datetime(2027, 5, 1, tzinfo=UTC)
        )
    ]
    assert [f"{s:%a %d %H:%M}" for s in starts] == [
        "Mon 22 09:30",
        "Tue 23 09:30",
        "Thu 25 09:30",  # Wednesday's skipped
        "Fri 26 09:30",
        "Mon 29 09:30",  # summer time: the same wall time
        "Tue 30 09:30",
        "Wed 31 09:30",  # stopped at noon that day
    ]
    assert {s.utcoffset() for s in starts} == {dt.timedelta(hours=1), dt.timedelta(hours=2)}
    assert feed_calendar([], zone=TOKYO, series=[FeedSeries(standup, [skipped])]) == feed
