"""One message being read for meetings: its text, words, times, events and clauses.

The stages of ``MeetingExtractor`` (refiners, pairing, changes) share this state instead of
passing half a dozen lists around; it lives for one ``extract`` call.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field

from companion_bot.extraction.events import Event
from companion_bot.extraction.times import Group
from companion_bot.extraction.transcripts import Line


@dataclass(slots=True)
class Reading:
    text: str  # the message as written
    s: str  # normalised text: lower case, one character for one character of the message
    words: frozenset[str]  # its words, for cheap "does it say X at all" gates
    now: dt.datetime
    groups: list[Group]
    events: list[Event]
    spans: list[tuple[int, int]] = field(default_factory=list)  # clauses, in order
    olds: list[Group] = field(default_factory=list)  # times named as the old slot
    shifted: dict[int, dt.datetime] = field(default_factory=dict)  # id(group) -> old start
    used: set[int] = field(default_factory=set)  # groups already read as a move's new time
    along: tuple[int, ...] = ()  # where "..., i'm driving him" says the user goes along
    off_work: tuple[int, ...] = ()  # where "so i'll be out of the office" says it
    agenda: tuple[tuple[int, int], ...] = ()  # "tomorrow is chaos: ...": the user's own day
    span_starts: list[int] = field(default_factory=list)  # where each clause begins
    by_clause: list[list[Event]] = field(default_factory=list)  # each clause's events
    speakers: list[Line] = field(default_factory=list)  # a transcript's lines
    relayed: bool = False  # a booking passed on that is someone else's ("Hi Kayla! ...")
    pet_notice: bool = False  # a vet's notice about the user's pet ("Biscuit is due ...")
    invited: bool | None = None  # an event posted for anyone ("all are welcome"), once asked

    def cut(self, spans: list[tuple[int, int]]) -> None:
        """Set the clauses: contiguous spans that cover the text, in order."""
        self.spans = spans
        self.span_starts = [a for a, _ in spans]

    def settle(self, events: list[Event]) -> None:
        """Set the message's events (in order) once the clauses are cut."""
        self.events = events
        self.by_clause = [[] for _ in self.spans]
        end = self.spans[-1][1] if self.spans else 0
        for e in events:
            if e.start < end:
                self.by_clause[self.clause_of(e.start)].append(e)

    def in_aside(self, pos: int) -> bool:
        """Whether ``pos`` lies inside brackets: "vet (for the cat, not the dog) at 10"."""
        opened = self.s.rfind("(", 0, pos)
        return opened >= 0 and self.s.find(")", opened, pos) < 0 and ")" in self.s[pos:]

    def clause_of(self, pos: int) -> int:
        """Index of the clause holding ``pos`` (the last one past the end)."""
        i = bisect_right(self.span_starts, pos) - 1
        return i if i >= 0 else len(self.spans) - 1

    def clause(self, i: int) -> str:
        a, b = self.spans[i]
        return self.s[a:b]

    def events_in(self, i: int) -> list[Event]:
        return self.by_clause[i]
