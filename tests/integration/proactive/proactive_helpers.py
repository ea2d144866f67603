"""Builders shared by the proactive tests (imported by name: tests have no packages)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.composition import build_proactive_handler
from companion_bot.config import Settings
from companion_bot.ports import Sender
from companion_bot.proactive.engine import (
    FlagReader,
    ProactiveMeetingHandler,
    ProactiveOptions,
)
from companion_bot.storage import users
from companion_bot.storage.models import GreetingPreferences, ProactiveSession, UserSchedule
from companion_bot.testing import FrozenClock

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
# Wednesday 25 November 2026, 09:00 UTC (10:00 in Berlin).
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def settings() -> Settings:
    return Settings(database_url="sqlite:///./unused.db")


async def add_user(
    sm: async_sessionmaker[AsyncSession],
    *,
    name: str = "ada",
    tz: str = "Europe/Berlin",
    **prefs: object,
) -> int:
    async with sm() as session:
        user = await users.create_user(session, username=name, timezone=tz)
        if prefs:
            await session.execute(
                update(GreetingPreferences)
                .where(GreetingPreferences.user_id == user.id)
                .values(**prefs)
            )
        await session.commit()
        return user.id


async def add_schedule(
    sm: async_sessionmaker[AsyncSession],
    user_id: int,
    start: dt.datetime,
    *,
    name: str = "team meeting",
    end: dt.datetime | None = None,
    channel: str = "web",
    approximate: bool = False,
    kind: str = "meeting",
) -> int:
    async with sm() as session:
        schedule = UserSchedule(
            user_id=user_id,
            event_name=name,
            start_time=start,
            end_time=end,
            channel=channel,
            time_is_approximate=approximate,
            kind=kind,
        )
        session.add(schedule)
        await session.commit()
        return schedule.id


async def sessions_of(
    sm: async_sessionmaker[AsyncSession], schedule_id: int | None = None
) -> list[ProactiveSession]:
    async with sm() as session:
        query = select(ProactiveSession).order_by(ProactiveSession.id)
        if schedule_id is not None:
            query = query.where(ProactiveSession.reference_id == schedule_id)
        return list(await session.scalars(query))


async def schedule(sm: async_sessionmaker[AsyncSession], schedule_id: int) -> UserSchedule:
    async with sm() as session:
        found = await session.get(UserSchedule, schedule_id)
        assert found is not None
        return found


def handler(
    sm: async_sessionmaker[AsyncSession],
    senders: Mapping[str, Sender],
    clock: FrozenClock,
    *,
    flags: FlagReader | None = None,
    options: ProactiveOptions | None = None,
) -> ProactiveMeetingHandler:
    return build_proactive_handler(
        settings(), sm, senders=senders, clock=clock, flags=flags, options=options
    )


class DictFlags:
    """A FlagReader backed by a dict (missing = on)."""

    def __init__(self, **values: bool) -> None:
        self.values = values

    async def enabled(self, name: str, *, user_id: int | None = None) -> bool:
        return self.values.get(name, True)
