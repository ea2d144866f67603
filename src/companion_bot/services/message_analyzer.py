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
import re
import time
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.extraction import parse_times
from companion_bot.ops import metrics
from companion_bot.proactive.claims import reset_after_reschedule
from companion_bot.storage import repo, repo_conversation
from companion_bot.storage.models import UserSchedule

log = logging.getLogger(__name__)

CANCEL_WORDS = re.compile(
    r"\b(cancel(?:l?ed|s|ling)?|called off|call(?:ing)? off|not happening|scrapped|"
    r"no longer (?:on|happening))\b",
    re.IGNORECASE,
)
MOVE_WORDS = re.compile(
    r"\b(moved?|moving|pushed|push|postponed?|reschedul\w*|shifted|bumped|changed to)\b",
    re.IGNORECASE,
)
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "this",
        "that",
        "with",
        "at",
        "on",
        "in",
        "for",
        "to",
        "of",
        "and",
        "or",
        "is",
        "was",
        "got",
        "has",
        "have",
        "been",
        "be",
        "it",
        "its",
        "i",
        "me",
        "we",
    ]
)
#: Words that name no particular meeting ("my 3pm meeting moved"): never used to match.
GENERIC = frozenset({"meeting", "meetings", "call", "appointment", "event", "thing", "one"})
SOURCE_TEXT_CHARS = 500


class MeetingLike(Protocol):
    """What the extractor returns per meeting (companion_bot.extraction.ExtractedMeeting)."""

    @property
    def event_name(self) -> str: ...
    @property
    def start(self) -> dt.datetime: ...
    @property
    def end(self) -> dt.datetime | None: ...
    @property
    def grain(self) -> str: ...
    @property
    def confidence(self) -> float: ...
    @property
    def span(self) -> tuple[int, int]: ...
    @property
    def action(self) -> str: ...
    @property
    def previous_start(self) -> dt.datetime | None: ...
    @property
    def time_is_approximate(self) -> bool: ...


class ExtractorLike(Protocol):
    def extract(self, text: str, now: dt.datetime) -> Sequence[Any]: ...


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


@dataclass(frozen=True, slots=True)
class _Change:
    action: str  # "cancel" | "reschedule"
    words: frozenset[str]
    old_time: dt.datetime | None  # when the meeting meant starts, as said
    new_start: dt.datetime | None = None
    new_end: dt.datetime | None = None
    old_grain: str = "minute"  # "day": only the date of old_time was said


def words_of(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9\-]+", text.lower()) if w not in STOPWORDS)


def user_zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def same_meeting(name_a: str, name_b: str) -> bool:
    """Two names at the same start time mean the same meeting when they share a word."""
    a, b = words_of(name_a), words_of(name_b)
    return name_a.strip().lower() == name_b.strip().lower() or bool(a & b)


