"""services.preferences on both databases: the same limits and the same opt-out event
whichever channel changes a preference."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.services import preferences
from companion_bot.storage import users
from companion_bot.storage.models import AnalyticsEvent, User

SM = async_sessionmaker[AsyncSession]


async def opt_outs(sm: SM) -> list[tuple[int | None, object]]:
    async with sm() as session:
        rows = await session.scalars(
            select(AnalyticsEvent).where(AnalyticsEvent.name == "opted_out")
        )
        return [(e.user_id, e.properties.get("via")) for e in rows]


async def test_reminders_off_is_one_opt_out_however_often_and_wherever_said(
    sm: SM, user_id: int
) -> None:
    said: list[tuple[bool, preferences.Via]] = [
        (False, "web_preferences"),
        (False, "telegram_command"),
        (True, "chat"),
        (False, "chat"),
    ]
    changed = []
    for enabled, via in said:
        async with sm() as session:
            prefs = await users.get_preferences(session, user_id=user_id)
            changed.append(
                preferences.set_reminders(session, prefs=prefs, enabled=enabled, via=via)
            )
            await session.commit()

    assert changed == [True, False, True, True]
    assert await opt_outs(sm) == [(user_id, "web_preferences"), (user_id, "chat")]
    async with sm() as session:
        assert not (await users.get_preferences(session, user_id=user_id)).prefer_proactive


async def test_quiet_hours_are_set_and_cleared(sm: SM, user_id: int) -> None:
    async with sm() as session:
        prefs = await users.get_preferences(session, user_id=user_id)
        first = preferences.set_quiet_hours(prefs, start_hour=22, end_hour=7, via="chat")
        again = preferences.set_quiet_hours(prefs, start_hour=22, end_hour=7, via="chat")
        await session.commit()
    async with sm() as session:
        prefs = await users.get_preferences(session, user_id=user_id)
        assert (prefs.dnd_start_hour, prefs.dnd_end_hour) == (22, 7)
        off = preferences.set_quiet_hours(
            prefs, start_hour=None, end_hour=None, via="telegram_command"
        )
        await session.commit()

    assert (first, again, off) == (True, False, True)
    async with sm() as session:
        prefs = await users.get_preferences(session, user_id=user_id)
    assert (prefs.dnd_start_hour, prefs.dnd_end_hour) == (None, None)


@pytest.mark.parametrize(("start", "end"), [(22, 22), (24, 7), (-1, 7), (22, None), (None, 7)])
async def test_quiet_hours_out_of_range_change_nothing(
    sm: SM, user_id: int, start: int | None, end: int | None
) -> None:
    async with sm() as session:
        prefs = await users.get_preferences(session, user_id=user_id)
        with pytest.raises(preferences.PreferenceError):
            preferences.set_quiet_hours(prefs, start_hour=start, end_hour=end, via="chat")
        assert (prefs.dnd_start_hour, prefs.dnd_end_hour) == (None, None)


def test_the_ranges_are_one_rule() -> None:
    assert preferences.quiet_hours_valid(22, 7) and preferences.quiet_hours_valid(0, 23)
    assert not preferences.quiet_hours_valid(8, 8)
    assert not preferences.quiet_hours_valid(23, 24)
    assert [preferences.lead_minutes_valid(m) for m in (0, 1, 1440, 1441)] == [
        False,
        True,
        True,
        False,
    ]
    assert [preferences.daily_cap_valid(n) for n in (-1, 0, 100, 101)] == [
        False,
        True,
        True,
        False,
    ]


async def test_lead_time_daily_cap_and_zone(sm: SM, user_id: int) -> None:
    async with sm() as session:
        prefs = await users.get_preferences(session, user_id=user_id)
        user = await session.get(User, user_id)
        assert user is not None
        preferences.set_lead_time(prefs, minutes=15, via="chat")
        preferences.set_daily_cap(prefs, cap=5, via="web_preferences")
        preferences.set_timezone(user, zone="Asia/Tokyo", via="telegram_command")
        with pytest.raises(preferences.PreferenceError):
            preferences.set_lead_time(prefs, minutes=0, via="chat")
        with pytest.raises(preferences.PreferenceError):
            preferences.set_daily_cap(prefs, cap=101, via="web_preferences")
        with pytest.raises(preferences.PreferenceError, match="Europe/Berlin"):
            preferences.set_timezone(user, zone="Mars/Olympus", via="chat")
        await session.commit()

    async with sm() as session:
        prefs = await users.get_preferences(session, user_id=user_id)
        user = await session.get(User, user_id)
    assert (prefs.reminder_lead_minutes, prefs.max_proactive_per_day) == (15, 5)
    assert user is not None and (user.timezone, user.timezone_confirmed) == ("Asia/Tokyo", True)


async def test_saving_the_form_checks_every_value_before_setting_any(sm: SM, user_id: int) -> None:
    async with sm() as session:
        prefs = await users.get_preferences(session, user_id=user_id)
        user = await session.get(User, user_id)
        assert user is not None
        with pytest.raises(preferences.PreferenceError):
            preferences.save_preferences(
                session,
                user=user,
                prefs=prefs,
                timezone="America/New_York",
                lead_minutes=15,
                quiet_hours=(22, 22),
                daily_cap=5,
                reminders=False,
                via="web_preferences",
            )
        assert (user.timezone, prefs.reminder_lead_minutes, prefs.prefer_proactive) == (
            "Europe/Berlin",
            30,
            True,
        )
        preferences.save_preferences(
            session,
            user=user,
            prefs=prefs,
            timezone="America/New_York",
            lead_minutes=15,
            quiet_hours=(22, 7),
            daily_cap=5,
            reminders=False,
            via="web_preferences",
        )
        await session.commit()

    assert await opt_outs(sm) == [(user_id, "web_preferences")]


@pytest.mark.parametrize(("zone", "away"), [("Asia/Tokyo", True), ("Europe/Paris", False)])
async def test_saving_the_form_keeps_a_stay_unless_the_zone_changes(
    sm: SM, user_id: int, zone: str, away: bool
) -> None:
    until = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)
    async with sm() as session:
        prefs = await users.get_preferences(session, user_id=user_id)
        user = await session.get(User, user_id)
        assert user is not None
        preferences.start_stay(user, zone="Asia/Tokyo", until=until, via="chat")
        preferences.save_preferences(
            session,
            user=user,
            prefs=prefs,
            timezone=zone,  # the form shows the stay's zone: saved as it was, the stay goes on
            lead_minutes=15,
            quiet_hours=None,
            daily_cap=5,
            reminders=True,
            via="web_preferences",
        )
        await session.commit()

    async with sm() as session:
        user = await session.get(User, user_id)
    assert user is not None
    stay = ("Europe/Berlin", until) if away else (None, None)
    assert (user.timezone, user.home_timezone, user.away_until) == (zone, *stay)
