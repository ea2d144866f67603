"""The bot inside a web app's lifespan, as ``serve`` runs it: started with the app, the
webhook and linking routes mounted, a sender for the proactive engine, stopped with the app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tg_helpers import ADA, RecordingHandler, message_update
from tg_standin import BotApiState

from companion_bot.channels.telegram.runtime import SECRET_HEADER, TelegramRuntime
from companion_bot.channels.web import linking
from companion_bot.config import Settings
from companion_bot.ports import DeliveryStatus, OutboundMessage
from companion_bot.storage import users
from companion_bot.testing import FrozenClock

SECRET = "lifespan-secret"


@pytest.fixture
def telegram_overrides() -> dict[str, Any]:
    return {
        "telegram_mode": "webhook",
        "telegram_webhook_url": "https://bot.example.test",
        "telegram_webhook_secret": SECRET,
    }


def _app(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
) -> FastAPI:
    """What ``create_app`` does for Telegram when the token is set."""
    runtime = TelegramRuntime(settings, sessionmaker, RecordingHandler(), clock)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(lifespan=lifespan)
    app.state.telegram_runtime = runtime
    app.include_router(runtime.router)
    app.include_router(linking.router)
    return app


async def test_started_and_stopped_with_the_app(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FrozenClock,
    bot_api: BotApiState,
) -> None:
    app = _app(settings, sessionmaker, clock)
    runtime: TelegramRuntime = app.state.telegram_runtime
    async with app.router.lifespan_context(app):
        assert runtime.started.is_set()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            update = {"update_id": bot_api.next_update_id(), **message_update(ADA, "/start")}
            response = await client.post(
                "/telegram/webhook", json=update, headers={SECRET_HEADER: SECRET}
            )
            assert response.status_code == 200
        await bot_api.wait_for("sendMessage", 1)

        async with sessionmaker() as session:
            user = await users.get_user_by_telegram_id(session, telegram_id=ADA["id"])
        assert user is not None
        sender = runtime.make_sender()
        result = await sender.send(OutboundMessage(user_id=user.id, text="Dentist in 30 min"))
        assert result.status is DeliveryStatus.DELIVERED
        await sender.close()  # does not close the running bot's connections
        again = await sender.send(OutboundMessage(user_id=user.id, text="still works"))
        assert again.status is DeliveryStatus.DELIVERED

    assert not runtime.started.is_set()
    assert not runtime.application.running
    assert bot_api.sent_texts(ADA["id"])[-2:] == ["Dentist in 30 min", "still works"]
