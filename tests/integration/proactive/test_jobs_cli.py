"""``companion-bot jobs run-once --now``: one pass as of a given time, printed."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner, Result
from proactive_helpers import BERLIN, add_schedule, add_user
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.commands.jobs import jobs
from companion_bot.config import Settings
from companion_bot.storage.models import Message

SM = async_sessionmaker[AsyncSession]


async def test_run_once_as_of_a_time_prints_sent_and_skipped(db_url: str, sm: SM) -> None:
    ada = await add_user(sm, name="ada")
    bob = await add_user(sm, name="bob", prefer_proactive=False)
    sent = await add_schedule(sm, ada, dt.datetime(2026, 11, 26, 14, 30, tzinfo=BERLIN))
    skipped = await add_schedule(sm, bob, dt.datetime(2026, 11, 26, 14, 30, tzinfo=BERLIN))
    settings = Settings(database_url=db_url)

    result = await _invoke(settings, ["run-once", "--now", "2026-11-26T14:00:00+01:00"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "pass as of 2026-11-26T13:00:00+00:00"
    assert "preparation_reminder: 1 sent, 1 skipped" in lines
    assert any(f"schedule={sent}" in line and line.strip().startswith("sent") for line in lines)
    assert any(f"schedule={skipped}" in line and "reason=opted_out" in line for line in lines)
    assert "completion: nothing due" in lines
    async with sm() as session:
        [message] = list(await session.scalars(select(Message)))
    assert message.user_id == ada and "2:30 PM" in message.content


async def test_run_once_refuses_a_bad_time(db_url: str) -> None:
    result = await _invoke(Settings(database_url=db_url), ["run-once", "--now", "tomorrow"])

    assert result.exit_code == 2
    assert "not an ISO time" in result.output


async def _invoke(settings: Settings, args: list[str]) -> Result:
    import asyncio

    # The command runs its own event loop: call it from a thread.
    return await asyncio.to_thread(CliRunner().invoke, jobs, args, obj=settings)
