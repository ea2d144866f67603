"""``storage.schedules.on_change``: the embedded job loop is woken when a booked, moved or
cancelled meeting is committed, and not before (it would read the database too early and
sleep until its next period)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncEngine

from companion_bot.services import schedules as schedule_changes
from companion_bot.storage import db, schedules, users

NOW = dt.datetime(2026, 11, 26, 13, 0, tzinfo=dt.UTC)


async def test_a_booked_meeting_wakes_once_after_its_commit_not_at_its_savepoint(
    engine: AsyncEngine,
) -> None:
    sessions = db.make_sessionmaker(engine)
    woken: list[str] = []
    schedules.on_change(sessions, lambda: woken.append("woken"))
    async with sessions() as session:
        user = await users.create_user(session, username="ada")
        await session.commit()
        assert woken == []  # no schedule touched

        await db.begin_write(session)
        meeting = schedule_changes.NewMeeting(event_name="meeting", start=NOW)
        made = await schedule_changes.create_schedule(
            session, user_id=user.id, channel="web", meeting=meeting, now=NOW
        )
        assert made.outcome == "created"  # its row went in inside a SAVEPOINT
        assert woken == []
        await session.commit()
        assert woken == ["woken"]
