"""Feature flags, the pure part: names, validation and the percentage-rollout evaluator.

A user is in a flag's rollout when the stable bucket of ``"{flag}:{user_id}"`` (0..9999,
from BLAKE2b) is below ``percent × 100``. Buckets never move, so everyone in at 15 % is still
in at 20 %, and percentages like 12.5 work. A flag without a stored row is on at 100 %.
The store that reads and writes flags lives in :mod:`companion_bot.ops.flag_store`.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from companion_bot.errors import InputError

PROACTIVE_FEATURES = "proactive_features"
MEETING_EXTRACTION = "meeting_extraction"
PROACTIVE_JOBS = "proactive_jobs"
FOLLOWUPS = "followups"

#: Every flag, in the rollback order of the deployment checklist (master switch last).
FLAG_NAMES: tuple[str, ...] = (PROACTIVE_JOBS, MEETING_EXTRACTION, FOLLOWUPS, PROACTIVE_FEATURES)

DESCRIPTIONS: dict[str, str] = {
    PROACTIVE_JOBS: "reminder and completion jobs send proactive messages",
    MEETING_EXTRACTION: "chat messages create, move and cancel schedules",
    FOLLOWUPS: "replies ask how a meeting without an end time went",
    PROACTIVE_FEATURES: "master switch: off turns every proactive feature off",
}

BUCKETS = 10_000  # 0.01 % steps


class UnknownFlagError(InputError):
    """There is no feature flag of that name."""

    user_message = "There is no feature flag of that name."


class InvalidRolloutError(InputError):
    """A rollout percentage must be a number from 0 to 100."""

    user_message = "A rollout percentage must be a number from 0 to 100."


@dataclass(frozen=True, slots=True)
class FlagState:
    """One flag as stored (or its default when no row exists: on at 100 %)."""

    name: str
    enabled: bool = True
    rollout_percent: float = 100.0

    def allows(self, user_id: int | None) -> bool:
        """Whether the flag is on for ``user_id``; without a user, whether it is on for anyone."""
        if not self.enabled:
            return False
        if user_id is None:
            return self.rollout_percent > 0
        return in_rollout(self.name, user_id, self.rollout_percent)


def check_name(name: str) -> str:
    """``name`` if it is a known flag, else :class:`UnknownFlagError` naming the valid ones."""
    if name not in FLAG_NAMES:
        raise UnknownFlagError(
            f"unknown flag {name!r}; valid flags: {', '.join(sorted(FLAG_NAMES))}"
        )
    return name


def check_percent(percent: float) -> float:
    """``percent`` as a float if it lies in 0..100, else :class:`InvalidRolloutError`."""
    value = float(percent)
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise InvalidRolloutError(f"rollout percent must be between 0 and 100, got {percent!r}")
    return value


def bucket(flag: str, user_id: int) -> int:
    """The user's stable bucket for ``flag``, 0..9999 (independent across flags)."""
    digest = hashlib.blake2b(f"{flag}:{user_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def in_rollout(flag: str, user_id: int, percent: float) -> bool:
    """Whether ``user_id`` falls within the first ``percent`` % of ``flag``'s buckets."""
    if percent >= 100:
        return True
    if percent <= 0:
        return False
    return bucket(flag, user_id) < round(percent * BUCKETS / 100)


def evaluate(state: FlagState | None, user_id: int | None) -> bool:
    """Whether a flag is on for ``user_id``; ``None`` (no stored row) means on at 100 %."""
    return True if state is None else state.allows(user_id)
