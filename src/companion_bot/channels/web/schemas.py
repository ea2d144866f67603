"""JSON shapes of the web API, and the conversions from storage rows.

Times are ISO 8601 with an offset: messages in UTC, schedules in the user's own zone.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)
from sqlalchemy.orm.attributes import instance_dict, instance_state

from companion_bot.config import check_timezone
from companion_bot.services.offline_responder import OFFER_ANSWERS, suggestion_in
from companion_bot.services.preferences import (
    DAILY_CAP,
    HOURS,
    LEAD_MINUTES,
    QUIET_HOURS_RULE,
    quiet_hours_valid,
)
from companion_bot.storage.models import Message, User, UserSchedule

from .guard import MAX_BODY_BYTES

USERNAME_PATTERN = r"^[A-Za-z0-9_.\-]+$"

#: An aware datetime written as ISO 8601 with a numeric offset ("+00:00", never "Z").
IsoTime = Annotated[
    dt.datetime, PlainSerializer(lambda v: v.isoformat(), return_type=str, when_used="json")
]


#: Ids are 32-bit in the database (PostgreSQL ``integer``): larger ones are refused at the edge.
DB_ID_MAX = 2**31 - 1
#: A row id in a path, e.g. ``/api/schedules/{schedule_id}``: 1 .. 2^31-1, else 422.
DbId = Annotated[int, Path(ge=1, le=DB_ID_MAX, description="A positive id (up to 2^31-1).")]

NO_SURROGATES = "must be valid Unicode text: a lone surrogate such as \\ud800 is not allowed"
NO_NUL = "must not contain NUL characters (\\u0000)"
#: Times the API accepts, in UTC: the end of 9999 is left out so any zone can still show them.
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(9999, 12, 30, 23, 59, 59, tzinfo=dt.UTC)
DATE_RANGE = "must be between 1970-01-01 and 9999-12-30 (UTC)"


def _encodable(value: str) -> str:
    """Refuse what UTF-8 cannot encode (lone surrogates from ``"\\ud800"`` in JSON)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(NO_SURROGATES) from None
    return value


def _storable(value: str) -> str:
    """Refuse lone surrogates and NUL (PostgreSQL text cannot hold it; SQLite alike)."""
    if "\x00" in value:
        raise ValueError(NO_NUL)
    return _encodable(value)


def _in_range(value: dt.datetime) -> dt.datetime:
    """1970..9999-12-30 in UTC; a naive time (read later in the user's zone) is checked as UTC,
    which the day left at the end of 9999 and the ±14 h of real zones keep in range."""
    try:
        utc = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError(DATE_RANGE) from None
    if not EARLIEST <= utc <= LATEST:
        raise ValueError(DATE_RANGE)
    return value


#: Text that can be stored: no lone surrogates, no NUL.
Text = Annotated[str, AfterValidator(_storable)]
#: A secret that is only hashed or compared (passwords): no lone surrogates.
Secret = Annotated[str, AfterValidator(_encodable)]
#: A time from a client, within 1970..9999-12-30 UTC.
ClientTime = Annotated[dt.datetime, AfterValidator(_in_range)]


def _valid_timezone(value: str) -> str:
    check_timezone(value)  # ValueError names an example: 'Europe/Berlin'
    return value


class Credentials(BaseModel):
    username: Text = Field(min_length=3, max_length=64, pattern=USERNAME_PATTERN)
    password: Secret = Field(min_length=8, max_length=256)


class SignupIn(Credentials):
    timezone: Text = Field(max_length=64, examples=["Europe/Berlin"])

    _tz = field_validator("timezone")(_valid_timezone)


class LoginIn(BaseModel):
    username: Text = Field(min_length=1, max_length=64)
    password: Secret = Field(min_length=1, max_length=256)


class PasswordChangeIn(BaseModel):
    current_password: Secret = Field(min_length=1, max_length=256)
    new_password: Secret = Field(min_length=8, max_length=256, description="8+ characters.")


class UserOut(BaseModel):
    id: int
    username: str | None
    timezone: str
    timezone_confirmed: bool
    telegram_linked: bool
    telegram_available: bool = Field(
        description="Whether this server has a Telegram bot to link to (the page offers "
        "linking only then)."
    )


class AuthOut(BaseModel):
    user: UserOut
    token: str = Field(description="Bearer token for API clients; the page uses the cookie.")


class MessageIn(BaseModel):
    text: Text = Field(description="What the user says; 1 to max_message_chars characters.")


class MessageOut(BaseModel):
    id: int
    role: Literal["user", "bot"]
    message_type: Literal["reactive", "proactive"]
    channel: str
    content: str
    created_at: IsoTime
    is_question: bool
    question_schedule_id: int | None
    in_reply_to_id: int | None
    proactive_session_id: int | None = Field(
        description="Set on proactive messages: POST /api/proactive/{id}/actions acts on it."
    )
    answers: list[str] = Field(
        description='Short answers to offer as buttons under the latest message (["Yes", "No"] '
        "when the bot offers to note a meeting); sending one is the same as typing it."
    )


