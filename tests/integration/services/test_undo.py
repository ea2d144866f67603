"""services.undo on both databases, with a frozen time: each kind of change is put back, only
within 10 minutes, one step further back each time, and never another user's."""

from __future__ import annotations

import datetime as dt

import pytest
from pipeline_helpers import BERLIN, NOW
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.services import schedules as changes
from companion_bot.services import undo
from companion_bot.services.message_handler import MessageHandler
from companion_bot.storage import db, users
from companion_bot.storage.models import AnalyticsEvent, Message, ScheduleChange, UserSchedule

SM = async_sessionmaker[AsyncSession]
MINUTE = dt.timedelta(minutes=1)
#: Thursday 10 December 2026, 15:00 in Berlin.
DENTIST = dt.datetime(2026, 12, 10, 15, 0, tzinfo=BERLIN)
#: Monday 30 November 2026, 10:00 in Berlin.
CALL = dt.datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)


async def create(
    sm: SM,
    user_id: int,
    name: str,
    start: dt.datetime,
    *,
    end: dt.datetime | None = None,
    approximate: bool = False,
    at: dt.datetime = NOW,
) -> int:
    meeting = changes.NewMeeting(name, start, end, time_is_approximate=approximate)
    async with sm() as session:
        made = await changes.create_schedule(
            session, user_id=user_id, channel="web", meeting=meeting, now=at
        )
        await session.commit()
    [row] = made.rows
    return row.id


async def cancel(sm: SM, user_id: int, schedule_id: int, *, at: dt.datetime = NOW) -> None:
    async with sm() as session:
        schedule = await session.get(UserSchedule, schedule_id)
        assert schedule is not None
        await changes.cancel_schedule(
            session, user_id=user_id, schedule=schedule, channel="web", via="web_panel", now=at
        )
        await session.commit()


async def edit(sm: SM, user_id: int, schedule_id: int, *, at: dt.datetime = NOW, **fields: object):
    async with sm() as session:
        schedule = await session.get(UserSchedule, schedule_id)
        assert schedule is not None
        await changes.edit_schedule(
            session,
            user_id=user_id,
            schedule=schedule,
            channel="web",
            via="web_panel",
            now=at,
            **fields,  # type: ignore[arg-type]
        )
        await session.commit()


async def undo_at(
    sm: SM, user_id: int, at: dt.datetime, schedule_id: int | None = None
) -> undo.Undone:
    async with sm() as session:
        await db.begin_write(session)
        done = await undo.undo_last(
            session, user_id=user_id, channel="web", now=at, zone=BERLIN, schedule_id=schedule_id
        )
        await session.commit()
    return done


async def load(sm: SM, schedule_id: int) -> UserSchedule:
    async with sm() as session:
        row = await session.get(UserSchedule, schedule_id)
    assert row is not None
    return row


def shown(row: UserSchedule) -> tuple[object, ...]:
    """What the panel shows of a meeting, in Berlin."""
    end = row.end_time.astimezone(BERLIN) if row.end_time else None
    return (
        row.event_name,
        row.start_time.astimezone(BERLIN),
        end,
        row.time_is_approximate,
        row.status,
    )


async def test_undoing_a_new_meeting_removes_it(sm: SM, user_id: int) -> None:
    lunch = await create(
        sm, user_id, "lunch with Maria", dt.datetime(2026, 11, 27, 12, 0, tzinfo=BERLIN)
    )

    done = await undo_at(sm, user_id, NOW + MINUTE)

    assert (done.kind, done.text) == ("created", 'Undone: I removed "lunch with Maria".')
    assert (await load(sm, lunch)).status == "cancelled"
    async with sm() as session:
        events = await session.scalars(select(AnalyticsEvent).order_by(AnalyticsEvent.id))
        assert [(e.name, e.properties["via"]) for e in events] == [
            ("schedule_created", "chat"),
            ("schedule_cancelled", "undo"),
        ]


