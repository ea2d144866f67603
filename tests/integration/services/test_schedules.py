"""services.schedules on both databases: create, move, rename, cancel and restore record the
same event, metric and side effects whoever calls them; only the owner changes a meeting; a
clash is undone to a savepoint and leaves the caller's transaction usable."""

from __future__ import annotations

import datetime as dt

import pytest
from pipeline_helpers import BERLIN, NOW
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.errors import NotFoundError
from companion_bot.services import schedules as changes
from companion_bot.storage import users
from companion_bot.storage.models import AnalyticsEvent, ProactiveSession, UserSchedule

SM = async_sessionmaker[AsyncSession]
START = dt.datetime(2026, 11, 27, 15, 0, tzinfo=BERLIN)  # Friday 15:00 in Berlin
HOUR = dt.timedelta(hours=1)


def changes_counted(change: str) -> float:
    return REGISTRY.get_sample_value("companion_schedules_total", {"change": change}) or 0.0


async def add(
    sm: SM,
    user_id: int,
    *,
    name: str = "team meeting",
    start: dt.datetime = START,
    end: dt.datetime | None = START + HOUR,
    status: str = "scheduled",
    approximate: bool = False,
) -> int:
    async with sm() as session:
        row = UserSchedule(
            user_id=user_id,
            event_name=name,
            start_time=start,
            end_time=end,
            channel="web",
            status=status,
            confidence=0.9,
            time_is_approximate=approximate,
        )
        session.add(row)
        await session.commit()
        return row.id


async def events(sm: SM) -> list[tuple[str, int | None, dict[str, object]]]:
    async with sm() as session:
        rows = await session.scalars(select(AnalyticsEvent).order_by(AnalyticsEvent.id))
        return [(e.name, e.user_id, e.properties) for e in rows]


async def load(session: AsyncSession, schedule_id: int) -> UserSchedule:
    row = await session.get(UserSchedule, schedule_id)
    assert row is not None
    return row


async def test_a_new_meeting_is_stored_once_with_one_event(sm: SM, user_id: int) -> None:
    before = changes_counted("created")
    meeting = changes.NewMeeting(
        "team meeting", START, START + HOUR, confidence=0.8, source_text="team meeting 3-4"
    )

    async with sm() as session:
        first = await changes.create_schedule(
            session, user_id=user_id, channel="telegram", meeting=meeting, now=NOW
        )
        await session.commit()
    async with sm() as session:
        again = await changes.create_schedule(
            session,
            user_id=user_id,
            channel="web",
            meeting=changes.NewMeeting("weekly team sync", START),
            now=NOW,
        )
        await session.commit()

    assert first.outcome == "created" and again.outcome == "duplicate"
    [row] = first.rows
    assert [r.id for r in again.rows] == [row.id]
    assert (row.channel, row.status) == ("telegram", "scheduled")
    assert row.source_text == "team meeting 3-4"
    assert await events(sm) == [
        (
            "schedule_created",
            user_id,
            {"schedule_id": row.id, "channel": "telegram", "via": "chat"},
        )
    ]
    assert changes_counted("created") - before == 1


async def test_a_cancelled_meeting_mentioned_again_is_back_on(sm: SM, user_id: int) -> None:
    schedule_id = await add(sm, user_id, status="cancelled")

    async with sm() as session:
        made = await changes.create_schedule(
            session,
            user_id=user_id,
            channel="web",
            meeting=changes.NewMeeting("team meeting", START, message_id=None),
            now=NOW,
        )
        await session.commit()

    assert (made.outcome, [r.id for r in made.rows]) == ("restored", [schedule_id])
    async with sm() as session:
        assert (await load(session, schedule_id)).status == "scheduled"
    assert [name for name, _, _ in await events(sm)] == ["schedule_updated"]


