"""Webhook mode: registration with the secret token, 403 without it, updates processed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from tg_helpers import ADA, RecordingHandler, message_update
from tg_standin import BotApiState

from companion_bot.channels.telegram.runtime import SECRET_HEADER, TelegramRuntime
from companion_bot.config import load_settings
from companion_bot.errors import ConfigError

SECRET = "s3cret_token-42"


@pytest.fixture
def telegram_overrides() -> dict[str, Any]:
    return {
        "telegram_mode": "webhook",
        "telegram_webhook_url": "https://bot.example.test",
        "telegram_webhook_secret": SECRET,
    }


@pytest.fixture
async def client(runtime: TelegramRuntime) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    app.include_router(runtime.router)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


def _update(bot_api: BotApiState, text: str) -> dict[str, Any]:
    return {"update_id": bot_api.next_update_id(), **message_update(ADA, text)}


async def test_webhook_is_registered_with_the_secret_and_no_polling(
    runtime: TelegramRuntime, bot_api: BotApiState
) -> None:
    (call,) = bot_api.calls_of("setWebhook")
    assert call.params["url"] == "https://bot.example.test/telegram/webhook"
    assert call.params["secret_token"] == SECRET
    assert call.params["allowed_updates"] == ["message", "callback_query"]
    assert bot_api.calls_of("getUpdates") == []


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: ""}])
async def test_requests_without_the_secret_get_403(
    client: httpx.AsyncClient,
    bot_api: BotApiState,
    handler: RecordingHandler,
    headers: dict[str, str],
) -> None:
    response = await client.post(
        "/telegram/webhook", json=_update(bot_api, "/start"), headers=headers
    )
    assert response.status_code == 403
    assert bot_api.calls_of("sendMessage") == []


async def test_updates_with_the_secret_are_processed(
    client: httpx.AsyncClient, bot_api: BotApiState, handler: RecordingHandler
) -> None:
    headers = {SECRET_HEADER: SECRET}
    start = await client.post("/telegram/webhook", json=_update(bot_api, "/start"), headers=headers)
    assert start.status_code == 200
    await bot_api.wait_for("sendMessage", 1)
    await client.post(
        "/telegram/webhook", json=_update(bot_api, "/timezone Europe/Paris"), headers=headers
    )
    await client.post("/telegram/webhook", json=_update(bot_api, "lunch at 1"), headers=headers)

    await bot_api.wait_for("sendMessage", 3)
    assert bot_api.sent_texts()[-1] == "Heard: lunch at 1"
    assert handler.calls[-1]["channel"] == "telegram"


async def test_garbage_body_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/telegram/webhook", content=b"not json", headers={SECRET_HEADER: SECRET}
    )
    assert response.status_code == 400


def test_webhook_mode_without_a_secret_is_a_config_error(tmp_path: Any) -> None:
    settings = load_settings(
        database_url=f"sqlite:///{tmp_path}/x.db",
        telegram_bot_token="1:x",
        telegram_mode="webhook",
        telegram_webhook_url="https://bot.example.test",
    )
    with pytest.raises(ConfigError, match="COMPANION_TELEGRAM_WEBHOOK_SECRET"):
        TelegramRuntime(settings, None, RecordingHandler(), None)  # type: ignore[arg-type]


async def test_json_that_is_not_an_update_is_400(client: httpx.AsyncClient) -> None:
    for body in (b"[]", b'{"hello": 1}', b'{"update_id": "x"}'):
        response = await client.post(
            "/telegram/webhook",
            content=body,
            headers={SECRET_HEADER: SECRET, "content-type": "application/json"},
        )
        assert response.status_code == 400, body
