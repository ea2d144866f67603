"""Chat transcripts pasted as "Name: text" lines, where the user's own lines say "Me:".

In such a message only the user's lines say what the user does: "Aroha: I'm driving him
there" is Aroha going, and "Me: ugh I can't" or "Me: maybe, depends on work" turns down
what another line proposed.
"""

from __future__ import annotations

import re

# A line spoken by someone: "Kayla: who's coming ...", "Me: count me in".
_SPEAKER_LINE = re.compile(r"^[^\S\n]*([a-z][\w'.-]{0,20}(?: [a-z][\w'.-]{0,20})?):[^\S\n]", re.M)
USER_SPEAKERS = frozenset(["me", "yo", "ich", "moi", "eu", "io", "ako", "mimi", "main"])
# A reply that turns the plan down or leaves it open.
_USER_DECLINES = re.compile(
    r"\b(?:can't|cant|cannot|can not|no|nope|pass|i'll pass|paso|passo|maybe|depends|not sure|"
    r"sorry|away|out of town|working|at work|send pics|guardatela voi|esta vez paso)\b"
)
MIN_SPEAKER_LINES = 2  # lines with a speaker before a message reads as a transcript


def speaker_lines(s: str) -> list[tuple[str, int, int]]:
    """The message's lines with a speaker (speaker, start, end), if it is a transcript with
    a line of the user's; else an empty list."""
    lines = []
    for m in _SPEAKER_LINE.finditer(s):
        end = s.find("\n", m.end())
        lines.append((m.group(1), m.start(), len(s) if end < 0 else end))
    if len(lines) < MIN_SPEAKER_LINES or not any(w in USER_SPEAKERS for w, _, _ in lines):
        return []
    return lines


def speaker_at(lines: list[tuple[str, int, int]], pos: int) -> str | None:
    """Who says the line holding ``pos`` (``None``: no speaker's line)."""
    for who, a, b in lines:
        if a <= pos <= b:
            return who
    return None


def user_turns_down(s: str, lines: list[tuple[str, int, int]], pos: int) -> bool:
    """Whether, after another speaker's line at ``pos``, the user's reply turns it down."""
    if speaker_at(lines, pos) in USER_SPEAKERS:
        return False
    return any(
        who in USER_SPEAKERS and a > pos and _USER_DECLINES.search(s, a, b) is not None
        for who, a, b in lines
    )
