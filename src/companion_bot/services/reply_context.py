"""ReplyContext: everything one reply is made from, as pure data."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from companion_bot.services.message_analyzer import Analysis
from companion_bot.storage.models import UserSchedule


@dataclass(frozen=True)
class ReplyContext:
    """Everything a reply is made from; pure data."""

    text: str
    now: dt.datetime  # in the user's zone
    zone: zoneinfo.ZoneInfo
    lead_minutes: int
    reminders_on: bool
    history: list[tuple[str, str]] = field(default_factory=list)  # (role, content)
    upcoming: list[UserSchedule] = field(default_factory=list)
    analysis: Analysis = field(default_factory=Analysis)
    boundary: str | None = None
    answered: UserSchedule | None = None
    extraction_enabled: bool = True