async def test_cancelling_counts_once_and_keeps_the_pending_reminder_for_the_job_to_skip(
    sm: SM, user_id: int
) -> None:
    schedule_id = await add(sm, user_id)
    async with sm() as session:
        session.add(
            ProactiveSession(
                user_id=user_id,
                session_type="preparation_reminder",
                reference_id=schedule_id,
                channel="web",
                status="pending",
                due_at=START - HOUR,
                next_attempt_at=START - HOUR,
            )
        )
        await session.commit()
    before = changes_counted("cancelled")

    results = []
    for via in ("telegram_command", "button"):
        async with sm() as session:
            schedule = await load(session, schedule_id)
            results.append(
                await changes.cancel_schedule(
                    session,
                    user_id=user_id,
                    schedule=schedule,
                    channel="telegram",
                    via=via,
                    now=NOW,
                )
            )
            await session.commit()

    assert results == [True, False]
    assert changes_counted("cancelled") - before == 1
    assert [(n, p["via"]) for n, _, p in await events(sm)] == [
        ("schedule_cancelled", "telegram_command")
    ]
    async with sm() as session:
        assert (await load(session, schedule_id)).status == "cancelled"
        [pending] = await session.scalars(select(ProactiveSession))
    assert pending.status == "pending"


async def test_only_the_owner_changes_a_meeting(sm: SM, user_id: int) -> None:
    schedule_id = await add(sm, user_id)
    async with sm() as session:
        bob = await users.create_user(session, username="bob")
        await session.commit()

    async with sm() as session:
        schedule = await load(session, schedule_id)
        with pytest.raises(NotFoundError):
            await changes.cancel_schedule(
                session, user_id=bob.id, schedule=schedule, channel="web", via="web_panel", now=NOW
            )
        with pytest.raises(NotFoundError):
            await changes.edit_schedule(
                session,
                user_id=bob.id,
                schedule=schedule,
                event_name="x",
                channel="web",
                via="web_panel",
                now=NOW,
            )
        await session.commit()

    async with sm() as session:
        schedule = await load(session, schedule_id)
    assert (schedule.status, schedule.event_name) == ("scheduled", "team meeting")
    assert await events(sm) == []


async def test_a_move_keeps_the_length_and_forgets_the_old_times_reminder(
    sm: SM, user_id: int
) -> None:
    schedule_id = await add(sm, user_id, approximate=True)
    async with sm() as session:
        session.add(
            ProactiveSession(
                user_id=user_id,
                session_type="preparation_reminder",
                reference_id=schedule_id,
                channel="web",
                status="sent",
            )
        )
        schedule = await load(session, schedule_id)
        schedule.preparation_reminder_sent = True
        await session.commit()

    async with sm() as session:
        schedule = await load(session, schedule_id)
        moved = await changes.move_schedule(
            session,
            user_id=user_id,
            schedule=schedule,
            start=START + 2 * HOUR,
            exact_time=False,
            channel="web",
            via="chat",
            now=NOW,
        )
        await session.commit()

    async with sm() as session:
        schedule = await load(session, schedule_id)
        reminders = list(await session.scalars(select(ProactiveSession)))
    assert moved
    assert (schedule.start_time, schedule.end_time) == (START + 2 * HOUR, START + 3 * HOUR)
    assert schedule.time_is_approximate  # a chat move that said no exact time keeps "around"
    assert reminders == [] and not schedule.preparation_reminder_sent
    assert [name for name, _, _ in await events(sm)] == ["schedule_updated"]


async def test_a_move_to_the_same_time_changes_and_records_nothing(sm: SM, user_id: int) -> None:
    schedule_id = await add(sm, user_id)
    async with sm() as session:
        session.add(
            ProactiveSession(
                user_id=user_id,
                session_type="preparation_reminder",
                reference_id=schedule_id,
                channel="web",
                status="sent",
            )
        )
        await session.commit()

    async with sm() as session:
        schedule = await load(session, schedule_id)
        moved = await changes.move_schedule(
            session,
            user_id=user_id,
            schedule=schedule,
            start=START.astimezone(dt.UTC),
            exact_time=True,
            channel="web",
            via="web_panel",
            now=NOW,
        )
        await session.commit()

    async with sm() as session:
        assert len(list(await session.scalars(select(ProactiveSession)))) == 1
    assert not moved
    assert await events(sm) == []


