"""The offline responder: warm, deterministic replies that confirm precisely what changed,
and say so plainly when nothing did.

Pure: the reply is a function of the :class:`ReplyContext` (no clock, no database). A
message that changed nothing is answered by what it looks like (:mod:`.plan_hints`): a plan
the bot did not note gets what was not understood and what to say instead ("I couldn't
tell when that repeats…", "Did you mean…?"); small talk gets a short human answer
(:func:`small_talk_intent`), never a calendar prompt. Variants are picked by the text, so
the same message always gets the same reply.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zlib
import zoneinfo
from collections.abc import Sequence
from functools import cache

from companion_bot import extraction
from companion_bot.proactive.messages import local_time
from companion_bot.services.plan_hints import (
    PlanHints,
    answer_word,
    asks_about_schedule,
    read_hints,
)
from companion_bot.services.reply_context import ReplyContext
from companion_bot.services.schedule_matching import MeetingLike
from companion_bot.services.series import SeriesChange
from companion_bot.services.task_requests import asks_about, remind_phrase
from companion_bot.storage.models import ScheduleSeries, UserSchedule

log = logging.getLogger(__name__)

#: A hello is where a new user learns what the bot is for: the one small talk that says it.
GREETINGS = (
    "Hi! Tell me about your meetings and I'll remind you before they start.",
    'Hey there! Mention a meeting — like "call with Sam tomorrow at 10" — and I\'ll keep '
    "track of it.",
    "Hello! I'm here. Whenever a meeting comes up, just tell me and I'll remind you.",
)
THANKS = ("You're welcome!", "Anytime!", "Happy to help!")
CHAT = (
    "I'm here. If something's coming up, tell me what and when and I'll remind you.",
    "Tell me more! And if there's a meeting I should remember, mention it with its day and time.",
    "I hear you. Anything coming up you'd like a reminder for?",
)
OPENERS = ("Got it", "Done", "Noted")

#: The confidence the pipeline schedules at (MessageAnalyzer's default threshold): an offered
#: phrase is one the extractor reads at least this sure.
OFFER_CONFIDENCE = 0.5


def _pick(options: Sequence[str], text: str) -> str:
    """One of ``options``, the same every time for the same text."""
    return options[zlib.crc32(text.strip().lower().encode()) % len(options)]


def clock(t: dt.datetime, *, meridiem: bool = True) -> str:
    """ "3 PM", "2:30 PM" (or without the meridiem)."""
    hour = t.hour % 12 or 12
    base = f"{hour}" if t.minute == 0 else f"{hour}:{t.minute:02d}"
    return f"{base} {'AM' if t.hour < 12 else 'PM'}" if meridiem else base


def day_label(day: dt.date, today: dt.date) -> str:
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if 1 < delta < 7:
        return f"{day:%A}"
    return f"{day:%a} {day.day} {day:%b}"


def dated_label(day: dt.date, today: dt.date) -> str:
    """ "Monday 7 Dec", "tomorrow, Friday 4 Dec": the date itself, for a meeting that moved."""
    full = f"{day:%A} {day.day} {day:%b}"
    near = day_label(day, today)
    return f"{near}, {full}" if near in ("today", "tomorrow") else full


def describe(
    schedule: UserSchedule, zone: zoneinfo.ZoneInfo, now: dt.datetime, *, dated: bool = False
) -> str:
    """ "Friday 3–4 PM", "tomorrow 2:30 PM", "today 11 AM–1 PM" in the user's zone; ``dated``:
    "Monday 7 Dec, 11–11:30 AM", "tomorrow, Friday 4 Dec, 6 PM"."""
    start = schedule.start_time.astimezone(zone)
    today = now.astimezone(zone).date()
    label = dated_label(start.date(), today) + "," if dated else day_label(start.date(), today)
    if schedule.end_time is None:
        when = clock(start)
    else:
        end = schedule.end_time.astimezone(zone)
        same_half = (start.hour < 12) == (end.hour < 12) and start.date() == end.date()
        when = f"{clock(start, meridiem=not same_half)}–{clock(end)}"
    about = "around " if schedule.time_is_approximate else ""
    return f"{label} {about}{when}"


def _reminder(schedule: UserSchedule, ctx: ReplyContext) -> str:
    if not ctx.reminders_on:
        return "Reminders are off, so I won't ping you."
    at = schedule.start_time.astimezone(ctx.zone) - dt.timedelta(minutes=ctx.lead_minutes)
    if at <= ctx.now:
        return "It's coming up soon — good luck!"
    return f"I'll remind you at {clock(at)}."


def task_when(schedule: UserSchedule, zone: zoneinfo.ZoneInfo, now: dt.datetime) -> str:
    """ "today at 6:00 PM", "tomorrow at around 8:00 PM": when a task is reminded."""
    start = schedule.start_time.astimezone(zone)
    about = "around " if schedule.time_is_approximate else ""
    return f"{day_label(start.date(), now.date())} at {about}{local_time(start, zone)}"


def _task(schedule: UserSchedule, ctx: ReplyContext) -> tuple[str, str]:
    """ "to call mom" (or "about the rent", as the message says it) and its time."""
    phrase = remind_phrase(schedule.event_name, about=asks_about(ctx.text))
    return phrase, task_when(schedule, ctx.zone, ctx.now)


def listed(schedule: UserSchedule, zone: zoneinfo.ZoneInfo, now: dt.datetime) -> str:
    """One upcoming item: "dentist appointment tomorrow 3 PM", "⏰ call mom today 6 PM",
    "standup tomorrow 9:30 AM (↻ every weekday)"."""
    mark = "⏰ " if schedule.is_task else ""
    again = f" (↻ {schedule.series.cadence})" if schedule.series is not None else ""
    return f"{mark}{schedule.event_name} {describe(schedule, zone, now)}{again}"


def _in_series(ctx: ReplyContext) -> set[int]:
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


def _one_of(schedule: UserSchedule) -> str:
    """ " The others stay as they were (every weekday at 9:30 AM).": after a change to one
    occurrence of a repeating meeting."""
    if schedule.series is None:
        return ""
    return f" The others stay as they were ({schedule.series.description})."


def facts(ctx: ReplyContext) -> list[str]:
    """One sentence per thing this message changed or asked."""
    out: list[str] = series_sentences(ctx, reply=False)
    a = ctx.analysis
    noted = _in_series(ctx)
    for s in a.created:
        if s.series_id in noted:
            continue
        if s.is_task:
            phrase, when = _task(s, ctx)
            out.append(f"A reminder {phrase} is set: it goes out {when}, on this channel.")
            continue
        out.append(f"{s.event_name} {describe(s, ctx.zone, ctx.now)} is on your list.")
    for s in a.updated:
        if s.is_task:
            phrase, when = _task(s, ctx)
            out.append(f"The reminder {phrase} is now {when}.{_one_of(s)}")
            continue
        dated = describe(s, ctx.zone, ctx.now, dated=True)
        out.append(f"{s.event_name} is now {dated}.{_one_of(s)}")
    for s in a.cancelled:
        if s.series_id in noted:
            continue
        if s.is_task:
            phrase, when = _task(s, ctx)
            out.append(f"The reminder {phrase} ({when}) is cancelled.")
            continue
        out.append(f"{s.event_name} {describe(s, ctx.zone, ctx.now)} is cancelled.")
    return out


def task_reply(schedule: UserSchedule, ctx: ReplyContext) -> str:
    """ "Okay — I'll remind you to call mom today at 6:00 PM." """
    phrase, when = _task(schedule, ctx)
    if not ctx.reminders_on:
        return (
            f"Noted — {schedule.event_name}, {when}. Reminders are off, so I won't ping you: "
            'say "reminders on" to get them back.'
        )
    return f"Okay — I'll remind you {phrase} {when}."


def respond(ctx: ReplyContext) -> str:
    """The reply to ``ctx.text``."""
    a = ctx.analysis
    hints = read_hints(ctx.text)
    parts: list[str] = []
    if ctx.boundary:
        parts.append(ctx.boundary)
    opener = _pick(OPENERS, ctx.text)
    noted = _in_series(ctx)
    parts += series_sentences(ctx, reply=True)
    for s in a.created:
        if s.series_id in noted:
            continue
        if s.is_task:
            parts.append(task_reply(s, ctx))
            continue
        parts.append(
            f"{opener} — {s.event_name} {describe(s, ctx.zone, ctx.now)}. {_reminder(s, ctx)}"
        )
    for s in a.updated:  # the date itself: the user checks the move kept (or changed) it
        if s.is_task:
            parts.append(task_reply(s, ctx) + _one_of(s))
            continue
        parts.append(
            f"Updated — {s.event_name} is now {describe(s, ctx.zone, ctx.now, dated=True)}. "
            f"{_reminder(s, ctx)}{_one_of(s)}"
        )
    for s in a.cancelled:
        if s.series_id in noted:
            continue
        if s.is_task:
            phrase, when = _task(s, ctx)
            parts.append(f"Okay, I've cancelled the reminder {phrase} ({when}).{_one_of(s)}")
            continue
        parts.append(
            f"Okay, I've cancelled {s.event_name} ({describe(s, ctx.zone, ctx.now)}) — "
            f"no reminder for it.{_one_of(s)}"
        )
    if a.duplicates and not (a.created or a.updated):
        s = a.duplicates[0]
        if s.is_task:
            phrase, when = _task(s, ctx)
            parts.append(f"I'm already set to remind you {phrase} {when}.")
        else:
            parts.append(
                f"I already have {s.event_name} {describe(s, ctx.zone, ctx.now)} — "
                "nothing new to add."
            )
    if a.question:
        parts.append(a.question)
    elif a.not_found:
        # "cancel that" reads as a cancellation nothing matched: it asked for an undo
        parts.append(undo_reply() if hints.kind == "undo" and not a.changed else a.not_found)
    if a.low_confidence and not a.changed:
        parts.append(did_you_mean(a.low_confidence[0], ctx))
    if ctx.answered is not None:
        parts.append(f"Thanks for letting me know how {ctx.answered.event_name} went!")
    if parts:
        return " ".join(parts)
    return _conversation(ctx, hints)


# -- when nothing was noted ------------------------------------------------------------


def undo_reply() -> str:
    """The answer to a message that mentions undoing but is not a plain "undo" (those are
    undone before a reply is written: :mod:`.undo`)."""
    return (
        'I haven\'t changed anything. To take back my last change, say just "undo": I can undo '
        "changes from the last 10 minutes."
    )


NOT_TRACKING = (
    "I'm not tracking meetings right now, so I haven't noted anything — but I'm happy to chat."
)
MAYBE = "I won't note it until it's settled — tell me when it's fixed."
NO_MEETING = (
    "I didn't catch a meeting in that — what should I note, and when? "
    '(Like "dentist tomorrow at 3".)'
)
PAST = "Sounds like that already happened, so I haven't noted it. How did it go?"
OTHERS = (
    "Sounds like someone else's plan, so I haven't noted it. If you're going too, tell me "
    "and I'll add it."
)
UNDATED = "When is it? Tell me the day and time and I'll note it."
#: A "remind me" that set, changed and asked nothing ("stop the reminder to call mom").
REMINDER_UNCLEAR = (
    "I didn't catch which reminder you mean, so nothing was changed. To set one, say it like "
    '"remind me to call mom at 6pm"; to remove one, "cancel the reminder to call mom".'
)
#: A repeating plan whose days or time were not read ("gym twice a week").
NOT_REPEATING = (
    "I couldn't tell when that repeats, so I haven't noted it. Say the days and the time, "
    'like "yoga every tuesday at 6pm".'
)


def unacted_reply(ctx: ReplyContext, hints: PlanHints | None = None) -> str | None:
    """What to say when ``ctx.text`` looks like a plan (or an undo, or answers an offer to
    note one) and this message changed, asked and found nothing; ``None`` when it does not
    (or something was). The LLM is given it too."""
    a = ctx.analysis
    if a.changed or a.duplicates or a.question or a.not_found or a.low_confidence or a.series:
        return None
    answer, offered = answer_word(ctx.text), _last_offer(ctx)
    if answer is not None and offered is not None:
        if answer == "yes":  # read as the offered words, and yet nothing was noted
            return (
                f'I couldn\'t note "{offered}" now (is it in the past already?). '
                "Tell me the day and time again and I'll add it."
            )
        return "Okay — I haven't noted anything."
    hints = hints or read_hints(ctx.text)
    if asks_for_schedule(ctx.text):
        return None
    if small_talk_intent(ctx.text) is not None and not hints.strong:
        return None  # "see you tomorrow", "I'm tired today": small talk, not a plan
    if hints.kind == "undo":
        return undo_reply()
    if hints.kind is None:
        return None
    if not ctx.extraction_enabled:
        return NOT_TRACKING
    if hints.kind == "reminder":
        return REMINDER_UNCLEAR
    if hints.kind == "recurring":
        return NOT_REPEATING
    return {
        "tentative": MAYBE,
        "past": PAST,
        "others": OTHERS,
        "timeish": NO_MEETING,
        "undated": UNDATED,
    }[hints.kind]


def did_you_mean(m: MeetingLike, ctx: ReplyContext) -> str:
    """ "Did you mean a catch-up today at 4 PM? …": a meeting read too unsure to note."""
    name = m.event_name
    day = day_label(m.start.date(), ctx.now.date())
    if m.grain == "day":
        question = f"Did you mean {_article(name)}{name} {day}?"
        phrase = f"{name} {day}"
        how = "tell me again with a time and I'll add it."
    else:
        question = f"Did you mean {_article(name)}{name} {day} at {clock(m.start)}?"
        phrase = f"{name} {day} at {clock(m.start)}"
        how = "tell me the time plainly and I'll add it."
    if noted_as(phrase, ctx.now, m.start):
        return f"{question} I haven't noted it yet: {offer(phrase)}"
    return f"{question} I haven't noted it yet: {how}"


def _article(name: str) -> str:
    first = name.split()[0] if name.split() else ""
    if not first or first[0].isupper() or first in ("my", "the", "our", "your", "his", "her"):
        return ""
    return "an " if first[0] in "aeio" else "a "


_OFFER = re.compile(r'say "([^"]+)" and I\'ll add it')
#: What an offer can be answered with, typed or as buttons: "yes" notes the offered words.
OFFER_ANSWERS = ("Yes", "No")


def offer(phrase: str) -> str:
    """The words to send to have ``phrase`` noted (found again by :func:`suggestion_in`)."""
    return f'say "{phrase}" and I\'ll add it.'


def suggestion_in(bot_text: str) -> str | None:
    """The phrase a bot reply offered to note, if it offered one (for a "yes" that follows)."""
    m = _OFFER.search(bot_text)
    return m.group(1) if m else None


@cache
def _extractor() -> extraction.MeetingExtractor:
    return extraction.MeetingExtractor()


def noted_as(phrase: str, now: dt.datetime, start: dt.datetime) -> bool:
    """Whether saying ``phrase`` would note a meeting at ``start``: an offer is only made
    when it works."""
    try:
        found = _extractor().extract(phrase, now)
    except Exception:  # an offer is optional; the reply without it still answers
        log.exception("could not check the phrase %r", phrase)
        return False
    return any(
        m.action == "schedule" and m.start == start and m.confidence >= OFFER_CONFIDENCE
        for m in found
    )


# -- conversation ------------------------------------------------------------------------


SCHEDULE_QUESTIONS = ("what's next", "whats next", "my schedule", "what do i have", "upcoming")


def asks_for_schedule(text: str) -> bool:
    """Whether the text asks what is coming up (the only reply that lists upcoming meetings)."""
    lowered = text.lower().replace("\u2019", "'")
    return any(w in lowered for w in SCHEDULE_QUESTIONS) or asks_about_schedule(text)


#: Small talk, by intent: (intent, pattern on the lower-cased text, replies). First match wins.
SMALL_TALK: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    (
        "good_night",
        re.compile(
            r"\b(?:good ?night|g'?night|nighty? ?night|night night|nite nite|sleep (?:well|tight)|"
            r"(?:going|off|heading|headed) to (?:bed|sleep)|time for bed|bed ?time)\b"
            r"|^(?:gn|night|nite|nn)\b|\bsweet dreams\b"
        ),
        ("Good night — sleep well!", "Night! Rest well.", "Sleep well — talk tomorrow."),
    ),
    (
        "good_morning",
        re.compile(r"^(?:good\s+)?(?:morning|mornin'?|g'?morning)\b|^gm\b"),
        ("Good morning! Hope you slept well.", "Morning! Have a good day.", "Good morning!"),
    ),
    (
        "thanks",
        re.compile(
            r"\b(?:thanks|thank you|thank u|thankyou|thx|thnx|ty|cheers|much appreciated|"
            r"appreciate it)\b"
        ),
        THANKS,
    ),
    (
        "bye",
        re.compile(
            r"\b(?:bye|goodbye|bye-bye|see (?:you|ya|u)|cya|ttyl|talk (?:to you )?(?:later|soon)|"
            r"gotta go|got to go|take care|"
            r"have a (?:good|nice|great|lovely) (?:one|day|evening|weekend|night))\b|^later\W*$"
        ),
        ("Bye — talk soon!", "See you!", "Take care!"),
    ),
    (
        "how_was_your_day",
        re.compile(
            r"\bhow (?:was|were|did) (?:your|ur|you) (?:day|week|weekend|morning|evening|night)\b"
            r"|\bhow did (?:your|ur) (?:day|week) go\b"
        ),
        (
            "Quiet but good, thanks for asking! How was yours?",
            "Pretty good — thanks for asking. How was your day?",
            "Not bad at all! How about yours?",
        ),
    ),
    (
        "how_are_you",
        re.compile(
            r"\bhow (?:are|r) (?:you|u|ya)\b|\bhow(?:'s| is) (?:it going|everything|life|"
            r"things|your day|ur day|your week)\b|\bhow(?:'ve| have) you been\b"
            r"|\bhow (?:you|u) doing?\b|\bwhat'?s up\b|\bwassup\b|\bsup\b|\bhru\b|\bwyd\b"
        ),
        (
            "I'm doing well, thanks for asking! How are you?",
            "All good here — how about you?",
            "Pretty good, thanks! How's your day going?",
        ),
    ),
    (
        "unwell",
        re.compile(
            r"\b(?:i'?m|i am|feel|feeling|i feel) (?:\w+ )?(?:sick|ill|unwell|poorly)\b"
            r"|\b(?:have|got) (?:a |the )?(?:cold|flu|fever|headache|migraine|covid)\b"
        ),
        (
            "Sorry you're not feeling well — rest up and take it easy.",
            "Oh no, I hope you feel better soon.",
            "Take care of yourself — I hope it passes quickly.",
        ),
    ),
    (
        "sad",
        re.compile(
            r"\b(?:sad|upset|stressed|stressful|anxious|worried|lonely|depressed|overwhelmed|"
            r"frustrated|miserable|awful|terrible|rough|heartbroken|gutted|hopeless|"
            r"bad day|hard day|tough day|cried|crying|"
            r"(?:was|went) (?:really |so |pretty )?(?:bad|badly|awful|terrible|horrible|rough)|"
            r"(?:feel|feeling|i'?m) (?:so |really |a bit )?(?:down|low|bad|meh)|"
            r"not (?:feeling |doing |having )?(?:so |very |that |too |a )?(?:great|good|well|happy|"
            r"okay|ok|fine))\b"
        ),
        (
            "I'm sorry it's rough right now. Want to talk about it?",
            "That sounds hard. I'm here if you want to talk.",
            "Sorry to hear that. Be kind to yourself today.",
        ),
    ),
    (
        "tired",
        re.compile(
            r"\b(?:tired|exhausted|sleepy|knackered|drained|worn out|wiped out|shattered|"
            r"burnt out|burned out|burnout|fatigued|no energy|long day|so beat|dead tired|"
            r"need (?:a )?(?:nap|sleep|rest))\b"
        ),
        (
            "Sounds like a long day. I hope you get some rest.",
            "Take it easy — you've earned a break.",
            "Rest up if you can. Tomorrow's a fresh start.",
        ),
    ),
    (
        "happy",
        re.compile(
            r"\b(?:happy|excited|thrilled|stoked|pumped|glad|grateful|proud|"
            r"(?:great|good|awesome|amazing|fantastic|lovely|productive) (?:day|week|news)|"
            r"(?:feel|feeling|i'?m|i am|doing) (?:so |really |pretty )?(?:good|great|fine|well|"
            r"awesome|amazing|fantastic)|nailed it|"
            r"(?:was|went) (?:really |so |pretty |very )?(?:great|good|well|fine|awesome|amazing|"
            r"fun|brilliant|perfect))\b"
        ),
        (
            "That's great to hear!",
            "Love that — glad things are going well.",
            "Nice! Happy for you.",
        ),
    ),
    (
        "greeting",
        re.compile(
            r"^(?:hi|hello|hey|heya|hiya|howdy|yo|hola|hallo|greetings|good (?:afternoon|evening|"
            r"day))\b"
        ),
        GREETINGS,
    ),
    (
        "about_bot",
        re.compile(
            r"\b(?:what can you do|who are you|what are you|how does this work|what do you do|"
            r"who (?:made|built|created) you|are you (?:a bot|real|human|an ai)|help me|^help)\b"
        ),
        (
            "I'm your companion for meetings: tell me about one with its day and time and I'll "
            "remind you before it starts and ask how it went. Or just chat.",
        ),
    ),
    (
        "what_time",
        re.compile(r"\bwhat(?:'s| is) the time\b|\bwhat time is it\b"),
        ("",),  # answered from the clock
    ),
    (
        "ack",
        re.compile(
            r"^(?:(?:ok|okay|k|kk|cool|nice|great|sounds good|perfect|alright|all right|sure|np|"
            r"no worries|no problem|lol|haha+|hehe|fine|awesome|good|yes|yeah|yep|no|nope|nah)"
            r"[\s,!.…:)]*)+$"
        ),
        ("Okay!", "Sounds good.", "👍"),
    ),
)


def small_talk_intent(text: str) -> str | None:
    """The kind of small talk ``text`` is ("good_night", "tired", "how_are_you", …), if any."""
    lowered = re.sub(r"\s+", " ", text.strip().lower().replace("\u2019", "'"))
    for intent, pattern, _ in SMALL_TALK:
        if pattern.search(lowered):
            return intent
    return None


def _small_talk(intent: str, ctx: ReplyContext) -> str:
    if intent == "what_time":
        return f"It's {clock(ctx.now)} where you are ({ctx.zone.key})."
    replies = next(r for i, _, r in SMALL_TALK if i == intent)
    return _pick(replies, ctx.text)


def _conversation(ctx: ReplyContext, hints: PlanHints) -> str:
    """The reply to a message that changed nothing."""
    unacted = unacted_reply(ctx, hints)
    if unacted is not None:
        return unacted
    if asks_for_schedule(ctx.text):
        if not ctx.upcoming:
            return "Nothing on your list yet. Tell me about a meeting and I'll remind you."
        items = "; ".join(listed(s, ctx.zone, ctx.now) for s in ctx.upcoming)
        return f"Coming up: {items}."
    intent = small_talk_intent(ctx.text)
    if intent is not None:
        return _small_talk(intent, ctx)
    if not ctx.extraction_enabled:
        return "I'm not tracking meetings right now, but I'm happy to chat."
    return _pick(CHAT, ctx.text)


def _last_offer(ctx: ReplyContext) -> str | None:
    """The phrase the bot's last message offered to note, if the history holds it."""
    last = next((content for role, content in reversed(ctx.history) if role == "bot"), None)
    return suggestion_in(last) if last is not None else None
