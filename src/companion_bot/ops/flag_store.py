"""FlagStore: feature flags from the ``feature_flags`` table behind a short cache.

Every process (web app, Telegram, job loop, Celery task, CLI) reads flags through one
:class:`FlagStore`. Reads are served from a cache of all rows that lives ``ttl_seconds``
(5 s by default), so a flag flipped anywhere takes effect everywhere within seconds and
without a restart; a change made through this store is seen by it at once. When the
database cannot be read, the last known flags are kept for another ``ttl_seconds``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.ops.flags import (
    DESCRIPTIONS,
    FLAG_NAMES,
    FlagState,
    check_name,
    check_percent,
    evaluate,
)
from companion_bot.ports import Clock
from companion_bot.storage import flags
from companion_bot.storage.models import FeatureFlag

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FlagView:
    """A flag as an operator sees it: ``stored`` is False while it is at its default."""

    name: str
    enabled: bool
    rollout_percent: float
    description: str
    stored: bool
    updated_at: dt.datetime | None

    @property
    def state(self) -> FlagState:
        return FlagState(self.name, self.enabled, self.rollout_percent)


class FlagStore:
    """The ``FlagReader`` of the pipeline and the proactive job, and the flags' writer."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        ttl_seconds: float = 5.0,
    ) -> None:
        self._sessions = sessionmaker
        self._clock = clock
        self._ttl = dt.timedelta(seconds=ttl_seconds)
        self._states: dict[str, FlagState] | None = None
        self._expires: dt.datetime | None = None
        self._lock = asyncio.Lock()

    @property
    def ttl_seconds(self) -> float:
        return self._ttl.total_seconds()

    async def enabled(self, name: str, *, user_id: int | None = None) -> bool:
        """Whether flag ``name`` is on (for ``user_id``'s rollout bucket when given)."""
        check_name(name)
        states = await self._current()
        return evaluate(states.get(name), user_id)

    async def list(self) -> list[FlagView]:
        """Every known flag, read fresh from the database, in rollback order."""
        async with self._sessions() as session:
            rows = {row.name: row for row in await flags.all_flags(session)}
        self._remember({name: _state(row) for name, row in rows.items()}, self._clock.now())
        return [_view(name, rows.get(name)) for name in FLAG_NAMES]

    async def set(self, name: str, on: bool) -> FlagView:
        """Turn flag ``name`` on or off (its rollout percentage is kept)."""
        return await self.update(name, enabled=on)

    async def rollout(self, name: str, percent: float) -> FlagView:
        """Set flag ``name``'s rollout percentage (0..100; on/off is kept)."""
        return await self.update(name, rollout_percent=percent)

    async def update(
        self, name: str, *, enabled: bool | None = None, rollout_percent: float | None = None
    ) -> FlagView:
        """Change either or both settings of flag ``name``; returns the stored flag."""
        check_name(name)
        percent = None if rollout_percent is None else check_percent(rollout_percent)
        now = self._clock.now()
        async with self._sessions() as session, session.begin():
            row = await flags.upsert_flag(
                session,
                name=name,
                now=now,
                enabled=enabled,
                rollout_percent=percent,
                description=DESCRIPTIONS[name],
            )
            view = _view(name, row)
        self.invalidate()
        log.info(
            "feature flag changed",
            extra={
                "action": "flag_changed",
                "flag": name,
                "enabled": view.enabled,
                "rollout_percent": view.rollout_percent,
            },
        )
        return view

    def invalidate(self) -> None:
        """Forget the cache: the next read goes to the database."""
        self._expires = None

    async def _current(self) -> Mapping[str, FlagState]:
        now = self._clock.now()
        if self._states is not None and self._expires is not None and now < self._expires:
            return self._states
        async with self._lock:
            if self._states is not None and self._expires is not None and now < self._expires:
                return self._states  # another task refreshed while this one waited
            try:
                async with self._sessions() as session:
                    rows = await flags.all_flags(session)
            except Exception:
                if self._states is None:
                    raise
                log.warning(
                    "cannot read feature flags; keeping the last known values",
                    exc_info=True,
                    extra={"action": "flags_stale"},
                )
                self._expires = now + self._ttl
                return self._states
            return self._remember({row.name: _state(row) for row in rows}, now)

    def _remember(self, states: dict[str, FlagState], now: dt.datetime) -> dict[str, FlagState]:
        self._states = states
        self._expires = now + self._ttl
        return states


def _state(row: FeatureFlag) -> FlagState:
    return FlagState(row.name, bool(row.enabled), float(row.rollout_percent))


def _view(name: str, row: FeatureFlag | None) -> FlagView:
    if row is None:
        return FlagView(name, True, 100.0, DESCRIPTIONS[name], stored=False, updated_at=None)
    return FlagView(
        name,
        bool(row.enabled),
        float(row.rollout_percent),
        DESCRIPTIONS[name],
        stored=True,
        updated_at=row.updated_at,
    )
