"""Accounts: sign up, log in, log out (here or everywhere), change password, who am I.

A login gives an HTTP-only, SameSite=Lax session cookie (``Secure`` in production) and, in
the JSON body, the same token for API clients (``Authorization: Bearer <token>``).
"""

from __future__ import annotations

import datetime as dt
import logging

from fastapi import APIRouter, HTTPException, Request, Response, status
from sqlalchemy.exc import IntegrityError

from companion_bot.config import Environment, Settings
from companion_bot.storage import users
from companion_bot.storage.db import begin_write
from companion_bot.storage.models import User

from .deps import CurrentUser, NowDep, SessionDep, SettingsDep, TelegramAvailableDep
from .ratelimit import Limiter
from .schemas import (
    AUTH_ERRORS,
    BODY_ERRORS,
    WRITE_ERRORS,
    AuthOut,
    LoginIn,
    PasswordChangeIn,
    SignupIn,
    UserOut,
    error,
    user_out,
)
from .security import (
    COOKIE_NAME,
    SESSION_DAYS,
    Passwords,
    new_token,
    token_from_request,
    token_hash,
)

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/auth", tags=["accounts"])

#: Login attempts allowed per username per minute (per client address: the setting
#: ``login_attempts_per_address_per_minute``).
LOGIN_ATTEMPTS_PER_MINUTE = 10


def client_address(request: Request) -> str:
    """The caller's address (a trusted proxy's ``X-Forwarded-For``, as uvicorn applies it)."""
    return request.client.host if request.client else "unknown"


async def _limit(limiter: Limiter, key: str, now: dt.datetime, what: str) -> None:
    """Count one login attempt against ``key``; 429 with ``Retry-After`` past the limit (503
    when the limit is shared and Redis cannot be reached: ``LimiterUnavailableError``)."""
    wait = await limiter.take(key, now)
    if wait is not None:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=f"Too many login attempts for this {what}; wait a minute.",
            headers={"Retry-After": str(int(wait))},
        )


async def password_again(request: Request, user: User, password: str, now: dt.datetime) -> bool:
    """Whether ``password`` is the logged-in user's, asked again before a grave change
    (password change, account deletion); counted against the username's login attempts
    (429 past the limit), so it cannot be used to guess passwords faster than logging in."""
    await _limit(
        request.app.state.login_limiter, (user.username or str(user.id)).lower(), now, "username"
    )
    return await _passwords(request).verify(password, user.password_hash)


def _passwords(request: Request) -> Passwords:
    passwords: Passwords = request.app.state.passwords
    return passwords


async def _start_session(
    response: Response,
    *,
    session: SessionDep,
    settings: Settings,
    user: User,
    now: dt.datetime,
    telegram_available: bool,
) -> AuthOut:
    await begin_write(session)  # no-op after signup's write; after login's read, a writer
    token = new_token()
    expires = now + dt.timedelta(days=SESSION_DAYS)
    await users.delete_expired_auth_sessions(session, user_id=user.id, now=now)
    await users.create_auth_session(
        session,
        user_id=user.id,
        token_hash=token_hash(token, secret_key=settings.secret_key),
        expires_at=expires,
    )
    await session.commit()
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=SESSION_DAYS * 86400,
        httponly=True,
        samesite="lax",
        secure=settings.environment is Environment.PRODUCTION,
        path="/",
    )
    return AuthOut(user=user_out(user, telegram_available=telegram_available), token=token)


