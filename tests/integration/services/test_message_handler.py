"""The conversation pipeline end to end on both databases, through the real extractor."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass

from pipeline_helpers import BERLIN, NOW
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.composition import build_message_handler
from companion_bot.config import Settings
from companion_bot.services.analytics import Analytics
from companion_bot.services.boundary_manager import BoundaryManager
from companion_bot.services.context_builder import ContextBuilder
from companion_bot.services.llm_client import LLMClient
from companion_bot.services.message_analyzer import MessageAnalyzer
from companion_bot.services.message_handler import MessageHandler
from companion_bot.services.question_tracker import QuestionTracker
from companion_bot.storage import users
from companion_bot.storage.models import (
    AnalyticsEvent,
    Message,
    ProactiveSession,
    UserSchedule,
)


async def _schedules(sm: async_sessionmaker[AsyncSession], user_id: int) -> list[UserSchedule]:
    async with sm() as session:
        rows = await session.scalars(
            select(UserSchedule).where(UserSchedule.user_id == user_id).order_by(UserSchedule.id)
        )
        return list(rows.all())


async def _events(sm: async_sessionmaker[AsyncSession], user_id: int) -> list[str]:
    async with sm() as session:
        rows = await session.scalars(
            select(AnalyticsEvent.name)
            .where(AnalyticsEvent.user_id == user_id)
            .order_by(AnalyticsEvent.id)
        )
        return list(rows.all())


async def test_meeting_mentioned_on_web_becomes_one_web_schedule_and_a_precise_reply(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    result = await handler.handle(
        user_id=user_id, channel="web", text="I have a meeting tomorrow at 2:30 PM", now=NOW
    )

    rows = await _schedules(sm, user_id)
    assert [(r.event_name, r.start_time, r.channel, r.status) for r in rows] == [
        ("meeting", dt.datetime(2026, 11, 26, 14, 30, tzinfo=BERLIN), "web", "scheduled")
    ]
    assert rows[0].message_id == result.user_message.id
    assert rows[0].confidence >= 0.5
    assert rows[0].source_text == "I have a meeting tomorrow at 2:30 PM"
    assert rows[0].source_span_start is not None and rows[0].source_span_end is not None
    assert [s.id for s in result.created] == [rows[0].id]
    assert "meeting tomorrow 2:30 PM" in result.reply.content
    assert "I'll remind you at 2 PM" in result.reply.content  # default lead: 30 minutes
    assert (result.user_message.role, result.reply.role) == ("user", "bot")
    assert result.reply.id > result.user_message.id
    assert await _events(sm, user_id) == ["schedule_created"]  # a message is its own record
    async with sm() as session:
        user = await users.get_user(session, user_id=user_id)
        assert user is not None and user.last_active_at == NOW


async def test_repeated_mention_creates_nothing(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    await handler.handle(
        user_id=user_id, channel="web", text="I have a meeting tomorrow at 2:30 PM", now=NOW
    )
    again = await handler.handle(
        user_id=user_id,
        channel="web",
        text="just so you know, the meeting is tomorrow at 2:30pm",
        now=NOW + dt.timedelta(minutes=5),
    )

    assert again.created == [] and again.updated == []
    assert len(await _schedules(sm, user_id)) == 1
    assert "already have meeting tomorrow 2:30 PM" in again.reply.content


async def test_the_same_meeting_sent_twice_at_once_is_stored_once(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    text = "team meeting Friday 3-4pm"
    results = await asyncio.gather(
        *(handler.handle(user_id=user_id, channel="web", text=text, now=NOW) for _ in range(3))
    )

    rows = await _schedules(sm, user_id)
    assert len(rows) == 1
    assert sum(len(r.created) for r in results) == 1


async def test_telegram_message_makes_a_telegram_schedule(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    result = await handler.handle(
        user_id=user_id, channel="telegram", text="interview on Friday at 10am", now=NOW
    )

    rows = await _schedules(sm, user_id)
    assert [(r.event_name, r.channel) for r in rows] == [("interview", "telegram")]
    assert (result.user_message.channel, result.reply.channel) == ("telegram", "telegram")


async def test_team_meeting_reply_matches_the_design_example(
    handler: MessageHandler, user_id: int
) -> None:
    result = await handler.handle(
        user_id=user_id, channel="web", text="team meeting Friday 3-4pm", now=NOW
    )

    assert "team meeting Friday 3–4 PM. I'll remind you at 2:30 PM." in result.reply.content


async def test_cancelled_interview_is_cancelled(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    await handler.handle(
        user_id=user_id, channel="web", text="interview on Friday at 10am", now=NOW
    )
    await handler.handle(user_id=user_id, channel="web", text="team meeting Friday 3-4pm", now=NOW)

    result = await handler.handle(
        user_id=user_id, channel="web", text="the interview got cancelled", now=NOW
    )

    by_name = {r.event_name: r.status for r in await _schedules(sm, user_id)}
    assert by_name == {"interview": "cancelled", "team meeting": "scheduled"}
    assert [s.event_name for s in result.cancelled] == ["interview"]
    assert "cancelled interview" in result.reply.content
    assert (await _events(sm, user_id))[-1] == "schedule_cancelled"


async def test_my_3pm_moved_to_4_reschedules_on_the_same_day(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    await handler.handle(user_id=user_id, channel="web", text="team meeting Friday 3-4pm", now=NOW)

    result = await handler.handle(user_id=user_id, channel="web", text="my 3pm moved to 4", now=NOW)

    [row] = await _schedules(sm, user_id)
    assert (row.start_time, row.end_time) == (
        dt.datetime(2026, 11, 27, 16, 0, tzinfo=BERLIN),
        dt.datetime(2026, 11, 27, 17, 0, tzinfo=BERLIN),
    )
    assert [s.id for s in result.updated] == [row.id]
    assert "team meeting is now Friday 27 Nov, 4–5 PM" in result.reply.content


async def test_ambiguous_move_asks_and_changes_nothing(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    await handler.handle(user_id=user_id, channel="web", text="team meeting Friday 3-4pm", now=NOW)
    await handler.handle(
        user_id=user_id, channel="web", text="interview on Thursday at 3pm", now=NOW
    )
    before = [(r.id, r.start_time) for r in await _schedules(sm, user_id)]
    assert len(before) == 2

    result = await handler.handle(user_id=user_id, channel="web", text="my 3pm moved to 4", now=NOW)

    assert [(r.id, r.start_time) for r in await _schedules(sm, user_id)] == before
    assert result.updated == []
    assert "Which one should I move" in result.reply.content


async def test_ambiguous_cancel_asks_and_cancels_nothing(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    await handler.handle(user_id=user_id, channel="web", text="team meeting Friday 3-4pm", now=NOW)
    await handler.handle(
        user_id=user_id, channel="web", text="client meeting Thursday at 11am", now=NOW
    )

    result = await handler.handle(
        user_id=user_id, channel="web", text="the meeting got cancelled", now=NOW
    )

    assert result.cancelled == []
    assert {r.status for r in await _schedules(sm, user_id)} == {"scheduled"}
    assert (
        "Which one should I cancel: the client meeting at Thu 11:00 or the team meeting at "
        "Fri 15:00?" in result.reply.content
    )

    named = await handler.handle(
        user_id=user_id, channel="web", text="the client meeting got cancelled", now=NOW
    )
    by_name = {r.event_name: r.status for r in await _schedules(sm, user_id)}
    assert by_name == {"team meeting": "scheduled", "client meeting": "cancelled"}
    assert [s.event_name for s in named.cancelled] == ["client meeting"]


async def test_the_only_meeting_is_moved_when_the_message_just_says_meeting(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    await handler.handle(user_id=user_id, channel="web", text="team meeting Friday 3-4pm", now=NOW)

    result = await handler.handle(
        user_id=user_id, channel="web", text="the meeting moved to 5pm", now=NOW
    )

    [row] = await _schedules(sm, user_id)
    assert (row.start_time, row.end_time) == (
        dt.datetime(2026, 11, 27, 17, 0, tzinfo=BERLIN),
        dt.datetime(2026, 11, 27, 18, 0, tzinfo=BERLIN),
    )
    assert [s.id for s in result.updated] == [row.id]


async def test_a_meeting_said_twice_in_one_message_or_on_another_channel_is_one(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    both = await handler.handle(
        user_id=user_id,
        channel="web",
        text="team meeting Friday 3-4pm. Yes, the team meeting on Friday at 3pm!",
        now=NOW,
    )
    later = await handler.handle(
        user_id=user_id,
        channel="telegram",
        text="reminder to self: team meeting friday at 15:00",
        now=NOW + dt.timedelta(hours=2),
    )

    rows = await _schedules(sm, user_id)
    assert [(r.event_name, r.channel) for r in rows] == [("team meeting", "web")]
    assert len(both.created) == 1 and later.created == []
    assert "already have team meeting Friday 3–4 PM" in later.reply.content


@dataclass(frozen=True)
class VagueMeeting:
    event_name: str
    start: dt.datetime
    end: dt.datetime | None = None
    grain: str = "minute"
    confidence: float = 0.4
    span: tuple[int, int] = (0, 5)
    action: str = "schedule"
    previous_start: dt.datetime | None = None
    time_is_approximate: bool = False


class VagueExtractor:
    def extract(self, text: str, now: dt.datetime) -> list[VagueMeeting]:
        return [VagueMeeting("catch-up", now.replace(hour=16, minute=0))]


async def test_a_low_confidence_meeting_is_not_scheduled_but_asked_about(
    sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    analytics = Analytics()
    handler = MessageHandler(
        sm,
        LLMClient(base_url="", model="none"),
        ContextBuilder(),
        BoundaryManager(analytics),
        QuestionTracker(analytics),
        analytics,
        message_analyzer=MessageAnalyzer(sm, VagueExtractor()),
    )

    result = await handler.handle(
        user_id=user_id, channel="web", text="catch-up maybe later?", now=NOW
    )

    assert result.created == [] and await _schedules(sm, user_id) == []
    assert "Did you mean a catch-up today at 4 PM?" in result.reply.content
    assert await _events(sm, user_id) == ["low_confidence_extraction"]


async def test_last_activity_is_kept_to_the_minute(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    for seconds in (0, 20, 59, 61):
        await handler.handle(
            user_id=user_id, channel="web", text="hi", now=NOW + dt.timedelta(seconds=seconds)
        )
        async with sm() as session:
            user = await users.get_user(session, user_id=user_id)
        assert user is not None
        expected = NOW + dt.timedelta(seconds=61 if seconds == 61 else 0)
        assert user.last_active_at == expected, seconds


async def test_cancel_with_nothing_matching_says_so(handler: MessageHandler, user_id: int) -> None:
    result = await handler.handle(
        user_id=user_id, channel="web", text="the interview got cancelled", now=NOW
    )

    assert result.cancelled == []
    assert "couldn't find an upcoming meeting" in result.reply.content


async def test_chat_without_meetings_still_gets_a_warm_reply(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    hello = await handler.handle(user_id=user_id, channel="web", text="hello", now=NOW)
    plans = await handler.handle(user_id=user_id, channel="web", text="what's next?", now=NOW)

    assert await _schedules(sm, user_id) == []
    assert "meeting" in hello.reply.content.lower()
    assert "Nothing on your list yet" in plans.reply.content


async def test_opt_out_quiet_hours_zone_and_lead_time_from_chat(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    said = {}
    for text in (
        "stop reminding me",
        "don't message me after 10pm",
        "my time zone is America/New_York",
        "remind me 15 minutes before",
    ):
        said[text] = (
            await handler.handle(user_id=user_id, channel="web", text=text, now=NOW)
        ).reply

    async with sm() as session:
        prefs = await users.get_preferences(session, user_id=user_id)
        user = await users.get_user(session, user_id=user_id)
    assert user is not None
    assert (prefs.prefer_proactive, prefs.dnd_start_hour, prefs.dnd_end_hour) == (False, 22, 7)
    assert prefs.reminder_lead_minutes == 15
    assert (user.timezone, user.timezone_confirmed) == ("America/New_York", True)
    assert "won't send you reminders" in said["stop reminding me"].content
    assert "between 10 PM and 7 AM" in said["don't message me after 10pm"].content
    assert "America/New_York" in said["my time zone is America/New_York"].content
    assert "15 minutes before" in said["remind me 15 minutes before"].content
    assert await _schedules(sm, user_id) == []  # "15 minutes" is not a meeting

    back_on = await handler.handle(user_id=user_id, channel="web", text="reminders on", now=NOW)
    meeting = await handler.handle(
        user_id=user_id, channel="web", text="call with Sam tomorrow at 10am", now=NOW
    )
    async with sm() as session:
        assert (await users.get_preferences(session, user_id=user_id)).prefer_proactive is True
    assert "back on" in back_on.reply.content
    [row] = meeting.created
    # 10 AM in New York now, reminded 15 minutes before
    assert row.start_time == dt.datetime(2026, 11, 26, 15, 0, tzinfo=dt.UTC)
    assert "I'll remind you at 9:45 AM" in meeting.reply.content


class OffFlags:
    def __init__(self, *off: str) -> None:
        self.off = set(off)
        self.asked: list[tuple[str, int | None]] = []

    async def enabled(self, name: str, *, user_id: int | None = None) -> bool:
        self.asked.append((name, user_id))
        return name not in self.off


async def test_meeting_extraction_flag_off_creates_nothing_but_replies(
    sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    for off in ("meeting_extraction", "proactive_features"):
        flags = OffFlags(off)
        handler = build_message_handler(Settings(), sm, flags=flags)
        result = await handler.handle(
            user_id=user_id, channel="web", text="team meeting Friday 3-4pm", now=NOW
        )
        assert result.created == [] and result.reply.content
        assert (off, user_id) in flags.asked
    assert await _schedules(sm, user_id) == []


@dataclass(frozen=True)
class FakeFollowup:
    schedule_id: int
    proactive_session_id: int
    event_name: str
    question: str


class OneFollowup:
    def __init__(self, followup: FakeFollowup) -> None:
        self.followup: FakeFollowup | None = followup
        self.calls: list[tuple[int, str, dt.datetime]] = []

    async def followup_for(
        self, *, user_id: int, channel: str, now: dt.datetime
    ) -> FakeFollowup | None:
        self.calls.append((user_id, channel, now))
        found, self.followup = self.followup, None
        return found


async def _past_one_on_one(
    sm: async_sessionmaker[AsyncSession], user_id: int, channel: str = "web"
) -> tuple[int, int]:
    async with sm() as session:
        schedule = UserSchedule(
            user_id=user_id,
            event_name="1-on-1",
            start_time=NOW - dt.timedelta(hours=1),
            channel=channel,
        )
        session.add(schedule)
        await session.flush()
        proactive = ProactiveSession(
            user_id=user_id,
            session_type="followup",
            reference_id=schedule.id,
            channel=channel,
            status="sent",
            sent_at=NOW,
        )
        session.add(proactive)
        await session.commit()
        return schedule.id, proactive.id


async def test_followup_question_is_asked_once_and_the_answer_completes_the_meeting(
    sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    schedule_id, session_id = await _past_one_on_one(sm, user_id)
    hook = OneFollowup(FakeFollowup(schedule_id, session_id, "1-on-1", "How did the 1-on-1 go?"))
    handler = build_message_handler(Settings(), sm, followups=hook)

    asked = await handler.handle(user_id=user_id, channel="web", text="hey", now=NOW)
    answer = await handler.handle(user_id=user_id, channel="web", text="it went great", now=NOW)

    assert asked.reply.content.endswith("How did the 1-on-1 go?")
    assert asked.reply.is_question is True
    assert asked.reply.question_schedule_id == schedule_id
    assert asked.reply.proactive_session_id == session_id
    assert "How did" not in answer.reply.content
    assert "1-on-1 went" in answer.reply.content
    assert answer.user_message.in_reply_to_id == asked.reply.id
    async with sm() as session:
        schedule = await session.get(UserSchedule, schedule_id)
        proactive = await session.get(ProactiveSession, session_id)
        question = await session.get(Message, asked.reply.id)
    assert schedule is not None and proactive is not None and question is not None
    assert (schedule.is_completed, schedule.status, schedule.completed_at) == (True, "done", NOW)
    assert proactive.acknowledged_at == NOW
    assert question.answered_at == NOW
    assert (await _events(sm, user_id)).count("followup_asked") == 1
    assert (await _events(sm, user_id)).count("acknowledged") == 1
    assert [c[:2] for c in hook.calls] == [(user_id, "web")]  # not asked while answering


async def test_the_followup_hook_is_consulted_only_when_a_meeting_may_be_due(
    sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    schedule_id, session_id = await _past_one_on_one(sm, user_id, channel="telegram")
    hook = OneFollowup(FakeFollowup(schedule_id, session_id, "1-on-1", "How did the 1-on-1 go?"))
    handler = build_message_handler(Settings(), sm, followups=hook)
    async with sm() as session:
        for name, start, end in (
            ("ended", NOW - dt.timedelta(hours=2), NOW - dt.timedelta(hours=1)),
            ("too early", NOW - dt.timedelta(minutes=10), None),
            ("too old", NOW - dt.timedelta(hours=9), None),
        ):
            session.add(
                UserSchedule(
                    user_id=user_id,
                    event_name=name,
                    start_time=start,
                    end_time=end,
                    channel="web",
                )
            )
        await session.commit()

    quiet = await handler.handle(user_id=user_id, channel="web", text="hey", now=NOW)
    asked = await handler.handle(user_id=user_id, channel="telegram", text="hey", now=NOW)

    assert hook.calls == [(user_id, "telegram", NOW)]
    assert "How did" not in quiet.reply.content
    assert asked.reply.content.endswith("How did the 1-on-1 go?")


async def test_history_is_stored_in_order(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    await handler.handle(user_id=user_id, channel="web", text="hello", now=NOW)
    await handler.handle(user_id=user_id, channel="web", text="thanks", now=NOW)

    async with sm() as session:
        rows = (
            await session.scalars(
                select(Message.role).where(Message.user_id == user_id).order_by(Message.id)
            )
        ).all()
        count = await session.scalar(select(func.count()).select_from(Message))
    assert list(rows) == ["user", "bot", "user", "bot"]
    assert count == 4


async def test_a_move_keeps_the_day_and_length_it_does_not_mention(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    await handler.handle(
        user_id=user_id,
        channel="web",
        text="Call with the Berlin office next Monday 10-10:30",
        now=NOW,
    )
    late = NOW.replace(hour=13)  # 11:00 has passed today: a bare "11" alone reads tomorrow

    await handler.handle(
        user_id=user_id, channel="web", text="the berlin call got moved to 11", now=late
    )

    [row] = await _schedules(sm, user_id)
    assert (row.start_time, row.end_time) == (
        dt.datetime(2026, 11, 30, 11, 0, tzinfo=BERLIN),
        dt.datetime(2026, 11, 30, 11, 30, tzinfo=BERLIN),
    )


async def test_a_move_by_an_amount_shifts_the_booked_time(
    handler: MessageHandler, sm: async_sessionmaker[AsyncSession], user_id: int
) -> None:
    await handler.handle(user_id=user_id, channel="web", text="standup friday 9:30-9:45", now=NOW)

    await handler.handle(
        user_id=user_id, channel="web", text="standup got bumped up an hour", now=NOW
    )
    [row] = await _schedules(sm, user_id)
    assert (row.start_time, row.end_time) == (
        dt.datetime(2026, 11, 27, 8, 30, tzinfo=BERLIN),
        dt.datetime(2026, 11, 27, 8, 45, tzinfo=BERLIN),
    )

    await handler.handle(
        user_id=user_id, channel="web", text="standup moved to same time next week", now=NOW
    )
    [row] = await _schedules(sm, user_id)
    assert row.start_time == dt.datetime(2026, 12, 4, 8, 30, tzinfo=BERLIN)
