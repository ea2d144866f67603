"""``/forget`` over the real bot client: a Telegram-only user confirms and everything about
them goes; a chat linked to a web account is sent to the web page (password needed)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tg_helpers import ADA, BOB, NOW, Say, message_update
from tg_standin import BotApiState

from companion_bot.channels.telegram.forget import ASK_CONFIRM, DONE, NOTHING_STORED
from companion_bot.channels.telegram.handlers import HELP_TEXT
from companion_bot.services.analytics import Analytics
from companion_bot.storage import users
from companion_bot.storage.models import Base, LinkCode, Message, User, UserSchedule

SM = async_sessionmaker[AsyncSession]


async def _telegram_user(say: Say, sm: SM, sender: dict[str, object]) -> int:
    """A Telegram-only user with a zone, a meeting, a message, an event and a link code."""
    await say(message_update(sender, "/start"))
    await say(message_update(sender, "/timezone Europe/Berlin"))
    await say(message_update(sender, "/link"))
    async with sm() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id=int(str(sender["id"])))
        assert user is not None
        meeting = UserSchedule(
            user_id=user.id,
            event_name="Dentist",
            start_time=NOW + dt.timedelta(days=1),
            channel="telegram",
        )
        session.add(meeting)
        session.add(Message(user_id=user.id, channel="telegram", role="user", content="dentist"))
        await session.flush()
        Analytics().record(session, "schedule_created", user_id=user.id, schedule_id=meeting.id)
        await session.commit()
        return user.id


async def _rows_of(sm: SM, user_id: int) -> int:
    """How many rows of any table belong to (or are) the user."""
    total = 0
    async with sm() as session:
        for table in Base.metadata.sorted_tables:
            column = table.c.id if table.name == "users" else table.c.get("user_id")
            if column is not None:
                count = await session.scalar(
                    select(func.count()).select_from(table).where(column == user_id)
                )
                total += int(count or 0)
    return total


async def test_forget_asks_first_then_deletes_everything(
    say: Say, sessionmaker: SM, bot_api: BotApiState
) -> None:
    ada = await _telegram_user(say, sessionmaker, ADA)
    bob = await _telegram_user(say, sessionmaker, BOB)
    before, bob_before = await _rows_of(sessionmaker, ada), await _rows_of(sessionmaker, bob)
    async with sessionmaker() as session:
        assert await session.scalar(select(LinkCode.id).where(LinkCode.user_id == ada))

    asked = await say(message_update(ADA, "/forget"))
    maybe = await say(message_update(ADA, "/forget please"))

    assert asked == maybe == [ASK_CONFIRM]
    assert await _rows_of(sessionmaker, ada) == before > 4

    done = await say(message_update(ADA, "/forget yes"))

    assert done == [DONE]
    assert await _rows_of(sessionmaker, ada) == 0
    assert await _rows_of(sessionmaker, bob) == bob_before
    async with sessionmaker() as session:
        assert await users.get_user_by_telegram_id(session, telegram_id=ADA["id"]) is None
    again = await say(message_update(ADA, "/start"))  # a new start, from scratch
    assert "Which time zone are you in?" in again[0]


async def test_a_stranger_has_nothing_to_forget_and_gets_no_account(
    say: Say, sessionmaker: SM
) -> None:
    assert await say(message_update(BOB, "/forget yes")) == [NOTHING_STORED]
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 0


async def test_a_chat_linked_to_a_web_account_is_sent_to_the_web_page(
    say: Say, sessionmaker: SM, bot_api: BotApiState
) -> None:
    async with sessionmaker() as session:
        web = await users.create_user(
            session,
            username="ada<web>",
            password_hash="x",
            timezone="Europe/Berlin",
            telegram_id=ADA["id"],
            telegram_chat_id=ADA["id"],
        )
        await session.commit()
        web_id = web.id
    before = await _rows_of(sessionmaker, web_id)

    replies = await say(message_update(ADA, "/forget yes"))

    assert replies == [
        "This chat is linked to the web account <b>ada&lt;web&gt;</b>. To delete it and "
        "everything in it, "
        "log in on the web page and use Settings → Delete my account (it asks for your "
        "password)."
    ]
    assert bot_api.calls_of("sendMessage")[-1].params["parse_mode"] == "HTML"
    assert await _rows_of(sessionmaker, web_id) == before == 2  # the user and preferences


def test_help_lists_forget() -> None:
    assert "/forget – Delete everything I know about you" in HELP_TEXT
