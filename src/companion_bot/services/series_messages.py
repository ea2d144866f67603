"""A chat message's changes to repeating meetings, in the caller's transaction: a series
noted ("standup every weekday at 9:30", "remind me to take my meds every day at 9pm"), a
series stopped ("stop the weekly standup"), and what to ask when a change names several
occurrences of one series ("cancel the standup")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.proactive.recurrence import Recurrence
from companion_bot.storage import series as stored
from companion_bot.storage.models import UserSchedule

from .recurring_requests import SeriesEnd, SeriesRequest, names_series
from .schedule_matching import Change
from .series import NewSeries, SeriesChange, create_series, end_series
from .task_requests import TaskRequest

NO_SUCH_SERIES = "I couldn't find a repeating meeting like that to stop."


class SeriesReading(Protocol):
    """What :class:`.message_analyzer.Reading` says of repeating meetings."""

    @property
    def text(self) -> str: ...
    @property
    def series(self) -> SeriesRequest | None: ...
    @property
    def series_end(self) -> SeriesEnd | None: ...
    @property
    def task(self) -> TaskRequest | None: ...
    @property
    def task_repeat(self) -> Recurrence | None: ...


async def series_changes(
    session: AsyncSession,
    reading: SeriesReading,
    *,
    user_id: int,
    channel: str,
    message_id: int | None,
    now: dt.datetime,
) -> list[SeriesChange | str]:
    """Apply what ``reading`` says of repeating meetings on ``session`` (the caller
    commits): each change, or what to say instead of one (no such series, or which one)."""
    done: list[SeriesChange | str] = []
    request, task = reading.series, reading.task
    if request is not None and request.recurrence is not None and request.name:
        new = NewSeries(
            event_name=request.name,
            recurrence=request.recurrence,
            duration=request.duration,
            time_is_approximate=request.approximate,
            confidence=request.confidence,
            message_id=message_id,
            source_text=reading.text,
        )
        done.append(
            await create_series(session, user_id=user_id, channel=channel, new=new, now=now)
        )
    if task is not None and task.task is not None and reading.task_repeat is not None:
        new = NewSeries(
            event_name=task.task,
            recurrence=reading.task_repeat,
            kind="task",
            time_is_approximate=task.approximate,
            message_id=message_id,
            source_text=reading.text,
        )
        done.append(
            await create_series(session, user_id=user_id, channel=channel, new=new, now=now)
        )
    end = reading.series_end
    if end is not None:
        stopped = await stop_series(session, end, user_id=user_id, channel=channel, now=now)
        done += [] if stopped is None else [stopped]
    return done


async def stop_series(
    session: AsyncSession,
    end: SeriesEnd,
    *,
    user_id: int,
    channel: str,
    now: dt.datetime,
) -> SeriesChange | str | None:
    """End the one ongoing series the message names; else what to say instead (none like
    it, or which one of several); ``None`` when none is named and nothing said it was one
    ("no more coffee")."""
    ongoing = await stored.series_of_user(session, user_id=user_id)
    named = [s for s in ongoing if names_series(end.words, s.event_name)]
    if not named:
        return NO_SUCH_SERIES if end.explicit else None
    if len(named) > 1:
        listed = " or ".join(f"the {s.event_name} ({s.description})" for s in named[:3])
        return f"Which one should I stop: {listed}?"
    ended = await end_series(
        session, user_id=user_id, series=named[0], channel=channel, via="chat", now=now
    )
    assert ended is not None  # ongoing: not ended before
    return ended


def one_series(candidates: Sequence[UserSchedule]) -> bool:
    """Whether ``candidates`` are several occurrences of one repeating meeting."""
    series_ids = {c.series_id for c in candidates}
    return len(candidates) > 1 and len(series_ids) == 1 and None not in series_ids


def on_the_new_day(
    candidates: Sequence[UserSchedule], change: Change, zone: ZoneInfo
) -> list[UserSchedule]:
    """ "move wednesday's standup to 10": of several occurrences of one series, the one on
    the day the move names (the same day, a new time); all of them otherwise."""
    if not one_series(candidates) or change.action != "reschedule":
        return list(candidates)
    if change.new_start is None or not change.date_stated:
        return list(candidates)
    day = change.new_start.astimezone(zone).date()
    found = [c for c in candidates if c.start_time.astimezone(zone).date() == day]
    return found if len(found) == 1 else list(candidates)


def which_occurrence(candidates: Sequence[UserSchedule], action: str) -> str | None:
    """What to ask when a change matches several occurrences of one series and nothing
    else ("cancel the standup"): which day, or the whole series; ``None`` otherwise."""
    if not one_series(candidates):
        return None
    name = candidates[0].event_name
    if action == "cancel":
        return (
            f'Which {name} do you mean? Say the day, like "skip tomorrow\'s {name}", or '
            f'"stop the {name} series" to end them all.'
        )
    return f'Which {name} should I move? Say the day, like "move tomorrow\'s {name} to 10".'
