"""Data rights on both databases: the export holds every row about the user and no secret;
the deletion leaves no row in any table that points at the user, and nobody else's changes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from pipeline_helpers import NOW
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.errors import NotFoundError
from companion_bot.services import user_data
from companion_bot.services.analytics import Analytics
from companion_bot.services.message_handler import MessageHandler
from companion_bot.storage import calendar_feeds, links, users
from companion_bot.storage.models import (
    Base,
    Message,
    MorningAgenda,
    ProactiveSession,
    ScheduleSeries,
    UserSchedule,
)

SM = async_sessionmaker[AsyncSession]
#: Tables whose rows belong to one user: the ids of the user's rows in them are collected.
OWNED = (
    "users",
    "greeting_preferences",
    "messages",
    "user_schedules",
    "proactive_sessions",
    "schedule_changes",
    "analytics_events",
    "auth_sessions",
    "link_codes",
    "calendar_feeds",
    "calendar_imports",
    "morning_agendas",
    "schedule_series",
)


async def seed(sm: SM, handler: MessageHandler, name: str, *, telegram_id: int) -> int:
    """A user with a row in every table that refers to users: messages and a meeting through
    the real pipeline, quiet hours, a sent reminder and its message, a snooze event, a login,
    a link code, a calendar feed link, an event imported from a calendar file and a morning
    agenda."""
    async with sm() as session:
        user = await users.create_user(
            session,
            username=name,
            password_hash=f"$argon2id$secret-hash-of-{name}",
            timezone="Europe/Berlin",
            telegram_id=telegram_id,
        )
        await session.commit()
        user_id = user.id
    await handler.handle(user_id=user_id, channel="web", text="Team meeting 3-4 PM Friday", now=NOW)
    async with sm() as session:
        prefs = await users.get_preferences(session, user_id=user_id)
        prefs.dnd_start_hour, prefs.dnd_end_hour = 22, 7
        schedule_id = await session.scalar(
            select(UserSchedule.id).where(UserSchedule.user_id == user_id)
        )
        assert schedule_id is not None
        reminder = ProactiveSession(
            user_id=user_id,
            session_type="preparation_reminder",
            reference_id=schedule_id,
            channel="web",
            status="sent",
            message_content=f"Heads up, {name}: your team meeting starts soon.",
            due_at=NOW,
            sent_at=NOW,
        )
        session.add(reminder)
        await session.flush()
        session.add(
            Message(
                user_id=user_id,
                channel="web",
                role="bot",
                message_type="proactive",
                content=reminder.message_content or "",
                is_question=True,
                question_schedule_id=schedule_id,
                proactive_session_id=reminder.id,
            )
        )
        Analytics().record(
            session, "snoozed", user_id=user_id, schedule_id=schedule_id, via="button"
        )
        await users.create_auth_session(
            session,
            user_id=user_id,
            token_hash=f"token-hash-of-{name}",
            expires_at=NOW + dt.timedelta(days=30),
        )
        await links.create_link_code(
            session,
            user_id=user_id,
            code=f"CODE{name.upper()}",
            expires_at=NOW + dt.timedelta(minutes=15),
        )
        await calendar_feeds.replace_feed(
            session, user_id=user_id, token_hash=f"feed-hash-of-{name}", now=NOW
        )
        await calendar_feeds.record_import(
            session,
            user_id=user_id,
            uid=f"{name}@calendar.example",
            schedule_id=schedule_id,
            now=NOW,
        )
        session.add(
            MorningAgenda(
                user_id=user_id,
                local_date=NOW.date(),
                due_at=NOW,
                channel="web",
                status="sent",
                message_content=f"Good morning, {name}! Today: 3 PM team meeting.",
                sent_at=NOW,
            )
        )
        session.add(  # a repeating meeting stopped before any occurrence was stored
            ScheduleSeries(
                user_id=user_id,
                event_name=f"{name}'s standup",
                channel="web",
                recurrence="DTSTART:20261126T093000\nRRULE:FREQ=DAILY",
                timezone="Europe/Berlin",
                ended_at=NOW,
            )
        )
        await session.commit()
    return user_id


async def export(sm: SM, user_id: int) -> dict[str, Any]:
    async with sm() as session:
        return await user_data.export_user(session, user_id=user_id, now=NOW, via="cli")


async def owned_ids(sm: SM) -> dict[str, dict[int, int | None]]:
    """For each owned table: row id -> the user it belongs to (``users``: its own id)."""
    found: dict[str, dict[int, int | None]] = {}
    async with sm() as session:
        for name in OWNED:
            table = Base.metadata.tables[name]
            owner = table.c.id if name == "users" else table.c.user_id
            rows = await session.execute(select(table.c.id, owner))
            found[name] = {row[0]: row[1] for row in rows}
    return found


async def rows_pointing_at(sm: SM, ids: dict[str, set[int]]) -> list[str]:
    """Every row, in every table of the schema, that is one of ``ids`` or refers to one."""
    hits: list[str] = []
    async with sm() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).mappings():
                if "id" in row and row["id"] in ids.get(table.name, set()):
                    hits.append(f"{table.name} #{row['id']} is still there")
                for column in table.columns:
                    for fk in column.foreign_keys:
                        target = fk.column.table.name
                        if row[column.name] in ids.get(target, set()):
                            hits.append(f"{table.name}.{column.name} -> {target}")
                if table.name == "analytics_events":
                    about = (row["properties"] or {}).get("schedule_id")
                    if about in ids["user_schedules"]:
                        hits.append(f"analytics_events #{row['id']} names a deleted meeting")
    return hits


async def test_the_export_holds_every_kind_of_row_and_no_secret(
    sm: SM, handler: MessageHandler
) -> None:
    ada = await seed(sm, handler, "ada", telegram_id=7001)

    data = await export(sm, ada)

    assert data["timezone"] == "Europe/Berlin"
    assert data["exported_at"] == "2026-11-25T09:00:00+01:00"
    assert data["profile"]["username"] == "ada"
    assert data["profile"]["telegram_id"] == 7001
    assert data["profile"]["has_password"] is True
    assert (data["preferences"]["dnd_start_hour"], data["preferences"]["dnd_end_hour"]) == (22, 7)
    contents = [m["content"] for m in data["messages"]]
    assert contents[0] == "Team meeting 3-4 PM Friday"
    assert "Heads up, ada: your team meeting starts soon." in contents
    [meeting] = data["schedules"]
    assert meeting["event_name"].lower() == "team meeting"
    assert meeting["start_time"] == "2026-11-27T15:00:00+01:00"  # in the user's zone
    [reminder] = data["proactive_messages"]
    assert (reminder["session_type"], reminder["reference_id"]) == (
        "preparation_reminder",
        meeting["id"],
    )
    [change] = data["recent_changes"]  # kept for undo
    assert (change["kind"], change["schedule_id"]) == ("created", meeting["id"])
    names = {e["name"] for e in data["analytics_events"]}
    assert {"schedule_created", "snoozed"} <= names
    assert len(data["sign_in_sessions"]) == 1
    assert data["sign_in_sessions"][0]["expires_at"] == "2026-12-25T09:00:00+01:00"
    assert len(data["link_codes"]) == 1
    [feed] = data["calendar_feeds"]
    assert feed["created_at"] == data["exported_at"]  # made at NOW
    [repeating] = data["repeating_meetings"]
    assert (repeating["event_name"], repeating["timezone"]) == ("ada's standup", "Europe/Berlin")
    [imported] = data["calendar_imports"]
    assert (imported["uid"], imported["schedule_id"]) == ("ada@calendar.example", meeting["id"])
    text = json.dumps(data)
    for secret in ("secret-hash-of-ada", "token-hash-of-ada", "CODEADA", "feed-hash-of-ada"):
        assert secret not in text
    for key in ("password_hash", "token_hash", "code", "user_id"):
        assert f'"{key}"' not in text


async def test_delete_leaves_nothing_that_points_at_the_user_and_spares_others(
    sm: SM, handler: MessageHandler
) -> None:
    ada = await seed(sm, handler, "ada", telegram_id=7001)
    bob = await seed(sm, handler, "bob", telegram_id=7002)
    before = await owned_ids(sm)
    ada_ids = {
        table: {row for row, owner in rows.items() if owner == ada}
        for table, rows in before.items()
    }
    assert all(ada_ids.values()), ada_ids  # a row of ada's in every table
    bob_before = await export(sm, bob)

    async with sm() as session:
        removed = await user_data.delete_user(session, user_id=ada, via="cli")
        await session.commit()

    assert removed == {table: len(ada_ids[table]) for table in removed}
    assert set(removed) == set(OWNED)
    assert await rows_pointing_at(sm, ada_ids) == []
    assert await export(sm, bob) == bob_before
    after = await owned_ids(sm)
    assert {t: set(r) for t, r in after.items()} == {
        t: set(r) - ada_ids[t] for t, r in before.items()
    }


async def test_unknown_users_cannot_be_exported_or_deleted(sm: SM, handler: MessageHandler) -> None:
    ada = await seed(sm, handler, "ada", telegram_id=7001)
    async with sm() as session:
        with pytest.raises(NotFoundError):
            await user_data.export_user(session, user_id=ada + 100, now=NOW, via="cli")
        with pytest.raises(NotFoundError):
            await user_data.delete_user(session, user_id=ada + 100, via="cli")
        await session.rollback()
    assert (await export(sm, ada))["profile"]["username"] == "ada"


def test_describe_removed_counts_in_words() -> None:
    removed = dict.fromkeys(OWNED, 2) | {"users": 1, "link_codes": 0}
    assert user_data.describe_removed(removed) == (
        "1 user, 2 preferences rows, 2 messages, 2 meetings, 2 repeating meetings, "
        "2 proactive messages, 2 recent changes, 2 analytics events, 2 sign-in sessions, "
        "0 link codes, 2 calendar feed links, 2 imported calendar events, 2 morning agendas"
    )