class ScheduleOut(BaseModel):
    id: int
    event_name: str
    start_time: IsoTime
    end_time: IsoTime | None
    channel: str
    status: str
    time_is_approximate: bool
    kind: Literal["meeting", "task"] = Field(
        description="meeting: reminded before it starts; task: a reminder at start_time "
        '("remind me to call mom at 6"), event_name is what to do.'
    )
    series_id: int | None = Field(
        default=None,
        description="The repeating meeting this is one occurrence of; null for a one-off. "
        "A change to it (PATCH) changes this occurrence alone.",
    )
    recurrence: str | None = Field(
        default=None,
        description='How the series repeats, in words ("every weekday at 9:30 AM"); null '
        "for a one-off.",
    )


#: A change to a meeting that an undo takes back (``schedule_changes.kind``).
ChangeKind = Literal["created", "moved", "edited", "cancelled", "restored"]


class UndoOffer(BaseModel):
    """The change this message made that an undo can still take back."""

    schedule_id: int = Field(
        description="Send it as POST /api/schedules/undo's schedule_id: that change alone is "
        "taken back (409 once another change came after it)."
    )
    event_name: str
    change: ChangeKind
    until: IsoTime = Field(description="It can be undone until then (10 minutes after it).")


class ChatOut(BaseModel):
    message: MessageOut
    reply: MessageOut
    created: list[ScheduleOut]
    updated: list[ScheduleOut]
    cancelled: list[ScheduleOut]
    undo: UndoOffer | None = Field(
        default=None,
        description="Set when the message changed a meeting and that change is the one an "
        "undo takes back now (the page's Undo button under the reply); null otherwise.",
    )


class MessagePage(BaseModel):
    items: list[MessageOut] = Field(description="Oldest first within the page.")
    next_before: int | None = Field(description="Pass as ?before= for the previous page.")


class ScheduleList(BaseModel):
    items: list[ScheduleOut]
    timezone: str


class SchedulePatch(BaseModel):
    event_name: Text | None = Field(default=None, min_length=1, max_length=200)
    start_time: ClientTime | None = Field(
        default=None,
        description="ISO 8601; without an offset it is read in the user's zone. "
        "Years 1970 to 9999.",
    )
    end_time: ClientTime | None = Field(
        default=None,
        description="Like start_time. Left out, the end stays (a new start moves it along); "
        "null removes it.",
    )
    keep_approximate: bool = Field(
        default=False,
        description="With start_time, a meeting without a set time (time_is_approximate) "
        "keeps none: only its day moves. No effect on a meeting with a set time.",
    )
    status: Literal["cancelled", "scheduled"] | None = None


class QuietHours(BaseModel):
    start_hour: int = Field(ge=HOURS.start, le=HOURS.stop - 1)
    end_hour: int = Field(ge=HOURS.start, le=HOURS.stop - 1)

    @model_validator(mode="after")
    def _not_empty(self) -> QuietHours:
        if not quiet_hours_valid(self.start_hour, self.end_hour):
            raise ValueError(QUIET_HOURS_RULE)
        return self


class Preferences(BaseModel):
    timezone: Text = Field(max_length=64, examples=["Europe/Berlin"])
    reminder_lead_minutes: int = Field(ge=LEAD_MINUTES[0], le=LEAD_MINUTES[1])
    quiet_hours: QuietHours | None = Field(description="Local hours; null = no quiet hours.")
    max_proactive_per_day: int = Field(ge=DAILY_CAP[0], le=DAILY_CAP[1])
    proactive_enabled: bool
    morning_agenda: str | None = Field(
        default=None,
        pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
        examples=["08:00"],
        description="Local HH:MM of the morning agenda (the day's meetings in one message); "
        "null = off. Left out of a PUT: unchanged.",
    )
    morning_agenda_when_empty: bool = Field(
        default=False,
        description='The morning agenda comes on days with nothing planned too ("Nothing on '
        'your calendar today."). Left out of a PUT: unchanged.',
    )

    _tz = field_validator("timezone")(_valid_timezone)


class QuickActionIn(BaseModel):
    action: Literal["ack", "snooze", "notmeeting"] = Field(
        description="ack = thanks; snooze = the reminder again in 10 minutes (once); "
        "notmeeting = cancel the meeting (a false positive)."
    )


class QuickActionOut(BaseModel):
    action: str
    outcome: str = Field(
        description="acknowledged | snoozed | cancelled | already_done | cannot_snooze"
    )
    text: str = Field(description="The answer to show the user.")
    proactive_session_id: int
    schedule_id: int
    snoozed_until: IsoTime | None


