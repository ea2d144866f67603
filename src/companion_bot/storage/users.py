"""Users: accounts, their preferences, Telegram identities and web sign-in sessions."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Dialect,
    Integer,
    Select,
    String,
    Table,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import instance_dict
from sqlalchemy.orm.instrumentation import manager_of_class

from companion_bot.storage import db, notify
from companion_bot.storage.models import (
    AuthSession,
    GreetingPreferences,
    Message,
    User,
    UserSchedule,
)


async def create_user(
    session: AsyncSession,
    *,
    username: str | None = None,
    password_hash: str | None = None,
    timezone: str = "UTC",
    telegram_id: int | None = None,
    telegram_chat_id: int | None = None,
    is_admin: bool = False,
) -> User:
    """Insert a user; the database trigger creates its greeting preferences."""
    user = User(
        username=username,
        password_hash=password_hash,
        timezone=timezone,
        telegram_id=telegram_id,
        telegram_chat_id=telegram_chat_id,
        is_admin=is_admin,
    )
    session.add(user)
    await session.flush()
    return user


async def get_user(session: AsyncSession, *, user_id: int) -> User | None:
    user: User | None = await session.get(User, user_id)
    return user


def same_username(name: str) -> ColumnElement[bool]:
    """Usernames are one name whatever their case ("Carol" is "carol"; a unique index on
    ``lower(username)`` keeps it so); the spelling chosen at sign-up is kept for display."""
    return func.lower(User.username) == name.lower()


async def get_user_by_username(session: AsyncSession, *, username: str) -> User | None:
    user: User | None = await session.scalar(select(User).where(same_username(username)))
    return user


async def get_preferences(session: AsyncSession, *, user_id: int) -> GreetingPreferences:
    """The user's preferences row (created by the trigger, so it always exists)."""
    prefs = await session.scalar(
        select(GreetingPreferences).where(GreetingPreferences.user_id == user_id)
    )
    if prefs is None:
        raise LookupError(f"user {user_id} has no greeting preferences row")
    return prefs


async def prefers_proactive(session: AsyncSession, *, user_id: int) -> bool:
    """Whether the user wants proactive messages (yes when they have no preferences row)."""
    row = await session.scalar(
        select(GreetingPreferences.prefer_proactive).where(GreetingPreferences.user_id == user_id)
    )
    return True if row is None else bool(row)


