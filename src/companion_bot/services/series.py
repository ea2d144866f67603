"""Repeating meetings as users make and change them: a new series, the end of one, and the
undo of either, written once for every channel (chat and the calendar import).

One occurrence is a meeting like any other (:mod:`.schedules`): skipping it is cancelling
it, moving it moves that one alone, and undo takes either back as usual. A change to the
whole series is counted as one change (``companion_schedules_total``, the analytics event,
the log line) made through one of its occurrences, and kept to be undone with what the undo
needs (``schedule_changes.previous_series``):

* a series created: its rule is stored and its coming occurrences with it
  (:mod:`companion_bot.storage.series`); a one-off meeting the user already has at one of
  those times, under a name sharing a word, becomes that occurrence instead of a second one;
  undone, the series ends, its occurrences are cancelled and such a one-off is as it was;
* a series ended: no occurrence is stored any more and the coming ones are cancelled (their
  pending reminders are skipped when due); the past ones stay as they were; undone, the
  series and the occurrences this end cancelled are back on.

The caller owns the transaction and commits.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.errors import NotFoundError
from companion_bot.proactive.recurrence import Recurrence
from companion_bot.services import schedule_history as history
from companion_bot.services.schedule_matching import same_meeting
from companion_bot.services.schedules import (
    CANCELLED,
    NAME_CHARS,
    SCHEDULED,
    SOURCE_TEXT_CHARS,
    Via,
    record_change,
)
from companion_bot.storage import schedule_changes, schedules
from companion_bot.storage import series as stored
from companion_bot.storage.models import ScheduleChange, ScheduleSeries, UserSchedule

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class NewSeries:
    """A repeating meeting (or task reminder) to store: what, how often, how long."""

    event_name: str
    recurrence: Recurrence
    duration: dt.timedelta | None = None
    kind: Literal["meeting", "task"] = "meeting"
    time_is_approximate: bool = False
    confidence: float = 1.0
    message_id: int | None = None
    source_text: str | None = None


@dataclass(frozen=True, slots=True)
class SeriesChange:
    """What a change to a series did: ``created`` it, found it ``duplicate`` (the user has
    it), found it ``over`` (no occurrence left after now: nothing stored) or ``ended`` it;
    ``occurrences``: the coming ones it stored or cancelled (the duplicate's coming ones),
    soonest first."""

    outcome: Literal["created", "duplicate", "over", "ended"]
    series: ScheduleSeries
    occurrences: list[UserSchedule] = field(default_factory=list)


def _owned(series: ScheduleSeries, user_id: int) -> None:
    if series.user_id != user_id:
        raise NotFoundError(f"series {series.id} is not user {user_id}'s")


def _same_rule(a: Recurrence, b: Recurrence) -> bool:
    """The same days and time on the same clock, whichever day each was said on."""
    strip = ("UNTIL", "COUNT")
    parts_a = {k: v for k, v in a.parts.items() if k not in strip}
    parts_b = {k: v for k, v in b.parts.items() if k not in strip}
    return (parts_a, a.first.time(), a.zone.key) == (parts_b, b.first.time(), b.zone.key)


async def create_series(
    session: AsyncSession,
    *,
    user_id: int,
    channel: str,
    new: NewSeries,
    now: dt.datetime,
    via: Via = "chat",
) -> SeriesChange:
    """Store ``new`` for ``user_id`` on ``channel`` (where it was asked for) with its coming
    occurrences, unless the user has it already (a series of a name sharing a word, on the
    same days at the same time) or it has no occurrence after ``now``."""
    name = new.event_name.strip()[:NAME_CHARS] or "meeting"
    for existing in await stored.series_of_user(session, user_id=user_id):
        if same_meeting(existing.event_name, name) and _same_rule(existing.rule, new.recurrence):
            coming = await _coming(session, existing, now)
            return SeriesChange("duplicate", existing, coming)
    source = None if new.source_text is None else new.source_text[:SOURCE_TEXT_CHARS]
    series = ScheduleSeries(
        user_id=user_id,
        message_id=new.message_id,
        event_name=name,
        channel=channel,
        kind=new.kind,
        recurrence=new.recurrence.text,
        timezone=new.recurrence.zone.key,
        duration_minutes=_minutes(new.duration),
        time_is_approximate=new.time_is_approximate,
        confidence=float(new.confidence),
        source_text=source,
        materialized_until=stored.first_latest(new.recurrence, now=now),
    )
    if not stored.starts_to_store(series, now=now):
        return SeriesChange("over", series)
    session.add(series)
    await session.flush()
    adopted = await _adopt(session, series, now=now)
    await stored.store_occurrences(session, [series], now=now)
    schedules.mark_changed(session)
    coming = await _coming(session, series, now)
    if not coming:  # every one taken meanwhile by a meeting stored at once: nothing to add
        await session.delete(series)
        return SeriesChange("over", series)
    first = coming[0]
    record_change(session, "schedule_created", first, channel=channel, via=via)
    await history.remember_series(
        session, first, "created", {"series_id": series.id, "adopted": adopted}, via=via, now=now
    )
    log.info(
        "series %s of user %s: %s",
        series.id,
        user_id,
        series.description,
        extra={"action": "series_created", "user_id": user_id, "series_id": series.id},
    )
    return SeriesChange("created", series, coming)


def _minutes(duration: dt.timedelta | None) -> int | None:
    if duration is None or duration <= dt.timedelta(0):
        return None
    return max(1, round(duration.total_seconds() / 60))


async def _adopt(
    session: AsyncSession, series: ScheduleSeries, *, now: dt.datetime
) -> list[tuple[int, str]]:
    """Make the user's meetings at the times of the series' coming occurrences those
    occurrences: a one-off not cancelled under a name sharing a word, and a cancelled one of
    the very name (of a one-off, or of a series that ended), which is back on; what went
    unsent while it was cancelled goes out if still worth it, as after an undo. Returns
    (id, status before) of each, for an undo to give them back as they were."""
    starts = stored.starts_to_store(series, now=now)
    if not starts:
        return []
    end = starts[-1] + dt.timedelta(seconds=1)
    nearby = await schedules.schedules_around(
        session, user_id=series.user_id, start=starts[0], end=end, limit=500
    )
    ended = {row.series_id for row in nearby if row.series is not None and row.series.ended_at}
    wanted = set(starts)
    adopted: list[tuple[int, str]] = []
    for row in nearby:
        if row.start_time not in wanted or row.kind != series.kind:
            continue
        before = row.status
        if row.status == CANCELLED:
            of_ongoing = row.series_id is not None and row.series_id not in ended
            if row.event_name != series.event_name or of_ongoing:
                continue
            row.status = SCHEDULED
            await schedule_changes.revive_skipped(session, schedule_id=row.id)
        elif row.series_id is not None or not same_meeting(row.event_name, series.event_name):
            continue
        row.series_id, row.occurrence_start = series.id, row.start_time
        wanted.discard(row.start_time)
        adopted.append((row.id, before))
    await session.flush()
    return adopted


async def _coming(
    session: AsyncSession, series: ScheduleSeries, now: dt.datetime
) -> list[UserSchedule]:
    rows = await stored.occurrences(session, series_id=series.id, since=now)
    return [row for row in rows if row.status == SCHEDULED]


async def end_series(
    session: AsyncSession,
    *,
    user_id: int,
    series: ScheduleSeries,
    channel: str,
    via: Via,
    now: dt.datetime,
) -> SeriesChange | None:
    """Stop the user's series from ``now`` on; ``None`` (nothing recorded) when it was."""
    _owned(series, user_id)
    if series.ended_at is not None:
        return None
    coming = await _coming(session, series, now)
    previous = {
        "series_id": series.id,
        "materialized_until": _iso(series.materialized_until),
        "cancelled": [row.id for row in coming],
    }
    for row in coming:
        row.status = CANCELLED
    series.ended_at, series.materialized_until = now, None
    handle = coming[0] if coming else await _latest(session, series)
    if handle is not None:
        record_change(session, "schedule_cancelled", handle, channel=channel, via=via)
        await history.remember_series(session, handle, "cancelled", previous, via=via, now=now)
    log.info(
        "series %s of user %s ended",
        series.id,
        user_id,
        extra={"action": "series_ended", "user_id": user_id, "series_id": series.id},
    )
    return SeriesChange("ended", series, coming)


async def _latest(session: AsyncSession, series: ScheduleSeries) -> UserSchedule | None:
    rows = await stored.occurrences(session, series_id=series.id)
    return rows[-1] if rows else None


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat()


async def put_back(
    session: AsyncSession,
    change: ScheduleChange,
    schedule: UserSchedule,
    *,
    channel: str,
    now: dt.datetime,
) -> ScheduleSeries:
    """Undo ``change``, a change to a whole series made through ``schedule``: a series
    created is ended (its occurrences cancelled); a series ended is back on, with the
    occurrences that end cancelled. Recorded as a change by undo (not kept to be undone)."""
    previous: dict[str, Any] = change.previous_series or {}
    found = await stored.series_by_ids(session, [int(previous["series_id"])])
    series = found[int(previous["series_id"])]
    if change.kind == "created":
        adopted = {int(i): status for i, status in previous.get("adopted", [])}
        for row in await stored.occurrences(session, series_id=series.id):
            if row.id in adopted:  # a meeting the user had before: as it was, on its own
                row.series_id = row.occurrence_start = None
                row.status = adopted[row.id]
            elif row.status == SCHEDULED:
                row.status = CANCELLED
        series.ended_at, series.materialized_until = now, None
        record_change(session, "schedule_cancelled", schedule, channel=channel, via=history.UNDO)
        return series
    until = previous.get("materialized_until")
    series.ended_at = None
    series.materialized_until = None if until is None else dt.datetime.fromisoformat(until)
    back = set(previous.get("cancelled", []))
    for row in await stored.occurrences(session, series_id=series.id):
        if row.id in back and row.status == CANCELLED:
            row.status = SCHEDULED
            await schedule_changes.revive_skipped(session, schedule_id=row.id)
    schedules.mark_changed(session)
    record_change(session, "schedule_updated", schedule, channel=channel, via=history.UNDO)
    return series


def undone_text(kind: str, series: ScheduleSeries) -> str:
    """ "Undone: …" for a change to a whole series put back."""
    if kind == "created":
        return f'Undone: I removed "{series.event_name}" ({series.description}).'
    return f'Undone: "{series.event_name}" is back on, {series.description}.'
