"""The bot over the real python-telegram-bot client and the stand-in Bot API (polling):
first contact, time zone, chat through the pipeline, and every command."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tg_helpers import (
    ADA,
    BOB,
    NOW,
    RecordingHandler,
    Say,
    callback_update,
    message_update,
)
from tg_standin import BotApiState

from companion_bot.channels.telegram.handlers import ASK_ZONE, COMMANDS, HELP_TEXT
from companion_bot.channels.telegram.runtime import TelegramRuntime
from companion_bot.storage import users
from companion_bot.storage.models import User


async def _user(sessionmaker: async_sessionmaker[AsyncSession], telegram_id: int) -> User:
    async with sessionmaker() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id=telegram_id)
    assert user is not None
    return user


async def _confirmed(say: Say, sender: dict[str, object], zone: str = "Europe/Berlin") -> None:
    await say(message_update(sender, "/start"))
    await say(message_update(sender, f"/timezone {zone}"))


async def test_start_registers_commands_and_drops_the_webhook(
    runtime: TelegramRuntime, bot_api: BotApiState
) -> None:
    commands = bot_api.calls_of("setMyCommands")
    assert [c["command"] for c in commands[0].params["commands"]] == [c.command for c in COMMANDS]
    assert bot_api.calls_of("deleteWebhook")
    polls = await bot_api.wait_for("getUpdates", 1)
    assert bot_api.calls_of("deleteWebhook")[0].at < polls[0].at
    assert runtime.bot_username == "companion_test_bot"


async def test_first_contact_creates_the_user_and_asks_for_a_time_zone(
    say: Say, bot_api: BotApiState, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    replies = await say(message_update(ADA, "/start"))

    assert ASK_ZONE in replies[0]
    keyboard = bot_api.calls_of("sendMessage")[-1].params["reply_markup"]["inline_keyboard"]
    buttons = {b["callback_data"] for row in keyboard for b in row}
    assert {"tz:Europe/Berlin", "tz:America/New_York", "tz:UTC"} <= buttons
    user = await _user(sessionmaker, ADA["id"])
    assert (user.telegram_chat_id, user.telegram_username) == (ADA["id"], "ada_l")
    assert (user.timezone, user.timezone_confirmed) == ("UTC", False)


async def test_time_zone_button_sets_the_zone(
    say: Say, bot_api: BotApiState, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await say(message_update(ADA, "/start"))
    replies = await say(callback_update(ADA, "tz:America/New_York"))

    assert replies == [
        "Time zone set: America/New_York. Tell me about a meeting, or try /schedule."
    ]
    assert len(bot_api.calls_of("answerCallbackQuery")) == 1
    assert bot_api.calls_of("editMessageReplyMarkup")  # the buttons go away
    user = await _user(sessionmaker, ADA["id"])
    assert (user.timezone, user.timezone_confirmed) == ("America/New_York", True)


async def test_a_message_before_the_zone_waits_for_it(
    say: Say, handler: RecordingHandler, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    first = await say(message_update(BOB, "dentist tomorrow at 3"))
    assert "Which time zone are you in?" in first[0]
    assert handler.calls == []

    replies = await say(message_update(BOB, "tokyo"), replies=2)

    assert replies == [
        "Time zone set: Asia/Tokyo. Tell me about a meeting, or try /schedule.",
        "Heard: dentist tomorrow at 3",
    ]
    user = await _user(sessionmaker, BOB["id"])
    assert handler.calls == [
        {"user_id": user.id, "channel": "telegram", "text": "dentist tomorrow at 3", "now": NOW}
    ]


async def test_text_goes_through_the_pipeline_with_channel_telegram(
    say: Say, handler: RecordingHandler, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await _confirmed(say, ADA)
    replies = await say(message_update(ADA, "team meeting 3-4 PM Friday"))

    user = await _user(sessionmaker, ADA["id"])
    assert replies == ["Heard: team meeting 3-4 PM Friday"]
    assert handler.calls[-1] == {
        "user_id": user.id,
        "channel": "telegram",
        "text": "team meeting 3-4 PM Friday",
        "now": NOW,
    }


async def test_too_long_text_is_refused_politely(say: Say, handler: RecordingHandler) -> None:
    await _confirmed(say, ADA)
    replies = await say(message_update(ADA, "x" * 4001))
    assert replies == ["That's 4001 characters; I read at most 4000. Could you say it shorter?"]
    assert handler.calls == []


async def test_help_lists_the_commands(say: Say) -> None:
    replies = await say(message_update(ADA, "/help"))
    assert replies == [HELP_TEXT]
    assert "/quiet – Quiet hours, e.g. /quiet 22-8 (or off)" in HELP_TEXT


async def test_unknown_command(say: Say) -> None:
    assert await say(message_update(ADA, "/dance")) == [
        "I don't know that command. /help lists mine."
    ]


@pytest.mark.parametrize(
    ("answer", "zone"),
    [
        ("Asia/Tokyo", "Asia/Tokyo"),
        ("new york", "America/New_York"),
        ("UTC+2", "Etc/GMT-2"),
        ("GMT+5:30", "Asia/Kolkata"),
    ],
)
async def test_timezone_command(
    say: Say, sessionmaker: async_sessionmaker[AsyncSession], answer: str, zone: str
) -> None:
    replies = await say(message_update(ADA, f"/timezone {answer}"))
    assert replies[0].startswith(f"Time zone set: {zone}")
    assert (await _user(sessionmaker, ADA["id"])).timezone == zone


async def test_timezone_command_refuses_an_unknown_zone(
    say: Say, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    replies = await say(message_update(ADA, "/timezone Mars/Olympus"))
    assert replies == [
        "I don't know the time zone “Mars/Olympus”. Try /timezone Europe/Berlin, "
        "a city like Tokyo, or an offset like UTC+2."
    ]
    assert (await _user(sessionmaker, ADA["id"])).timezone_confirmed is False


async def test_timezone_without_argument_shows_the_zone(say: Say) -> None:
    await _confirmed(say, ADA)
    replies = await say(message_update(ADA, "/timezone"))
    assert replies[0].startswith("Your time zone: Europe/Berlin.\nWhich time zone")


async def test_quiet_hours(say: Say, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    await _confirmed(say, ADA)
    set_reply = await say(message_update(ADA, "/quiet 22-8"))
    user = await _user(sessionmaker, ADA["id"])
    async with sessionmaker() as session:
        prefs = await users.get_preferences(session, user_id=user.id)
    assert (prefs.dnd_start_hour, prefs.dnd_end_hour) == (22, 8)
    assert set_reply == ["Quiet hours set: 22:00–8:00 (Europe/Berlin). I won't message you then."]

    assert await say(message_update(ADA, "/quiet")) == [
        "Quiet hours: 22:00–8:00. Set them with /quiet 22-8, or /quiet off."
    ]
    assert await say(message_update(ADA, "/quiet 25-3")) == [
        "Use hours 0–23, like /quiet 22-8 (10 PM to 8 AM), or /quiet off."
    ]
    assert await say(message_update(ADA, "/quiet off")) == ["Quiet hours are off."]
    async with sessionmaker() as session:
        prefs = await users.get_preferences(session, user_id=user.id)
    assert (prefs.dnd_start_hour, prefs.dnd_end_hour) == (None, None)


async def test_reminders_on_and_off(
    say: Say, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await _confirmed(say, ADA)
    off = await say(message_update(ADA, "/reminders off"))
    user = await _user(sessionmaker, ADA["id"])
    async with sessionmaker() as session:
        assert (await users.get_preferences(session, user_id=user.id)).prefer_proactive is False
    assert off == ["Reminders are off: I won't message you first. /reminders on brings them back."]
    assert await say(message_update(ADA, "/reminders")) == [
        "Reminders are off. Use /reminders on or /reminders off."
    ]
    await say(message_update(ADA, "/reminders on"))
    async with sessionmaker() as session:
        assert (await users.get_preferences(session, user_id=user.id)).prefer_proactive is True


async def test_non_text_gets_a_plain_answer(say: Say) -> None:
    update = message_update(ADA, "")
    del update["message"]["text"]
    update["message"]["photo"] = [
        {"file_id": "f", "file_unique_id": "u", "width": 10, "height": 10}
    ]
    assert await say(update) == ["I can only read text messages for now."]


async def test_group_chats_are_ignored(
    say: Say, bot_api: BotApiState, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    group = message_update(BOB, "/start")
    group["message"]["chat"] = {"id": -100500, "type": "group", "title": "Team"}
    bot_api.push_update(group)
    await say(message_update(ADA, "/help"))  # processed after the group update

    assert bot_api.sent_texts(-100500) == []
    async with sessionmaker() as session:
        assert await users.get_user_by_telegram_id(session, telegram_id=BOB["id"]) is None


async def test_a_failing_pipeline_gets_an_apology_not_silence(
    say: Say, handler: RecordingHandler, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _confirmed(say, ADA)

    async def broken(**kwargs: object) -> object:
        raise RuntimeError("LLM exploded")

    monkeypatch.setattr(handler, "handle", broken)
    replies = await say(message_update(ADA, "lunch at 1"))
    assert replies == ["Sorry, something went wrong on my side. Please try again in a moment."]


async def test_a_slow_reply_for_one_chat_does_not_hold_up_another(
    say: Say, bot_api: BotApiState, handler: RecordingHandler, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _confirmed(say, ADA)
    await _confirmed(say, BOB)
    release = asyncio.Event()
    record = handler.handle

    async def slow_for_ada(
        *, user_id: int, channel: str, text: str, now: dt.datetime, client_key: str | None = None
    ) -> object:
        if text.startswith("ada"):
            await release.wait()
        return await record(
            user_id=user_id, channel=channel, text=text, now=now, client_key=client_key
        )

    monkeypatch.setattr(handler, "handle", slow_for_ada)
    bot_api.push_update(message_update(ADA, "ada one"))
    bot_api.push_update(message_update(ADA, "ada two"))
    assert await say(message_update(BOB, "bob here")) == ["Heard: bob here"]

    release.set()
    await bot_api.wait_for("sendMessage", len(bot_api.calls_of("sendMessage")) + 2)
    assert bot_api.sent_texts(ADA["id"])[-2:] == ["Heard: ada one", "Heard: ada two"]


async def test_start_again_welcomes_back(say: Say) -> None:
    await _confirmed(say, ADA)
    assert await say(message_update(ADA, "/start")) == [
        "Welcome back! Tell me about a meeting, or try /schedule."
    ]