async def set_admin(session: AsyncSession, *, username: str, is_admin: bool) -> bool:
    """Grant or revoke admin rights; False when no user has that name."""
    result = await session.execute(
        update(User)
        .where(same_username(username))
        .values(is_admin=is_admin)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


#: A window no meeting starts in (start after end): no follow-up candidate is looked for.
NO_STARTS = (
    dt.datetime(9999, 1, 1, tzinfo=dt.UTC),
    dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
)


@dataclass(frozen=True)
class Conversant:
    """What the pipeline needs to know about the user before it acts on a message."""

    user: User
    prefs: GreetingPreferences
    open_question_id: int | None  # the bot's last message on the channel, if an open question
    followup_candidate: bool  # a meeting in ``followup_starts`` may be due a follow-up


async def conversants(
    session: AsyncSession,
    *,
    user_ids: Collection[int],
    channel: str,
    followup_starts: tuple[dt.datetime, dt.datetime] | None = None,
) -> dict[int, Conversant]:
    """Each user's :class:`Conversant` on ``channel``, by user id (a user that does not
    exist is missing): the user, their preferences, their open question on ``channel`` and
    whether a meeting without an end time started within ``followup_starts``. One query
    for all of them, as messages that arrive together are stored together.

    On PostgreSQL, in a session that holds nothing yet, the query runs on the driver (see
    :func:`db.driver_fetch`) and the user and preferences rows become the session's objects
    as if the ORM had loaded them."""
    since, until = followup_starts or NO_STARTS
    if db.on_asyncpg(session) and not session.identity_map and not session.new:
        return await _conversants_on_driver(session, list(user_ids), channel, since, until)
    params = {"user_ids": list(user_ids), "channel": channel, "since": since, "until": until}
    rows = (await session.execute(_conversants_statement(), params)).all()
    return {row[0].id: Conversant(row[0], row[1], row[2], bool(row[3])) for row in rows}


async def _conversants_on_driver(
    session: AsyncSession, user_ids: list[int], channel: str, since: dt.datetime, until: dt.datetime
) -> dict[int, Conversant]:
    sql, names, constants = _conversants_sql(session.get_bind().dialect, len(user_ids))
    given = {"channel": channel, "since": since, "until": until}
    given |= {f"user_id_{i}": user_id for i, user_id in enumerate(user_ids)}
    params = {**constants, **given}
    rows = await db.driver_fetch(session, sql, *(params[name] for name in names))
    user_keys, prefs_keys = _attribute_keys(User), _attribute_keys(GreetingPreferences)
    found: dict[int, Conversant] = {}
    for row in rows:
        values = tuple(row)
        user = _persistent(session, User, user_keys, values)
        prefs = _persistent(session, GreetingPreferences, prefs_keys, values[len(user_keys) :])
        open_question, followup = values[-2:]
        found[user.id] = Conversant(user, prefs, open_question, bool(followup))
    return found


def _persistent(session: AsyncSession, cls: type[Any], keys: tuple[str, ...], values: Any) -> Any:
    """A ``cls`` row read without the ORM, in ``session`` as if the ORM had loaded it (its
    changes flushed as updates). Made as the ORM's loader makes one: no constructor, the
    values set as loaded, without change history."""
    row = manager_of_class(cls).new_instance()
    instance_dict(row).update(zip(keys, values, strict=False))
    make_transient_to_detached(row)
    session.add(row)
    return row


@functools.cache
def _attribute_keys(cls: type[Any]) -> tuple[str, ...]:
    """The mapped attribute of each column of ``cls``'s table, in table order."""
    mapper = inspect(cls)
    table: Table = cls.__table__
    return tuple(mapper.get_property_by_column(column).key for column in table.columns)


def _conversants_parts() -> tuple[ColumnElement[Any], ColumnElement[bool]]:
    """The open question and follow-up candidate of the user of the row (``channel``,
    ``since`` and ``until`` are bound parameters)."""
    channel = bindparam("channel", type_=String)
    starts = UserSchedule.start_time.type
    open_question = (
        select(
            case(
                (and_(Message.is_question.is_(True), Message.answered_at.is_(None)), Message.id),
                else_=None,
            )
        )
        .where(Message.user_id == User.id, Message.channel == channel, Message.role == "bot")
        .order_by(Message.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    followup_candidate = exists().where(
        UserSchedule.user_id == User.id,
        UserSchedule.channel == channel,
        UserSchedule.status == "scheduled",
        UserSchedule.kind == "meeting",  # a task gets no "how did it go?"
        UserSchedule.end_time.is_(None),
        UserSchedule.followup_sent.is_(False),
        UserSchedule.start_time.between(
            bindparam("since", type_=starts), bindparam("until", type_=starts)
        ),
    )
    return open_question, followup_candidate


@functools.cache
def _conversants_statement() -> Select[Any]:
    """Built once: it runs for every batch of messages, and building it cost more than
    running it."""
    open_question, followup_candidate = _conversants_parts()
    user_ids = bindparam("user_ids", type_=Integer, expanding=True)
    return (
        select(User, GreetingPreferences, open_question, followup_candidate)
        .join(GreetingPreferences, GreetingPreferences.user_id == User.id)
        .where(User.id.in_(user_ids))
    )


@functools.cache
def _conversants_sql(dialect: Dialect, count: int) -> tuple[str, tuple[str, ...], dict[str, Any]]:
    """PostgreSQL, for ``count`` users: the same query as plain SQL, every column of the
    user and preferences rows in table order, then the open question and the follow-up
    flag; the names of its positional parameters, in order; and the values of those the
    query itself sets. The ids are a list of parameters (``user_id_0``...): PostgreSQL
    runs that query with less work than one with an array parameter. The values are the
    driver's: a column whose type converts what it reads is refused."""
    open_question, followup_candidate = _conversants_parts()
    users_table: Table = User.__table__  # type: ignore[assignment]
    prefs_table: Table = GreetingPreferences.__table__  # type: ignore[assignment]
    for column in (*users_table.columns, *prefs_table.columns):
        if column.type.dialect_impl(dialect).result_processor(dialect, None) is not None:
            raise TypeError(f"{column} converts what it reads: load it through the ORM")
    user_ids = [bindparam(f"user_id_{i}", type_=Integer) for i in range(count)]
    statement = (
        select(*users_table.columns, *prefs_table.columns, open_question, followup_candidate)
        .join(prefs_table, prefs_table.c.user_id == users_table.c.id)
        .where(users_table.c.id.in_(user_ids))
    )
    compiled = statement.compile(dialect=dialect)
    return str(compiled), tuple(compiled.positiontup or ()), dict(compiled.params)


async def find_user(session: AsyncSession, *, who: str) -> User | None:
    """A user by username, Telegram username (``@name``), Telegram id or user id."""
    name = who.strip()
    if name.startswith("@"):
        found: User | None = await session.scalar(
            select(User).where(User.telegram_username == name[1:]).order_by(User.id).limit(1)
        )
        return found
    conditions = [same_username(name)]
    if name.lstrip("-").isdigit():
        number = int(name)
        conditions += [User.telegram_id == number, User.id == number]
    rows = (await session.scalars(select(User).where(or_(*conditions)))).all()
    # A name beats a Telegram id, which beats a row id (a number may be all three).
    keys: tuple[Callable[[User], bool], ...] = (
        lambda u: (u.username or "").lower() == name.lower(),
        lambda u: str(u.telegram_id) == name,
        lambda u: str(u.id) == name,
    )
    for key in keys:
        found = next((user for user in rows if key(user)), None)
        if found is not None:
            return found
    return None


CHANNEL = "telegram"


async def get_user_by_telegram_id(session: AsyncSession, *, telegram_id: int) -> User | None:
    user: User | None = await session.scalar(select(User).where(User.telegram_id == telegram_id))
    return user


async def get_or_create_telegram_user(
    session: AsyncSession,
    *,
    telegram_id: int,
    chat_id: int,
    telegram_username: str | None,
    display_name: str | None,
    default_timezone: str,
) -> tuple[User, bool]:
    """The user for this Telegram account, created on first contact; ``(user, created)``.

    The chat id and username are kept current (a user may change their @name).
    """
    user = await get_user_by_telegram_id(session, telegram_id=telegram_id)
    if user is not None:
        if user.telegram_chat_id != chat_id:
            user.telegram_chat_id = chat_id
        if user.telegram_username != telegram_username:
            user.telegram_username = telegram_username
        return user, False
    user = await create_user(
        session, timezone=default_timezone, telegram_id=telegram_id, telegram_chat_id=chat_id
    )
    user.telegram_username = telegram_username
    user.display_name = display_name
    await session.flush()
    return user, True


async def telegram_chat_id(session: AsyncSession, *, user_id: int) -> int | None:
    """Where the bot writes to this user in Telegram; ``None`` when not on Telegram."""
    chat: int | None = await session.scalar(select(User.telegram_chat_id).where(User.id == user_id))
    return chat


async def create_auth_session(
    session: AsyncSession, *, user_id: int, token_hash: str, expires_at: dt.datetime
) -> AuthSession:
    """Store a login; only the hash of its token is kept."""
    row = AuthSession(user_id=user_id, token_hash=token_hash, expires_at=expires_at)
    session.add(row)
    await session.flush()
    return row


async def user_for_token(
    session: AsyncSession, *, token_hash: str, now: dt.datetime
) -> User | None:
    """The user a live (unexpired) login token belongs to."""
    user: User | None = await session.scalar(
        select(User)
        .join(AuthSession, AuthSession.user_id == User.id)
        .where(AuthSession.token_hash == token_hash, AuthSession.expires_at > now)
    )
    return user


async def announce_login_change(session: AsyncSession, *, user_id: int) -> None:
    """Tell every process, at commit, to forget what it cached of this user's logins (they
    ended, or the time zone they carry changed)."""
    await notify.publish(session, notify.Topic.LOGINS, str(user_id))


async def delete_auth_session(session: AsyncSession, *, token_hash: str) -> None:
    """End one login (logout)."""
    user_id = await session.scalar(
        delete(AuthSession)
        .where(AuthSession.token_hash == token_hash)
        .returning(AuthSession.user_id)
    )
    if user_id is not None:
        await announce_login_change(session, user_id=user_id)


async def end_logins(
    session: AsyncSession, *, user_id: int, keep_token_hash: str | None = None
) -> int:
    """End every login of the user but ``keep_token_hash`` (log out everywhere, password
    change); how many ended."""
    statement = delete(AuthSession).where(AuthSession.user_id == user_id)
    if keep_token_hash is not None:
        statement = statement.where(AuthSession.token_hash != keep_token_hash)
    result = await session.execute(statement.execution_options(synchronize_session=False))
    await announce_login_change(session, user_id=user_id)
    return int(getattr(result, "rowcount", 0))


async def delete_expired_auth_sessions(
    session: AsyncSession, *, user_id: int, now: dt.datetime
) -> None:
    """Forget a user's expired logins (called when they log in again)."""
    await session.execute(
        delete(AuthSession).where(AuthSession.user_id == user_id, AuthSession.expires_at <= now)
    )
