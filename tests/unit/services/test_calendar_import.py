"""Reading a calendar file for import: which events become meetings, at what UTC time, and
why the others are skipped; files that are not iCalendar are refused in a sentence; the
summary reads as one."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion_bot.services.calendar_import import (
    CalendarFileError,
    ImportSummary,
    UpcomingEvent,
    UpcomingSeries,
    describe,
    read_calendar,
)

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
# Wednesday 25 November 2026, 09:00 UTC (10:00 in Berlin).
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
WINDOWS_ZONE = """BEGIN:VTIMEZONE
TZID:Eastern Standard Time
BEGIN:STANDARD
DTSTART:16010101T020000
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
"""


def ics(*events: str, extra: str = "") -> bytes:
    """A calendar file with ``events`` (the lines inside each ``VEVENT``), CRLF line ends."""
    body = "".join(f"BEGIN:VEVENT\n{e.strip()}\nEND:VEVENT\n" for e in events)
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//test//EN\n{extra}{body}END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


def read(
    *events: str, extra: str = ""
) -> tuple[list[UpcomingEvent | UpcomingSeries], dict[str, int]]:
    reading = read_calendar(ics(*events, extra=extra), zone=BERLIN, now=NOW)
    return reading.upcoming, dict(reading.skipped)


def test_times_keep_their_zone_and_floating_times_are_read_in_the_users_zone() -> None:
    upcoming, skipped = read(
        "UID:ny\nSUMMARY:Call with New York\nDTSTART;TZID=America/New_York:20261201T100000\n"
        "DTEND;TZID=America/New_York:20261201T110000",
        "UID:utc\nSUMMARY:Board review\nDTSTART:20261202T140000Z",
        "UID:float\nSUMMARY:Piano lesson\nDTSTART:20261203T170000\nDURATION:PT45M",
        "UID:win\nSUMMARY:Vendor call\nDTSTART;TZID=Eastern Standard Time:20261204T090000",
        extra=WINDOWS_ZONE,
    )

    assert skipped == {}
    assert [(e.uid, e.name, e.start, e.end, e.all_day) for e in upcoming] == [
        (
            "ny",
            "Call with New York",
            dt.datetime(2026, 12, 1, 15, 0, tzinfo=UTC),
            dt.datetime(2026, 12, 1, 16, 0, tzinfo=UTC),
            False,
        ),
        ("utc", "Board review", dt.datetime(2026, 12, 2, 14, 0, tzinfo=UTC), None, False),
        (
            "float",
            "Piano lesson",
            dt.datetime(2026, 12, 3, 16, 0, tzinfo=UTC),  # 17:00 in Berlin
            dt.datetime(2026, 12, 3, 16, 45, tzinfo=UTC),
            False,
        ),
        ("win", "Vendor call", dt.datetime(2026, 12, 4, 14, 0, tzinfo=UTC), None, False),
    ]


def test_an_all_day_event_is_a_day_without_a_time_from_today_on() -> None:
    upcoming, skipped = read(
        "UID:today\nSUMMARY:Conference\nDTSTART;VALUE=DATE:20261125\nDTEND;VALUE=DATE:20261128",
        "UID:yesterday\nSUMMARY:Trip\nDTSTART;VALUE=DATE:20261124",
    )

    assert [(e.name, e.start, e.end, e.all_day) for e in upcoming] == [
        ("Conference", dt.datetime(2026, 11, 24, 23, 0, tzinfo=UTC), None, True)  # 00:00 Berlin
    ]
    assert skipped == {"past": 1}


def test_skipped_events_are_counted_by_why() -> None:
    upcoming, skipped = read(
        "UID:p\nSUMMARY:Started an hour ago\nDTSTART:20261125T080000Z\nDTEND:20261125T100000Z",
        "UID:now\nSUMMARY:Starts now\nDTSTART:20261125T090000Z",
        "UID:r\nSUMMARY:Standup\nDTSTART:20261201T083000Z\nRRULE:FREQ=WEEKLY;BYDAY=MO",
        "UID:r\nSUMMARY:Standup moved\nRECURRENCE-ID:20261208T083000Z\nDTSTART:20261208T093000Z",
        "UID:rd\nSUMMARY:Two dates\nDTSTART:20261201T083000Z\nRDATE:20261203T083000Z",
        "UID:h\nSUMMARY:Hourly\nDTSTART:20261201T083000Z\nRRULE:FREQ=HOURLY",
        "UID:bd\nSUMMARY:Birthday\nDTSTART;VALUE=DATE:20261201\nRRULE:FREQ=YEARLY",
        "UID:over\nSUMMARY:Over\nDTSTART:20261001T083000Z\nRRULE:FREQ=DAILY;COUNT=3",
        "UID:c\nSUMMARY:Called off\nSTATUS:CANCELLED\nDTSTART:20261201T083000Z",
        "UID:none\nSUMMARY:No start",
        "UID:bad\nSUMMARY:Bad start\nDTSTART:tomorrowish",
        "UID:mars\nSUMMARY:Unknown zone\nDTSTART;TZID=Mars/Olympus_Mons:20261201T100000",
        "UID:late\nSUMMARY:Too late\nDTSTART:99991231T120000Z",
        "UID:ok\nSUMMARY:Kept\nDTSTART:20261125T091500Z",
    )

    assert [e.name for e in upcoming] == ["Standup", "Kept"]
    assert skipped == {"past": 3, "recurring_skipped": 4, "cancelled": 1, "invalid": 4}


def test_a_weekly_event_is_one_series_on_the_clock_of_its_zone() -> None:
    upcoming, skipped = read(
        "UID:standup\nSUMMARY:Standup\nDTSTART;TZID=America/New_York:20261102T093000\n"
        "DTEND;TZID=America/New_York:20261102T094500\n"
        "RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20270101T143000Z\n"
        "EXDATE;TZID=America/New_York:20261127T093000,20261130T093000",
        "UID:float\nSUMMARY:Piano\nDTSTART:20261126T170000\nRRULE:FREQ=WEEKLY;COUNT=10",
    )

    standup, piano = upcoming
    assert isinstance(standup, UpcomingSeries) and isinstance(piano, UpcomingSeries)
    assert standup.recurrence.text == (
        "DTSTART:20261102T093000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20270101T093000\n"
        "EXDATE:20261127T093000,20261130T093000"
    )
    assert standup.recurrence.zone.key == "America/New_York"
    assert standup.duration == dt.timedelta(minutes=15)
    assert standup.recurrence.after(NOW) == dt.datetime(2026, 11, 25, 14, 30, tzinfo=UTC)
    assert (piano.recurrence.zone.key, piano.duration) == ("Europe/Berlin", None)  # floating
    assert skipped == {}


def test_names_uids_and_ends_are_cleaned_up() -> None:
    long_uid = "x" * 300
    upcoming, _ = read(
        f"UID:{long_uid}\nSUMMARY:Team\\nsync\\, weekly\nDTSTART:20261201T100000Z\n"
        "DTEND:20261201T090000Z",
        "DTSTART:20261202T100000Z",
    )

    first, second = upcoming
    assert first.name == "Team sync, weekly"
    assert first.end is None  # an end before the start is dropped, not trusted
    assert first.uid is not None and first.uid.startswith("sha256:") and len(first.uid) == 71
    assert (second.uid, second.name) == (None, "")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello",
        b"\xff\xfe\x00\x01",
        b"Subject: meeting\r\n\r\nSee you Friday",
        b"BEGIN:VEVENT\r\nDTSTART:20261201T100000Z\r\nEND:VEVENT\r\n",
    ],
    ids=["empty", "a word", "binary", "an email", "an event without a calendar"],
)
def test_what_is_not_a_calendar_file_is_refused_in_a_sentence(data: bytes) -> None:
    with pytest.raises(CalendarFileError) as refused:
        read_calendar(data, zone=BERLIN, now=NOW)

    assert refused.value.user_message.startswith("That file ")
    assert refused.value.user_message.endswith("try again.")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "BEGIN:VCALENDAR",
                "END:VCALENDAR",
                "BEGIN:VEVENT",
                "END:VEVENT",
                "DTSTART:20261201T100000Z",
                "DTSTART;VALUE=DATE:20261201",
                "DTSTART;TZID=Europe/Paris:20261201T100000",
                "DTEND:20261130T100000Z",
                "DURATION:PT1H",
                "DURATION:-P1D",
                "RRULE:FREQ=DAILY",
                "SUMMARY:x",
                "UID:1",
                "STATUS:CANCELLED",
            ]
        )
        | st.text(max_size=30),
        max_size=12,
    )
)
def test_any_text_is_read_or_refused_in_a_sentence(lines: list[str]) -> None:
    data = "\r\n".join(lines).encode("utf-8", "surrogatepass")
    try:
        reading = read_calendar(data, zone=BERLIN, now=NOW)
    except CalendarFileError as refused:
        assert refused.user_message.startswith("That file ")
        return
    for event in reading.upcoming:
        assert event.start.tzinfo is not None and event.start > NOW
        assert event.end is None or event.end > event.start


@pytest.mark.parametrize(
    ("summary", "sentence"),
    [
        (
            ImportSummary(added=3, duplicates=1, past=2),
            "Added 3 meetings; skipped 1 already on your list and 2 in the past.",
        ),
        (ImportSummary(added=1), "Added 1 meeting."),
        (
            ImportSummary(recurring_skipped=2, cancelled=1, invalid=1),
            "No meetings added; skipped 2 repeating in a way I can't keep, 1 cancelled and 1 I "
            "couldn't read.",
        ),
        (ImportSummary(added=1, recurring=1), "Added 1 meeting (repeating)."),
        (ImportSummary(added=3, recurring=1), "Added 3 meetings (1 of them repeating)."),
        (ImportSummary(), "That file has no events to import."),
    ],
)
def test_the_summary_is_one_sentence(summary: ImportSummary, sentence: str) -> None:
    assert describe(summary) == sentence
