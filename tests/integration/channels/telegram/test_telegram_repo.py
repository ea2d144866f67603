"""Merging a Telegram-only account into a web account, and single-use codes under a race."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.storage import links, users
from companion_bot.storage.links import LinkOutcome
from companion_bot.storage.models import GreetingPreferences, ProactiveSession, User, UserSchedule

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
START = NOW + dt.timedelta(days=1)


async def test_merge_keeps_one_copy_and_the_web_preferences(session: AsyncSession) -> None:
    web = await users.create_user(session, username="ada", timezone="UTC")
    tg = await users.create_user(session, telegram_id=5, telegram_chat_id=5, timezone="Asia/Tokyo")
    tg.timezone_confirmed = True
    (await users.get_preferences(session, user_id=web.id)).max_proactive_per_day = 7
    shared_web = UserSchedule(user_id=web.id, event_name="Sync", start_time=START, channel="web")
    shared_tg = UserSchedule(user_id=tg.id, event_name="Sync", start_time=START, channel="telegram")
    own_tg = UserSchedule(
        user_id=tg.id,
        event_name="Gym",
        start_time=START + dt.timedelta(hours=3),
        channel="telegram",
    )
    session.add_all([shared_web, shared_tg, own_tg])
    await session.flush()
    session.add(
        ProactiveSession(
            user_id=tg.id,
            session_type="preparation_reminder",
            reference_id=own_tg.id,
            channel="telegram",
        )
    )
    await session.commit()
    web_id, tg_id = web.id, tg.id

    await links.merge_users(session, source=tg, target=web)
    await session.commit()

    rows = (await session.scalars(select(UserSchedule).order_by(UserSchedule.id))).all()
    assert [(r.event_name, r.channel, r.user_id) for r in rows] == [
        ("Sync", "web", web_id),
        ("Gym", "telegram", web_id),
    ]
    assert (await session.scalar(select(ProactiveSession.user_id))) == web_id
    assert await session.get(User, tg_id) is None
    prefs = (await session.scalars(select(GreetingPreferences))).all()
    assert [(p.user_id, p.max_proactive_per_day) for p in prefs] == [(web_id, 7)]
    assert (web.timezone, web.timezone_confirmed) == ("Asia/Tokyo", True)  # web never chose


async def test_a_code_works_once_even_when_two_use_it_at_once(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        web = await users.create_user(session, username="ada")
        await links.create_link_code(
            session, user_id=web.id, code="RACE2345", expires_at=NOW + dt.timedelta(minutes=15)
        )
        await session.commit()

    async def attempt(telegram_id: int) -> LinkOutcome:
        async with sessionmaker() as session:
            result = await links.link_from_telegram(
                session,
                code="RACE2345",
                telegram_id=telegram_id,
                chat_id=telegram_id,
                telegram_username=None,
                now=NOW,
            )
            await session.commit()
            return result.outcome

    outcomes = await asyncio.gather(attempt(1), attempt(2))

    assert sorted(outcomes) == sorted([LinkOutcome.LINKED, LinkOutcome.UNKNOWN_CODE])
    async with sessionmaker() as session:
        linked = await session.scalar(select(User).where(User.username == "ada"))
    assert linked is not None and linked.telegram_id in {1, 2}
