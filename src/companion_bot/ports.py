"""The seams between layers, each a Protocol in this one place, with the values they carry.

Channels implement :class:`Sender`; the pipeline and the proactive engine receive a
:class:`Clock`, a :class:`FlagReader`, a :class:`ChatClient` and a :class:`FollowupHook`;
channels call the pipeline through :class:`MessagePipeline`. Tests pass fakes of the same
shapes (``companion_bot.testing``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from companion_bot.storage.models import Message, ScheduleChange, UserSchedule


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class FlagReader(Protocol):
    """Feature flags as the code reads them: on or off for this user right now."""

    async def enabled(self, name: str, *, user_id: int | None = None) -> bool: ...


class ChatClient(Protocol):
    """An OpenAI-compatible chat model: ``chat`` answers ``None`` when it is not configured
    or failed."""

    @property
    def configured(self) -> bool: ...

    async def chat(self, messages: Sequence[Mapping[str, str]]) -> str | None: ...


class Extractor(Protocol):
    """Finds meetings in one message (``companion_bot.extraction.MeetingExtractor``)."""

    def extract(self, text: str, now: dt.datetime) -> Sequence[Any]: ...


# --- outbound messages: what the proactive engine hands to a channel -----------------------


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
    # A message that belongs to no proactive session (the morning agenda): its unique key,
    # stored on the web's copy so that a repeated send finds the first one.
    client_key: str | None = None


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


@runtime_checkable
class BatchSender(Protocol):
    """A sender that also takes a batch at once (the web channel: one transaction)."""

    async def send_many(self, messages: Sequence[OutboundMessage]) -> list[DeliveryResult]: ...


# --- follow-ups: a question the pipeline slips into its next reply --------------------------


class Followup(Protocol):
    @property
    def schedule_id(self) -> int: ...
    @property
    def proactive_session_id(self) -> int: ...
    @property
    def question(self) -> str: ...


class FollowupHook(Protocol):
    async def followup_for(
        self, *, user_id: int, channel: str, now: dt.datetime
    ) -> Followup | None: ...


# --- the conversation pipeline as channels call it -----------------------------------------


class HandledMessage(Protocol):
    """What the conversation pipeline returns for one user message."""

    @property
    def user_message(self) -> Message: ...
    @property
    def reply(self) -> Message: ...
    @property
    def created(self) -> Sequence[UserSchedule]: ...
    @property
    def updated(self) -> Sequence[UserSchedule]: ...
    @property
    def cancelled(self) -> Sequence[UserSchedule]: ...
    @property
    def undo(self) -> ScheduleChange | None:
        """The change an undo would take back, when this message made it (read in the
        transaction that made it)."""


class MessagePipeline(Protocol):
    """``companion_bot.services.message_handler.MessageHandler`` as channels see it."""

    async def handle(
        self,
        *,
        user_id: int,
        channel: str,
        text: str,
        now: dt.datetime,
        client_key: str | None = None,
    ) -> HandledMessage:
        """``client_key`` (an Idempotency-Key, a Telegram update id) makes a repeat of
        the same message store nothing: it raises ``AlreadyReceivedError`` instead."""
        ...
