"""MeetingExtractor in context: bare numbers, markup, changes, habits and other people's events."""

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


def test_markup_numbers_are_not_a_second_meeting() -> None:
    text = (
        "Team meeting 3-4 PM Friday <script>window.pwned = 1</script>"
        '<img src=x onerror="window.pwned = 1">'
    )
    assert scheduled(text, now="2026-11-25T09:00") == ["team meeting @ Fri 27 15:00-16:00"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the 3 workshops tomorrow", ["workshop @ Wed 25 00:00"]),
        ("sprint review on thursday, need 4 slides and 2 demos", ["sprint review @ Thu 26 00:00"]),
        ("standup friday; set x = 7 in the config", ["standup @ Fri 27 00:00"]),
        ("the interview tomorrow 3", ["interview @ Wed 25 15:00"]),
        ("interview at 3", ["interview @ Tue 24 15:00"]),
    ],
)
def test_a_bare_number_is_a_time_only_in_a_time_context(text: str, expected: list[str]) -> None:
    assert scheduled(text) == expected


def test_a_lone_number_beside_an_event_is_not_a_time() -> None:
    assert scheduled("meeting 5") == []
    assert scheduled("seminar room 12") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my kid's nativity play is on thursday at 6pm", ["kid's nativity play @ Thu 26 18:00"]),
        ("investor pitch wednesday 11am", ["investor pitch @ Wed 25 11:00"]),
        ("the parents evening is at 7 tomorrow", ["parents evening @ Wed 25 19:00"]),
        ("court hearing friday 9:30", ["court hearing @ Fri 27 09:30"]),
        ("i have a tax advisor consult friday at 2", ["tax advisor consult @ Fri 27 14:00"]),
        (
            "i'm attending the town council forum tomorrow at 6pm",
            ["town council forum @ Wed 25 18:00"],
        ),
        ("got a visa office slot on monday at 8:40", ["visa office slot @ Mon 30 08:40"]),
    ],
)
def test_event_nouns_outside_the_lexicon(text: str, expected: list[str]) -> None:
    assert scheduled(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "i have a deadline at 5 tomorrow",
        "got a delivery coming at 3",
        "we play football at 6",
        "they pitch the idea to investors at 10",
    ],
)
def test_attending_verbs_do_not_make_tasks_into_events(text: str) -> None:
    assert scheduled(text) == []


def test_a_moved_event_is_not_someone_else_s() -> None:
    (m,) = meetings("the retro got moved to thursday 2pm")
    assert (m.event_name, m.action, f"{m.start:%a %H:%M}") == ("retro", "reschedule", "Thu 14:00")


def test_a_move_between_two_days_keeps_the_old_one() -> None:
    (m,) = meetings("the supplier call moved from wednesday to friday at 10")
    assert m.action == "reschedule"
    assert f"{m.start:%a %d %H:%M}" == "Fri 27 10:00"
    assert m.previous_start is not None and f"{m.previous_start:%a %d}" == "Wed 25"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my standup is usually at 9 but tomorrow at 10", ["standup @ Wed 25 10:00"]),
        ("piano lesson is normally 4pm, but on friday it's at 5", ["piano lesson @ Fri 27 17:00"]),
    ],
)
def test_a_one_off_exception_beside_a_habit(text: str, expected: list[str]) -> None:
    assert scheduled(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "my brother's flight lands at 6pm tomorrow",
        "her interview is at 3 tomorrow",
        "dad's surgery is on friday at 8",
        "watching the recording of the 3pm keynote tomorrow",
        "gonna watch the game tonight at 8",
        "streaming the final on saturday at 9pm",
    ],
)
def test_events_the_user_does_not_attend(text: str) -> None:
    assert scheduled(text) == []


