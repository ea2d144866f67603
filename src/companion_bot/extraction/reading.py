"""One message being read for meetings: its text, words, times, events and clauses.

The stages of ``MeetingExtractor`` (refiners, pairing, changes) share this state instead of
passing half a dozen lists around; it lives for one ``extract`` call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from companion_bot.extraction.events import Event
from companion_bot.extraction.times import Group


@dataclass(slots=True)
class Reading:
    s: str  # normalised text: lower case, one character for one character of the message
    words: frozenset[str]  # its words, for cheap "does it say X at all" gates
    now: dt.datetime
    groups: list[Group]
    events: list[Event]
    spans: list[tuple[int, int]] = field(default_factory=list)  # clauses, in order
    olds: list[Group] = field(default_factory=list)  # times named as the old slot
    shifted: dict[int, dt.datetime] = field(default_factory=dict)  # id(group) -> old start
    used: set[int] = field(default_factory=set)  # groups already read as a move's new time
    along: bool = False  # "..., i'm driving him": the user goes along to others' events

    def in_aside(self, pos: int) -> bool:
        """Whether ``pos`` lies inside brackets: "vet (for the cat, not the dog) at 10"."""
        opened = self.s.rfind("(", 0, pos)
        return opened >= 0 and self.s.find(")", opened, pos) < 0 and ")" in self.s[pos:]

    def clause_of(self, pos: int) -> int:
        """Index of the clause holding ``pos`` (the last one past the end)."""
        for i, (a, b) in enumerate(self.spans):
            if a <= pos < b:
                return i
        return len(self.spans) - 1

    def clause(self, i: int) -> str:
        a, b = self.spans[i]
        return self.s[a:b]

    def events_in(self, i: int) -> list[Event]:
        a, b = self.spans[i]
        return [e for e in self.events if a <= e.start < b]
