"""MessageAnalyzer: meetings in a user's message become schedule rows (created, moved,
cancelled), at most once each.

Runs the extractor with ``now`` in the user's zone, creates one ``user_schedules`` row per
meeting at or above the confidence threshold on the message's channel, and applies cancel /
reschedule to the matching upcoming schedule (asking when more than one matches). Each change
is its own transaction; a meeting already stored (also one stored concurrently, caught by
the unique constraint) changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import zoneinfo
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.ops import metrics
from companion_bot.ports import Extractor
from companion_bot.storage import db, schedules, users
from companion_bot.storage.models import UserSchedule
from companion_bot.storage.proactive_sessions import reset_after_reschedule

from .schedule_matching import (
    Change,
    MeetingLike,
    changes_in,
    match_schedules,
    moved_start,
    same_meeting,
)

log = logging.getLogger(__name__)

SOURCE_TEXT_CHARS = 500


@dataclass
class Analysis:
    """What one message changed, and what the reply should ask or admit."""

    created: list[UserSchedule] = field(default_factory=list)
    updated: list[UserSchedule] = field(default_factory=list)
    cancelled: list[UserSchedule] = field(default_factory=list)
    duplicates: list[UserSchedule] = field(default_factory=list)
    low_confidence: list[MeetingLike] = field(default_factory=list)
    question: str | None = None
    not_found: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.cancelled)


@dataclass(frozen=True)
class Reading:
    """What one message says about meetings, before anything is stored."""

    text: str
    zone: zoneinfo.ZoneInfo
    changes: list[Change]
    meetings: list[MeetingLike]  # to schedule (at or above the confidence threshold)
    low_confidence: list[MeetingLike]

    @property
    def writes(self) -> bool:
        """Whether applying it may change a schedule (else it needs no database)."""
        return bool(self.changes or self.meetings)


def user_zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


class MessageAnalyzer:
    def __init__(
        self,
        db: async_sessionmaker[AsyncSession],
        meeting_extractor: Extractor,
        *,
        confidence_threshold: float = 0.5,
    ) -> None:
        self._db = db
        self._extractor = meeting_extractor
        self._threshold = confidence_threshold

    async def analyze(
        self,
        *,
        user_id: int,
        channel: str,
        message_id: int | None,
        text: str,
        now: dt.datetime,
        timezone: str | None = None,
    ) -> Analysis:
        """Apply the meetings in ``text`` to the user's schedules; returns what changed.

        ``timezone`` is the user's zone when the caller has it (else it is looked up); a
        message that mentions no meeting touches no database.
        """
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        if timezone is None:
            async with self._db() as session:
                user = await users.get_user(session, user_id=user_id)
                if user is None:
                    raise LookupError(f"no user {user_id}")
                timezone = user.timezone
        reading = self.read(text, now=now, timezone=timezone)
        return await self.apply(
            reading, user_id=user_id, channel=channel, message_id=message_id, now=now
        )

    def read(self, text: str, *, now: dt.datetime, timezone: str) -> Reading:
        """What ``text`` says about meetings, in the user's zone (pure: no database)."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        zone = user_zone(timezone)
        local_now = now.astimezone(zone)
        started = time.perf_counter()
        meetings: list[MeetingLike] = list(self._extractor.extract(text, local_now))
        metrics.observe_extraction(time.perf_counter() - started, [m.confidence for m in meetings])
        changes = changes_in(text, local_now, meetings)
        if changes:
            meetings = [m for m in meetings if m.action not in ("cancel", "reschedule")]
            if any(c.new_start is not None for c in changes):
                meetings = []  # the time mentioned is the new time, not a new meeting
        return Reading(
            text=text,
            zone=zone,
            changes=changes,
            meetings=[m for m in meetings if m.confidence >= self._threshold],
            low_confidence=[m for m in meetings if m.confidence < self._threshold],
        )

    async def apply(
        self,
        reading: Reading,
        *,
        user_id: int,
        channel: str,
        message_id: int | None,
        now: dt.datetime,
    ) -> Analysis:
        """Store what :meth:`read` found: each change and new meeting in its own transaction."""
        log.debug(
            "user %s: %d meeting(s), %d change(s) in message %s",
            user_id,
            len(reading.meetings) + len(reading.low_confidence),
            len(reading.changes),
            message_id,
        )
        result = Analysis(low_confidence=list(reading.low_confidence))
        for meeting in reading.low_confidence:
            log.info(
                "user %s: low-confidence meeting %r (%.2f) not scheduled",
                user_id,
                meeting.event_name,
                meeting.confidence,
            )
        for change in reading.changes:
            await self._apply_change(
                change, user_id=user_id, now=now, zone=reading.zone, out=result
            )
        for meeting in reading.meetings:
            await self._create(
                meeting,
                user_id=user_id,
                channel=channel,
                message_id=message_id,
                text=reading.text,
                out=result,
            )
        metrics.count_schedule_changes(
            created=len(result.created),
            updated=len(result.updated),
            cancelled=len(result.cancelled),
        )
        return result

    async def _apply_change(
        self,
        change: Change,
        *,
        user_id: int,
        now: dt.datetime,
        zone: zoneinfo.ZoneInfo,
        out: Analysis,
    ) -> None:
        async with self._db() as session:
            await db.begin_write(session)
            upcoming = await schedules.upcoming_schedules(session, user_id=user_id, now=now)
            candidates = match_schedules(upcoming, change, zone)
            verb = "cancel" if change.action == "cancel" else "move"
            if not candidates:
                out.not_found = f"I couldn't find an upcoming meeting like that to {verb}."
                return
            if len(candidates) > 1:
                names = " or ".join(
                    f"the {s.event_name} at {s.start_time.astimezone(zone):%a %H:%M}"
                    for s in candidates[:3]
                )
                out.question = f"Which one should I {verb}: {names}?"
                return
            target = candidates[0]
            if change.action == "cancel":
                target.status = "cancelled"
                await session.commit()
                await session.refresh(target)
                log.info("user %s: cancelled schedule %s", user_id, target.id)
                out.cancelled.append(target)
                return
            new_start = moved_start(change, target, zone)
            length = (target.end_time - target.start_time) if target.end_time else None
            target.start_time = new_start.astimezone(dt.UTC)
            if (
                change.new_end is not None
                and change.new_start is not None
                and change.new_end > change.new_start
                and change.time_stated
            ):
                target.end_time = (new_start + (change.new_end - change.new_start)).astimezone(
                    dt.UTC
                )
            elif length is not None:
                target.end_time = target.start_time + length
            await reset_after_reschedule(session, schedule_id=target.id)
            try:
                await session.commit()
            except IntegrityError:
                await session.rollback()
                out.not_found = "You already have that meeting at the new time."
                return
            await session.refresh(target)
            log.info("user %s: moved schedule %s to %s", user_id, target.id, target.start_time)
            out.updated.append(target)

    async def _create(
        self,
        meeting: MeetingLike,
        *,
        user_id: int,
        channel: str,
        message_id: int | None,
        text: str,
        out: Analysis,
    ) -> None:
        start = meeting.start.astimezone(dt.UTC)
        name = meeting.event_name.strip()[:200] or "meeting"
        async with self._db() as session:
            await db.begin_write(session)
            existing = await schedules.schedules_at(session, user_id=user_id, start_time=start)
            for row in existing:
                if row.status != "cancelled" and same_meeting(row.event_name, name):
                    log.debug(
                        "user %s: %r at %s already stored as %s", user_id, name, start, row.id
                    )
                    out.duplicates.append(row)
                    return
            row = UserSchedule(
                user_id=user_id,
                message_id=message_id,
                event_name=name,
                start_time=start,
                end_time=meeting.end.astimezone(dt.UTC) if meeting.end else None,
                channel=channel,
                status="scheduled",
                confidence=float(meeting.confidence),
                source_text=text[:SOURCE_TEXT_CHARS],
                source_span_start=meeting.span[0],
                source_span_end=meeting.span[1],
                time_is_approximate=bool(meeting.time_is_approximate),
            )
            revived = next((r for r in existing if r.event_name == name), None)
            if revived is not None:  # cancelled earlier, mentioned again: it is back on
                revived.status = "scheduled"
                revived.message_id = message_id
                await session.commit()
                await session.refresh(revived)
                out.updated.append(revived)
                return
            session.add(row)
            try:
                await session.commit()
            except IntegrityError:
                await session.rollback()
                log.debug("user %s: %r at %s stored concurrently", user_id, name, start)
                async with self._db() as again:
                    rows = await schedules.schedules_at(again, user_id=user_id, start_time=start)
                out.duplicates.extend(r for r in rows if r.event_name == name)
                return
            await session.refresh(row)
        log.info(
            "user %s: scheduled %r at %s on %s (schedule %s)", user_id, name, start, channel, row.id
        )
        out.created.append(row)
