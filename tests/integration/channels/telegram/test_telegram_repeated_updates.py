"""The same Telegram update delivered twice is stored and answered once (its update id is
the message's idempotency key), through the real conversation pipeline: by polling (as
after a crash before the offset moved) and by webhook (Telegram retrying a delivery)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tg_helpers import ADA, Say, message_update
from tg_standin import BotApiState

from companion_bot.channels.telegram.runtime import SECRET_HEADER, WEBHOOK_PATH, TelegramRuntime
from companion_bot.composition import build_message_handler
from companion_bot.config import Settings
from companion_bot.services.message_handler import MessageHandler
from companion_bot.storage.models import Message, UserSchedule

MEETING = "lunch with Sam tomorrow at 1pm"
AFTER = "see you later"
SECRET = "s3cret_token-42"


@pytest.fixture
def handler(settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]) -> MessageHandler:
    """The real conversation pipeline under the bot, instead of the recording stand-in."""
    return build_message_handler(settings, sessionmaker)


async def _stored(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> tuple[list[tuple[str, str, str | None]], int]:
    """Every message (role, content, client key) in order, and the number of meetings."""
    async with sessionmaker() as session:
        rows = (await session.scalars(select(Message).order_by(Message.id))).all()
        meetings = (await session.scalars(select(UserSchedule))).all()
    return [(m.role, m.content, m.client_key) for m in rows], len(meetings)


async def _replies_until_after(
    bot_api: BotApiState, sessionmaker: async_sessionmaker[AsyncSession], sent: int
) -> list[str]:
    """The bot's texts to Ada since ``sent``, once the answer to :data:`AFTER` went out.
    Updates of one chat are handled in order, so by then every earlier delivery was."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        stored, _ = await _stored(sessionmaker)
        after = [
            c for i, (r, c, _) in enumerate(stored) if r == "bot" and stored[i - 1][1] == AFTER
        ]
        texts = bot_api.sent_texts(ADA["id"])[sent:]
        if after and after[0] in texts:
            return texts
        await asyncio.sleep(0.02)
    raise AssertionError(f"no answer to {AFTER!r}: {bot_api.sent_texts(ADA['id'])[sent:]}")


def _assert_once(stored: list[tuple[str, str, str | None]], meetings: int, update_id: int) -> None:
    key = f"tg:{update_id}"
    assert [(role, k) for role, content, k in stored if content == MEETING or k == key] == [
        ("user", key),
        ("bot", key),
    ]
    assert [content for role, content, _ in stored if role == "user"] == [MEETING, AFTER]
    assert len(stored) == 4
    assert meetings == 1


async def test_an_update_polled_twice_is_stored_and_answered_once(
    say: Say, bot_api: BotApiState, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await say(message_update(ADA, "/start"))
    await say(message_update(ADA, "/timezone Europe/Berlin"))
    sent = len(bot_api.sent_texts(ADA["id"]))

    update_id = bot_api.push_update(message_update(ADA, MEETING), times=2)
    bot_api.push_update(message_update(ADA, AFTER))

    replies = await _replies_until_after(bot_api, sessionmaker, sent)
    stored, meetings = await _stored(sessionmaker)
    _assert_once(stored, meetings, update_id)
    assert replies == [c for r, c, _ in stored if r == "bot"]


class TestWebhook:
    @pytest.fixture
    def telegram_overrides(self) -> dict[str, Any]:
        return {
            "telegram_mode": "webhook",
            "telegram_webhook_url": "https://bot.example.test",
            "telegram_webhook_secret": SECRET,
        }

    @pytest.fixture
    async def client(self, runtime: TelegramRuntime) -> AsyncIterator[httpx.AsyncClient]:
        app = FastAPI()
        app.include_router(runtime.router)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client

    async def test_an_update_delivered_twice_is_stored_and_answered_once(
        self,
        client: httpx.AsyncClient,
        bot_api: BotApiState,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        async def deliver(update: dict[str, Any]) -> None:
            response = await client.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET})
            assert response.status_code == 200, response.text

        async def say(text: str) -> None:
            update = {"update_id": bot_api.next_update_id(), **message_update(ADA, text)}
            count = len(bot_api.calls_of("sendMessage")) + 1
            await deliver(update)
            await bot_api.wait_for("sendMessage", count)

        await say("/start")
        await say("/timezone Europe/Berlin")
        sent = len(bot_api.sent_texts(ADA["id"]))

        update = {"update_id": bot_api.next_update_id(), **message_update(ADA, MEETING)}
        await deliver(update)
        await deliver(update)  # Telegram retrying: the same update id
        await deliver({"update_id": bot_api.next_update_id(), **message_update(ADA, AFTER)})

        replies = await _replies_until_after(bot_api, sessionmaker, sent)
        stored, meetings = await _stored(sessionmaker)
        _assert_once(stored, meetings, update["update_id"])
        assert replies == [c for r, c, _ in stored if r == "bot"]
