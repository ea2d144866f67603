"""A reproducible stream of realistic chat messages; a few per cent mention a meeting.

Shared by the benchmarks. The mix follows what a companion bot hears: small talk, feelings,
questions, numbers that look like times (prices, scores, versions, rooms), past events,
tasks and deadlines, and now and then a meeting worth a reminder.
"""

from __future__ import annotations

import random

SMALL_TALK = [
    "hey, how are you doing today?",
    "I'm so tired lol",
    "thanks, that really helps 🙏",
    "just got back from a walk, the weather is lovely",
    "can you recommend a good book?",
    "haha yes exactly",
    "I don't know what to cook tonight",
    "feeling a bit anxious about work lately",
    "ok cool",
    "my cat knocked over the plant again 😅",
    "what do you think about learning Spanish?",
    "I finally finished that series, the ending was wild",
    "good morning!",
    "ugh mondays",
    "I need to drink more water honestly",
    "do you remember what I told you about my sister?",
    "that's a fair point, I hadn't thought of it that way",
    "let me think about it and get back to you",
    "I've been sleeping badly this week",
    "it's raining again here",
]
NUMBERS = [
    "the final score was 3-4, what a game",
    "I'm on version 2.30 of the app and it keeps crashing",
    "lunch was 10.30 which is a lot for a sandwich",
    "we moved to room 1030 on the third floor",
    "I ran 5 km in 31 minutes today",
    "my phone battery is at 12%",
    "paid 45.99 for new headphones",
    "the recipe needs 2 cups of flour and 350 grams of sugar",
    "chapter 12 of 40 done",
    "it's 28 degrees outside",
]
PAST_AND_HABITS = [
    "the meeting yesterday went well",
    "I had a call with my boss this morning, it was fine",
    "I usually have standups at 9",
    "we always do team lunch on fridays",
    "the dentist last week said my teeth are fine",
    "the interview was on monday and I think it went ok",
]
TASKS = [
    "I need to finish the report by friday",
    "remind me to buy milk",
    "the deadline for the application is december 3",
    "the shop opens at 9 tomorrow",
    "my package should arrive tomorrow",
    "should I book a call with the landlord tomorrow?",
    "no meetings tomorrow, finally",
]
EVENTS = [
    "team meeting",
    "call with sarah",
    "dentist appointment",
    "1-on-1 with my manager",
    "standup",
    "job interview",
    "doctor's appointment",
    "lunch with tom",
    "coffee with anna",
    "project review",
    "demo",
    "therapy session",
    "haircut",
    "sync with the design team",
]
WHEN = [
    "tomorrow at 2:30 PM",
    "at 3pm",
    "on Friday 3-4 PM",
    "next Monday morning",
    "tomorrow at 10",
    "on Thursday at 11:30",
    "in 2 hours",
    "at noon tomorrow",
    "Dec 3rd at 9am",
    "this afternoon at 4",
    "on the 14th at 15:00",
    "tonight at 8",
]
MEETING_FORMS = [
    "I have a {event} {when}",
    "{event} {when}",
    "don't forget I've got a {event} {when}",
    "{when} I have a {event}",
    "ugh, {event} {when}, wish me luck",
]


def meeting_message(rng: random.Random) -> str:
    form = rng.choice(MEETING_FORMS)
    return form.format(event=rng.choice(EVENTS), when=rng.choice(WHEN))


def generate(count: int, *, seed: int = 7, meeting_share: float = 0.03) -> list[tuple[str, bool]]:
    """``count`` messages as ``(text, mentions_a_meeting)``, the same for the same seed."""
    rng = random.Random(seed)
    pools = [SMALL_TALK] * 6 + [NUMBERS, PAST_AND_HABITS, TASKS]
    stream: list[tuple[str, bool]] = []
    for _ in range(count):
        if rng.random() < meeting_share:
            stream.append((meeting_message(rng), True))
            continue
        text = rng.choice(rng.choice(pools))
        if rng.random() < 0.3:
            text = text.capitalize() if rng.random() < 0.5 else text.lower()
        stream.append((text, False))
    return stream
