"""MessageHandler: one inbound user message on any channel, from storage to stored reply.

1. store the message, update last activity, end a stay elsewhere that is over; 2. boundary
phrases (opt-out, quiet hours, zone, a stay elsewhere, lead time), a typed quick action
after a proactive message ("thanks", "snooze", "not a meeting"), or "undo"
(:mod:`.undo`); 3. link an answer to an open question; 4. meetings
(MessageAnalyzer), unless the ``meeting_extraction`` flag is off; 5. a due follow-up
question; 6. the reply (LLM, else the offline responder); 7. store the reply and the
analytics events (each schedule change records its own, with the change:
:mod:`companion_bot.services.schedules`).

Without an LLM, a message that is due no follow-up is stored, acted on and answered in one
transaction shared with the messages of other users that arrived meanwhile (group commit,
:mod:`.group_commit`): load the senders and what their messages may answer; insert the
messages and their replies together, a Core INSERT outside the ORM's unit of work. A
message that books, moves or cancels a meeting adds its changes (and the message is inserted
first, as the changes name it; its reply still goes in with the batch's). With an LLM, or
a follow-up that may be due, the changes are committed in a transaction of their own and
the reply in another: an LLM is never awaited inside a transaction.

A message may carry the sender's idempotency key (``client_key``: the web's
``Idempotency-Key``, ``tg:<update_id>`` on Telegram). It is one more column of the INSERT,
and the reply carries it too; a unique index on (user, channel, key, role) refuses the second
INSERT of the same message, which rolls its transaction back (nothing is stored twice), and
:class:`AlreadyReceivedError` then carries the first message and its reply, found with one
indexed lookup. A message without a key costs nothing more.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.errors import CompanionError, InputError, NotFoundError
from companion_bot.ports import ChatClient, FlagReader, Followup, FollowupHook
from companion_bot.proactive.decisions import FOLLOWUP_DELAY, FOLLOWUP_WINDOW
from companion_bot.services.analytics import Analytics
from companion_bot.services.boundary_manager import BoundaryManager
from companion_bot.services.context_builder import ContextBuilder, llm_messages
from companion_bot.services.feedback import apply_typed_answer, typed_action
from companion_bot.services.group_commit import GroupCommit
from companion_bot.services.message_analyzer import Analysis, MessageAnalyzer, Reading
from companion_bot.services.offline_responder import asks_for_schedule, respond, suggestion_in
from companion_bot.services.plan_hints import answer_word
from companion_bot.services.question_tracker import QuestionTracker
from companion_bot.services.reply_context import ReplyContext
from companion_bot.services.travel import end_stay_if_over
from companion_bot.services.undo import answer_undo, is_undo_request, offered_change
from companion_bot.storage import db, messages, users
from companion_bot.storage.models import (
    CHANNELS,
    GreetingPreferences,
    Message,
    ScheduleChange,
    User,
    UserSchedule,
)

log = logging.getLogger(__name__)

#: ``users.last_active_at`` is kept to this precision.
ACTIVITY_PRECISION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class HandleResult:
    user_message: Message
    reply: Message
    created: list[UserSchedule] = field(default_factory=list)
    updated: list[UserSchedule] = field(default_factory=list)
    cancelled: list[UserSchedule] = field(default_factory=list)
    #: The change an undo would take back, if this message made it.
    undo: ScheduleChange | None = None


class AlreadyReceivedError(CompanionError):
    """This user already sent a message with this client key: nothing was stored.

    ``first`` is what the first request returned (its message and reply; the meeting lists
    are empty, as those changes were made and reported then), or ``None`` while that reply
    is still being written (an LLM answering)."""

    user_message = "I already have that message."

    def __init__(self, first: HandleResult | None) -> None:
        super().__init__("a message with this client key was already received")
        self.first = first


class ClientKeyReusedError(InputError):
    """The client key was already used for another message of this user."""

    user_message = (
        "This Idempotency-Key was already used for a different message: "
        "send a new key with each new message."
    )


@dataclass(frozen=True)
class _Request:
    """One inbound message, as :meth:`MessageHandler.handle` was given it."""

    user_id: int
    channel: str
    text: str
    now: dt.datetime
    extraction: bool
    client_key: str | None


@dataclass(frozen=True)
class _Inbound:
    """The stored user message and what the first step learned about it."""

    message: Message
    user: User
    prefs: GreetingPreferences
    boundary: str | None
    answered: UserSchedule | None
    followup_candidate: bool
    reading: Reading | None


def _message(
    *,
    user_id: int,
    channel: str,
    role: str,
    text: str,
    now: dt.datetime,
    client_key: str | None,
) -> Message:
    """A conversation message with every column set here (nothing to read back after insert)."""
    return Message(
        user_id=user_id,
        channel=channel,
        role=role,
        message_type="reactive",
        content=text,
        created_at=now,
        is_question=False,
        client_key=client_key,
    )


async def _accepted_offer(
    session: AsyncSession, *, user_id: int, channel: str, text: str
) -> str | None:
    """The words the bot's last message on ``channel`` offered to note, when ``text`` is a
    bare "yes" to it (one more query, only for a "yes")."""
    if answer_word(text) != "yes":
        return None
    rows = await messages.recent_messages(session, user_id=user_id, channel=channel, limit=3)
    last = next((m for m in reversed(rows) if m.role == "bot"), None)
    return None if last is None else suggestion_in(last.content)


async def _undo_offered(
    session: AsyncSession, analysis: Analysis, *, user_id: int, now: dt.datetime
) -> ScheduleChange | None:
    """The change an undo would take back, if the message just made it: read on the
    ``session`` that made the changes (no read at all for a message that changed none)."""
    changed = {s.id for s in (*analysis.created, *analysis.updated, *analysis.cancelled)}
    if not changed:
        return None
    return await offered_change(session, user_id=user_id, made_at=now, schedule_ids=changed)


class MessageHandler:
    def __init__(
        self,
        db: async_sessionmaker[AsyncSession],
        llm_client: ChatClient,
        context_builder: ContextBuilder,
        boundary_manager: BoundaryManager,
        question_tracker: QuestionTracker,
        analytics: Analytics,
        message_analyzer: MessageAnalyzer | None = None,
        followups: FollowupHook | None = None,
        flags: FlagReader | None = None,
    ) -> None:
        self._db = db
        self._llm = llm_client
        self._context = context_builder
        self._boundaries = boundary_manager
        self._questions = question_tracker
        self._analytics = analytics
        self._analyzer = message_analyzer
        self._followups = followups
        self._flags = flags
        self._inbound = GroupCommit(db, self._first_steps)

    async def _extraction_enabled(self, user_id: int) -> bool:
        if self._analyzer is None:
            return False
        if self._flags is None:
            return True
        for name in ("proactive_features", "meeting_extraction"):
            if not await self._flags.enabled(name, user_id=user_id):
                return False
        return True

    async def handle(
        self,
        *,
        user_id: int,
        channel: str,
        text: str,
        now: dt.datetime,
        client_key: str | None = None,
    ) -> HandleResult:
        """Store ``text`` from the user, act on it, and store and return the reply.

        ``client_key``: the sender's idempotency key. When this user already sent a message
        with it, nothing is stored and :class:`AlreadyReceivedError` is raised (with the
        first result), or :class:`ClientKeyReusedError` when that message was another text.
        Keys are per channel: a web key never matches a Telegram message."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        if channel not in CHANNELS:
            raise InputError(f"unknown channel {channel!r}")
        if not text.strip():
            raise InputError("empty message")
        now = now.astimezone(dt.UTC)
        extraction = await self._extraction_enabled(user_id)
        try:
            request = _Request(user_id, channel, text, now, extraction, client_key)
            inbound, done = await self._inbound.run(request, key=user_id)
        except IntegrityError:
            if client_key is None:
                raise
            # Rolled back; the unique index refused the key if a message with it exists.
            await self._raise_if_received(
                user_id=user_id, channel=channel, text=text, client_key=client_key
            )
            raise
        if done is not None:
            return done
        reading = inbound.reading
        analysis = Analysis() if reading is None else reading.told()
        undo = None
        if reading is not None and reading.writes and self._analyzer is not None:
            async with self._db() as session:
                await db.begin_write(session)
                analysis = await self._analyzer.apply(
                    session,
                    reading,
                    user_id=user_id,
                    channel=channel,
                    message_id=inbound.message.id,
                    now=now,
                )
                undo = await _undo_offered(session, analysis, user_id=user_id, now=now)
                await session.commit()
        followup = None
        if self._followups is not None and self._followup_possible(inbound):
            followup = await self._followups.followup_for(user_id=user_id, channel=channel, now=now)
        reply = await self._reply(
            inbound, analysis=analysis, followup=followup, extraction=extraction, now=now
        )
        return HandleResult(
            user_message=inbound.message,
            reply=reply,
            created=list(analysis.created),
            updated=list(analysis.updated),
            cancelled=list(analysis.cancelled),
            undo=undo,
        )

    async def _raise_if_received(
        self, *, user_id: int, channel: str, text: str, client_key: str
    ) -> None:
        """Raise what a repeated ``client_key`` means, if this user sent a message with it."""
        async with self._db() as session:
            rows = await messages.keyed_messages(
                session, user_id=user_id, channel=channel, client_key=client_key
            )
        first = next((m for m in rows if m.role == "user"), None)
        if first is None:
            return
        if first.content != text:
            raise ClientKeyReusedError(f"client key of message {first.id} reused")
        reply = next((m for m in rows if m.role == "bot"), None)
        log.info(
            "message %s received again (client key); reply %s",
            first.id,
            "pending" if reply is None else reply.id,
            extra={"action": "message_repeated", "user_id": user_id, "channel": channel},
        )
        raise AlreadyReceivedError(
            None if reply is None else HandleResult(user_message=first, reply=reply)
        )

    def _followup_possible(self, inbound: _Inbound) -> bool:
        return (
            self._followups is not None and inbound.answered is None and inbound.followup_candidate
        )

    async def _first_steps(
        self, session: AsyncSession, requests: list[_Request], rows: list[Message]
    ) -> list[tuple[_Inbound, HandleResult | None]]:
        """:meth:`_first_step` of messages that arrived together (one per user), their
        senders loaded with one query per channel."""
        found: dict[tuple[int, str], users.Conversant] = {}
        for channel in sorted({r.channel for r in requests}):
            same = [r for r in requests if r.channel == channel]
            # One window for all: the flag only says a follow-up may be due, and the
            # follow-up's own query decides with the message's time.
            starts = (
                min(r.now for r in same) - FOLLOWUP_WINDOW,
                max(r.now for r in same) - FOLLOWUP_DELAY,
            )
            loaded = await users.conversants(
                session,
                user_ids=[r.user_id for r in same],
                channel=channel,
                followup_starts=starts if self._followups is not None else None,
            )
            found.update(((user_id, channel), c) for user_id, c in loaded.items())
        return [
            await self._first_step(session, r, found.get((r.user_id, r.channel)), rows)
            for r in requests
        ]

    async def _first_step(
        self,
        session: AsyncSession,
        request: _Request,
        found: users.Conversant | None,
        rows: list[Message],
    ) -> tuple[_Inbound, HandleResult | None]:
        """Store the message, note the activity, apply boundaries, link an answer and read
        the meetings in it, on ``session`` (committed by :class:`GroupCommit`, with other
        messages that arrived together); ``found`` is the sender, ``None`` if unknown.
        When no LLM has to answer and no follow-up may be due, the meetings are applied and
        the reply made here too: the result. The message and reply then go to ``rows``,
        inserted with the batch's in one statement (after what the session holds), the
        message only if it is not stored already."""
        user_id, channel, text, now = request.user_id, request.channel, request.text, request.now
        if found is None:
            raise NotFoundError(f"no user {user_id}")
        user, prefs = found.user, found.prefs
        end_stay_if_over(user, now=now)  # a stay that is over: read at home time again
        message = _message(
            user_id=user_id,
            channel=channel,
            role="user",
            text=text,
            now=now,
            client_key=request.client_key,
        )
        if user.last_active_at is None or now - user.last_active_at >= ACTIVITY_PRECISION:
            user.last_active_at = now  # one write a minute, not one per message of a burst
        # Not in the session yet: in the common case the message and its reply are
        # inserted together, with the batch's, without the unit of work.
        boundary = await self._boundaries.apply(session, user=user, text=text, now=now)
        if boundary is None and typed_action(text) is not None:
            # "thanks" / "snooze" / "not a meeting" after a reminder: the answer looks
            # for the bot's messages before this one, by id.
            session.add(message)
            await session.flush()
            boundary = await apply_typed_answer(session, message=message, now=now)
        undoing = boundary is None and is_undo_request(text)  # "undo", "revert that"
        if undoing:
            boundary = await answer_undo(
                session, user_id=user_id, channel=channel, now=now, timezone=user.timezone
            )
        answered = None
        if found.open_question_id is not None and not undoing:  # "undo" answers nothing
            answered = await self._questions.link_to(
                session, message=message, question_id=found.open_question_id, now=now
            )
        reading = None
        if request.extraction and boundary is None and self._analyzer is not None:
            # A "yes" to "say 'X' and I'll add it" means saying X.
            said = await _accepted_offer(session, user_id=user_id, channel=channel, text=text)
            reading = self._analyzer.read(said or text, now=now, timezone=user.timezone)
        inbound = _Inbound(
            message, user, prefs, boundary, answered, found.followup_candidate, reading
        )
        done = await self._answer_now(session, inbound, extraction=request.extraction, now=now)
        if done is None:
            session.add(message)
        elif message in session:  # stored first, as what the step wrote names it
            rows.append(done.reply)
        else:
            rows += (message, done.reply)  # the common case
        return inbound, done

    async def _answer_now(
        self, session: AsyncSession, inbound: _Inbound, *, extraction: bool, now: dt.datetime
    ) -> HandleResult | None:
        """The meetings applied and the reply made on the first transaction's ``session``,
        unless something has to happen between them: an LLM to wait for, a follow-up that
        may be due."""
        if self._llm.configured or self._followup_possible(inbound):
            return None
        message, reading = inbound.message, inbound.reading
        analysis = Analysis()
        if reading is not None and self._analyzer is not None:
            if reading.writes:  # the changes name the message: stored first
                session.add(message)
                await session.flush()
            analysis = await self._analyzer.apply(
                session,
                reading,
                user_id=inbound.user.id,
                channel=message.channel,
                message_id=message.id,
                now=now,
            )
        reply = await self._add_reply(
            session, inbound, analysis=analysis, followup=None, extraction=extraction, now=now
        )
        return HandleResult(
            user_message=message,
            reply=reply,
            created=list(analysis.created),
            updated=list(analysis.updated),
            cancelled=list(analysis.cancelled),
            undo=await _undo_offered(session, analysis, user_id=inbound.user.id, now=now),
        )

    async def _reply(
        self,
        inbound: _Inbound,
        *,
        analysis: Analysis,
        followup: Followup | None,
        extraction: bool,
        now: dt.datetime,
    ) -> Message:
        """Answer (the LLM when configured, else or on failure the offline responder) and
        store the reply. No transaction is held while an LLM answers."""
        content: str | None = None
        if self._llm.configured:
            async with self._db() as session:
                ctx = await self._context_for(
                    session, inbound, analysis=analysis, extraction=extraction, now=now, llm=True
                )
            content = await self._llm.chat(llm_messages(ctx)) or respond(ctx)
        async with self._db() as session:
            await db.begin_write(session)
            reply = await self._add_reply(
                session,
                inbound,
                analysis=analysis,
                followup=followup,
                extraction=extraction,
                now=now,
                content=content,
            )
            session.add(reply)
            await session.commit()
        return reply

    async def _context_for(
        self,
        session: AsyncSession,
        inbound: _Inbound,
        *,
        analysis: Analysis,
        extraction: bool,
        now: dt.datetime,
        llm: bool,
    ) -> ReplyContext:
        message = inbound.message
        return await self._context.build(
            session,
            user=inbound.user,
            prefs=inbound.prefs,
            channel=message.channel,
            text=message.content,
            now=now,
            before_message_id=message.id,
            analysis=analysis,
            boundary=inbound.boundary,
            answered=inbound.answered,
            extraction_enabled=extraction,
            with_history=llm,
            with_upcoming=llm or asks_for_schedule(message.content),
        )

    async def _add_reply(
        self,
        session: AsyncSession,
        inbound: _Inbound,
        *,
        analysis: Analysis,
        followup: Followup | None,
        extraction: bool,
        now: dt.datetime,
        content: str | None = None,
    ) -> Message:
        """The reply (the offline responder's unless ``content`` is given) with the follow-up
        question it carries, for the caller to store; the analytics of what changed are added
        to ``session``."""
        message = inbound.message
        if content is None:
            ctx = await self._context_for(
                session, inbound, analysis=analysis, extraction=extraction, now=now, llm=False
            )
            content = respond(ctx)
        reply = _message(
            user_id=message.user_id,
            channel=message.channel,
            role="bot",
            text=content,
            now=now,
            client_key=message.client_key,  # a retry finds the reply by the message's key
        )
        if followup is not None:
            reply.content = f"{content}\n\n{followup.question}"
            reply.is_question = True
            reply.question_schedule_id = followup.schedule_id
            reply.proactive_session_id = followup.proactive_session_id
            self._analytics.record(
                session,
                "followup_asked",
                user_id=message.user_id,
                schedule_id=followup.schedule_id,
                channel=message.channel,
            )
        self._record_low_confidence(
            session, user_id=message.user_id, channel=message.channel, analysis=analysis
        )
        return reply

    def _record_low_confidence(
        self, session: AsyncSession, *, user_id: int, channel: str, analysis: Analysis
    ) -> None:
        """Meetings found but not scheduled (the schedules changed were recorded with the
        change, by :mod:`.schedules`)."""
        for meeting in analysis.low_confidence:
            self._analytics.record(
                session,
                "low_confidence_extraction",
                user_id=user_id,
                value=float(meeting.confidence),
                event_name=meeting.event_name,
                channel=channel,
            )
