"""``companion-bot explain USER``: an operator sees, meeting by meeting, what was sent and
what was skipped and why, after real job passes in simulated time."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result
from proactive_helpers import BERLIN, add_schedule, add_user, handler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.commands.explain import explain
from companion_bot.config import Settings
from companion_bot.ports import DeliveryResult, DeliveryStatus
from companion_bot.services import feedback
from companion_bot.storage.models import FeatureFlag
from companion_bot.testing import FakeSender, FrozenClock

SM = async_sessionmaker[AsyncSession]


def berlin(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


async def invoke(db_url: str, *args: str) -> Result:
    # The command runs its own event loop: call it from a thread.
    return await asyncio.to_thread(
        CliRunner().invoke, explain, list(args), obj=Settings(database_url=db_url)
    )


async def seeded_history(sm: SM) -> dict[str, int]:
    """Ada (Berlin, quiet hours 22-07): a reminder sent and acknowledged, one skipped for
    quiet hours, one refused by Telegram, and one meeting still ahead."""
    ada = await add_user(sm, name="ada", dnd_start_hour=22, dnd_end_hour=7)
    ids = {
        "sent": await add_schedule(sm, ada, berlin(26, 14, 30), name="team meeting"),
        "quiet": await add_schedule(sm, ada, berlin(27, 7, 3), name="early call"),
        "blocked": await add_schedule(
            sm, ada, berlin(27, 9, 0), name="dentist", channel="telegram"
        ),
        "ahead": await add_schedule(sm, ada, berlin(28, 10, 0), name="brunch"),
    }
    web = FakeSender(channel="web")
    telegram = FakeSender(
        channel="telegram",
        results=[DeliveryResult(DeliveryStatus.PERMANENT_FAILURE, error="Forbidden: blocked")],
    )
    jobs = handler(sm, {"web": web, "telegram": telegram}, FrozenClock(berlin(26, 14)))
    for now in (berlin(26, 14), berlin(27, 6, 33), berlin(27, 8, 30)):
        await jobs.check_and_send_preparation_reminders(now)
    session_id = web.sent[0].proactive_session_id
    async with sm() as session:
        await feedback.apply_quick_action(
            session, user_id=ada, data=f"ack:{session_id}", now=berlin(26, 14, 2)
        )
        await session.commit()
    return ids


async def test_explain_shows_what_was_sent_and_skipped_and_why(db_url: str, sm: SM) -> None:
    ids = await seeded_history(sm)

    result = await invoke(db_url, "ada", "--now", "2026-11-27T10:00:00+01:00")

    assert result.exit_code == 0, result.output
    out = result.output
    blocks = {block.splitlines()[0]: block for block in out.split("\n\n")[1:]}
    sent = blocks[
        f"Thu 26 Nov 14:30 · team meeting · web · scheduled (#{ids['sent']}, confidence 1.00)"
    ]
    assert (
        "reminder    sent Thu 26 Nov 14:00 (due Thu 26 Nov 14:00); acknowledged Thu 26 Nov 14:02"
        in sent
    )
    [quoted] = [line.strip() for line in sent.splitlines() if line.strip().startswith("“")]
    assert "2:30 PM" in quoted  # what was sent, word for word
    assert "follow-up   not asked: the user wrote nothing from Thu 26 Nov 14:45" in sent
    quiet = next(b for h, b in blocks.items() if "early call" in h)
    assert "skipped: quiet hours (22:00–07:00) lasted past the last moment" in quiet
    blocked = next(b for h, b in blocks.items() if "dentist" in h)
    assert "failed: send failure (permanent): Forbidden: blocked" in blocked
    ahead = next(b for h, b in blocks.items() if "brunch" in h)
    assert "reminder    due Sat 28 Nov 09:30" in ahead
    assert "follow-up   asked on the user's first message from Sat 28 Nov 10:15" in ahead
    assert "quiet hours 22:00–07:00" in out.splitlines()[1]


async def test_explain_names_a_flag_that_holds_messages_back(db_url: str, sm: SM) -> None:
    ada = await add_user(sm, name="ada")
    await add_schedule(sm, ada, berlin(26, 14, 30), name="team meeting")
    async with sm() as session:
        session.add(FeatureFlag(name="proactive_jobs", enabled=False))
        await session.commit()

    result = await invoke(db_url, str(ada), "--now", "2026-11-26T14:10:00+01:00")

    assert result.exit_code == 0, result.output
    assert "proactive_jobs OFF" in result.output
    assert (
        "reminder    due Thu 26 Nov 14:00 but not recorded yet: flag proactive_jobs is off "
        "for this user" in result.output
    )


async def test_explain_as_json_and_unknown_users(db_url: str, sm: SM) -> None:
    ids = await seeded_history(sm)

    result = await invoke(db_url, "ada", "--now", "2026-11-27T10:00:00+01:00", "--format", "json")
    missing = await invoke(db_url, "nobody")

    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    states = {
        m["schedule_id"]: [(x["kind"], x["state"], x["reason"]) for x in m["messages"]]
        for m in body["meetings"]
    }
    assert states[ids["sent"]][0] == ("reminder", "sent", None)
    assert states[ids["quiet"]][0] == ("reminder", "skipped", "quiet_hours")
    assert states[ids["blocked"]][0] == ("reminder", "failed", "permanent_failure")
    assert states[ids["ahead"]][0] == ("reminder", "expected", None)
    assert missing.exit_code == 1
    assert "no user 'nobody'" in missing.output


async def test_explain_shows_a_snooze_and_what_not_a_meeting_did_to_it(db_url: str, sm: SM) -> None:
    ada = await add_user(sm, name="ada")
    await add_schedule(sm, ada, berlin(26, 14, 30), name="team meeting")
    web = FakeSender(channel="web")
    await handler(
        sm, {"web": web}, FrozenClock(berlin(26, 14))
    ).check_and_send_preparation_reminders(berlin(26, 14))
    session_id = web.sent[0].proactive_session_id

    async def press(action: str, now: dt.datetime) -> None:
        async with sm() as session:
            await feedback.apply_quick_action(
                session, user_id=ada, data=f"{action}:{session_id}", now=now
            )
            await session.commit()

    await press("snooze", berlin(26, 14, 2))
    snoozed = await invoke(db_url, "ada", "--now", "2026-11-26T14:05:00+01:00")
    await press("notmeeting", berlin(26, 14, 6))
    cancelled = await invoke(db_url, "ada", "--now", "2026-11-26T14:07:00+01:00")

    assert "snooze      pending: goes out Thu 26 Nov 14:12 (snoozed by the user)" in snoozed.output
    assert "team meeting · web · cancelled" in cancelled.output
    assert "snooze      pending, but the meeting is cancelled: the job will skip it" in (
        cancelled.output
    )


NOBODY = "Error: no user 'nobody' (give a username, @telegram_username, Telegram id or user id)\n"


async def _companion_bot(
    tmp_path: Path, db_url: str, *args: str
) -> subprocess.CompletedProcess[str]:
    """The installed command as an operator runs it: its own process, logging as configured
    (INFO), the database from the environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPANION_")}
    env["COMPANION_DATABASE_URL"] = db_url
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "companion_bot", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


