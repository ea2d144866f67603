"""``/schedule`` text: grouping by local day, times, status, channel, escaping."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from companion_bot.channels.telegram.schedule_view import (
    EMPTY_TEXT,
    day_label,
    render_schedule,
    status_label,
    time_label,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)  # Wed 10:00 in Berlin


@dataclass
class Series:
    cadence: str


@dataclass
class Row:
    event_name: str
    start_time: dt.datetime
    end_time: dt.datetime | None = None
    status: str = "scheduled"
    channel: str = "telegram"
    time_is_approximate: bool = False
    preparation_reminder_sent: bool = False
    kind: str = "meeting"
    series: Series | None = None


def berlin(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=BERLIN).astimezone(dt.UTC)


def test_golden_schedule_of_four_meetings() -> None:
    rows = [
        Row("1-on-1 with Sam", berlin(25, 14, 30), preparation_reminder_sent=True),
        Row("Team meeting", berlin(27, 15), berlin(27, 16), channel="web"),
        Row("Dentist", berlin(27, 17, 30)),
        Row("Interview <Acme & Co>", berlin(26, 9), berlin(26, 10, 15), channel="web"),
    ]
    rows.sort(key=lambda r: r.start_time)

    text = render_schedule(rows, tz=BERLIN, now=NOW)

    assert text == (
        "<b>Your next 14 days</b> (Europe/Berlin)\n"
        "\n"
        "<b>Today · Wed 25 Nov</b>\n"
        "1. 14:30 1-on-1 with Sam\n"
        "    reminder sent · Telegram\n"
        "\n"
        "<b>Tomorrow · Thu 26 Nov</b>\n"
        "2. 09:00–10:15 Interview &lt;Acme &amp; Co&gt;\n"
        "    upcoming · web\n"
        "\n"
        "<b>Fri 27 Nov</b>\n"
        "3. 15:00–16:00 Team meeting\n"
        "    upcoming · web\n"
        "4. 17:30 Dentist\n"
        "    upcoming · Telegram\n"
        "\n"
        "Cancel one with /cancel &lt;number&gt;."
    )


def test_days_follow_the_users_zone_not_utc() -> None:
    # 02:00 UTC on Thursday is still Wednesday evening in New York.
    row = Row("Late call", dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC))
    text = render_schedule([row], tz=NEW_YORK, now=NOW)
    assert "<b>Today · Wed 25 Nov</b>\n1. 21:00 Late call" in text
    assert "(America/New_York)" in text


def test_empty_schedule_says_how_to_add_one() -> None:
    assert render_schedule([], tz=BERLIN, now=NOW) == EMPTY_TEXT
    assert "tell me about a meeting" in EMPTY_TEXT


def test_more_than_shown_is_said() -> None:
    rows = [Row(f"m{i}", berlin(26, 8) + dt.timedelta(minutes=i)) for i in range(15)]
    assert "Showing the first 15." in render_schedule(rows, tz=BERLIN, now=NOW, more=True)


def test_time_labels() -> None:
    assert time_label(Row("a", berlin(26, 0), time_is_approximate=True), BERLIN) == "all day"
    assert time_label(Row("a", berlin(26, 14), time_is_approximate=True), BERLIN) == "about 14:00"
    overnight = Row("a", berlin(26, 22), berlin(27, 2))
    assert time_label(overnight, BERLIN) == "22:00–Fri 02:00"
    to_midnight = Row("a", berlin(26, 22), berlin(27, 0))
    assert time_label(to_midnight, BERLIN) == "22:00–00:00"


def test_status_labels() -> None:
    assert status_label(Row("a", berlin(25, 9, 30), berlin(25, 11)), NOW) == "now"
    assert status_label(Row("a", berlin(25, 9, 30)), NOW) == "started"
    assert status_label(Row("a", berlin(25, 12), status="done"), NOW) == "done ✓"
    assert status_label(Row("a", berlin(25, 12)), NOW) == "upcoming"


def test_a_task_reminder_is_marked_and_says_whether_it_went_out() -> None:
    task = Row("call mom", berlin(25, 18), channel="web", kind="task")
    sent = Row("take the chicken out", berlin(25, 9), kind="task", preparation_reminder_sent=True)

    text = render_schedule([task], tz=BERLIN, now=NOW)

    assert "1. 18:00 ⏰ call mom\n    reminder · web" in text
    assert status_label(sent, NOW) == "reminded ✓"


def test_an_occurrence_of_a_repeating_meeting_is_marked_with_how_often() -> None:
    standup = Row("standup", berlin(26, 9, 30), series=Series("every weekday"))

    text = render_schedule([standup], tz=BERLIN, now=NOW)

    assert "1. 09:30 standup\n    upcoming · Telegram · ↻ every weekday" in text


def test_day_labels() -> None:
    today = dt.date(2026, 11, 25)
    assert day_label(today, today) == "Today · Wed 25 Nov"
    assert day_label(dt.date(2026, 11, 26), today) == "Tomorrow · Thu 26 Nov"
    assert day_label(dt.date(2026, 12, 1), today) == "Tue 1 Dec"


def test_long_or_multiline_names_stay_on_one_short_line() -> None:
    row = Row("Quarterly\nplanning " + "&" * 100, berlin(26, 9))
    line = render_schedule([row], tz=BERLIN, now=NOW).split("\n")[3]
    assert line == "1. 09:00 Quarterly planning " + "&amp;" * 40 + "…"


def test_fifteen_meetings_with_the_longest_names_fit_in_two_messages() -> None:
    from companion_bot.channels.telegram.handlers import chunks

    rows = [Row("<&>" * 70, berlin(26, 8) + dt.timedelta(hours=i)) for i in range(15)]
    text = render_schedule(rows, tz=BERLIN, now=NOW)
    parts = chunks(text)
    assert len(text) > 4096
    assert all(len(p) <= 4096 for p in parts)
    assert "\n".join(parts) == text  # cut between lines only