def test_taking_someone_to_their_appointment_is_attending() -> None:
    assert scheduled("i'm taking mum to her dentist appointment at 4") == [
        "dentist appointment @ Tue 24 16:00"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("exam prep session thursday 2pm, 45 mins", ["exam prep session @ Thu 26 14:00-14:45"]),
        ("2.5 hour workshop at 10 tomorrow", ["workshop @ Wed 25 10:00-12:30"]),
        ("physio at 9 tomorrow, takes about 40 mins", ["physio appointment @ Wed 25 09:00-09:40"]),
        ("the retro is 90 mins, starts 4pm", ["retro @ Tue 24 16:00-17:30"]),
        ("standup at 10, i'll be 10 mins late", ["standup @ Tue 24 10:00"]),
    ],
)
def test_a_stated_length_gives_the_end(text: str, expected: list[str]) -> None:
    assert scheduled(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the kids have swimming lessons at 4",
        "my partner has a job interview at 10 tomorrow",
        "the season finale is tonight at 9",
        "the derby is on tv sunday at 4, big match",
    ],
)
def test_other_people_s_events_and_tv(text: str) -> None:
    assert scheduled(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "dad's got a hospital appointment thursday at 11, i'm driving him",
            ["hospital appointment @ Thu 26 11:00"],
        ),
        (
            "nothing on tomorrow apart from the vet appointment at 5",
            ["vet appointment @ Wed 25 17:00"],
        ),
        (
            "my 2pm sync got pushed to 3 and i still have the 4:30 review",
            ["sync @ Tue 24 15:00", "review @ Tue 24 16:30"],
        ),
    ],
)
def test_going_along_exceptions_and_neighbours(text: str, expected: list[str]) -> None:
    assert scheduled(text) == expected


def test_a_moved_event_s_name_stops_before_the_verb() -> None:
    (m,) = meetings("the 1:1 with priya got bumped to monday 10am")
    assert (m.event_name, m.action, f"{m.start:%a %H:%M}") == (
        "1:1 with priya",
        "reschedule",
        "Mon 10:00",
    )


@pytest.mark.parametrize(
    ("text", "cancelled", "kept"),
    [
        (
            "yoga class is cancelled tonight. still have the dentist tomorrow at 11 "
            "and a call with ana at 3",
            "yoga class",
            ["dentist appointment @ Wed 25 11:00", "call with ana @ Wed 25 15:00"],
        ),
        (
            "the offsite got cancelled, but the board meeting on friday at 2 is still on",
            "offsite",
            ["board meeting @ Fri 27 14:00"],
        ),
    ],
)
def test_a_cancellation_blocks_only_its_own_clause(
    text: str, cancelled: str, kept: list[str]
) -> None:
    assert scheduled(text) == kept
    assert [m.event_name for m in meetings(text) if m.action == "cancel"] == [cancelled]


def test_meeting_as_a_verb_names_who() -> None:
    assert scheduled("long day. tomorrow i'm meeting the notary at 4 to sign") == [
        "meeting with notary @ Wed 25 16:00"
    ]


def test_a_meeting_buried_in_a_long_message() -> None:
    text = (
        "what a week, the boiler broke on monday and it was freezing, my cousin visited on "
        "wednesday which was lovely but tiring, anyway i have a mortgage appointment on friday "
        "at 11 and i have no idea what to bring, then the weekend, finally"
    )
    assert scheduled(text) == ["mortgage appointment @ Fri 27 11:00"]


def test_rebooked_after_a_cancellation_is_the_new_time() -> None:
    (m,) = meetings("cancelled the optician, rebooked for thursday at 3")
    assert (m.event_name, m.action, f"{m.start:%a %H:%M}") == (
        "optician appointment",
        "reschedule",
        "Thu 15:00",
    )


@pytest.mark.parametrize(
    "text",
    [
        "i can't attend the workshop at 2",
        "won't be at the 3pm meeting",
        "not joining the sync at 4",
    ],
)
def test_declining_to_attend(text: str) -> None:
    assert scheduled(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the thurs call at 2 with legal", ["call @ Thu 26 14:00"]),
        ("dentist 2moro's at 4", ["dentist appointment @ Wed 25 16:00"]),
        ("2moro: standup 9:15", ["standup @ Wed 25 09:15"]),
        ("the release call is tonight, midnight", ["release call @ Wed 25 00:00"]),
    ],
)
def test_chat_spellings_of_days(text: str, expected: list[str]) -> None:
    assert scheduled(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("workshop 14-16h tomorrow", ["workshop @ Wed 25 14:00-16:00"]),
        ("hackathon sat 10-6", ["hackathon @ Sat 28 10:00-18:00"]),
        ("night shift briefing 10pm-2am friday", ["shift briefing @ Fri 27 22:00-02:00"]),
        ("seminar 11.00–12.30 on friday", ["seminar @ Fri 27 11:00-12:30"]),
    ],
)
def test_ranges_keep_their_end(text: str, expected: list[str]) -> None:
    assert scheduled(text) == expected


