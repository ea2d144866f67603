"""Buttons under a reminder: the press goes to the feedback core, the user sees its answer
(as the button toast and in the chat) and the buttons go away."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from tg_helpers import ADA, NOW, Say, callback_update, message_update
from tg_standin import BotApiState

from companion_bot.channels.telegram import schedule_actions


async def test_a_quick_action_is_applied_and_confirmed(
    say: Say, bot_api: BotApiState, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied: list[tuple[int, str, dt.datetime]] = []

    async def apply(session: AsyncSession, *, user_id: int, data: str, now: dt.datetime) -> str:
        applied.append((user_id, data, now))
        return "Snoozed: I'll remind you again in 10 minutes."

    monkeypatch.setattr(schedule_actions, "_feedback", lambda: apply)
    await say(message_update(ADA, "/start"))

    replies = await say(callback_update(ADA, "snooze:17"))

    assert replies == ["Snoozed: I'll remind you again in 10 minutes."]
    assert [(data, now) for _, data, now in applied] == [("snooze:17", NOW)]
    (answer,) = bot_api.calls_of("answerCallbackQuery")
    assert answer.params["text"] == "Snoozed: I'll remind you again in 10 minutes."
    assert bot_api.calls_of("editMessageReplyMarkup")


async def test_without_the_feedback_core_the_user_hears_so(
    say: Say, bot_api: BotApiState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schedule_actions, "_feedback", lambda: None)
    await say(message_update(ADA, "/start"))
    assert await say(callback_update(ADA, "ack:3")) == ["Sorry, I can't do that right now."]