async def test_an_exact_new_time_is_no_longer_approximate(sm: SM, user_id: int) -> None:
    schedule_id = await add(sm, user_id, approximate=True)

    async with sm() as session:
        schedule = await load(session, schedule_id)
        await changes.move_schedule(
            session,
            user_id=user_id,
            schedule=schedule,
            start=START + HOUR,
            exact_time=True,
            channel="web",
            via="web_panel",
            now=NOW,
        )
        await session.commit()

    async with sm() as session:
        assert not (await load(session, schedule_id)).time_is_approximate


async def test_a_clash_is_undone_and_the_rest_of_the_transaction_stays(
    sm: SM, user_id: int
) -> None:
    at_four = await add(sm, user_id, start=START + HOUR, end=None)
    at_three = await add(sm, user_id, name="dentist", end=None)
    other = await add(sm, user_id, name="standup", start=START - 5 * HOUR, end=None)

    async with sm() as session:
        await changes.cancel_schedule(
            session,
            user_id=user_id,
            schedule=await load(session, other),
            channel="web",
            via="web_panel",
            now=NOW,
        )
        schedule = await load(session, at_three)
        with pytest.raises(changes.ScheduleClashError) as raised:
            await changes.edit_schedule(
                session,
                user_id=user_id,
                schedule=schedule,
                event_name="team meeting",
                start=START + HOUR,
                channel="web",
                via="web_panel",
                now=NOW,
            )
        await session.commit()

    assert raised.value.user_message == "You already have that meeting at that time."
    async with sm() as session:
        dentist = await load(session, at_three)
        assert (dentist.event_name, dentist.start_time) == ("dentist", START)
        assert (await load(session, other)).status == "cancelled"
        assert (await load(session, at_four)).status == "scheduled"
    assert [name for name, _, _ in await events(sm)] == ["schedule_cancelled"]


@pytest.mark.parametrize(
    ("name", "end", "message"),
    [
        ("  ", None, "The name cannot be empty."),
        (None, START - HOUR, "end_time is before start_time."),
    ],
)
async def test_a_refused_edit_changes_nothing(
    sm: SM, user_id: int, name: str | None, end: dt.datetime | None, message: str
) -> None:
    schedule_id = await add(sm, user_id)

    async with sm() as session:
        schedule = await load(session, schedule_id)
        with pytest.raises(changes.ScheduleEditError) as raised:
            await changes.edit_schedule(
                session,
                user_id=user_id,
                schedule=schedule,
                event_name=name,
                end=end,
                status="cancelled",
                channel="web",
                via="web_panel",
                now=NOW,
            )

    assert raised.value.user_message == message
    async with sm() as session:
        assert (await load(session, schedule_id)).status == "scheduled"
    assert await events(sm) == []


async def test_one_edit_is_one_change_and_a_cancellation_wins(sm: SM, user_id: int) -> None:
    schedule_id = await add(sm, user_id)
    before = (changes_counted("updated"), changes_counted("cancelled"))

    async with sm() as session:
        schedule = await load(session, schedule_id)
        renamed = await changes.edit_schedule(
            session,
            user_id=user_id,
            schedule=schedule,
            event_name="team sync",
            start=START + HOUR,
            channel="web",
            via="web_panel",
            now=NOW,
        )
        cancelled = await changes.edit_schedule(
            session,
            user_id=user_id,
            schedule=schedule,
            event_name="team sync v2",
            status="cancelled",
            channel="web",
            via="web_panel",
            now=NOW,
        )
        restored = await changes.edit_schedule(
            session,
            user_id=user_id,
            schedule=schedule,
            status="scheduled",
            channel="web",
            via="web_panel",
            now=NOW,
        )
        unchanged = await changes.edit_schedule(
            session,
            user_id=user_id,
            schedule=schedule,
            status="scheduled",
            channel="web",
            via="web_panel",
            now=NOW,
        )
        await session.commit()

    assert (renamed, cancelled, restored, unchanged) == (
        "schedule_updated",
        "schedule_cancelled",
        "schedule_updated",
        None,
    )
    assert (
        changes_counted("updated") - before[0],
        changes_counted("cancelled") - before[1],
    ) == (2, 1)
    async with sm() as session:
        schedule = await load(session, schedule_id)
    assert (schedule.event_name, schedule.start_time, schedule.status) == (
        "team sync v2",
        START + HOUR,
        "scheduled",
    )