@router.post(
    "/signup",
    status_code=status.HTTP_201_CREATED,
    responses={
        **WRITE_ERRORS,
        **BODY_ERRORS,
        409: error("That username is taken"),
        429: error("Too many sign-ins at once (Retry-After)"),
    },
)
async def signup(
    body: SignupIn,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    telegram_available: TelegramAvailableDep,
) -> AuthOut:
    """Create an account (username, password of 8+ characters, IANA time zone) and log in."""
    password_hash = await _passwords(request).hash(body.password)
    # A writer from the start: on SQLite a read that later writes fails at once ("database is
    # locked") when another connection wrote in between.
    await begin_write(session)
    if await users.get_user_by_username(session, username=body.username) is not None:
        raise HTTPException(status.HTTP_409_CONFLICT, detail="That username is taken.")
    try:
        user = await users.create_user(
            session, username=body.username, password_hash=password_hash, timezone=body.timezone
        )
        user.timezone_confirmed = True  # chosen at onboarding
        await session.flush()
    except IntegrityError as exc:  # the same name, signed up a moment ago
        raise HTTPException(status.HTTP_409_CONFLICT, detail="That username is taken.") from exc
    log.info("signed up", extra={"action": "signup", "user_id": user.id})
    return await _start_session(
        response,
        session=session,
        settings=settings,
        user=user,
        now=now,
        telegram_available=telegram_available,
    )


@router.post(
    "/login",
    responses={
        **WRITE_ERRORS,
        **BODY_ERRORS,
        401: error("Wrong username or password"),
        429: error("Too many attempts for this username or address (Retry-After)"),
    },
)
async def login(
    body: LoginIn,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    telegram_available: TelegramAvailableDep,
) -> AuthOut:
    """Log in with ``{username, password}``."""
    await _limit(request.app.state.login_address_limiter, client_address(request), now, "address")
    await _limit(request.app.state.login_limiter, body.username.lower(), now, "username")
    user = await users.get_user_by_username(session, username=body.username)
    await session.commit()  # end the read: no write lock held while the password is checked
    ok = await _passwords(request).verify(body.password, user.password_hash if user else None)
    if user is None or not ok:
        log.info("login refused", extra={"action": "login_failed"})
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Wrong username or password.")
    log.info("logged in", extra={"action": "login", "user_id": user.id})
    return await _start_session(
        response,
        session=session,
        settings=settings,
        user=user,
        now=now,
        telegram_available=telegram_available,
    )


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=WRITE_ERRORS)
async def logout(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    """End this login (cookie or bearer token); harmless when not logged in."""
    token = token_from_request(request)
    if token:
        digest = token_hash(token, secret_key=settings.secret_key)
        await users.delete_auth_session(session, token_hash=digest)
        await session.commit()
    return logged_out()


@router.post(
    "/logout-all",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**WRITE_ERRORS, **AUTH_ERRORS},
)
async def logout_everywhere(user: CurrentUser, session: SessionDep) -> Response:
    """End every login of my account, on every device and in every server process, this
    one included."""
    ended = await users.end_logins(session, user_id=user.id)
    await session.commit()
    log.info(
        "logged out everywhere",
        extra={"action": "logout_all", "user_id": user.id, "logins_ended": ended},
    )
    return logged_out()


@router.post(
    "/password",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={
        **WRITE_ERRORS,
        **BODY_ERRORS,
        **AUTH_ERRORS,
        403: error("Wrong current password: nothing changed (or a cross-site request)"),
        429: error("Too many attempts for this username (Retry-After)"),
    },
)
async def change_password(
    body: PasswordChangeIn,
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
) -> Response:
    """Change my password (the current one is needed). Every other login of the account
    ends; this one stays."""
    if not await password_again(request, user, body.current_password, now):
        log.info(
            "password change refused",
            extra={"action": "password_change_refused", "user_id": user.id},
        )
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, detail="Wrong current password; nothing changed."
        )
    user.password_hash = await _passwords(request).hash(body.new_password)
    token = token_from_request(request)
    keep = token_hash(token, secret_key=settings.secret_key) if token else None
    ended = await users.end_logins(session, user_id=user.id, keep_token_hash=keep)
    await session.commit()
    log.info(
        "password changed",
        extra={"action": "password_changed", "user_id": user.id, "logins_ended": ended},
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def logged_out() -> Response:
    """204 that also clears this browser's session cookie."""
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax")
    return response


@router.get("/me", responses=AUTH_ERRORS)
async def me(user: CurrentUser, telegram_available: TelegramAvailableDep) -> UserOut:
    """The logged-in account."""
    return user_out(user, telegram_available=telegram_available)
