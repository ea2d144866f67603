"""SQLAlchemy models. Table names are the deployment checklist's; timestamps are UTC-aware."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from companion_bot.config import zone_of
from companion_bot.proactive.kinds import SessionStatus, SessionType
from companion_bot.proactive.recurrence import Recurrence, cadence, describe
from companion_bot.storage.types import UTCDateTime

CHANNELS = ("web", "telegram")
ROLES = ("user", "bot")
MESSAGE_TYPES = ("reactive", "proactive")
SCHEDULE_STATUSES = ("scheduled", "cancelled", "done")
#: A meeting (reminded ``lead`` before, asked about after) or a task ("remind me to call mom
#: at 6": one reminder at the time itself, nothing after).
SCHEDULE_KINDS = ("meeting", "task")
SESSION_TYPES = tuple(SessionType)
SESSION_STATUSES = tuple(SessionStatus)
#: The longest idempotency key a message may carry (``messages.client_key``).
CLIENT_KEY_CHARS = 128

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


def _partial_index(name: str, *columns: Any, where: str) -> Index:
    """An index of the rows where ``where`` holds, the same on PostgreSQL and SQLite."""
    return Index(name, *columns, postgresql_where=text(where), sqlite_where=text(where))


def _created() -> Mapped[dt.datetime]:
    return mapped_column(UTCDateTime, server_default=func.current_timestamp())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str | None] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str | None] = mapped_column(String(128))
    timezone: Mapped[str] = mapped_column(String(64), server_default="UTC")
    timezone_confirmed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    telegram_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    telegram_chat_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    telegram_username: Mapped[str | None] = mapped_column(String(64))
    is_admin: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[dt.datetime] = _created()
    last_active_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # A stay elsewhere ("I'm in Tokyo until Sunday", services.travel): ``timezone`` is the
    # place's zone until ``away_until``, then ``home_timezone`` again; both NULL at home.
    home_timezone: Mapped[str | None] = mapped_column(String(64))
    away_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


# One account per name whatever its case ("Carol" and "carol" are one name).
Index("uq_users_username_lower", func.lower(User.username), unique=True)
# The stays to end (storage.travel): few rows, found without reading every user.
_partial_index("ix_users_away_until", User.away_until, where="away_until IS NOT NULL")


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint(_in("role", ROLES), name="role"),
        CheckConstraint(_in("message_type", MESSAGE_TYPES), name="message_type"),
        Index("ix_messages_user_id_id", "user_id", "id"),
        Index("uq_messages_proactive_session_id", "proactive_session_id", unique=True),
        # A client's key for a user message (and the same key on the bot's reply to it): a
        # retried request finds both with one lookup and never stores the message twice.
        # Keys of different channels never clash; NULLs never clash, on either database.
        Index(
            "uq_messages_user_id_channel_client_key_role",
            "user_id",
            "channel",
            "client_key",
            "role",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(8))
    message_type: Mapped[str] = mapped_column(String(16), server_default="reactive")
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = _created()
    # Question tracking: a bot message that asks about a schedule, and the answer to it.
    is_question: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    question_schedule_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_schedules.id", ondelete="SET NULL", use_alter=True)
    )
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    in_reply_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL")
    )
    # The proactive session this message delivered (web): unique, so a retry never doubles it.
    proactive_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("proactive_sessions.id", ondelete="SET NULL", use_alter=True)
    )
    # The sender's idempotency key: the web's ``Idempotency-Key`` header, ``tg:<update_id>``
    # on Telegram; NULL when none was sent and on proactive messages.
    client_key: Mapped[str | None] = mapped_column(String(CLIENT_KEY_CHARS))


class AuthSession(Base):
    """A web login: the cookie or bearer token is stored only as a hash."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = _created()
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class LinkCode(Base):
    """A one-time code that links a Telegram account and a web account."""

    __tablename__ = "link_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = _created()
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


#: The events the success metrics count (``analytics_events.name``).
ANALYTICS_EVENTS: Final = frozenset(
    {
        "message_received",
        "schedule_created",
        "schedule_updated",
        "schedule_cancelled",
        "low_confidence_extraction",
        "followup_asked",
        "acknowledged",
        "snoozed",
        "not_a_meeting",
        "opted_out",
    }
)