class MessageAnalyzer:
    def __init__(
        self,
        db: async_sessionmaker[AsyncSession],
        meeting_extractor: ExtractorLike,
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
                user = await repo.get_user(session, user_id=user_id)
                if user is None:
                    raise LookupError(f"no user {user_id}")
                timezone = user.timezone
        zone = user_zone(timezone)
        local_now = now.astimezone(zone)
        started = time.perf_counter()
        meetings: list[MeetingLike] = list(self._extractor.extract(text, local_now))
        metrics.observe_extraction(time.perf_counter() - started, [m.confidence for m in meetings])
        log.debug(
            "user %s: extracted %d meeting(s) from message %s", user_id, len(meetings), message_id
        )
        result = Analysis()
        changes = self._changes(text, local_now, meetings)
        if changes:
            meetings = [m for m in meetings if m.action not in ("cancel", "reschedule")]
            if any(c.new_start is not None for c in changes):
                meetings = []  # the time mentioned is the new time, not a new meeting
        for change in changes:
            await self._apply_change(change, user_id=user_id, now=now, zone=zone, out=result)
        for meeting in meetings:
            if meeting.confidence < self._threshold:
                log.info(
                    "user %s: low-confidence meeting %r (%.2f) not scheduled",
                    user_id,
                    meeting.event_name,
                    meeting.confidence,
                )
                result.low_confidence.append(meeting)
                continue
            await self._create(
                meeting,
                user_id=user_id,
                channel=channel,
                message_id=message_id,
                text=text,
                out=result,
            )
        metrics.count_schedule_changes(
            created=len(result.created),
            updated=len(result.updated),
            cancelled=len(result.cancelled),
        )
        return result

    def _changes(
        self, text: str, local_now: dt.datetime, meetings: Sequence[MeetingLike]
    ) -> list[_Change]:
        explicit = [_explicit_change(m) for m in meetings if m.action in ("cancel", "reschedule")]
        if explicit:
            return explicit
        # The extractor saw no change; the words may still say one ("the interview got
        # cancelled", "my 3pm moved to 4").
        mentions = parse_times(text, local_now)
        if CANCEL_WORDS.search(text):
            old = mentions[0].start if mentions else None
            return [_Change("cancel", words_of(text), old)]
        if MOVE_WORDS.search(text) and (mentions or meetings):
            scheduled = [m for m in meetings if m.action == "schedule"]
            new_start = scheduled[-1].start if scheduled else mentions[-1].start
            new_end = scheduled[-1].end if scheduled else None
            old = mentions[0].start if len(mentions) >= 2 else None
            return [_Change("reschedule", words_of(text), old, new_start, new_end)]
        return []

    async def _apply_change(
        self,
        change: _Change,
        *,
        user_id: int,
        now: dt.datetime,
        zone: zoneinfo.ZoneInfo,
        out: Analysis,
    ) -> None:
        async with self._db() as session:
            await repo_conversation.begin_write(session)
            upcoming = await repo.upcoming_schedules(session, user_id=user_id, now=now)
            candidates = _match(upcoming, change, zone)
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
            assert change.new_start is not None
            new_start = _on_day(change.new_start, target, zone, now)
            length = (target.end_time - target.start_time) if target.end_time else None
            target.start_time = new_start.astimezone(dt.UTC)
            if change.new_end is not None and change.new_end > change.new_start:
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
            await repo_conversation.begin_write(session)
            existing = await repo_conversation.schedules_at(
                session, user_id=user_id, start_time=start
            )
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
                    rows = await repo_conversation.schedules_at(
                        again, user_id=user_id, start_time=start
                    )
                out.duplicates.extend(r for r in rows if r.event_name == name)
                return
            await session.refresh(row)
        log.info(
            "user %s: scheduled %r at %s on %s (schedule %s)", user_id, name, start, channel, row.id
        )
        out.created.append(row)


def _explicit_change(m: MeetingLike) -> _Change:
    if m.action == "reschedule":
        return _Change("reschedule", words_of(m.event_name), m.previous_start, m.start, m.end)
    if m.grain == "day" and m.time_is_approximate:  # no time said: match by name only
        return _Change("cancel", words_of(m.event_name), None)
    return _Change("cancel", words_of(m.event_name), m.start, old_grain=m.grain)


def _match(
    upcoming: Sequence[UserSchedule], change: _Change, zone: zoneinfo.ZoneInfo
) -> list[UserSchedule]:
    words = change.words - GENERIC
    by_name = [s for s in upcoming if (words_of(s.event_name) - GENERIC) & words]
    if not by_name and change.old_time is None:
        # Only a generic word ("the meeting got cancelled"): the meetings it can name.
        generic = change.words & GENERIC
        by_name = [s for s in upcoming if words_of(s.event_name) & generic]
    pool = by_name or (list(upcoming) if change.old_time is not None else [])
    if change.old_time is not None:
        wanted = change.old_time.astimezone(zone)
        if change.old_grain == "day":
            timed = [s for s in pool if s.start_time.astimezone(zone).date() == wanted.date()]
        else:
            timed = [
                s
                for s in pool
                if (local := s.start_time.astimezone(zone)).hour == wanted.hour
                and local.minute == wanted.minute
            ]
        if timed or not by_name:
            pool = timed
    return pool


def _on_day(
    new_start: dt.datetime, target: UserSchedule, zone: zoneinfo.ZoneInfo, now: dt.datetime
) -> dt.datetime:
    """The new start; a bare time ("moved to 4", read as today) keeps the meeting's day."""
    local_new = new_start.astimezone(zone)
    local_old = target.start_time.astimezone(zone)
    if local_new.date() == now.astimezone(zone).date() != local_old.date():
        return local_new.replace(year=local_old.year, month=local_old.month, day=local_old.day)
    return local_new