async def test_explain_nobody_prints_one_line_and_no_migration_log(
    db_url: str, tmp_path: Path
) -> None:
    done = await _companion_bot(tmp_path, db_url, "explain", "nobody")
    assert (done.returncode, done.stdout, done.stderr) == (1, "", NOBODY)


async def test_explain_and_doctor_on_a_fresh_database_print_no_alembic_lines(
    tmp_path: Path,
) -> None:
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    explained = await _companion_bot(tmp_path, fresh, "explain", "nobody")
    assert (explained.returncode, explained.stdout, explained.stderr) == (
        1,
        "",
        "Error: the database has no tables yet: run `companion-bot migrate` first\n",
    )
    doctor = await _companion_bot(tmp_path, fresh, "doctor")
    assert "FAIL migrations: at empty" in doctor.stdout
    assert (doctor.returncode, doctor.stderr) == (1, "")  # no "INFO alembic.runtime..." lines


async def test_explain_shows_task_reminders(db_url: str, sm: SM) -> None:
    """A task reminder sent at its time, one held by quiet hours, one still ahead."""
    ada = await add_user(sm, name="ada", dnd_start_hour=22, dnd_end_hour=7)
    sent = await add_schedule(sm, ada, berlin(26, 18), name="call mom", kind="task")
    held = await add_schedule(sm, ada, berlin(26, 23), name="take the bins out", kind="task")
    ahead = await add_schedule(sm, ada, berlin(28, 9), name="pay rent", kind="task")
    jobs = handler(sm, {"web": FakeSender(channel="web")}, FrozenClock(berlin(26, 18)))
    for now in (berlin(26, 18), berlin(26, 23)):
        await jobs.check_and_send_preparation_reminders(now)

    result = await invoke(db_url, "ada", "--now", "2026-11-26T23:30:00+01:00")
    as_json = await invoke(db_url, "ada", "--now", "2026-11-26T23:30:00+01:00", "--format", "json")

    assert result.exit_code == 0, result.output
    blocks = {block.splitlines()[0]: block for block in result.output.split("\n\n")[1:]}
    assert blocks[
        f"Thu 26 Nov 18:00 · ⏰ call mom (task reminder) · web · scheduled (#{sent})"
    ] == (
        f"Thu 26 Nov 18:00 · ⏰ call mom (task reminder) · web · scheduled (#{sent})\n"
        "  reminder    sent Thu 26 Nov 18:00 (due Thu 26 Nov 18:00)\n"
        "              “⏰ Reminder: call mom”"
    )
    held_block = blocks[
        f"Thu 26 Nov 23:00 · ⏰ take the bins out (task reminder) · web · scheduled (#{held})"
    ]
    assert "reminder    held for quiet hours (22:00–07:00) until Fri 27 Nov 07:00" in held_block
    ahead_block = blocks[
        f"Sat 28 Nov 09:00 · ⏰ pay rent (task reminder) · web · scheduled (#{ahead})"
    ]
    assert "reminder    due Sat 28 Nov 09:00" in ahead_block
    assert "completion" not in result.output and "follow-up" not in result.output
    kinds = {m["event_name"]: m["kind"] for m in json.loads(as_json.output)["meetings"]}
    assert kinds == {"call mom": "task", "take the bins out": "task", "pay rent": "task"}
