"""The one small interface every channel implements for outbound messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class DeliveryStatus(StrEnum):
    DELIVERED = "delivered"
    RETRY_LATER = "retry_later"  # a temporary failure: try again after `retry_after`
    PERMANENT_FAILURE = "permanent_failure"  # e.g. the user blocked the bot: never retry
    UNKNOWN = "unknown"  # the request left but no answer came back (a read timeout)


@dataclass(frozen=True, slots=True)
class QuickAction:
    """A button under a proactive message; ``data`` is what comes back when pressed."""

    label: str
    data: str


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    user_id: int
    text: str
    proactive_session_id: int | None = None
    schedule_id: int | None = None
    actions: tuple[QuickAction, ...] = field(default=())
    # A question about ``schedule_id`` ("How did the team meeting go?"): the answer is linked.
    is_question: bool = False


@dataclass(frozen=True, slots=True)
class DeliveryResult:
    status: DeliveryStatus
    retry_after: float | None = None  # seconds, when the channel said how long to wait
    error: str | None = None
    message_id: int | None = None  # the stored bot message (web) or the channel's id

    @property
    def delivered(self) -> bool:
        return self.status is DeliveryStatus.DELIVERED


class Sender(Protocol):
    """Sends text to one user on one channel and says how it went; never raises for a
    channel failure (that is what ``DeliveryResult`` is for)."""

    channel: str

    async def send(self, message: OutboundMessage) -> DeliveryResult: ...
