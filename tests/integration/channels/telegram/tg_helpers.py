"""Telegram test helpers: update builders and a recording conversation pipeline."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from companion_bot.channels.telegram.ratelimit import Limits

# Wednesday 25 November 2026, 09:00 UTC (10:00 in Berlin).
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)

#: Rate limits that never make a test wait.
FAST = Limits(global_rate=1000, global_burst=1000, chat_rate=1000, chat_burst=1000)

ADA = {"id": 7001, "is_bot": False, "first_name": "Ada", "username": "ada_l"}
BOB = {"id": 7002, "is_bot": False, "first_name": "Bob", "username": "bob_b"}

_message_ids = itertools.count(1)

#: The ``say`` fixture: push an update, get the texts the bot sent back to that chat.
Say = Callable[..., Awaitable[list[str]]]


def message_update(sender: dict[str, Any], text: str) -> dict[str, Any]:
    """An update with a private-chat message (a command gets its bot_command entity)."""
    message: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(NOW.timestamp()),
        "chat": {"id": sender["id"], "type": "private", "first_name": sender["first_name"]},
        "from": sender,
        "text": text,
    }
    if text.startswith("/"):
        length = len(text.split()[0])
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return {"message": message}


def callback_update(sender: dict[str, Any], data: str) -> dict[str, Any]:
    """A press of an inline button with ``data`` under a bot message."""
    return {
        "callback_query": {
            "id": f"cb{next(_message_ids)}",
            "from": sender,
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": next(_message_ids),
                "date": int(NOW.timestamp()),
                "chat": {"id": sender["id"], "type": "private"},
                "text": "a bot message with buttons",
            },
        }
    }


@dataclass(frozen=True)
class FakeReply:
    content: str


@dataclass(frozen=True)
class FakeResult:
    reply: FakeReply


@dataclass
class RecordingHandler:
    """Stands in for the conversation pipeline: records calls, answers ``Heard: <text>``."""

    calls: list[dict[str, Any]] = field(default_factory=list)
    keys: list[str | None] = field(default_factory=list)  # each call's client_key

    async def handle(
        self,
        *,
        user_id: int,
        channel: str,
        text: str,
        now: dt.datetime,
        client_key: str | None = None,
    ) -> FakeResult:
        self.calls.append({"user_id": user_id, "channel": channel, "text": text, "now": now})
        self.keys.append(client_key)
        return FakeResult(FakeReply(f"Heard: {text}"))