async def test_undoing_a_cancellation_puts_the_meeting_back_on(sm: SM, user_id: int) -> None:
    dentist = await create(sm, user_id, "dentist", DENTIST, at=NOW - dt.timedelta(days=1))
    await cancel(sm, user_id, dentist)

    done = await undo_at(sm, user_id, NOW + 5 * MINUTE)

    assert done.text == "Undone: the dentist is back on Thu Dec 10 at 3:00 PM."
    assert shown(await load(sm, dentist)) == ("dentist", DENTIST, None, False, "scheduled")


async def test_undoing_a_move_puts_back_the_day_the_time_and_the_length(
    sm: SM, user_id: int
) -> None:
    call = await create(sm, user_id, "call", CALL, end=CALL + 30 * MINUTE, at=NOW - MINUTE)
    await edit(sm, user_id, call, start=dt.datetime(2026, 12, 2, 11, 0, tzinfo=BERLIN))

    done = await undo_at(sm, user_id, NOW + MINUTE)

    assert done.text == "Undone: the call is back at 10:00 AM on Mon Nov 30."
    assert shown(await load(sm, call)) == ("call", CALL, CALL + 30 * MINUTE, False, "scheduled")


async def test_undoing_a_move_brings_back_no_end_and_around(sm: SM, user_id: int) -> None:
    call = await create(sm, user_id, "call", CALL, approximate=True)
    later = dt.datetime(2026, 11, 30, 14, 0, tzinfo=BERLIN)
    await edit(sm, user_id, call, start=later, end=later + 60 * MINUTE)  # exact, with an end

    done = await undo_at(sm, user_id, NOW)

    assert done.text == "Undone: the call is back at around 10:00 AM on Mon Nov 30."
    assert shown(await load(sm, call)) == ("call", CALL, None, True, "scheduled")


async def test_undoing_a_rename_names_it_back(sm: SM, user_id: int) -> None:
    meeting = await create(sm, user_id, "team meeting", CALL)
    await edit(sm, user_id, meeting, event_name="team sync")

    done = await undo_at(sm, user_id, NOW)

    assert (done.kind, done.text) == (
        "edited",
        'Undone: "team sync" is called "team meeting" again.',
    )
    assert (await load(sm, meeting)).event_name == "team meeting"


async def test_undoing_a_meeting_back_on_cancels_it_again(sm: SM, user_id: int) -> None:
    meeting = await create(sm, user_id, "team meeting", CALL, at=NOW - dt.timedelta(hours=1))
    await cancel(sm, user_id, meeting, at=NOW - dt.timedelta(hours=1))
    again = await create(sm, user_id, "team meeting", CALL)  # mentioned again: back on
    assert again == meeting

    done = await undo_at(sm, user_id, NOW)

    assert (done.kind, done.text) == ("restored", 'Undone: I cancelled "team meeting" again.')
    assert (await load(sm, meeting)).status == "cancelled"


async def test_a_change_can_be_undone_for_ten_minutes_and_no_longer(sm: SM, user_id: int) -> None:
    first = await create(sm, user_id, "dentist", DENTIST)
    assert (await undo_at(sm, user_id, NOW + 10 * MINUTE)).schedule.id == first
    second = await create(sm, user_id, "call", CALL)

    with pytest.raises(undo.NothingToUndoError) as raised:
        await undo_at(sm, user_id, NOW + 10 * MINUTE + dt.timedelta(seconds=1))

    assert raised.value.user_message == "There's nothing I can undo from the last 10 minutes."
    assert (await load(sm, second)).status == "scheduled"


async def test_each_undo_goes_one_step_further_back(sm: SM, user_id: int) -> None:
    dentist = await create(sm, user_id, "dentist", DENTIST, at=NOW - 3 * MINUTE)
    await edit(sm, user_id, dentist, start=DENTIST + 60 * MINUTE, at=NOW - 2 * MINUTE)
    await edit(sm, user_id, dentist, event_name="dentist check-up", at=NOW - MINUTE)

    texts = [(await undo_at(sm, user_id, NOW)).text for _ in range(3)]

    assert texts == [
        'Undone: "dentist check-up" is called "dentist" again.',
        "Undone: the dentist is back at 3:00 PM on Thu Dec 10.",
        'Undone: I removed "dentist".',
    ]
    with pytest.raises(undo.NothingToUndoError):
        await undo_at(sm, user_id, NOW)
    assert shown(await load(sm, dentist)) == ("dentist", DENTIST, None, False, "cancelled")