def test_change_my_slot_is_a_move() -> None:
    (m,) = meetings("change my 3pm to 4")
    assert (m.action, f"{m.start:%H:%M}") == ("reschedule", "16:00")
    assert m.previous_start is not None and f"{m.previous_start:%H:%M}" == "15:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call on 12/04 at 11:00 am", ["call @ Mon 12 11:00"]),
        ("call tomorrow 3pm with the agency", ["call @ Wed 25 15:00"]),
        ("i'll call at 5", []),
        ("can you call at 3", []),
    ],
)
def test_call_before_a_time_is_a_noun_unless_someone_calls(text: str, expected: list[str]) -> None:
    assert scheduled(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dinner 7-9 at nonna's tomorrow", ["dinner @ Wed 25 19:00-21:00"]),
        ("breakfast with the founders at 8", ["breakfast with founders @ Wed 25 08:00"]),
        ("lunch tomorrow at 1", ["lunch @ Wed 25 13:00"]),
        ("brunch sunday at 11", ["brunch @ Sun 29 11:00"]),
    ],
)
def test_a_meal_decides_am_or_pm(text: str, expected: list[str]) -> None:
    assert scheduled(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "the interview is tomorrow at 2, should take about an hour",
            ["interview @ Wed 25 14:00-15:00"],
        ),
        ("dentist at 3, takes 20 mins to get there", ["dentist appointment @ Tue 24 15:00"]),
        ("flight to oslo friday 6:40am, check-in opens at 4:40", ["flight to oslo @ Fri 27 06:40"]),
        ("demo friday 2pm CET (8am EST)", ["demo @ Fri 27 14:00"]),
    ],
)
def test_no_spurious_extra_meetings(text: str, expected: list[str]) -> None:
    assert scheduled(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "we always have retro on friday at 4 - except this friday, it's thursday at 3",
            ["retro @ Thu 26 15:00"],
        ),
        ("standup every day at 9 except tomorrow when it's at 10:30", ["standup @ Wed 25 10:30"]),
        ("i normally do standup at 9:30 but tomorrow it's at 11", ["standup @ Wed 25 11:00"]),
        ("my usual 1:1 with anna is at 10", []),
    ],
)
def test_exceptions_to_habits(text: str, expected: list[str]) -> None:
    assert scheduled(text) == expected


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
    "text",
    [
        "declined the meeting at 4",
        "turned down the interview on friday at 10",
        "opted out of the workshop tomorrow at 1",
    ],
)
def test_declined_events(text: str) -> None:
    assert scheduled(text) == []


def test_a_meal_with_a_modifier_is_an_event() -> None:
    assert scheduled("the team's farewell lunch is friday at 12:30") == [
        "team's farewell lunch @ Fri 27 12:30"
    ]


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
    text = "the team lunch on friday was cancelled but the review at 2 is still on"
    assert scheduled(text) == ["review @ Fri 27 14:00"]
    assert [(m.event_name, f"{m.start:%a %d}") for m in meetings(text) if m.action == "cancel"] == [
        ("team lunch", "Fri 27")
    ]
    assert scheduled("dentist on friday, then the team meeting at 3") == [
        "dentist appointment @ Fri 27 00:00",
        "team meeting @ Fri 27 15:00",
    ]


def test_a_room_number_does_not_move_the_meeting() -> None:
    assert scheduled("meet in room 3.14 at 2 for the sprint review") == [
        "sprint review @ Tue 24 14:00"
    ]
    assert scheduled("the design crit at 3") == ["design crit @ Tue 24 15:00"]
