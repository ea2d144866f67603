"""FastAPI dependencies as ``Annotated`` aliases; everything comes from ``app.state``."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.config import Settings
from companion_bot.ops.clock import Clock


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def get_now(request: Request) -> dt.datetime:
    """One clock read per request."""
    return get_clock(request).now()


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.sessionmaker() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
ClockDep = Annotated[Clock, Depends(get_clock)]
NowDep = Annotated[dt.datetime, Depends(get_now)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