class UndoIn(BaseModel):
    schedule_id: int | None = Field(
        default=None,
        ge=1,
        le=DB_ID_MAX,
        description="Undo only if your last change was to this meeting (else 409): what "
        "the page's Undo button after a cancel sends. Leave it out to undo your last change.",
    )


class UndoOut(BaseModel):
    change: ChangeKind = Field(
        description="The change taken back: a meeting created is cancelled again, a moved "
        "or renamed one is back as it was, a cancelled one is back on, one put back on is "
        "cancelled again."
    )
    text: str = Field(description='What was restored, in words ("Undone: …").')
    schedule: ScheduleOut = Field(description="The meeting as it is now.")


class ErrorOut(BaseModel):
    """Every error the API answers (4xx, 5xx): why, in words a user can read."""

    detail: str


class FieldError(BaseModel):
    """One invalid part of a request, as FastAPI reports it (``input`` and ``ctx`` may follow)."""

    loc: list[str | int] = Field(description='Where, e.g. ["body", "timezone"].')
    msg: str
    type: str


class InvalidOut(BaseModel):
    """A 422: a sentence (a rule the request broke), or the list of invalid fields."""

    detail: str | list[FieldError]


#: One documented error response of a route: ``responses={404: error("No such schedule")}``.
ErrorDoc = dict[str, Any]
ErrorDocs = dict[int | str, ErrorDoc]


def error(description: str) -> ErrorDoc:
    """An error response for ``responses=``, with the ``{"detail": "..."}`` body."""
    return {"model": ErrorOut, "description": description}


def invalid(description: str = "A field is missing or invalid") -> ErrorDoc:
    """The 422 response for ``responses=``: a sentence, or FastAPI's list of invalid fields."""
    return {"model": InvalidOut, "description": description}


#: Routers whose every route needs a login (``deps.CurrentUser``, ``deps.CurrentPrincipal``).
AUTH_ERRORS: ErrorDocs = {
    401: error("Not logged in: no valid session cookie or 'Authorization: Bearer <token>'"),
}
#: Every POST, PUT, PATCH and DELETE under ``/api/``: what ``guard.ApiGuard`` refuses.
WRITE_ERRORS: ErrorDocs = {
    403: error("Cross-site request refused (Origin does not match Host)"),
    411: error("A chunked body without Content-Length"),
    413: error(f"Request body larger than {MAX_BODY_BYTES // 1024} KiB"),
    415: error("Not sent as JSON: 'Content-Type: application/json' (also for empty bodies)"),
}
#: Routes that read a JSON body, besides the ``WRITE_ERRORS``.
BODY_ERRORS: ErrorDocs = {
    400: error("The body is not JSON text (e.g. not UTF-8)"),
    422: invalid(),
}


def user_out(user: User, *, telegram_available: bool) -> UserOut:
    return UserOut(
        id=user.id,
        username=user.username,
        timezone=user.timezone,
        timezone_confirmed=user.timezone_confirmed,
        telegram_linked=user.telegram_id is not None,
        telegram_available=telegram_available,
    )


def message_payload(message: Message) -> dict[str, Any]:
    """A message as the API and the live stream show it (plain JSON types)."""
    if instance_state(message).key is None:
        # Never loaded (the chat's new rows, stored by the batch's INSERT): nothing expired
        # or unloaded, a column never set is None, and the __dict__ answers at a fraction of
        # the attributes' cost (11 reads a message, two messages a chat request).
        get: Callable[[str], Any] = instance_dict(message).get
    else:
        get = functools.partial(getattr, message)
    role, content = get("role"), get("content")
    return {
        "id": get("id"),
        "role": role,
        "message_type": get("message_type"),
        "channel": get("channel"),
        "content": content,
        "created_at": get("created_at").astimezone(dt.UTC).isoformat(),
        "is_question": bool(get("is_question")),
        "question_schedule_id": get("question_schedule_id"),
        "in_reply_to_id": get("in_reply_to_id"),
        "proactive_session_id": get("proactive_session_id"),
        "answers": list(OFFER_ANSWERS)
        if role == "bot" and suggestion_in(content) is not None
        else [],
    }


def message_out(message: Message) -> MessageOut:
    return MessageOut.model_validate(message_payload(message))


def schedule_out(schedule: UserSchedule, zone: zoneinfo.ZoneInfo) -> ScheduleOut:
    end = schedule.end_time.astimezone(zone) if schedule.end_time else None
    return ScheduleOut(
        id=schedule.id,
        event_name=schedule.event_name,
        start_time=schedule.start_time.astimezone(zone),
        end_time=end,
        channel=schedule.channel,
        status=schedule.status,
        time_is_approximate=schedule.time_is_approximate,
        kind="task" if schedule.is_task else "meeting",
        series_id=schedule.series_id,
        recurrence=None if schedule.series is None else schedule.series.description,
    )
