"""MessageAnalyzer: meetings in a user's message become schedule rows (created, moved,
cancelled), at most once each; "remind me to call mom at 6" becomes a task (one reminder at
its time, :mod:`.task_requests`) instead of whatever meeting the words might also name;
"standup every weekday at 9:30" a repeating meeting, "stop the weekly standup" its end
(:mod:`.recurring_requests`, applied by :mod:`.series_messages`).

Runs the extractor with ``now`` in the user's zone, creates one ``user_schedules`` row per
meeting at or above the confidence threshold on the message's channel, and applies cancel /
reschedule to the matching upcoming schedule (asking when more than one matches). A message's
changes are made by :mod:`.schedules` (which counts and records each) in the caller's
transaction: the chat's common path stores them with the message and its reply, in one
commit. A meeting already stored (also one stored concurrently, caught by the unique
constraint) changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import zoneinfo
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.config import zone_of
from companion_bot.ops import metrics
from companion_bot.ports import Extractor
from companion_bot.storage import db, schedules, users

from . import schedules as schedule_changes
from .analyzer_results import Analysis, Reading
from .impossible_times import hold_back
from .moved_times import NewTime, earlier_reading, new_time
from .recurring_requests import (
    read_series_end,
    read_series_request,
    repeat_of,
    skip_wording,
)
from .schedule_matching import (
    Change,
    MeetingLike,
    changes_in,
    match_schedules,
    moved_start,
)
from .series import SeriesChange
from .series_messages import on_the_new_day, series_changes, which_occurrence
from .task_requests import TaskRequest, cancel_wording, read_task_request

#: What the rest of the code imports from here (:mod:`.analyzer_results`, :mod:`.moved_times`).
__all__ = ["Analysis", "MessageAnalyzer", "NewTime", "Reading", "earlier_reading"]

log = logging.getLogger(__name__)


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
        """Apply the meetings in ``text`` to the user's schedules, in one transaction of its
        own; returns what changed.

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
        if not reading.writes:  # no database
            return reading.told()
        async with self._db() as session:
            await db.begin_write(session)
            result = await self.apply(
                session, reading, user_id=user_id, channel=channel, message_id=message_id, now=now
            )
            await session.commit()
        return result

    def read(self, text: str, *, now: dt.datetime, timezone: str) -> Reading:
        """What ``text`` says about meetings, in the user's zone (pure: no database)."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        zone = zone_of(timezone)
        local_now = now.astimezone(zone)
        said, text = text, cancel_wording(skip_wording(text))
        started = time.perf_counter()
        meetings: list[MeetingLike] = list(self._extractor.extract(text, local_now))
        metrics.observe_extraction(time.perf_counter() - started, [m.confidence for m in meetings])
        task = read_task_request(text, local_now)
        if task is not None and not (task.about and self._confident(meetings)):
            # "remind me to call the dentist at 3": the task, not a dentist appointment.
            repeat = None if task.start is None else repeat_of(text, task.start, local_now)
            return Reading(
                said, zone, [], [], [], question=task.question, task=task, task_repeat=repeat
            )
        end = read_series_end(text)
        if end is not None:  # "stop the weekly standup"
            return Reading(said, zone, [], [], [], series_end=end)
        if not self._confident(meetings):  # else a one-off said beside the habit wins
            series = read_series_request(
                text, local_now, self._extractor, threshold=self._threshold
            )
            if series is not None:  # "standup every weekday at 9:30"
                return Reading(said, zone, [], [], [], question=series.question, series=series)
        changes = changes_in(text, local_now, meetings)
        # "meeting at 25:00 tomorrow": not an all-day meeting tomorrow, a question.
        held = hold_back(text, meetings, changes, local_now)
        meetings, changes = held.meetings, held.changes
        new_times = tuple(new_time(change, meetings) for change in changes)
        if changes:
            meetings = [m for m in meetings if m.action not in ("cancel", "reschedule")]
            if any(c.new_start is not None for c in changes):
                meetings = []  # the time mentioned is the new time, not a new meeting
        return Reading(
            text=said,
            zone=zone,
            changes=changes,
            meetings=[m for m in meetings if m.confidence >= self._threshold],
            low_confidence=[m for m in meetings if m.confidence < self._threshold],
            new_times=new_times,
            question=held.question,
        )

    def _confident(self, meetings: Sequence[MeetingLike]) -> bool:
        """Whether a meeting to schedule was read ("remind me about the dentist at 3")."""
        return any(m.action == "schedule" and m.confidence >= self._threshold for m in meetings)

    async def apply(
        self,
        session: AsyncSession,
        reading: Reading,
        *,
        user_id: int,
        channel: str,
        message_id: int | None,
        now: dt.datetime,
    ) -> Analysis:
        """Store what :meth:`read` found on ``session`` (the caller commits); a reading
        without writes touches no database."""
        log.debug(
            "user %s: %d meeting(s), %d change(s) in message %s",
            user_id,
            len(reading.meetings) + len(reading.low_confidence),
            len(reading.changes),
            message_id,
        )
        result = reading.told()
        for meeting in reading.low_confidence:
            log.info(
                "user %s: low-confidence meeting %r (%.2f) not scheduled",
                user_id,
                meeting.event_name,
                meeting.confidence,
            )
        for i, change in enumerate(reading.changes):
            said = reading.new_times[i] if i < len(reading.new_times) else NewTime()
            await self._apply_change(
                session,
                change,
                said,
                user_id=user_id,
                channel=channel,
                now=now,
                zone=reading.zone,
                out=result,
            )
        for meeting in reading.meetings:
            await self._create(
                session,
                meeting,
                user_id=user_id,
                channel=channel,
                message_id=message_id,
                text=reading.text,
                now=now,
                out=result,
            )
        for noted in await series_changes(
            session,
            reading,
            user_id=user_id,
            channel=channel,
            message_id=message_id,
            now=now,
        ):
            if isinstance(noted, str):
                result.not_found = noted
            else:
                _sort_series(noted, result)
        if reading.task is not None and reading.task.start is not None and not reading.task_repeat:
            task = _task_row(reading.task, message_id=message_id, text=reading.text)
            await self._store(session, task, user_id=user_id, channel=channel, now=now, out=result)
        return result

    async def _apply_change(
        self,
        session: AsyncSession,
        change: Change,
        said: NewTime,
        *,
        user_id: int,
        channel: str,
        now: dt.datetime,
        zone: zoneinfo.ZoneInfo,
        out: Analysis,
    ) -> None:
        upcoming = await schedules.upcoming_schedules(session, user_id=user_id, now=now)
        candidates = on_the_new_day(match_schedules(upcoming, change, zone), change, zone)
        verb = "cancel" if change.action == "cancel" else "move"
        if not candidates:
            out.not_found = f"I couldn't find an upcoming meeting like that to {verb}."
            return
        if len(candidates) > 1:
            out.question = which_occurrence(candidates, change.action)
            if out.question is not None:  # occurrences of one repeating meeting
                return
            names = " or ".join(
                f"the {s.event_name} at {s.start_time.astimezone(zone):%a %H:%M}"
                for s in candidates[:3]
            )
            out.question = f"Which one should I {verb}: {names}?"
            return
        target = candidates[0]
        if change.action == "cancel":
            await schedule_changes.cancel_schedule(
                session,
                user_id=user_id,
                schedule=target,
                channel=channel,
                via="chat",
                now=now,
            )
            log.info("user %s: cancelled schedule %s", user_id, target.id)
            out.cancelled.append(target)
            return
        new_start = moved_start(change, target, zone)
        if said.meridiem_guessed and not change.date_stated and change.shift is None:
            new_start = earlier_reading(new_start, zone, now)
        new_end = None  # keeps the meeting's length
        if (
            change.new_end is not None
            and change.new_start is not None
            and change.new_end > change.new_start
            and change.time_stated
        ):
            new_end = new_start + (change.new_end - change.new_start)
        try:
            await schedule_changes.move_schedule(
                session,
                user_id=user_id,
                schedule=target,
                start=new_start,
                end=new_end,
                exact_time=said.exact,
                channel=channel,
                via="chat",
                now=now,
            )
        except schedule_changes.ScheduleClashError:
            out.not_found = "You already have that meeting at the new time."
            return
        log.info("user %s: moved schedule %s to %s", user_id, target.id, target.start_time)
        out.updated.append(target)

    async def _create(
        self,
        session: AsyncSession,
        meeting: MeetingLike,
        *,
        user_id: int,
        channel: str,
        message_id: int | None,
        text: str,
        now: dt.datetime,
        out: Analysis,
    ) -> None:
        new = schedule_changes.NewMeeting(
            event_name=meeting.event_name,
            start=meeting.start,
            end=meeting.end,
            confidence=float(meeting.confidence),
            message_id=message_id,
            source_text=text,
            span=meeting.span,
            time_is_approximate=bool(meeting.time_is_approximate),
        )
        await self._store(session, new, user_id=user_id, channel=channel, now=now, out=out)

    async def _store(
        self,
        session: AsyncSession,
        new: schedule_changes.NewMeeting,
        *,
        user_id: int,
        channel: str,
        now: dt.datetime,
        out: Analysis,
    ) -> None:
        """Create ``new``; sort the row into ``out``."""
        made = await schedule_changes.create_schedule(
            session, user_id=user_id, channel=channel, meeting=new, now=now
        )
        if made.outcome == "duplicate":
            log.debug("user %s: %r at %s already stored", user_id, new.event_name, new.start)
            out.duplicates.extend(made.rows)
            return
        if made.outcome == "restored":
            out.updated.extend(made.rows)
            return
        [row] = made.rows
        log.info(
            "user %s: scheduled %r at %s on %s (schedule %s)",
            user_id,
            row.event_name,
            row.start_time,
            channel,
            row.id,
        )
        out.created.append(row)


def _sort_series(change: SeriesChange, out: Analysis) -> None:
    """A change to a series into ``out``, with the occurrences it stored or cancelled."""
    out.series.append(change)
    if change.outcome == "created":
        out.created.extend(change.occurrences)
    elif change.outcome == "ended":
        out.cancelled.extend(change.occurrences)


def _task_row(
    task: TaskRequest, *, message_id: int | None, text: str
) -> schedule_changes.NewMeeting:
    """The ``user_schedules`` row of a task reminder: no end, reminded at ``start``."""
    assert task.task is not None and task.start is not None
    return schedule_changes.NewMeeting(
        event_name=task.task,
        start=task.start,
        message_id=message_id,
        source_text=text,
        span=task.span,
        time_is_approximate=task.approximate,
        kind="task",
    )
