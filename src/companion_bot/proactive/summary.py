"""What one pass of the proactive job did: sent, skipped (and why), waiting, failed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Outcome:
    """One schedule's (or one morning agenda's) result in a pass."""

    kind: str  # preparation_reminder | completion | snooze | task_reminder | morning_agenda
    outcome: str  # sent | skipped | deferred | retry | failed | unknown | held
    schedule_id: int | None  # None: a morning agenda (``session_id`` is its row)
    user_id: int
    channel: str
    event_name: str
    reason: str | None = None
    session_id: int | None = None
    at: dt.datetime | None = None  # due time, or when a deferred/retried message goes out

    def line(self) -> str:
        """One human-readable line, as ``jobs run-once`` prints it."""
        subject = (
            f"schedule={self.schedule_id}"
            if self.schedule_id is not None
            else f"agenda={self.session_id}"
        )
        parts = [
            f"{self.outcome:<8}",
            f"{self.kind:<20}",
            subject,
            f"user={self.user_id}",
            f"channel={self.channel}",
            f"event={self.event_name!r}",
        ]
        if self.reason:
            parts.append(f"reason={self.reason}")
        if self.at is not None:
            parts.append(f"at={self.at.astimezone(dt.UTC).isoformat(timespec='seconds')}")
        return " ".join(parts)


@dataclass
class RunSummary:
    """Everything one ``check_and_send_…`` call did."""

    kind: str
    now: dt.datetime
    disabled: bool = False  # the proactive_jobs flag (or the master flag) is off
    outcomes: list[Outcome] = field(default_factory=list)

    def by_outcome(self, outcome: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.outcome == outcome]

    @property
    def sent(self) -> list[Outcome]:
        return self.by_outcome("sent")

    @property
    def skipped(self) -> list[Outcome]:
        return self.by_outcome("skipped")

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for o in self.outcomes:
            counts[o.outcome] = counts.get(o.outcome, 0) + 1
        return counts

    def lines(self) -> list[str]:
        head = f"{self.kind}: " + (
            "disabled by feature flag, nothing sent"
            if self.disabled
            else ", ".join(f"{n} {k}" for k, n in sorted(self.counts().items())) or "nothing due"
        )
        return [head, *(f"  {o.line()}" for o in self.outcomes)]
