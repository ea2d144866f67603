"""A seeded week of companion-bot use whose success metrics are known (worked out by hand).

The story is written in November 2026 times with the report's ``now`` at Wednesday
25 November 09:00 UTC and the window the 7 days before; :func:`seed_history` shifts every
time so that the same story ends at any ``now`` (the CLI test uses the real clock).

Users: ada (u1), bob (u2), cy (u3), eve (u5) write in the window; dee (u4) only before it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.storage import users
from companion_bot.storage.models import AnalyticsEvent, Message, ProactiveSession, UserSchedule

STORY_NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)

# What the report must say about the story for the week before STORY_NOW.
EXPECTED = {
    "active_users": 4,  # ada, bob, cy, eve; dee wrote before the window, bots do not count
    "users_with_meetings": 3,
    "users_with_meetings_pct": 75.0,
    "meetings_detected": 6,
    "meetings_per_user_per_week": 1.5,  # 6 meetings / 4 users / 1 week
    "meetings_with_end_time": 3,
    "with_end_time_pct": 50.0,
    "proactive_sent": 5,
    "acknowledged": 2,
    "acknowledged_pct": 40.0,
    "replied": 4,
    "median_reply_seconds": 597.5,  # waits 540, 595, 600, 3600 s; bob never answered
    "reminders_sent": 4,
    "reminders_on_time": 3,  # 20 s, 60 s (the edge) and 5 s late; 120 s late is not
    "on_time_pct": 75.0,
    "reminders_skipped": 1,
    "reminders_failed": 1,
    "extractions": 8,
    "low_confidence": 2,
    "low_confidence_pct": 25.0,
    "not_a_meeting": 1,
    "false_positive_pct": 16.7,  # 1 of 6 meetings
    "opt_outs": 3,
    "opt_outs_after_reminder": 1,  # bob, 18 min after a reminder; ada's came 2 days after
    "reminders_off_now": 4,  # the four who opted out (dee before the window) are still off
    "cancellations": 3,
    "cancellations_after_reminder": 1,  # cy's interview; bob's was a "not a meeting" answer
}
EXPECTED_PER_DAY = [
    ("2026-11-18", 2),
    ("2026-11-19", 0),
    ("2026-11-20", 1),
    ("2026-11-21", 1),
    ("2026-11-22", 0),
    ("2026-11-23", 0),
    ("2026-11-24", 1),
    ("2026-11-25", 1),
]
EXPECTED_SESSIONS = {
    "preparation_reminder": (5, {"sent": 3, "failed": 1, "skipped": 1}),
    "completion": (1, {"sent": 1}),
    "followup": (1, {"pending": 1}),
    "snooze": (1, {"sent": 1}),
    "task_reminder": (0, {}),
}


async def seed_history(session: AsyncSession, *, now: dt.datetime = STORY_NOW) -> dict[str, int]:
    """Insert the story ending at ``now``; returns the user ids by name."""
    shift = now - STORY_NOW

    def t(day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
        return dt.datetime(2026, 11, day, hour, minute, second, tzinfo=dt.UTC) + shift

    ids = {}
    for name in ("ada", "bob", "cy", "dee", "eve"):
        ids[name] = (await users.create_user(session, username=name)).id
    ada, bob, cy, dee, eve = (ids[n] for n in ("ada", "bob", "cy", "dee", "eve"))

    def said(user: int, at: dt.datetime, text: str, role: str = "user") -> None:
        session.add(Message(user_id=user, channel="web", role=role, content=text, created_at=at))

    said(dee, t(15, 10), "dentist friday at 3")
    said(ada, t(18, 10), "team meeting 3-4 PM tomorrow")
    said(ada, t(18, 12), "1-on-1 on Friday at 10")
    said(eve, t(20, 8), "hello there")
    said(dee, t(20, 9), "Reminder: dentist", role="bot")
    said(ada, t(19, 9, 40, 20), "thanks, on my way")
    said(ada, t(19, 9, 50), "ready now")
    said(ada, t(19, 12, 5, 30), "it went well")
    said(ada, t(21, 12), "stop reminding me")
    said(cy, t(21, 9), "interview at 3pm today")
    said(cy, t(21, 14, 40), "the interview got cancelled")
    said(bob, t(24, 23, 30), "standup tomorrow at 9")
    said(cy, t(25, 8), "review 9:10-9:40 today")
    said(bob, t(25, 9, 30), "after the report's window")

    def meeting(
        user: int, name: str, created: dt.datetime, start: dt.datetime, **extra: Any
    ) -> UserSchedule:
        row = UserSchedule(
            user_id=user,
            event_name=name,
            start_time=start,
            channel="web",
            created_at=created,
            updated_at=extra.pop("updated_at", created),
            **extra,
        )
        session.add(row)
        return row

    s6 = meeting(dee, "dentist", t(15, 10), t(20, 15), status="cancelled", updated_at=t(16, 9))
    s1 = meeting(ada, "team meeting", t(18, 10), t(19, 10), end_time=t(19, 11))
    s2 = meeting(ada, "1-on-1", t(18, 12), t(20, 10))
    s3 = meeting(
        ada, "planning", t(20, 10), t(20, 17), end_time=t(20, 18), status="cancelled",
        updated_at=t(22, 9),
    )  # fmt: skip
    s7 = meeting(cy, "interview", t(21, 9), t(21, 15), status="cancelled", updated_at=t(21, 14, 40))
    s4 = meeting(
        bob, "standup", t(24, 23, 30), t(25, 9), status="cancelled", updated_at=t(25, 8, 40)
    )
    s5 = meeting(cy, "review", t(25, 8), t(25, 9, 10), end_time=t(25, 9, 40))
    await session.flush()

    def proactive(
        schedule: UserSchedule, kind: str, due: dt.datetime, status: str = "sent", **extra: Any
    ) -> None:
        session.add(
            ProactiveSession(
                user_id=schedule.user_id,
                session_type=kind,
                reference_id=schedule.id,
                channel="web",
                status=status,
                due_at=due,
                created_at=due,
                **extra,
            )
        )

    proactive(s6, "preparation_reminder", t(15, 14, 30), sent_at=t(15, 14, 30))
    proactive(
        s1, "preparation_reminder", t(19, 9, 30),
        sent_at=t(19, 9, 30, 20), acknowledged_at=t(19, 9, 35),
    )  # fmt: skip
    proactive(s1, "snooze", t(19, 9, 40), sent_at=t(19, 9, 41), acknowledged_at=t(19, 9, 42))
    proactive(s1, "completion", t(19, 11, 5), sent_at=t(19, 11, 5, 30))
    proactive(s2, "followup", t(24, 10, 15), status="pending")
    proactive(s3, "preparation_reminder", t(20, 16, 30), status="failed", last_error="blocked")
    proactive(s7, "preparation_reminder", t(21, 14, 30), sent_at=t(21, 14, 30, 5))
    proactive(s4, "preparation_reminder", t(25, 8, 30), sent_at=t(25, 8, 32))
    proactive(s5, "preparation_reminder", t(25, 8, 40), status="skipped", reason="quiet_hours")

    def event(name: str, user: int, at: dt.datetime, **properties: Any) -> None:
        session.add(AnalyticsEvent(user_id=user, name=name, properties=properties, created_at=at))

    for row in (s6, s1, s2, s3, s7, s4, s5):
        event("schedule_created", row.user_id, row.created_at, schedule_id=row.id)
    event("low_confidence_extraction", dee, t(15, 10))
    event("low_confidence_extraction", eve, t(20, 8))
    event("low_confidence_extraction", ada, t(21, 12))
    event("schedule_cancelled", cy, t(21, 14, 40), schedule_id=s7.id)
    event("not_a_meeting", bob, t(25, 8, 40), schedule_id=s4.id)
    event("opted_out", dee, t(16, 9), via="chat")
    event("opted_out", eve, t(20, 8, 30), via="chat")
    event("opted_out", ada, t(21, 12), via="chat")
    event("opted_out", bob, t(25, 8, 50), via="telegram")
    for user in (dee, eve, ada, bob):
        (await users.get_preferences(session, user_id=user)).prefer_proactive = False
    await session.flush()
    return ids
