"""Travel in chat: a stay elsewhere switches the zone in use to the place's, then back home.

:func:`apply_travel` acts on what :mod:`.travel_requests` read, through
:func:`companion_bot.services.preferences.start_stay` and ``end_stay`` (``users.timezone`` is
the place's zone during the stay, so everything that reads it follows), and says what it
did. Booked meetings keep their moment (they are stored in UTC); the reply shows how the
coming ones of the stay read on the new clock. A stay is over at ``users.away_until``: the
proactive job puts the home zone back (:mod:`companion_bot.storage.travel`), and so does
:func:`end_stay_if_over` before a message of the user is read.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.config import zone_of
from companion_bot.proactive.messages import local_time
from companion_bot.services import preferences
from companion_bot.services.travel_requests import MAX_STAY, TravelRequest
from companion_bot.services.zones import zone_label
from companion_bot.storage import schedules
from companion_bot.storage.models import User, UserSchedule

#: Meetings of the stay shown in both zones in the reply.
SHOWN = 3


def end_stay_if_over(user: User, *, now: dt.datetime) -> bool:
    """Back on the home zone when the user's stay ended by ``now``; whether it did."""
    if user.away_until is None or user.away_until > now:
        return False
    return preferences.end_stay(user, via="expired")


async def apply_travel(
    session: AsyncSession,
    *,
    user: User,
    request: TravelRequest,
    now: dt.datetime,
    via: preferences.Via,
) -> str | None:
    """Start or end the stay ``request`` states, or say why not; the sentence for the reply,
    or ``None`` when there is nothing to say ("I'm back" when not away)."""
    zone, until = request.zone, request.until
    if request.kind == "back":
        home = user.home_timezone
        if home is None or (zone is not None and zone != home):
            return None
        preferences.end_stay(user, via=via)
        return _welcome_back(home)
    if request.kind == "unknown_place":
        return (
            f"I don't know the time zone of '{request.place}', so nothing changed. Try the "
            'nearest big city, or a zone name like "I\'m in Asia/Tokyo until Sunday".'
        )
    assert zone is not None
    if request.kind == "unclear_end":
        place = zone_label(zone) if request.place.islower() else request.place
        return (
            f'Until when are you in {place}? Say it like "I\'m in {place} until Sunday" or '
            '"for 3 days" — nothing changed yet.'
        )
    assert until is not None
    if request.kind == "past_end":
        return (
            f"{_end_words(until)} is already past, so nothing changed. Say the day you're "
            'back, like "until Sunday".'
        )
    if request.kind == "far_end":
        return (
            f"That's more than {MAX_STAY.days} days away, so nothing changed. If you've "
            f'moved, say "my time zone is {zone}".'
        )
    return await _stay(session, user=user, zone=zone, until=until, now=now, via=via)


async def _stay(
    session: AsyncSession,
    *,
    user: User,
    zone: str,
    until: dt.datetime,
    now: dt.datetime,
    via: preferences.Via,
) -> str:
    home = user.home_timezone or user.timezone  # set during a stay only
    if zone == home:  # "I'm in Boston until Sunday" from New York: home time it is
        if preferences.end_stay(user, via=via):
            return _welcome_back(home)
        return f"You're on {zone_label(zone)} time already ({zone}), so nothing changed."
    preferences.start_stay(user, zone=zone, until=until, via=via)
    said = (
        f"Okay — {zone_label(zone)} time ({zone}) {_end_words(until, lead=True)}, "
        f"then back to {zone_label(home)} time."
    )
    shown = await _meetings_in_stay(session, user_id=user.id, now=now, until=until)
    if not shown:
        return said
    here, there = zone_of(zone), zone_of(home)
    both = "; ".join(
        f"{s.event_name} {_at(s.start_time, there)} {zone_label(home)} time is "
        f"{_at(s.start_time, here)} here"
        for s in shown
    )
    return f"{said} Your meetings keep their time: {both}."


async def _meetings_in_stay(
    session: AsyncSession, *, user_id: int, now: dt.datetime, until: dt.datetime
) -> list[UserSchedule]:
    """The first meetings and reminders that start during the stay, with a set time."""
    rows = await schedules.upcoming_schedules(
        session, user_id=user_id, now=now, until=until, limit=4 * SHOWN
    )
    return [s for s in rows if s.start_time > now and not s.time_is_approximate][:SHOWN]


def _at(instant: dt.datetime, zone: ZoneInfo) -> str:
    """ "Thu 3:00 PM" on ``zone``'s clock."""
    local = instant.astimezone(zone)
    return f"{local:%a} {local_time(local, zone)}"


def _end_words(until: dt.datetime, *, lead: bool = False) -> str:
    """ "through Sunday, Dec 6" (a stay ending at midnight) or "until Fri, Dec 4, 10:00 AM",
    on the place's clock (``until``'s zone); without ``lead`` the date alone."""
    if until.time() == dt.time(0):
        last = until.date() - dt.timedelta(days=1)
        words = f"{last:%A}, {last:%b} {last.day}"
        return f"through {words}" if lead else words
    words = f"{until:%a}, {until:%b} {until.day}, {local_time(until, until.tzinfo)}"
    return f"until {words}" if lead else words


def _welcome_back(home: str) -> str:
    return f"Welcome back — {zone_label(home)} time ({home}) again."
