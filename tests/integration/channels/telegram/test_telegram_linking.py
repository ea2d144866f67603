"""Linking a web account and a Telegram chat, both ways: codes expire, work once, and the
two accounts become one user (one schedule, one set of preferences)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tg_helpers import ADA, BOB, NOW, Say, message_update

from companion_bot.channels.telegram.accounts import LINK_TEXTS
from companion_bot.channels.telegram.runtime import TelegramRuntime
from companion_bot.channels.web import linking
from companion_bot.channels.web.security import LoginCache, new_token, token_hash
from companion_bot.config import Settings
from companion_bot.storage import users
from companion_bot.storage.links import LinkOutcome
from companion_bot.storage.models import Message, User, UserSchedule
from companion_bot.testing import FrozenClock

WebUser = Callable[[str], Awaitable[tuple[int, dict[str, str]]]]


@pytest.fixture
async def web(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    runtime: TelegramRuntime,
) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    app.state.settings, app.state.clock = settings, clock
    app.state.sessionmaker, app.state.login_cache = sessionmaker, LoginCache()
    app.state.telegram_runtime = runtime
    app.include_router(linking.router)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


@pytest.fixture
def web_user(settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]) -> WebUser:
    async def make(username: str) -> tuple[int, dict[str, str]]:
        token = new_token()
        async with sessionmaker() as session:
            user = await users.create_user(
                session, username=username, password_hash="x", timezone="Europe/Berlin"
            )
            user.timezone_confirmed = True
            await users.create_auth_session(
                session,
                user_id=user.id,
                token_hash=token_hash(token, secret_key=settings.secret_key),
                expires_at=NOW + dt.timedelta(days=1),
            )
            await session.commit()
            return user.id, {"Authorization": f"Bearer {token}"}

    return make


async def _get(sessionmaker: async_sessionmaker[AsyncSession], user_id: int) -> User | None:
    async with sessionmaker() as session:
        return await session.get(User, user_id)


async def _telegram_only_with_a_meeting(
    say: Say, sessionmaker: async_sessionmaker[AsyncSession], sender: dict[str, object]
) -> int:
    await say(message_update(sender, "/start"))
    await say(message_update(sender, "/timezone Asia/Tokyo"))
    async with sessionmaker() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id=sender["id"])
        assert user is not None
        session.add(
            UserSchedule(
                user_id=user.id,
                event_name="Dentist",
                start_time=NOW + dt.timedelta(days=1),
                channel="telegram",
            )
        )
        session.add(Message(user_id=user.id, channel="telegram", role="user", content="hi"))
        await session.commit()
        return user.id


async def test_web_code_deep_link_links_and_merges(
    say: Say,
    web: httpx.AsyncClient,
    web_user: WebUser,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    web_id, headers = await web_user("ada")
    async with sessionmaker() as session:
        session.add(
            UserSchedule(
                user_id=web_id,
                event_name="Team meeting",
                start_time=NOW + dt.timedelta(days=2),
                channel="web",
            )
        )
        await session.commit()
    telegram_id = await _telegram_only_with_a_meeting(say, sessionmaker, ADA)

    response = await web.post("/api/link/telegram", headers=headers, json={})
    assert response.status_code == 201, response.text
    code = response.json()["code"]
    assert response.json()["deep_link"] == f"https://t.me/companion_test_bot?start={code}"

    assert await say(message_update(ADA, f"/start {code}")) == [LINK_TEXTS[LinkOutcome.LINKED]]

    linked = await _get(sessionmaker, web_id)
    assert linked is not None
    assert (linked.telegram_id, linked.telegram_chat_id) == (ADA["id"], ADA["id"])
    assert linked.timezone == "Europe/Berlin"  # the web account's confirmed zone stays
    assert await _get(sessionmaker, telegram_id) is None
    async with sessionmaker() as session:
        names = (await session.scalars(select(UserSchedule.event_name))).all()
        owners = set((await session.scalars(select(UserSchedule.user_id))).all())
        message_owners = set((await session.scalars(select(Message.user_id))).all())
    assert sorted(names) == ["Dentist", "Team meeting"]
    assert owners == message_owners == {web_id}

    schedule = await say(message_update(ADA, "/schedule"))  # both channels, one list
    assert "Dentist\n    upcoming · Telegram" in schedule[0]
    assert "Team meeting\n    upcoming · web" in schedule[0]

    # Single use: the same code does nothing for someone else.
    assert await say(message_update(BOB, f"/start {code}")) == [
        LINK_TEXTS[LinkOutcome.UNKNOWN_CODE]
    ]
    assert (await web.post("/api/link/telegram", headers=headers, json={})).status_code == 409


async def test_expired_web_code_is_refused(
    say: Say,
    web: httpx.AsyncClient,
    web_user: WebUser,
    clock: FrozenClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    web_id, headers = await web_user("ada")
    code = (await web.post("/api/link/telegram", headers=headers, json={})).json()["code"]
    clock.advance(dt.timedelta(minutes=16))

    assert await say(message_update(ADA, f"/link {code}")) == [LINK_TEXTS[LinkOutcome.EXPIRED]]
    linked = await _get(sessionmaker, web_id)
    assert linked is not None and linked.telegram_id is None


async def _telegram_code(say: Say, sender: dict[str, object]) -> str:
    reply = (await say(message_update(sender, "/link")))[0]
    found = re.search(r"<code>([A-Z0-9]+)</code>", reply)
    assert found, reply
    return found.group(1)


async def test_telegram_code_entered_on_the_web_links_and_merges(
    say: Say,
    web: httpx.AsyncClient,
    web_user: WebUser,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    telegram_id = await _telegram_only_with_a_meeting(say, sessionmaker, ADA)
    code = await _telegram_code(say, ADA)
    web_id, headers = await web_user("ada")

    response = await web.post("/api/link", headers=headers, json={"code": code.lower()})

    assert response.status_code == 200, response.text
    assert response.json()["telegram_username"] == "ada_l"
    assert await _get(sessionmaker, telegram_id) is None
    linked = await _get(sessionmaker, web_id)
    assert linked is not None and linked.telegram_chat_id == ADA["id"]
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 1
        dentist = await session.scalar(select(UserSchedule))
        assert dentist is not None and dentist.user_id == web_id
    # The chat now speaks for the web account.
    assert await say(message_update(ADA, "/link")) == [
        "This chat is already linked to the web account <b>ada</b>."
    ]
    # Single use.
    _, other = await web_user("eve")
    again = await web.post("/api/link", headers=other, json={"code": code})
    assert again.status_code == 400
    assert "used already" in again.json()["detail"]


async def test_expired_or_misplaced_codes_on_the_web(
    say: Say,
    web: httpx.AsyncClient,
    web_user: WebUser,
    clock: FrozenClock,
) -> None:
    await say(message_update(ADA, "/start"))
    code = await _telegram_code(say, ADA)
    _, headers = await web_user("ada")
    _, eve = await web_user("eve")

    own = (await web.post("/api/link/telegram", headers=headers, json={})).json()["code"]
    misplaced = await web.post("/api/link", headers=eve, json={"code": own})
    assert (misplaced.status_code, misplaced.json()["detail"]) == (
        400,
        "That code was made on the web: send it to the bot in Telegram instead.",
    )
    mine = await web.post("/api/link", headers=headers, json={"code": own})
    assert mine.status_code == 409

    clock.advance(dt.timedelta(minutes=15))
    expired = await web.post("/api/link", headers=headers, json={"code": code})
    assert (expired.status_code, expired.json()["detail"]) == (
        400,
        "That code has expired. Send /link to the bot for a new one.",
    )
    assert (await web.post("/api/link", json={"code": code})).status_code == 401
