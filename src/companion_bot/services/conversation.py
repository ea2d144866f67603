"""Conversation that is not a plan: a question about what is coming up, and small talk read
by intent ("good_night", "tired", …) with short human answers, never a calendar prompt (pure).
Variants are picked by the text, so the same message always gets the same reply."""

from __future__ import annotations

import functools
import re

from companion_bot.services.plan_hints import asks_about_schedule
from companion_bot.services.reply_context import ReplyContext
from companion_bot.services.reply_wording import clock, pick

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

SCHEDULE_QUESTIONS = ("what's next", "whats next", "my schedule", "what do i have", "upcoming")


@functools.lru_cache(maxsize=1)
def asks_for_schedule(text: str) -> bool:
    """Whether the text asks what is coming up (the only reply that lists upcoming meetings).
    Keeps its last answer: a message is asked about by its context and its reply."""
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


@functools.lru_cache(maxsize=1)
def small_talk_intent(text: str) -> str | None:
    """The kind of small talk ``text`` is ("good_night", "tired", "how_are_you", …), if any.
    Keeps its last answer: a reply that changed nothing asks twice."""
    lowered = re.sub(r"\s+", " ", text.strip().lower().replace("\u2019", "'"))
    for intent, pattern, _ in SMALL_TALK:
        if pattern.search(lowered):
            return intent
    return None


def small_talk_reply(intent: str, ctx: ReplyContext) -> str:
    if intent == "what_time":
        return f"It's {clock(ctx.now)} where you are ({ctx.zone.key})."
    replies = next(r for i, _, r in SMALL_TALK if i == intent)
    return pick(replies, ctx.text)
