"""The buttons under a Telegram reminder, pressed through the stand-in Bot API, applied by
the real feedback core: thanks acknowledges, snooze comes back once, others can't touch it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tg_helpers import ADA, BOB, NOW, Say, callback_update, message_update
from tg_standin import BotApiState

from companion_bot.channels.telegram.runtime import TelegramRuntime
from companion_bot.composition import build_proactive_handler
from companion_bot.config import Settings
from companion_bot.proactive.engine import ProactiveMeetingHandler
from companion_bot.storage import users
from companion_bot.storage.models import AnalyticsEvent, ProactiveSession, UserSchedule
from companion_bot.testing import FrozenClock

SM = async_sessionmaker[AsyncSession]
START = NOW + dt.timedelta(minutes=40)  # the reminder is due at NOW + 10 min
DUE = START - dt.timedelta(minutes=30)


async def reminder_buttons(
    say: Say,
    bot_api: BotApiState,
    settings: Settings,
    sessionmaker: SM,
    runtime: TelegramRuntime,
    clock: FrozenClock,
) -> tuple[ProactiveMeetingHandler, dict[str, str]]:
    """Ada starts the bot, has a meeting noted on Telegram, gets its reminder: the jobs
    handler and the reminder's buttons (label -> callback data)."""
    await say(message_update(ADA, "/start"))
    async with sessionmaker() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id=ADA["id"])
        assert user is not None
        session.add(
            UserSchedule(
                user_id=user.id, event_name="Dentist", start_time=START, channel="telegram"
            )
        )
        await session.commit()
    jobs = build_proactive_handler(
        settings, sessionmaker, senders={"telegram": runtime.make_sender()}, clock=clock
    )
    clock.set(DUE)
    assert len((await jobs.check_and_send_preparation_reminders(DUE)).sent) == 1
    call = bot_api.calls_of("sendMessage")[-1]
    keyboard: list[list[dict[str, Any]]] = call.params["reply_markup"]["inline_keyboard"]
    return jobs, {button["text"]: button["callback_data"] for button in keyboard[0]}


async def reminder_session(sessionmaker: SM) -> ProactiveSession:
    async with sessionmaker() as session:
        found = await session.scalar(
            select(ProactiveSession).where(ProactiveSession.session_type == "preparation_reminder")
        )
    assert found is not None
    return found


async def test_thanks_button_acknowledges_and_clears_the_keyboard(
    say: Say,
    bot_api: BotApiState,
    settings: Settings,
    sessionmaker: SM,
    runtime: TelegramRuntime,
    clock: FrozenClock,
) -> None:
    _, buttons = await reminder_buttons(say, bot_api, settings, sessionmaker, runtime, clock)
    assert list(buttons) == ["Thanks", "Snooze 10 min", "Not a meeting"]
    clock.set(DUE + dt.timedelta(minutes=1))

    replies = await say(callback_update(ADA, buttons["Thanks"]))

    assert replies == ["You're welcome — good luck with the Dentist!"]
    (answer,) = bot_api.calls_of("answerCallbackQuery")
    assert answer.params["text"] == replies[0]
    assert bot_api.calls_of("editMessageReplyMarkup")
    assert (await reminder_session(sessionmaker)).acknowledged_at == DUE + dt.timedelta(minutes=1)


async def test_snooze_button_brings_the_reminder_back_once(
    say: Say,
    bot_api: BotApiState,
    settings: Settings,
    sessionmaker: SM,
    runtime: TelegramRuntime,
    clock: FrozenClock,
) -> None:
    jobs, buttons = await reminder_buttons(say, bot_api, settings, sessionmaker, runtime, clock)

    replies = await say(callback_update(ADA, buttons["Snooze 10 min"]))
    passes = [
        await jobs.check_and_send_preparation_reminders(DUE + dt.timedelta(minutes=m))
        for m in (9, 10, 11, 20)
    ]

    assert replies == ["Snoozed — I'll remind you again at 9:20 AM."]  # the user's zone: UTC
    assert [len(p.sent) for p in passes] == [0, 1, 0, 0]
    again = bot_api.calls_of("sendMessage")[-1]
    assert "dentist" in again.params["text"] and "9:40 AM, in 20 minutes" in again.params["text"]
    labels = [b["text"] for b in again.params["reply_markup"]["inline_keyboard"][0]]
    assert labels == ["Thanks", "Not a meeting"]


async def test_someone_elses_button_changes_nothing(
    say: Say,
    bot_api: BotApiState,
    settings: Settings,
    sessionmaker: SM,
    runtime: TelegramRuntime,
    clock: FrozenClock,
) -> None:
    _, buttons = await reminder_buttons(say, bot_api, settings, sessionmaker, runtime, clock)
    await say(message_update(BOB, "/start"))

    replies = [await say(callback_update(BOB, data)) for data in buttons.values()]

    assert replies == [["I can't find that message any more."]] * 3
    reminder = await reminder_session(sessionmaker)
    assert reminder.acknowledged_at is None
    async with sessionmaker() as session:
        schedule = await session.get(UserSchedule, reminder.reference_id)
        sessions = (await session.scalars(select(ProactiveSession))).all()
    assert schedule is not None and schedule.status == "scheduled"
    assert len(sessions) == 1


async def test_reminders_off_counts_one_opt_out(say: Say, sessionmaker: SM) -> None:
    await say(message_update(ADA, "/start"))

    for _ in range(2):
        await say(message_update(ADA, "/reminders off"))

    async with sessionmaker() as session:
        events = (
            await session.scalars(select(AnalyticsEvent).where(AnalyticsEvent.name == "opted_out"))
        ).all()
    assert [e.properties["via"] for e in events] == ["telegram_command"]
