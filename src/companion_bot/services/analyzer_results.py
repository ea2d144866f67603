"""What :class:`.message_analyzer.MessageAnalyzer` returns: a :class:`Reading` (what a message
says about meetings, before anything is stored) and an :class:`Analysis` (what applying it
changed, and what the reply should ask or admit)."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field

from companion_bot.proactive.recurrence import Recurrence
from companion_bot.storage.models import UserSchedule

from .moved_times import NewTime
from .recurring_requests import SeriesEnd, SeriesRequest
from .schedule_matching import Change, MeetingLike
from .series import SeriesChange
from .task_requests import TaskRequest


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
    # Repeating meetings noted, found already noted, found over, or stopped; their
    # occurrences are in ``created`` (the coming ones stored) or ``cancelled`` too.
    series: list[SeriesChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        noted = any(s.outcome in ("created", "ended") for s in self.series)
        return bool(self.created or self.updated or self.cancelled or noted)


@dataclass(frozen=True)
class Reading:
    """What one message says about meetings, before anything is stored."""

    text: str
    zone: zoneinfo.ZoneInfo
    changes: list[Change]
    meetings: list[MeetingLike]  # to schedule (at or above the confidence threshold)
    low_confidence: list[MeetingLike]
    new_times: tuple[NewTime, ...] = ()  # one per change, in order
    question: str | None = None  # a meeting held back: "25:00 isn't a time I know — …?"
    task: TaskRequest | None = None  # "remind me to …": a task to note (when it has a time)
    task_repeat: Recurrence | None = None  # "… every day at 9pm": the task repeats so
    series: SeriesRequest | None = None  # "standup every weekday at 9:30"
    series_end: SeriesEnd | None = None  # "stop the weekly standup"

    @property
    def writes(self) -> bool:
        """Whether applying it may change a schedule (else it needs no database)."""
        noted = self.series is not None and self.series.recurrence is not None
        task = self.task is not None and self.task.start is not None
        return bool(self.changes or self.meetings or task or noted or self.series_end)

    def told(self) -> Analysis:
        """What the reading tells the user before anything is stored (its unsure meetings
        and its question): the whole analysis of a reading that does not write."""
        return Analysis(low_confidence=list(self.low_confidence), question=self.question)
