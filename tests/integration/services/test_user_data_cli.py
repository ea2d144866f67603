"""``companion-bot export-user`` and ``delete-user`` against a real database (both)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import stat
from pathlib import Path

from click.testing import CliRunner, Result
from pipeline_helpers import NOW
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.cli import main
from companion_bot.commands.user_data import delete_user, export_user
from companion_bot.config import Settings
from companion_bot.services.message_handler import MessageHandler
from companion_bot.storage import users
from companion_bot.storage.models import Base

SM = async_sessionmaker[AsyncSession]


COMMANDS = {"export-user": export_user, "delete-user": delete_user}


async def invoke(db_url: str, name: str, *args: str) -> Result:
    # The command runs its own event loop: call it from a thread.
    return await asyncio.to_thread(
        CliRunner().invoke, COMMANDS[name], list(args), obj=Settings(database_url=db_url)
    )


async def add_user(sm: SM, handler: MessageHandler, name: str, telegram_id: int) -> int:
    async with sm() as session:
        user = await users.create_user(
            session,
            username=name,
            password_hash=f"$argon2id$secret-{name}",
            timezone="Europe/Berlin",
            telegram_id=telegram_id,
        )
        await users.create_auth_session(
            session,
            user_id=user.id,
            token_hash=f"token-hash-{name}",
            expires_at=NOW + dt.timedelta(days=1),
        )
        await session.commit()
        user_id = user.id
    await handler.handle(user_id=user_id, channel="web", text="Team meeting 3-4 PM Friday", now=NOW)
    return user_id


async def rows_of(sm: SM, user_id: int) -> int:
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


async def test_export_user_prints_json_by_name_telegram_id_or_id(
    db_url: str, sm: SM, handler: MessageHandler
) -> None:
    ada = await add_user(sm, handler, "ada", 7001)

    outputs = [await invoke(db_url, "export-user", who) for who in ("ada", "7001", str(ada))]

    for result in outputs:
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["profile"]["id"] == ada
        assert data["messages"][0]["content"] == "Team meeting 3-4 PM Friday"
        assert "secret-ada" not in result.stdout
        assert "token-hash-ada" not in result.stdout


async def test_export_user_writes_a_private_file(
    db_url: str, sm: SM, handler: MessageHandler, tmp_path: Path
) -> None:
    ada = await add_user(sm, handler, "ada", 7001)
    target = tmp_path / "ada.json"

    result = await invoke(db_url, "export-user", "ada", "--output", str(target))

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"wrote the data of user {ada} to {target}\n"
    assert json.loads(target.read_text(encoding="utf-8"))["profile"]["username"] == "ada"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_delete_user_refuses_without_yes(
    db_url: str, sm: SM, handler: MessageHandler
) -> None:
    ada = await add_user(sm, handler, "ada", 7001)
    before = await rows_of(sm, ada)

    result = await invoke(db_url, "delete-user", "ada")

    assert result.exit_code == 1
    assert "add --yes" in result.output
    assert await rows_of(sm, ada) == before > 0


async def test_delete_user_removes_everything_and_says_what(
    db_url: str, sm: SM, handler: MessageHandler
) -> None:
    ada = await add_user(sm, handler, "ada", 7001)
    bob = await add_user(sm, handler, "bob", 7002)
    bob_before = await rows_of(sm, bob)

    result = await invoke(db_url, "delete-user", "7001", "--yes")

    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"deleted user {ada} · ada · telegram 7001: 1 user, 1 preferences row, 2 messages, "
        "1 meeting, 0 repeating meetings, 0 proactive messages, 1 recent change, 1 analytics "
        "event, 1 sign-in session, 0 link codes, 0 calendar feed links, 0 imported calendar "
        "events, 0 morning agendas\n"
    )
    assert await rows_of(sm, ada) == 0
    assert await rows_of(sm, bob) == bob_before


async def test_unknown_users_are_named_in_the_error(db_url: str, sm: SM) -> None:
    export = await invoke(db_url, "export-user", "nobody")
    delete = await invoke(db_url, "delete-user", "nobody", "--yes")

    for result in (export, delete):
        assert result.exit_code == 1
        assert "no user 'nobody'" in result.output


def test_both_commands_are_registered() -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["--help"])
    refused = runner.invoke(main, ["delete-user", "ada"])  # refused before any database work

    assert "export-user" in listed.output
    assert "delete-user" in listed.output
    assert refused.exit_code == 1
    assert "add --yes" in refused.output
