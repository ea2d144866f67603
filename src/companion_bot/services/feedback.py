"""Feedback on proactive messages: the quick actions under them, pressed or typed.

* ``ack`` ("thanks"): the proactive session is acknowledged (``acknowledged_at``).
* ``snooze`` ("snooze 10 min", preparation reminders only): the reminder comes back once,
  :data:`~companion_bot.proactive.decisions.SNOOZE_DELAY` later. The snooze is a
  ``proactive_sessions`` row of type ``snooze``, pending until then, which the proactive engine
  claims and settles like any other; the unique (reference_id, session_type) allows one per
  meeting however often, and from however many devices, the button is pressed.
* ``notmeeting`` ("not a meeting"): the meeting is cancelled like any cancellation
  (:func:`companion_bot.services.schedules.cancel_schedule`) and counted as a false positive
  too (analytics event ``not_a_meeting``).

Buttons carry ``<action>:<proactive_session_id>``; typed answers ("thanks", "snooze", "not a
meeting") act on the bot's latest proactive message on that channel (among its last few).
Only the owner of a delivered session may act on it: for anyone else it does not exist.
The caller commits.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.config import zone_of
from companion_bot.errors import InputError, NotFoundError
from companion_bot.proactive.decisions import (
    SNOOZE_DELAY,
    Reason,
    ScheduleFacts,
    snooze_refusal,
)
from companion_bot.proactive.messages import local_time
from companion_bot.services import schedules
from companion_bot.services.analytics import Analytics
from companion_bot.storage import db, messages, proactive_plans, proactive_sessions, users
from companion_bot.storage.models import Message, ProactiveSession, UserSchedule

log = logging.getLogger(__name__)

ACTIONS: Final = ("ack", "snooze", "notmeeting")
REMINDER = "preparation_reminder"
SNOOZE = "snooze"
NOT_FOUND_TEXT = "I can't find that message any more."
UNKNOWN_TEXT = "I don't know that button."
#: A typed answer refers to a proactive message among the bot's last few messages (the
#: bot's reply to "thanks" comes between a reminder and a "snooze" typed after it).
TYPED_LOOKBACK = 3

_TYPED: Final = (
    (
        "ack",
        re.compile(
            r"(?:ok(?:ay)?,?\s+)?(?:thanks?(?: you)?|thx|ty|cheers|got it)"
            r"(?:\s+(?:a lot|so much|very much))?"
        ),
    ),
    (
        "snooze",
        re.compile(
            r"snooze(?:\s+it)?(?:\s+(?:for\s+)?10\s*(?:m|min|mins|minutes))?"
            r"|remind me (?:later|in 10\s*(?:min|mins|minutes))"
        ),
    ),
    (
        "notmeeting",
        re.compile(r"(?:(?:that|it|this)(?:'s| is| was)\s+)?not (?:a|an actual|a real) meeting"),
    ),
)


@dataclass(frozen=True, slots=True)
class Feedback:
    """What a quick action did, and the sentence that tells the user."""

    action: str
    outcome: str  # acknowledged | snoozed | cancelled | already_done | cannot_snooze
    text: str
    proactive_session_id: int
    schedule_id: int
    snoozed_until: dt.datetime | None = None


def parse_quick_action(data: str) -> tuple[str, int]:
    """``"snooze:17"`` -> ``("snooze", 17)``; :class:`InputError` for anything else."""
    action, _, number = data.partition(":")
    if action not in ACTIONS or not number.isdigit():
        raise InputError(f"unknown quick action {data[:64]!r}")
    return action, int(number)


def typed_action(text: str) -> str | None:
    """The quick action a whole message says ("Thanks!", "snooze", "not a meeting")."""
    cleaned = re.sub(r"[\s!.\u2026]+$", "", text.strip().lower().replace("\u2019", "'"))
    for action, pattern in _TYPED:
        if pattern.fullmatch(cleaned):
            return action
    return None


async def apply_quick_action(
    session: AsyncSession, *, user_id: int, data: str, now: dt.datetime
) -> str:
    """Apply a button's ``data`` for ``user_id``; the answer to show (never raises for an
    unknown or foreign message: the answer says so)."""
    try:
        action, proactive_session_id = parse_quick_action(data)
        feedback = await apply_action(
            session,
            user_id=user_id,
            action=action,
            proactive_session_id=proactive_session_id,
            now=now,
        )
    except NotFoundError:
        return NOT_FOUND_TEXT
    except InputError:
        return UNKNOWN_TEXT
    return feedback.text


async def apply_typed_answer(
    session: AsyncSession, *, message: Message, now: dt.datetime
) -> str | None:
    """When ``message`` (stored, flushed) is a typed quick action and one of the bot's last
    :data:`TYPED_LOOKBACK` messages on its channel was proactive: apply it to the newest
    such message, link the message to it, and return the answer. ``None`` leaves the
    message to the rest of the pipeline."""
    action = typed_action(message.content)
    if action is None:
        return None
    recent = await messages.recent_bot_messages(
        session,
        user_id=message.user_id,
        channel=message.channel,
        before_id=message.id,
        limit=TYPED_LOOKBACK,
    )
    last = next((m for m in recent if m.proactive_session_id is not None), None)
    if last is None or last.proactive_session_id is None:
        return None
    try:
        feedback = await apply_action(
            session,
            user_id=message.user_id,
            action=action,
            proactive_session_id=last.proactive_session_id,
            now=now,
            via="typed",
        )
    except NotFoundError:
        return None
    message.in_reply_to_id = last.id
    if last.is_question and last.answered_at is None:
        last.answered_at = now  # answered by the action: not left open for the next message
    return feedback.text


async def apply_action(
    session: AsyncSession,
    *,
    user_id: int,
    action: str,
    proactive_session_id: int,
    now: dt.datetime,
    via: str = "button",
) -> Feedback:
    """Apply ``action`` to the user's delivered proactive session.

    Raises :class:`NotFoundError` when the session is unknown, not delivered or someone
    else's, and :class:`InputError` for an unknown action.
    """
    if action not in ACTIONS:
        raise InputError(f"unknown quick action {action[:32]!r}")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    await db.begin_write(session)
    proactive = await proactive_sessions.owned_proactive_session(
        session, user_id=user_id, proactive_session_id=proactive_session_id
    )
    if proactive is None or proactive.status != "sent":
        raise NotFoundError(f"no delivered proactive session {proactive_session_id} of {user_id}")
    schedule = await session.get(UserSchedule, proactive.reference_id)
    if schedule is None:
        raise NotFoundError(f"proactive session {proactive_session_id} has no schedule")
    if action == "ack":
        feedback = _acknowledge(session, proactive, schedule, now=now, via=via)
    elif action == "snooze":
        feedback = await _snooze(session, proactive, schedule, now=now, via=via)
    else:
        feedback = await _not_a_meeting(session, proactive, schedule, now=now, via=via)
    log.info(
        "quick action %s: %s",
        action,
        feedback.outcome,
        extra={
            "action": f"quick_action_{action}",
            "outcome": feedback.outcome,
            "user_id": user_id,
            "proactive_session_id": proactive_session_id,
            "schedule_id": schedule.id,
            "via": via,
        },
    )
    return feedback


def _acknowledge(
    session: AsyncSession,
    proactive: ProactiveSession,
    schedule: UserSchedule,
    *,
    now: dt.datetime,
    via: str,
) -> Feedback:
    reminder = proactive.session_type in {REMINDER, SNOOZE}
    text = (
        f"You're welcome — good luck with the {schedule.event_name}!"
        if reminder
        else "Thanks for letting me know!"
    )
    outcome = "already_done"
    if proactive.acknowledged_at is None:
        proactive.acknowledged_at = now
        outcome = "acknowledged"
        Analytics().record(
            session,
            "acknowledged",
            user_id=proactive.user_id,
            proactive_session_id=proactive.id,
            schedule_id=schedule.id,
            session_type=proactive.session_type,
            via=via,
        )
    return Feedback("ack", outcome, text, proactive.id, schedule.id)


async def _snooze(
    session: AsyncSession,
    proactive: ProactiveSession,
    schedule: UserSchedule,
    *,
    now: dt.datetime,
    via: str,
) -> Feedback:
    def answer(outcome: str, text: str, until: dt.datetime | None = None) -> Feedback:
        return Feedback("snooze", outcome, text, proactive.id, schedule.id, until)

    if proactive.session_type == SNOOZE:
        return answer("already_done", "This was the snoozed reminder — it comes back only once.")
    if proactive.session_type != REMINDER:
        return answer("cannot_snooze", "Snooze works on reminders before a meeting.")
    user = await users.get_user(session, user_id=proactive.user_id)
    tz = zone_of(user.timezone if user is not None else None)
    earlier = await proactive_sessions.session_of_type(
        session, schedule_id=schedule.id, session_type=SNOOZE
    )
    if earlier is not None:
        return answer("already_done", _already_snoozed(earlier, tz))
    facts = ScheduleFacts(start=schedule.start_time, end=schedule.end_time, status=schedule.status)
    refusal = snooze_refusal(facts, now)
    starts = local_time(schedule.start_time, tz)
    if refusal is Reason.NOT_SCHEDULED:
        return answer(
            "cannot_snooze", f"The {schedule.event_name} is {schedule.status} — nothing to snooze."
        )
    if refusal is not None:
        return answer(
            "cannot_snooze",
            f"The {schedule.event_name} starts at {starts} — too soon to snooze. Good luck!",
        )
    until = now.astimezone(dt.UTC) + SNOOZE_DELAY
    row = {
        "user_id": proactive.user_id,
        "session_type": SNOOZE,
        "reference_id": schedule.id,
        "channel": proactive.channel,
        "status": "pending",
        "reason": None,
        "attempts": 0,
        "due_at": until,
        "next_attempt_at": until,
        "meta": {"snoozed_from": proactive.id, "via": via},
    }
    inserted = await proactive_plans.record(session, [row])
    if schedule.id not in inserted:  # another press won the race
        earlier = await proactive_sessions.session_of_type(
            session, schedule_id=schedule.id, session_type=SNOOZE
        )
        assert earlier is not None
        return answer("already_done", _already_snoozed(earlier, tz))
    Analytics().record(
        session,
        "snoozed",
        user_id=proactive.user_id,
        proactive_session_id=proactive.id,
        schedule_id=schedule.id,
        snooze_session_id=inserted[schedule.id],
        via=via,
    )
    return answer("snoozed", f"Snoozed — I'll remind you again at {local_time(until, tz)}.", until)


def _already_snoozed(snooze: ProactiveSession, tz: ZoneInfo) -> str:
    if snooze.status == "pending" and snooze.due_at is not None:
        return f"Already snoozed — I'll remind you again at {local_time(snooze.due_at, tz)}."
    return "I've already snoozed this reminder once."


async def _not_a_meeting(
    session: AsyncSession,
    proactive: ProactiveSession,
    schedule: UserSchedule,
    *,
    now: dt.datetime,
    via: str,
) -> Feedback:
    cancelled = await schedules.cancel_schedule(
        session,
        user_id=proactive.user_id,
        schedule=schedule,
        channel=proactive.channel,
        via="typed" if via == "typed" else "button",
        now=now,
    )
    if not cancelled:
        text = f"The {schedule.event_name} is already off your list."
        return Feedback("notmeeting", "already_done", text, proactive.id, schedule.id)
    Analytics().record(
        session,
        "not_a_meeting",
        user_id=proactive.user_id,
        value=schedule.confidence,
        proactive_session_id=proactive.id,
        schedule_id=schedule.id,
        session_type=proactive.session_type,
        event_name=schedule.event_name,
        channel=proactive.channel,
        via=via,
    )
    text = (
        f"Sorry about that — I've taken “{schedule.event_name}” off your list. "
        "No more reminders for it."
    )
    return Feedback("notmeeting", "cancelled", text, proactive.id, schedule.id)
