"""What a message changed, said back: the sentences that confirm each meeting, task and
repeating series noted, moved or cancelled (pure; :mod:`.offline_responder` and the LLM's
facts use them)."""

from __future__ import annotations

import datetime as dt

from companion_bot.proactive.decisions import MORNING_NOTE, is_date_only
from companion_bot.services.reply_context import ReplyContext
from companion_bot.services.reply_wording import clock, day_label, describe, task_when
from companion_bot.services.series import SeriesChange
from companion_bot.services.task_requests import asks_about, remind_phrase
from companion_bot.storage.models import ScheduleSeries, UserSchedule


def reminder_line(schedule: UserSchedule, ctx: ReplyContext) -> str:
    if not ctx.reminders_on:
        return "Reminders are off, so I won't ping you."
    start = schedule.start_time.astimezone(ctx.zone)
    if is_date_only(start, ctx.zone, approximate=schedule.time_is_approximate):
        note = dt.datetime.combine(start.date(), MORNING_NOTE, tzinfo=ctx.zone)
        if note <= ctx.now:  # the morning note's time has passed: it goes out at once
            return "No time was given, so I'll send you a short note about it now."
        return f"No time was given, so I'll send you a note that morning at {clock(note)}."
    at = start - dt.timedelta(minutes=ctx.lead_minutes)
    if at <= ctx.now:
        return "It's coming up soon — good luck!"
    return f"I'll remind you at {clock(at)}."


def task_phrase(schedule: UserSchedule, ctx: ReplyContext) -> tuple[str, str]:
    """ "to call mom" (or "about the rent", as the message says it) and its time."""
    phrase = remind_phrase(schedule.event_name, about=asks_about(ctx.text))
    return phrase, task_when(schedule, ctx.zone, ctx.now)


def in_series(ctx: ReplyContext) -> set[int]:
    """The series this message noted or stopped: their occurrences are said as one."""
    return {c.series.id for c in ctx.analysis.series if c.outcome in ("created", "ended")}


def _starting(change: SeriesChange, ctx: ReplyContext) -> str:
    """ "starting tomorrow": the first of the coming occurrences."""
    if not change.occurrences:
        return ""
    first = change.occurrences[0].start_time.astimezone(ctx.zone)
    return f", starting {day_label(first.date(), ctx.now.astimezone(ctx.zone).date())}"


def _each(ctx: ReplyContext) -> str:
    if not ctx.reminders_on:
        return "Reminders are off, so I won't ping you."
    lead = ctx.lead_minutes
    return f"I'll remind you {lead} minute{'' if lead == 1 else 's'} before each one."


def _series_phrase(series: ScheduleSeries) -> str:
    """ "to take my meds every day at 9 PM", "standup every weekday at 9:30 AM"."""
    if series.kind == "task":
        return f"{remind_phrase(series.event_name, about=False)} {series.description}"
    return f"{series.event_name} {series.description}"


def series_sentences(ctx: ReplyContext, *, reply: bool) -> list[str]:
    """What this message did to repeating meetings: the reply's words (``reply``), else
    the facts an LLM is given."""
    out: list[str] = []
    for change in ctx.analysis.series:
        series, what = change.series, _series_phrase(change.series)
        task = series.kind == "task"
        if change.outcome == "created":
            if task:
                out.append(f"Okay — I'll remind you {what}{_starting(change, ctx)}.")
            elif reply:
                out.append(f"Okay — {what}{_starting(change, ctx)}. {_each(ctx)}")
            else:
                out.append(f"{what} is on your list{_starting(change, ctx)}.")
        elif change.outcome == "duplicate":
            out.append(f"I already have {what} — nothing new to add.")
        elif change.outcome == "over":
            out.append(f"{what} has no date left, so I haven't noted it.")
        elif task:
            out.append(f"Okay, I've stopped the reminder {what}.")
        else:
            out.append(
                f"Okay, I've stopped the {series.event_name} ({series.description}) — no more "
                "reminders for it."
            )
    return out


def one_of(schedule: UserSchedule) -> str:
    """ " The others stay as they were (every weekday at 9:30 AM).": after a change to one
    occurrence of a repeating meeting."""
    if schedule.series is None:
        return ""
    return f" The others stay as they were ({schedule.series.description})."


def facts(ctx: ReplyContext) -> list[str]:
    """One sentence per thing this message changed or asked."""
    out: list[str] = series_sentences(ctx, reply=False)
    a = ctx.analysis
    noted = in_series(ctx)
    for s in a.created:
        if s.series_id in noted:
            continue
        if s.is_task:
            phrase, when = task_phrase(s, ctx)
            out.append(f"A reminder {phrase} is set: it goes out {when}, on this channel.")
            continue
        out.append(f"{s.event_name} {describe(s, ctx.zone, ctx.now)} is on your list.")
    for s in a.updated:
        if s.is_task:
            phrase, when = task_phrase(s, ctx)
            out.append(f"The reminder {phrase} is now {when}.{one_of(s)}")
            continue
        dated = describe(s, ctx.zone, ctx.now, dated=True)
        out.append(f"{s.event_name} is now {dated}.{one_of(s)}")
    for s in a.cancelled:
        if s.series_id in noted:
            continue
        if s.is_task:
            phrase, when = task_phrase(s, ctx)
            out.append(f"The reminder {phrase} ({when}) is cancelled.")
            continue
        out.append(f"{s.event_name} {describe(s, ctx.zone, ctx.now)} is cancelled.")
    return out


def task_reply(schedule: UserSchedule, ctx: ReplyContext) -> str:
    """ "Okay — I'll remind you to call mom today at 6:00 PM." """
    phrase, when = task_phrase(schedule, ctx)
    if not ctx.reminders_on:
        return (
            f"Noted — {schedule.event_name}, {when}. Reminders are off, so I won't ping you: "
            'say "reminders on" to get them back.'
        )
    return f"Okay — I'll remind you {phrase} {when}."
