"""The checklist's manual cases in simulated time: the real extractor reads the message,
the schedule is stored as the pipeline stores it, and the job runs minute by minute.

(The conversation pipeline is built in parallel; once ``companion_bot.wiring`` lands, the
same cases run through ``MessageHandler.handle`` — see docs/jobs.md.)
"""

from __future__ import annotations

import datetime as dt

from proactive_helpers import BERLIN, add_schedule, add_user, handler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.extraction import MeetingExtractor
from companion_bot.proactive.followups import ProactiveFollowups
from companion_bot.testing import FakeSender, FrozenClock

SM = async_sessionmaker[AsyncSession]
# Wednesday 25 November 2026, 10:00 in Berlin.
MENTIONED = dt.datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)


async def _mention(sm: SM, user: int, message: str) -> int:
    found = MeetingExtractor().extract(message, MENTIONED)
    # The reading that covers most of the message (the extractor also reads "1-on-1" as
    # "at 1": reported to the extraction helper; the pipeline owns which ones it stores).
    meeting = max(found, key=lambda m: m.span[1] - m.span[0])
    return await add_schedule(
        sm,
        user,
        meeting.start,
        name=meeting.event_name,
        end=meeting.end,
        approximate=meeting.time_is_approximate,
    )


async def _run_minutes(
    sm: SM, web: FakeSender, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, str, int]]:
    """Run both checks every simulated minute; (local time, kind, schedule) of each send."""
    h = handler(sm, {"web": web}, FrozenClock(start))
    sent: list[tuple[dt.datetime, str, int]] = []
    now = start
    while now <= end:
        for summary in (
            await h.check_and_send_preparation_reminders(now),
            await h.check_and_send_completion_messages(now),
        ):
            sent += [(now.astimezone(BERLIN), o.kind, o.schedule_id) for o in summary.sent]
        now += dt.timedelta(minutes=1)
    return sent


async def test_specific_time_reminded_at_14_00_local_once(sm: SM, web: FakeSender) -> None:
    user = await add_user(sm)
    sid = await _mention(sm, user, "I have a meeting tomorrow at 2:30 PM")

    early = await _run_minutes(sm, web, MENTIONED, MENTIONED + dt.timedelta(minutes=3))
    sent = await _run_minutes(
        sm,
        web,
        dt.datetime(2026, 11, 26, 13, 50, tzinfo=BERLIN),
        dt.datetime(2026, 11, 26, 14, 40, tzinfo=BERLIN),
    )

    assert early == []
    assert sent == [(dt.datetime(2026, 11, 26, 14, 0, tzinfo=BERLIN), "preparation_reminder", sid)]
    assert "2:30 PM" in web.sent[0].text


async def test_part_of_day_reminded_before_next_monday_morning(sm: SM, web: FakeSender) -> None:
    user = await add_user(sm)
    sid = await _mention(sm, user, "Standup next Monday morning")

    sent = await _run_minutes(
        sm,
        web,
        dt.datetime(2026, 11, 30, 6, 50, tzinfo=BERLIN),
        dt.datetime(2026, 11, 30, 8, 10, tzinfo=BERLIN),
    )

    [(when, kind, schedule_id)] = sent
    assert (kind, schedule_id) == ("preparation_reminder", sid)
    assert (
        dt.datetime(2026, 11, 30, 7, 0, tzinfo=BERLIN)
        <= when
        < dt.datetime(2026, 11, 30, 8, 0, tzinfo=BERLIN)
    )


async def test_range_gets_reminder_and_completion(sm: SM, web: FakeSender) -> None:
    user = await add_user(sm)
    sid = await _mention(sm, user, "Team meeting 3-4 PM Friday")

    sent = await _run_minutes(
        sm,
        web,
        dt.datetime(2026, 11, 27, 14, 20, tzinfo=BERLIN),
        dt.datetime(2026, 11, 27, 16, 20, tzinfo=BERLIN),
    )

    assert sent == [
        (dt.datetime(2026, 11, 27, 14, 30, tzinfo=BERLIN), "preparation_reminder", sid),
        (dt.datetime(2026, 11, 27, 16, 5, tzinfo=BERLIN), "completion", sid),
    ]
    assert web.sent[1].is_question


async def test_no_end_time_means_followup_on_next_message(sm: SM, web: FakeSender) -> None:
    user = await add_user(sm)
    sid = await _mention(sm, user, "I have a 1-on-1 tomorrow at 10 AM")
    hook = ProactiveFollowups(sm)

    sent = await _run_minutes(
        sm,
        web,
        dt.datetime(2026, 11, 26, 9, 25, tzinfo=BERLIN),
        dt.datetime(2026, 11, 26, 10, 30, tzinfo=BERLIN),
    )
    before = await hook.followup_for(
        user_id=user, channel="web", now=dt.datetime(2026, 11, 26, 10, 10, tzinfo=BERLIN)
    )
    after = await hook.followup_for(
        user_id=user, channel="web", now=dt.datetime(2026, 11, 26, 10, 20, tzinfo=BERLIN)
    )

    assert [kind for _, kind, _ in sent] == ["preparation_reminder"]  # no completion
    assert before is None
    assert after is not None and after.schedule_id == sid
    assert after.question.endswith("?")
