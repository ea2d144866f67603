"""``companion-bot explain USER``: for each recent and upcoming meeting (and task reminder) of
one user, what was sent, what was skipped and why (quiet hours, cap, opt-out, missed, flag
off, send failure); and the same for each day's morning agenda."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import click

from companion_bot.commands import settings_of
from companion_bot.commands.jobs import parse_now
from companion_bot.composition import running_companion
from companion_bot.config import Settings, zone_of
from companion_bot.ops.clock import SystemClock
from companion_bot.ops.explain import Context, Line, meeting_heading, meeting_lines
from companion_bot.ops.explain_agenda import agenda_heading, agenda_lines
from companion_bot.ops.flags import FLAG_NAMES
from companion_bot.proactive.decisions import Preferences
from companion_bot.storage import migrate, morning_agendas, proactive_sessions, schedules, users
from companion_bot.storage.models import User, UserSchedule

MAX_MEETINGS = 100


@dataclass(frozen=True, slots=True)
class Explanation:
    user: User
    ctx: Context
    start: dt.datetime
    end: dt.datetime
    meetings: list[tuple[UserSchedule, list[Line]]]
    agenda_heading: str
    agenda: list[Line]


async def gather(
    settings: Settings, *, who: str, now: dt.datetime, back: int, ahead: int
) -> Explanation | None:
    """Load the user, their preferences, flags, meetings and proactive sessions."""
    async with running_companion(settings) as companion:
        if await migrate.current_revision(companion.engine) is None:
            raise click.ClickException(
                "the database has no tables yet: run `companion-bot migrate` first"
            )
        async with companion.sessionmaker() as session:
            user = await users.find_user(session, who=who)
            if user is None:
                return None
            row = await users.get_preferences(session, user_id=user.id)
            start, end = now - dt.timedelta(days=back), now + dt.timedelta(days=ahead)
            found = await schedules.schedules_around(
                session, user_id=user.id, start=start, end=end, limit=MAX_MEETINGS
            )
            sessions = await proactive_sessions.sessions_for(
                session, schedule_ids=[s.id for s in found]
            )
            tz = zone_of(user.timezone)
            agendas = await morning_agendas.agendas_between(
                session,
                user_id=user.id,
                first=start.astimezone(tz).date(),
                last=end.astimezone(tz).date(),
            )
            done_through = await morning_agendas.latest_day(session, user_id=user.id)
        flags = {name: await companion.flags.enabled(name, user_id=user.id) for name in FLAG_NAMES}
    prefs = Preferences(
        prefer_proactive=row.prefer_proactive,
        dnd_start_hour=row.dnd_start_hour,
        dnd_end_hour=row.dnd_end_hour,
        max_per_day=(
            settings.max_proactive_per_day
            if row.max_proactive_per_day is None
            else row.max_proactive_per_day
        ),
        lead_minutes=row.reminder_lead_minutes,
    )
    ctx = Context(now=now, tz=tz, prefs=prefs, flags=flags)
    meetings = [(s, meeting_lines(s, sessions.get(s.id, []), ctx)) for s in found]
    agenda = agenda_lines(agendas, row, ctx, done_through=done_through)
    return Explanation(user, ctx, start, end, meetings, agenda_heading(row), agenda)


def render_text(found: Explanation) -> list[str]:
    user, ctx = found.user, found.ctx
    who = [user.username or "(no username)", f"user {user.id}"]
    if user.telegram_id is not None:
        who.append(f"telegram {user.telegram_id}")
    p = ctx.prefs
    lines = [
        f"{' · '.join(who)} · zone {ctx.tz.key} · now {ctx.when(ctx.now)}",
        f"  reminders {'on' if p.prefer_proactive else 'OFF (opted out)'} · lead "
        f"{p.lead_minutes} min · quiet hours {ctx.quiet_hours} · at most {p.max_per_day} a day",
        "  flags for this user: "
        + " · ".join(f"{name} {'on' if on else 'OFF'}" for name, on in ctx.flags.items()),
        f"meetings from {ctx.when(found.start)} to {ctx.when(found.end)}: {len(found.meetings)}",
    ]
    for schedule, messages in found.meetings:
        lines += ["", meeting_heading(schedule, ctx)]
        for line in messages:
            lines.append(f"  {line.kind:<11} {line.detail}")
            if line.content:
                lines.append(f"  {'':<11} “{line.content}”")
    lines += ["", found.agenda_heading]
    for line in found.agenda:
        lines.append(f"  {line.detail}")
        if line.content:
            lines.append(f"    “{line.content}”")
    return lines


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat()


def render_json(found: Explanation) -> dict[str, Any]:
    user, ctx = found.user, found.ctx
    return {
        "user": {"id": user.id, "username": user.username, "telegram_id": user.telegram_id},
        "timezone": ctx.tz.key,
        "now": _iso(ctx.now),
        "preferences": {
            "reminders_on": ctx.prefs.prefer_proactive,
            "lead_minutes": ctx.prefs.lead_minutes,
            "quiet_hours": ctx.quiet_hours,
            "max_per_day": ctx.prefs.max_per_day,
        },
        "flags": dict(ctx.flags),
        "meetings": [
            {
                "schedule_id": s.id,
                "kind": s.kind,
                "event_name": s.event_name,
                "start_time": _iso(s.start_time),
                "end_time": _iso(s.end_time),
                "channel": s.channel,
                "status": s.status,
                "messages": [
                    {
                        "kind": m.kind,
                        "state": m.state,
                        "detail": m.detail,
                        "reason": m.reason,
                        "error": m.error,
                        "proactive_session_id": m.session_id,
                        "due_at": _iso(m.due_at),
                        "sent_at": _iso(m.sent_at),
                        "acknowledged_at": _iso(m.acknowledged_at),
                        "content": m.content,
                    }
                    for m in messages
                ],
            }
            for s, messages in found.meetings
        ],
        "morning_agenda": {
            "setting": found.agenda_heading,
            "days": [
                {
                    "state": m.state,
                    "detail": m.detail,
                    "reason": m.reason,
                    "error": m.error,
                    "morning_agenda_id": m.session_id,
                    "due_at": _iso(m.due_at),
                    "sent_at": _iso(m.sent_at),
                    "content": m.content,
                }
                for m in found.agenda
            ],
        },
    }


@click.command()
@click.argument("user")
@click.option("--back", default=7, show_default=True, type=click.IntRange(0, 365), help="days")
@click.option("--ahead", default=14, show_default=True, type=click.IntRange(0, 365), help="days")
@click.option(
    "--now", "now_text", default=None, help="explain as of this ISO time (UTC if no offset)"
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def explain(
    ctx: click.Context, user: str, back: int, ahead: int, now_text: str | None, fmt: str
) -> None:
    """What was sent to USER, what was skipped and why, meeting by meeting, and each day's
    morning agenda.

    USER is a username, @telegram_username, Telegram id or user id.
    """
    settings = settings_of(ctx)
    now = parse_now(now_text) if now_text else SystemClock().now()
    found = asyncio.run(gather(settings, who=user, now=now, back=back, ahead=ahead))
    if found is None:
        raise click.ClickException(
            f"no user {user!r} (give a username, @telegram_username, Telegram id or user id)"
        )
    if fmt == "json":
        click.echo(json.dumps(render_json(found), indent=2, ensure_ascii=False))
        return
    for line in render_text(found):
        click.echo(line)
