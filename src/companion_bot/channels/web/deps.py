"""FastAPI dependencies as ``Annotated`` aliases; everything comes from ``app.state``."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.config import Settings
from companion_bot.ports import Clock
from companion_bot.storage import db, users
from companion_bot.storage.models import User

from .security import LoginCache, Principal, token_from_request, token_hash

# Plain values are read in ``async def`` dependencies: FastAPI runs a sync ``def`` dependency
# in a worker thread, a costly hop for a field read.


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


async def get_now(request: Request) -> dt.datetime:
    """One clock read per request."""
    clock: Clock = request.app.state.clock
    return clock.now()


async def get_telegram_available(request: Request) -> bool:
    """Whether this server runs a Telegram bot (``COMPANION_TELEGRAM_BOT_TOKEN`` set)."""
    return getattr(request.app.state, "telegram_runtime", None) is not None


#: Methods whose requests only read: their sessions never take SQLite's write lock.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's session. A request that may write (POST, PUT, PATCH, DELETE) gets a
    writer session: each of its transactions begins as a writer at its first statement
    (``BEGIN IMMEDIATE`` on SQLite, waiting out the busy timeout for the write lock), so the
    login lookup and the reads before a write never fail on a lock upgrade. A GET reads."""
    sessions = request.app.state.sessionmaker
    opened = sessions() if request.method in READ_METHODS else db.writer_session(sessions)
    async with opened as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
ClockDep = Annotated[Clock, Depends(get_clock)]
NowDep = Annotated[dt.datetime, Depends(get_now)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
TelegramAvailableDep = Annotated[bool, Depends(get_telegram_available)]


def _unauthorized() -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail="Log in first (session cookie or 'Authorization: Bearer <token>').",
        headers={"WWW-Authenticate": "Bearer"},
    )


async def get_current_user(
    request: Request, session: SessionDep, settings: SettingsDep, now: NowDep
) -> User:
    """The logged-in user (session cookie or bearer token), else 401."""
    token = token_from_request(request)
    user = None
    if token:
        digest = token_hash(token, secret_key=settings.secret_key)
        user = await users.user_for_token(session, token_hash=digest, now=now)
        if request.method not in READ_METHODS:
            # End the lookup's transaction: a writer's lock is not held while the route checks
            # a password, nor while it writes through sessions of its own (the flag store).
            await session.commit()
    if user is None:
        raise _unauthorized()
    return user


async def get_principal(request: Request, settings: SettingsDep, now: NowDep) -> Principal:
    """The logged-in user's id and zone, from the login cache when recently checked."""
    return await _principal(request, settings, now)


@dataclass(frozen=True, slots=True)
class Poster:
    """Who posts a chat message, with the settings and the one clock read of the request."""

    principal: Principal
    settings: Settings
    now: dt.datetime


async def get_poster(request: Request) -> Poster:
    """:class:`Poster` in one dependency: FastAPI's solving of each one costs more than the
    field reads themselves, on the route every chat message takes."""
    settings: Settings = request.app.state.settings
    clock: Clock = request.app.state.clock
    now = clock.now()
    return Poster(await _principal(request, settings, now), settings, now)


async def _principal(request: Request, settings: Settings, now: dt.datetime) -> Principal:
    token = token_from_request(request)
    if not token:
        raise _unauthorized()
    digest = token_hash(token, secret_key=settings.secret_key)
    cache: LoginCache = request.app.state.login_cache
    principal = cache.get(digest, now)
    if principal is None:
        version = cache.version()
        async with request.app.state.sessionmaker() as session:
            user = await users.user_for_token(session, token_hash=digest, now=now)
        if user is None:
            raise _unauthorized()
        principal = Principal(user_id=user.id, timezone=user.timezone)
        cache.put(digest, principal, now, version=version)
    return principal


CurrentUser = Annotated[User, Depends(get_current_user)]
CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
PosterDep = Annotated[Poster, Depends(get_poster)]