class AnalyticsEvent(Base):
    """One event for the success metrics (message received, schedule created, ...)."""

    __tablename__ = "analytics_events"
    __table_args__ = (Index("ix_analytics_events_name_created_at", "name", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(64))
    value: Mapped[float | None] = mapped_column(Float)
    properties: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = _created()


class UserSchedule(Base):
    __tablename__ = "user_schedules"
    # What the database sets (the reminder flags, created_at, updated_at) comes back with
    # the INSERT or UPDATE (RETURNING): a row is whole without a read after the commit.
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint(_in("status", SCHEDULE_STATUSES), name="status"),
        CheckConstraint(_in("kind", SCHEDULE_KINDS), name="kind"),
        CheckConstraint("end_time IS NULL OR end_time >= start_time", name="end_after_start"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence"),
        UniqueConstraint("user_id", "event_name", "start_time"),
        Index("ix_user_schedules_user_id_start_time", "user_id", "start_time"),
        _partial_index(
            "ix_user_schedules_due_reminders",
            "start_time",
            where="status = 'scheduled' AND NOT preparation_reminder_sent",
        ),
        _partial_index(
            "ix_user_schedules_due_completions",
            "end_time",
            where="status = 'scheduled' AND NOT event_completed_sent AND end_time IS NOT NULL",
        ),
        # One row per occurrence of a series (RFC 5545's RECURRENCE-ID): stored twice never.
        Index(
            "uq_user_schedules_series_id_occurrence_start",
            "series_id",
            "occurrence_start",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    event_name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    start_time: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    end_time: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), server_default="scheduled")
    confidence: Mapped[float] = mapped_column(Float, server_default=text("1.0"))
    source_text: Mapped[str | None] = mapped_column(String(500))
    source_span_start: Mapped[int | None] = mapped_column(Integer)
    source_span_end: Mapped[int | None] = mapped_column(Integer)
    time_is_approximate: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    kind: Mapped[str] = mapped_column(String(16), server_default="meeting")
    # The reminder went out: a meeting's preparation reminder, or a task's reminder.
    preparation_reminder_sent: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    preparation_reminder_sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    event_completed_sent: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    event_completed_sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    followup_sent: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    followup_sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    is_completed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )
    # An occurrence of a repeating meeting: its series, and its start as the rule gives it
    # (kept when this one occurrence moves). No foreign key: adding one to this table would
    # rebuild it on SQLite (migration 0012); a series goes only with its user, as its rows do.
    series_id: Mapped[int | None] = mapped_column(Integer)
    occurrence_start: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    series: Mapped[ScheduleSeries | None] = relationship(
        primaryjoin="foreign(UserSchedule.series_id) == ScheduleSeries.id",
        lazy="selectin",
        viewonly=True,
    )

    @property
    def is_task(self) -> bool:
        """A task reminder ("remind me to call mom at 6"), not a meeting."""
        return self.kind == "task"


class ScheduleSeries(Base):
    """A repeating meeting (or task reminder): its rule on the wall clock of ``timezone``
    (:mod:`companion_bot.proactive.recurrence`) and what each occurrence is like. Each
    occurrence is a ``user_schedules`` row of its own (``series_id``, ``occurrence_start``),
    stored ahead of time by :mod:`companion_bot.storage.series`, so it is reminded, asked
    about, moved and cancelled as a one-off meeting is. ``materialized_until``: the start of
    the latest occurrence stored (NULL once none is left to store: the rule ran out or the
    series ended); ``ended_at``: when the user stopped it."""

    __tablename__ = "schedule_series"
    __table_args__ = (
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint(_in("kind", SCHEDULE_KINDS), name="kind"),
        CheckConstraint("duration_minutes IS NULL OR duration_minutes > 0", name="duration"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence"),
        _partial_index(
            "ix_schedule_series_materialized_until",
            "materialized_until",
            where="materialized_until IS NOT NULL",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    event_name: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), server_default="meeting")
    recurrence: Mapped[str] = mapped_column(Text)
    timezone: Mapped[str] = mapped_column(String(64))
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    time_is_approximate: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    confidence: Mapped[float] = mapped_column(Float, server_default=text("1.0"))
    source_text: Mapped[str | None] = mapped_column(String(500))
    materialized_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )

    @property
    def rule(self) -> Recurrence:
        """The rule, on the clock of the series' zone."""
        return Recurrence.parse(self.recurrence, zone_of(self.timezone))

    @property
    def cadence(self) -> str:
        """How often, in words: "every weekday"."""
        return cadence(self.rule)

    @property
    def description(self) -> str:
        """The series in words: "every weekday at 9:30 AM"."""
        return describe(self.rule, approximate=self.time_is_approximate)


