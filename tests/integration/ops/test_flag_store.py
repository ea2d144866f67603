"""FlagStore on SQLite and PostgreSQL: defaults, changes, rollout, the 5 s cache."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any, cast

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from companion_bot.ops.flag_store import FlagStore
from companion_bot.ops.flags import (
    FLAG_NAMES,
    InvalidRolloutError,
    UnknownFlagError,
    in_rollout,
)
from companion_bot.storage.db import make_sessionmaker
from companion_bot.storage.models import FeatureFlag
from companion_bot.testing import FrozenClock

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
SM = async_sessionmaker[AsyncSession]


@pytest.fixture
def sm(engine: AsyncEngine) -> SM:
    return make_sessionmaker(engine)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


async def test_without_rows_every_flag_is_on_for_everyone(sm: SM, clock: FrozenClock) -> None:
    store = FlagStore(sm, clock)

    answers = [await store.enabled(name, user_id=u) for name in FLAG_NAMES for u in (1, 2, 3)]
    views = await store.list()

    assert all(answers)
    assert [(v.name, v.enabled, v.rollout_percent, v.stored) for v in views] == [
        (name, True, 100.0, False) for name in FLAG_NAMES
    ]


async def test_a_change_is_stored_and_seen_at_once_by_the_store_that_made_it(
    sm: SM, clock: FrozenClock
) -> None:
    store = FlagStore(sm, clock)
    assert await store.enabled("proactive_jobs", user_id=1)

    view = await store.set("proactive_jobs", False)

    assert (view.enabled, view.rollout_percent, view.stored) == (False, 100.0, True)
    assert view.updated_at == NOW
    assert not await store.enabled("proactive_jobs", user_id=1)
    assert not await store.enabled("proactive_jobs")
    async with sm() as session:
        row = await session.scalar(select(FeatureFlag).where(FeatureFlag.name == "proactive_jobs"))
    assert row is not None and row.enabled is False and row.rollout_percent == 100


async def test_another_process_sees_a_change_within_the_cache_lifetime(
    sm: SM, clock: FrozenClock
) -> None:
    web = FlagStore(sm, clock, ttl_seconds=5)
    operator = FlagStore(sm, clock)
    assert await web.enabled("meeting_extraction", user_id=7)

    await operator.set("meeting_extraction", False)
    clock.advance(dt.timedelta(seconds=4.9))
    cached = await web.enabled("meeting_extraction", user_id=7)
    clock.advance(dt.timedelta(seconds=0.1))
    fresh = await web.enabled("meeting_extraction", user_id=7)

    assert (cached, fresh) == (True, False)


async def test_rollout_keeps_on_off_and_admits_the_hashed_share(sm: SM, clock: FrozenClock) -> None:
    store = FlagStore(sm, clock)
    await store.set("followups", False)

    view = await store.rollout("followups", 12.5)
    off = [await store.enabled("followups", user_id=u) for u in range(1, 201)]
    await store.set("followups", True)
    on = [await store.enabled("followups", user_id=u) for u in range(1, 201)]

    assert (view.enabled, view.rollout_percent) == (False, 12.5)
    assert not any(off)
    assert on == [in_rollout("followups", u, 12.5) for u in range(1, 201)]
    assert 0 < sum(on) < 200


async def test_update_changes_both_settings_and_list_shows_them(sm: SM, clock: FrozenClock) -> None:
    store = FlagStore(sm, clock)
    clock.advance(dt.timedelta(minutes=3))

    await store.update("proactive_features", enabled=False, rollout_percent=20)
    views = {v.name: v for v in await store.list()}

    changed = views["proactive_features"]
    assert (changed.enabled, changed.rollout_percent, changed.stored) == (False, 20.0, True)
    assert changed.updated_at == NOW + dt.timedelta(minutes=3)
    assert changed.description.startswith("master switch")
    assert views["proactive_jobs"].stored is False


async def test_bad_names_and_percentages_are_refused_and_nothing_is_stored(
    sm: SM, clock: FrozenClock
) -> None:
    store = FlagStore(sm, clock)

    with pytest.raises(UnknownFlagError, match="valid flags: followups, meeting_extraction"):
        await store.set("reminders", False)
    with pytest.raises(InvalidRolloutError, match="between 0 and 100"):
        await store.rollout("proactive_jobs", 101)
    with pytest.raises(UnknownFlagError):
        await store.enabled("reminders", user_id=1)

    assert all(not v.stored for v in await store.list())


async def test_concurrent_changes_of_one_flag_leave_one_row(sm: SM, clock: FrozenClock) -> None:
    stores = [FlagStore(sm, clock) for _ in range(5)]

    await asyncio.gather(*(s.rollout("proactive_jobs", 10 * (i + 1)) for i, s in enumerate(stores)))

    async with sm() as session:
        rows = list(await session.scalars(select(FeatureFlag)))
    assert [r.name for r in rows] == ["proactive_jobs"]
    assert rows[0].rollout_percent in {10, 20, 30, 40, 50}


class _FailingSessions:
    """A sessionmaker that fails once ``down`` is set, like a database that went away."""

    def __init__(self, real: SM) -> None:
        self.real = real
        self.down = False

    def __call__(self) -> Any:
        if self.down:
            raise OSError("connection refused")
        return self.real()


async def test_a_database_outage_keeps_the_last_known_flags(sm: SM, clock: FrozenClock) -> None:
    sessions = _FailingSessions(sm)
    await FlagStore(sm, clock).set("proactive_jobs", False)
    store = FlagStore(cast(SM, sessions), clock)
    assert not await store.enabled("proactive_jobs", user_id=1)

    sessions.down = True
    clock.advance(dt.timedelta(seconds=30))
    during = await store.enabled("proactive_jobs", user_id=1)

    assert during is False
    with pytest.raises(OSError):
        await FlagStore(cast(SM, sessions), clock).enabled("proactive_jobs", user_id=1)
