"""Storage on both databases: the constraints and trigger that protect the data."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage import schedules, users
from companion_bot.storage.models import GreetingPreferences, ProactiveSession, UserSchedule

BERLIN = ZoneInfo("Europe/Berlin")
START = dt.datetime(2026, 12, 1, 15, 0, tzinfo=BERLIN)


def _schedule(
    user_id: int, *, name: str = "team meeting", start: dt.datetime = START
) -> UserSchedule:
    return UserSchedule(user_id=user_id, event_name=name, start_time=start, channel="web")


async def test_new_user_gets_exactly_one_preferences_row(session: AsyncSession) -> None:
    user = await users.create_user(session, username="ada", timezone="Europe/Berlin")
    await session.commit()

    count = await session.scalar(
        select(func.count())
        .select_from(GreetingPreferences)
        .where(GreetingPreferences.user_id == user.id)
    )
    prefs = await users.get_preferences(session, user_id=user.id)

    assert count == 1
    # No cap of their own: COMPANION_MAX_PROACTIVE_PER_DAY applies until they pick one.
    assert (prefs.prefer_proactive, prefs.max_proactive_per_day, prefs.reminder_lead_minutes) == (
        True,
        None,
        30,
    )


async def test_second_preferences_row_is_refused(session: AsyncSession) -> None:
    user = await users.create_user(session, username="ada")
    session.add(GreetingPreferences(user_id=user.id))
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_duplicate_schedule_is_refused(session: AsyncSession) -> None:
    user = await users.create_user(session, username="ada")
    session.add(_schedule(user.id))
    await session.commit()

    session.add(_schedule(user.id, start=START.astimezone(dt.UTC)))  # same instant, other zone
    with pytest.raises(IntegrityError):
        await session.commit()


async def test_same_event_at_another_time_is_allowed(session: AsyncSession) -> None:
    user = await users.create_user(session, username="ada")
    session.add_all([_schedule(user.id), _schedule(user.id, start=START + dt.timedelta(days=7))])
    await session.commit()
    assert await session.scalar(select(func.count()).select_from(UserSchedule)) == 2


async def test_second_session_of_a_type_for_a_schedule_is_refused(session: AsyncSession) -> None:
    user = await users.create_user(session, username="ada")
    schedule = _schedule(user.id)
    session.add(schedule)
    await session.flush()

    def reminder() -> ProactiveSession:
        return ProactiveSession(
            user_id=user.id,
            session_type="preparation_reminder",
            reference_id=schedule.id,
            channel="web",
        )

    session.add(reminder())
    await session.commit()
    session.add(reminder())
    with pytest.raises(IntegrityError):
        await session.commit()


@pytest.mark.parametrize(
    ("column", "value"),
    [("channel", "sms"), ("status", "maybe")],
)
async def test_schedule_checks(session: AsyncSession, column: str, value: str) -> None:
    user = await users.create_user(session, username="ada")
    schedule = _schedule(user.id)
    setattr(schedule, column, value)
    session.add(schedule)
    with pytest.raises(IntegrityError):
        await session.flush()


@pytest.mark.parametrize("hour", [-1, 24])
async def test_quiet_hour_out_of_range_is_refused(session: AsyncSession, hour: int) -> None:
    user = await users.create_user(session, username="ada")
    prefs = await users.get_preferences(session, user_id=user.id)
    prefs.dnd_start_hour = hour
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_foreign_keys_are_enforced(session: AsyncSession) -> None:
    session.add(_schedule(987654))
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_times_round_trip_aware_across_a_dst_change(session: AsyncSession) -> None:
    user = await users.create_user(session, username="ada")
    before = dt.datetime(2026, 10, 25, 1, 30, tzinfo=BERLIN)  # CEST, +02:00
    after = dt.datetime(2026, 10, 25, 3, 30, tzinfo=BERLIN)  # CET, +01:00
    schedule = _schedule(user.id, start=before)
    schedule.end_time = after
    session.add(schedule)
    await session.commit()
    session.expunge_all()

    stored = await session.scalar(select(UserSchedule))

    assert stored is not None
    assert stored.start_time.utcoffset() == dt.timedelta(0)  # read back in UTC, aware
    assert stored.start_time == before
    assert stored.end_time == after
    assert stored.end_time - stored.start_time == dt.timedelta(hours=3)
    assert stored.start_time.astimezone(BERLIN).hour == 1


async def test_naive_datetimes_are_refused(session: AsyncSession) -> None:
    user = await users.create_user(session, username="ada")
    session.add(_schedule(user.id, start=dt.datetime(2026, 12, 1, 15)))  # noqa: DTZ001
    with pytest.raises(StatementError, match="naive datetime"):
        await session.flush()


async def test_upcoming_schedules_are_the_users_own_in_order(session: AsyncSession) -> None:
    ada = await users.create_user(session, username="ada")
    bob = await users.create_user(session, username="bob")
    now = START - dt.timedelta(days=1)
    session.add_all(
        [
            _schedule(ada.id, name="later", start=START + dt.timedelta(days=2)),
            _schedule(ada.id, name="sooner", start=START),
            _schedule(ada.id, name="past", start=now - dt.timedelta(hours=2)),
            _schedule(bob.id, name="bob's", start=START),
        ]
    )
    await session.commit()

    upcoming = await schedules.upcoming_schedules(session, user_id=ada.id, now=now)

    assert [s.event_name for s in upcoming] == ["sooner", "later"]
