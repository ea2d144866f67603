"""Analytics: one ``analytics_events`` row per event the success metrics count."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage.models import ANALYTICS_EVENTS as EVENTS
from companion_bot.storage.models import AnalyticsEvent

log = logging.getLogger(__name__)


class Analytics:
    """Adds events to the caller's session; they commit with the change they describe."""

    def record(
        self,
        session: AsyncSession,
        name: str,
        *,
        user_id: int | None,
        value: float | None = None,
        **properties: Any,
    ) -> AnalyticsEvent:
        if name not in EVENTS:
            raise ValueError(f"unknown analytics event {name!r}; known: {sorted(EVENTS)}")
        event = AnalyticsEvent(user_id=user_id, name=name, value=value, properties=properties)
        session.add(event)
        log.debug("analytics %s user=%s %s", name, user_id, properties)
        return event