class ProactiveSession(Base):
    """One proactive message about one schedule: at most one per (schedule, type)."""

    __tablename__ = "proactive_sessions"
    __table_args__ = (
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint(_in("session_type", SESSION_TYPES), name="session_type"),
        CheckConstraint(_in("status", SESSION_STATUSES), name="status"),
        UniqueConstraint("reference_id", "session_type"),
        Index("ix_proactive_sessions_user_id_created_at", "user_id", "created_at"),
        _partial_index(
            "ix_proactive_sessions_pending", "next_attempt_at", where="status = 'pending'"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    session_type: Mapped[str] = mapped_column(String(32))
    reference_id: Mapped[int] = mapped_column(ForeignKey("user_schedules.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), server_default="pending")
    reason: Mapped[str | None] = mapped_column(String(64))
    message_content: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    last_error: Mapped[str | None] = mapped_column(Text)
    due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = _created()
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)


class GreetingPreferences(Base):
    """Per-user proactive preferences; a trigger creates the row for every new user."""

    __tablename__ = "greeting_preferences"
    __table_args__ = (
        CheckConstraint("dnd_start_hour BETWEEN 0 AND 23", name="dnd_start_hour"),
        CheckConstraint("dnd_end_hour BETWEEN 0 AND 23", name="dnd_end_hour"),
        CheckConstraint("max_proactive_per_day >= 0", name="max_proactive_per_day"),
        CheckConstraint("reminder_lead_minutes BETWEEN 1 AND 1440", name="reminder_lead_minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    prefer_proactive: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    preferred_greeting_time: Mapped[str | None] = mapped_column(String(5))
    dnd_start_hour: Mapped[int | None] = mapped_column(Integer)
    dnd_end_hour: Mapped[int | None] = mapped_column(Integer)
    # NULL: the deployment's COMPANION_MAX_PROACTIVE_PER_DAY, until the user picks a cap.
    max_proactive_per_day: Mapped[int | None] = mapped_column(Integer)
    reminder_lead_minutes: Mapped[int] = mapped_column(Integer, server_default=text("30"))
    # The morning agenda's local "HH:MM" (``preferred_greeting_time``; NULL: off) and whether
    # it goes out on a day with nothing planned.
    agenda_when_empty: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )


class FeatureFlag(Base):
    __tablename__ = "feature_flags"
    __table_args__ = (
        CheckConstraint("rollout_percent >= 0 AND rollout_percent <= 100", name="rollout_percent"),
    )

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    rollout_percent: Mapped[float] = mapped_column(Float, server_default=text("100"))
    description: Mapped[str | None] = mapped_column(String(255))
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )


#: What one change did to a meeting (``schedule_changes.kind``).
CHANGE_KINDS = ("created", "moved", "edited", "cancelled", "restored")


class ScheduleChange(Base):
    """One change to a user's meeting, kept while it can be undone: what it did, when, and
    each field it changed as it was before (``previous_*``; NULL where the change left the
    field alone, all NULL for a meeting created). ``undone_at``: taken back by an undo."""

    __tablename__ = "schedule_changes"
    __table_args__ = (
        CheckConstraint(_in("kind", CHANGE_KINDS), name="kind"),
        Index("ix_schedule_changes_user_id_changed_at", "user_id", "changed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("user_schedules.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    undone_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    previous_name: Mapped[str | None] = mapped_column(String(200))
    # Set together when the change moved the meeting (the end may have been NULL).
    previous_start: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    previous_end: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    previous_approximate: Mapped[bool | None] = mapped_column(Boolean)
    previous_status: Mapped[str | None] = mapped_column(String(16))
    # A move: the reminder rows and "sent" marks the new time forgot, which an undo puts back.
    previous_reminders: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # A change to a whole series (its schedule: one of its occurrences): what an undo needs
    # (services/series.py); NULL for a change to one meeting.
    previous_series: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CalendarFeed(Base):
    """A user's calendar feed (``/calendar/<token>.ics``): one live link per user, its token
    stored only as a hash (as logins are); regenerating replaces the hash, turning it off
    deletes the row."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class CalendarImport(Base):
    """An event imported from a calendar file: its ``UID`` and the meeting it became, so the
    same event imported again is skipped as a duplicate."""

    __tablename__ = "calendar_imports"
    __table_args__ = (UniqueConstraint("user_id", "uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("user_schedules.id", ondelete="CASCADE"), index=True
    )
    uid: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class MorningAgenda(Base):
    """One user's morning agenda of one local day: at most one row per (user, local date),
    claimed and settled like a proactive session (``pending`` → ``sent`` / ``failed`` /
    ``skipped`` with a ``reason``); ``lease_lost`` marks the one re-send after a lost lease."""

    __tablename__ = "morning_agendas"
    __table_args__ = (
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint(_in("status", SESSION_STATUSES), name="status"),
        UniqueConstraint("user_id", "local_date"),
        _partial_index("ix_morning_agendas_pending", "next_attempt_at", where="status = 'pending'"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    local_date: Mapped[dt.date] = mapped_column(Date)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), server_default="pending")
    reason: Mapped[str | None] = mapped_column(String(64))
    message_content: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    lease_lost: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[dt.datetime] = _created()
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
