"""The kinds of proactive message and the states of one, as stored in ``proactive_sessions``."""

from __future__ import annotations

from enum import StrEnum


class SessionType(StrEnum):
    PREPARATION_REMINDER = "preparation_reminder"  # before a meeting
    COMPLETION = "completion"  # "how did it go?" after a meeting with an end time
    FOLLOWUP = "followup"  # the same question slipped into the next reply (no end time)
    SNOOZE = "snooze"  # a reminder the user snoozed, sent again later
    TASK_REMINDER = "task_reminder"  # "remind me to call mom at 6": at the time itself


class SessionStatus(StrEnum):
    PENDING = "pending"  # planned, due at ``due_at`` (or retried at ``next_attempt_at``)
    SENT = "sent"
    FAILED = "failed"  # given up: permanent failure or retries exhausted
    SKIPPED = "skipped"  # decided not to send; ``reason`` says why
