"""``companion-bot flags …`` and ``companion-bot admin …`` as an operator types them."""

from __future__ import annotations

import asyncio
import os

import pytest
from click.testing import CliRunner, Result

from companion_bot.cli import main
from companion_bot.ops.clock import SystemClock
from companion_bot.ops.flag_store import FlagStore, FlagView
from companion_bot.ops.flags import FLAG_NAMES, in_rollout
from companion_bot.storage import users
from companion_bot.storage.db import make_engine, make_sessionmaker


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    for name in list(os.environ):
        if name.startswith("COMPANION_"):
            monkeypatch.delenv(name)
    return CliRunner(env={"COMPANION_DATABASE_URL": db_url})


def run(cli: CliRunner, *args: str) -> Result:
    return cli.invoke(main, list(args))


def stored(db_url: str) -> dict[str, FlagView]:
    async def go() -> dict[str, FlagView]:
        engine = make_engine(db_url)
        try:
            return {
                v.name: v for v in await FlagStore(make_sessionmaker(engine), SystemClock()).list()
            }
        finally:
            await engine.dispose()

    return asyncio.run(go())


def test_list_shows_every_flag_on_at_100_percent_by_default(cli: CliRunner) -> None:
    result = run(cli, "flags", "list")

    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.output.splitlines() if line.split()[:1]]
    table = {row[0]: row[1:3] for row in rows if row[0] in FLAG_NAMES}
    assert table == {name: ["on", "100"] for name in FLAG_NAMES}
    assert "never (default)" in result.output


def test_set_off_then_on_is_stored_and_listed(cli: CliRunner, db_url: str) -> None:
    off = run(cli, "flags", "set", "proactive_jobs", "off")
    listed = run(cli, "flags", "list")
    after_off = stored(db_url)["proactive_jobs"]
    on = run(cli, "flags", "set", "proactive_jobs", "ON")

    assert off.exit_code == 0, off.output
    assert "proactive_jobs: off at 100 %" in off.output
    assert any(
        line.split()[:3] == ["proactive_jobs", "off", "100"] for line in listed.output.splitlines()
    )
    assert (after_off.enabled, after_off.stored) == (False, True)
    assert on.exit_code == 0, on.output
    assert stored(db_url)["proactive_jobs"].enabled is True


def test_rollout_stores_the_percentage_and_keeps_on_off(cli: CliRunner, db_url: str) -> None:
    run(cli, "flags", "set", "meeting_extraction", "off")

    result = run(cli, "flags", "rollout", "meeting_extraction", "12.5")

    assert result.exit_code == 0, result.output
    assert "meeting_extraction: off at 12.5 %" in result.output
    assert "flags set meeting_extraction on" in result.output  # tells how to turn it on
    flag = stored(db_url)["meeting_extraction"]
    assert (flag.enabled, flag.rollout_percent) == (False, 12.5)


def test_an_unknown_flag_is_refused_naming_the_valid_ones(cli: CliRunner, db_url: str) -> None:
    result = run(cli, "flags", "set", "proactive_job", "off")

    assert result.exit_code == 2
    assert "unknown flag 'proactive_job'" in result.output
    assert "followups, meeting_extraction, proactive_features, proactive_jobs" in result.output
    assert not any(v.stored for v in stored(db_url).values())


@pytest.mark.parametrize("percent", ["101", "abc", "nan"])
def test_a_bad_percentage_is_refused(cli: CliRunner, db_url: str, percent: str) -> None:
    result = run(cli, "flags", "rollout", "followups", percent)

    assert result.exit_code == 2
    assert "PERCENT" in result.output
    assert stored(db_url)["followups"].rollout_percent == 100


def test_rollout_from_15_to_20_percent_keeps_the_first_users(cli: CliRunner, db_url: str) -> None:
    async def members() -> set[int]:
        engine = make_engine(db_url)
        try:
            store = FlagStore(make_sessionmaker(engine), SystemClock())
            return {u for u in range(1, 2001) if await store.enabled("proactive_jobs", user_id=u)}
        finally:
            await engine.dispose()

    run(cli, "flags", "rollout", "proactive_jobs", "15")
    at_15 = asyncio.run(members())
    run(cli, "flags", "rollout", "proactive_jobs", "20")
    at_20 = asyncio.run(members())

    assert at_15 == {u for u in range(1, 2001) if in_rollout("proactive_jobs", u, 15)}
    assert at_15 < at_20


def test_admin_grant_and_revoke(cli: CliRunner, db_url: str) -> None:
    async def make_user() -> None:
        engine = make_engine(db_url)
        try:
            async with make_sessionmaker(engine)() as session, session.begin():
                await users.create_user(session, username="grace")
        finally:
            await engine.dispose()

    async def is_admin() -> bool:
        engine = make_engine(db_url)
        try:
            async with make_sessionmaker(engine)() as session:
                user = await users.get_user_by_username(session, username="grace")
                assert user is not None
                return user.is_admin
        finally:
            await engine.dispose()

    asyncio.run(make_user())

    granted = run(cli, "admin", "grant", "grace")
    admin_after_grant = asyncio.run(is_admin())
    revoked = run(cli, "admin", "revoke", "grace")
    missing = run(cli, "admin", "grant", "nobody")

    assert granted.exit_code == 0, granted.output
    assert "grace is now an admin" in granted.output
    assert admin_after_grant is True
    assert revoked.exit_code == 0 and asyncio.run(is_admin()) is False
    assert missing.exit_code == 1
    assert "no web account named 'nobody'" in missing.output