async def test_nothing_to_undo_changes_nothing(sm: SM, user_id: int) -> None:
    with pytest.raises(undo.NothingToUndoError):
        await undo_at(sm, user_id, NOW)
    async with sm() as session:
        assert list(await session.scalars(select(AnalyticsEvent))) == []


async def test_another_users_changes_are_never_undone(sm: SM, user_id: int) -> None:
    async with sm() as session:
        bob = await users.create_user(session, username="bob", timezone="Europe/Berlin")
        await session.commit()
    mine = await create(sm, user_id, "dentist", DENTIST, at=NOW - 20 * MINUTE)  # too old
    his = await create(sm, bob.id, "dentist", DENTIST, at=NOW)

    with pytest.raises(undo.NothingToUndoError):
        await undo_at(sm, user_id, NOW + MINUTE)

    assert (await load(sm, his)).status == (await load(sm, mine)).status == "scheduled"
    assert (await undo_at(sm, bob.id, NOW + MINUTE)).schedule.id == his


async def test_an_undo_for_another_meeting_is_refused_and_keeps_the_change(
    sm: SM, user_id: int
) -> None:
    dentist = await create(sm, user_id, "dentist", DENTIST)
    call = await create(sm, user_id, "call", CALL)

    with pytest.raises(undo.UndoRefusedError) as raised:
        await undo_at(sm, user_id, NOW, schedule_id=dentist)

    assert (
        raised.value.user_message == 'Your last change was to "call", so I didn\'t undo anything.'
    )
    assert (await load(sm, call)).status == "scheduled"
    assert (await undo_at(sm, user_id, NOW, schedule_id=call)).kind == "created"


async def test_a_move_back_onto_a_meeting_like_it_is_refused(sm: SM, user_id: int) -> None:
    meeting = await create(sm, user_id, "team meeting", CALL)
    await edit(sm, user_id, meeting, start=CALL + 60 * MINUTE)
    async with sm() as session:  # one like it at the old time, stored before undo existed
        session.add(
            UserSchedule(user_id=user_id, event_name="team meeting", start_time=CALL, channel="web")
        )
        await session.commit()

    with pytest.raises(undo.UndoRefusedError) as raised:
        await undo_at(sm, user_id, NOW)

    assert raised.value.user_message == (
        'I can\'t undo that: you already have "team meeting" at that time.'
    )
    assert (await load(sm, meeting)).start_time == CALL + 60 * MINUTE
    async with sm() as session:
        kept = await session.scalars(select(ScheduleChange.undone_at).order_by(ScheduleChange.id))
        assert list(kept) == [None, None]


async def test_changes_too_old_to_undo_are_not_kept(sm: SM, user_id: int) -> None:
    await create(sm, user_id, "dentist", DENTIST, at=NOW - 11 * MINUTE)
    await create(sm, user_id, "call", CALL, at=NOW)

    async with sm() as session:
        kinds = await session.execute(select(ScheduleChange.kind, ScheduleChange.changed_at))
        assert [tuple(row) for row in kinds] == [("created", NOW.astimezone(dt.UTC))]


async def test_undo_said_after_a_check_in_question_does_not_answer_it(
    sm: SM, user_id: int, handler: MessageHandler
) -> None:
    async with sm() as session:
        past = UserSchedule(
            user_id=user_id, event_name="1-on-1", start_time=NOW - 60 * MINUTE, channel="web"
        )
        session.add(past)
        await session.flush()
        question = Message(
            user_id=user_id,
            channel="web",
            role="bot",
            content="How did the 1-on-1 go?",
            is_question=True,
            question_schedule_id=past.id,
        )
        session.add(question)
        await session.commit()
    await create(sm, user_id, "call", CALL)

    said = await handler.handle(user_id=user_id, channel="web", text="undo", now=NOW)

    assert said.reply.content == 'Undone: I removed "call".'
    async with sm() as session:
        still = await session.get(Message, question.id)
        meeting = await session.get(UserSchedule, past.id)
    assert still is not None and still.answered_at is None  # still open
    assert meeting is not None and meeting.status == "scheduled"  # not marked done
