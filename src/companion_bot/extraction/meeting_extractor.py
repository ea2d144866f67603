"""MeetingExtractor: events paired with their times, clause by clause.

A message is cut into clauses; each time group is paired with the nearest event phrase of
its clause (or, when the clause points back with "it"/"mine"/"tomorrow's", the nearest
event of the message). Clauses that are past, hypothetical, habitual, negated or about
someone else's event yield nothing; cancellations and moves set ``action``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from companion_bot.extraction.clauses import (
    ALTERNATIVE,
    CANCEL,
    GOING_ALONG,
    RESCHEDULE,
    WITH_ME,
    attends,
    change_requested,
    clauses,
    every_clause_declines,
    is_code,
    refused_after,
    watched,
)
from companion_bot.extraction.corrections import (
    apply_corrections,
    has_correction,
    old_slots,
    shift,
)
from companion_bot.extraction.events import Event, may_mention_event
from companion_bot.extraction.events import events as find_events
from companion_bot.extraction.lexicon import JOKE_COMPANIONS, wordset
from companion_bot.extraction.open_events import OPEN_STRENGTH, open_event
from companion_bot.extraction.parse import check_now
from companion_bot.extraction.refiners import (
    drop_named_parts,
    is_deadline,
    keep_same_time,
    promote_listed_numbers,
    spoken_punctuation,
)
from companion_bot.extraction.times import (
    MAX_CHARS,
    Group,
    group_is_time,
    is_bare_number,
    may_hold_time,
    normalize,
    resolve,
    scan_normalized,
)
from companion_bot.extraction.types import Action, ExtractedMeeting, Grain

logger = logging.getLogger(__name__)


# Words a clause may hold besides its time and still be "only a time" ("but tomorrow at 10").
_FILLER = wordset(
    "at on @ - from by around but and then so or though it's "
    "its it is will be instead now this time one starts starting start begins for to until till "
    "except when there's sharp exactly ish same slot"
)
_EXCLUSION = re.compile(r"[\s,;:-]*(?:except|apart from|other than|besides|but not)\b")
_SENTENCE = re.compile(r"[.!?\n]")
_LIST_GAP = re.compile(r"\s*(?:,|or|,\s*or)\s*$")
_BREAK = re.compile(r"[,.;!?:\n]")
_NEW_TIME = re.compile(r"\b(?:to|till|until|for|on|at)\b|@")
_ANAPHOR = re.compile(r"\b(?:it|it's|its|mine|one|another|tomorrow's|today's|that's|that|there)\b")


def _clause_of(spans: list[tuple[int, int]], pos: int) -> int:
    for i, (a, b) in enumerate(spans):
        if a <= pos < b:
            return i
    return len(spans) - 1


class MeetingExtractor:
    """Find meetings to schedule, move or cancel in one chat message (pure, no I/O)."""

    def extract(self, text: str, now: dt.datetime) -> list[ExtractedMeeting]:
        """The meetings in ``text`` (its first 4,000 characters), resolved against ``now``."""
        check_now(now)
        try:
            return self._extract(text[:MAX_CHARS], now)
        except (ValueError, OverflowError, IndexError) as exc:  # defensive: never raise
            logger.warning("extraction failed on a %d-char message: %s", len(text), exc)
            return []

    def _extract(self, text: str, now: dt.datetime) -> list[ExtractedMeeting]:
        s = normalize(text)
        if not may_mention_event(text) and not may_hold_time(s):
            return []
        s = spoken_punctuation(s)
        if (every_clause_declines(s) and not has_correction(s)) or is_code(s):
            return []  # "the meeting yesterday went well": no clause can schedule anything
        groups = scan_normalized(s, now)
        if not groups and CANCEL.search(s) is None:
            return []  # no time and nothing cancelled: no event needs reading
        groups = drop_named_parts(s, groups)
        events = find_events(s)
        promote_listed_numbers(s, groups, [e.end for e in events])
        groups = [g for g in groups if not _inside_event(g, events) and not is_bare_number(g)]
        s, groups = apply_corrections(s, groups, now)
        if not groups:
            return _cancel_without_time(s, events, now) if events else []
        spans = clauses(s, groups)
        events = _with_open_events(s, spans, groups, events)
        if not events:
            return []
        _inherit_dates(s, groups, now)
        olds = old_slots(s, groups)
        shifted = _shift_slots(s, groups, olds)
        horizon = now + dt.timedelta(days=731)
        results: list[ExtractedMeeting] = []
        seen: set[tuple[str, dt.datetime]] = set()
        used_groups: set[int] = set()
        for gi, g in enumerate(groups):
            if gi in used_groups or g.value is None or g.habit:
                continue
            if g in olds and id(g) not in shifted:
                continue  # "2 instead of 3", "(it was 4:30)": the old slot
            if _offered(s, groups, g) or refused_after(s, g.end) or is_deadline(s, g):
                continue  # "tue 10am or wed 2pm?", "... but i'm not going", "by friday"
            if watched(s, g.start):
                continue  # "tue 10am or wed 2pm?", "... but i'm not going", "by friday"
            weak_range = not group_is_time(g)
            ci = _clause_of(spans, g.start)
            c0, c1 = spans[ci]
            clause = s[c0:c1]
            if g.time is None and _EXCLUSION.match(clause):
                continue  # "... except this friday, it's thursday at 3": the day left out
            in_clause = [e for e in events if c0 <= e.start < c1]
            if g.donor and (not in_clause or _lent_within(g, groups, c0, c1)):
                continue  # its day went to a clock time that stands for the meeting
            found = (
                min(in_clause, key=lambda e: _distance(e, g))
                if in_clause
                else _borrow(s, spans, ci, events, groups)
            )
            borrowed = not in_clause
            if found is None:
                continue
            event = found
            if weak_range and not _adjacent(s, event, g):
                continue
            _meal_hours(g, event, now)
            e_ci = _clause_of(spans, event.start)
            context = clause if e_ci == ci else clause + " " + s[spans[e_ci][0] : spans[e_ci][1]]
            lo, hi = min(c0, spans[e_ci][0]), max(c1, spans[e_ci][1])
            action, previous, g = _change(s, groups, g, lo, hi, used_groups, now)
            if id(g) in shifted:
                action, previous = "reschedule", shifted[id(g)]
            if _is_joke(event):
                continue  # "my meeting with my bed is at 10pm"
            along = WITH_ME.search(context) or GOING_ALONG.search(s)
            if action == "schedule" and event.others and not along:
                continue
            if action != "cancel" and not attends(
                clause, clause if borrowed else context, g, bool(along)
            ):
                continue
            start = g.value
            assert start is not None
            if action != "cancel" and not (now <= start <= horizon):
                continue
            key = (event.name, start)
            if key in seen or any(k[1] == start and _same_name(k[0], event.name) for k in seen):
                continue
            seen.add(key)
            confidence = _confidence(event, g, borrowed, weak_range, clause)
            results.append(_meeting(event, g, start, confidence, action, previous))
        results.extend(_timeless_cancels(s, spans, groups, events, results, now))
        results.sort(key=lambda m: m.span[0])
        return _without_undated_twins(results)


def _without_undated_twins(results: list[ExtractedMeeting]) -> list[ExtractedMeeting]:
    """ "jury duty 1/11, gotta be there 8:30am": the day alone goes when the same event has a
    clock time on that day."""
    return [
        m
        for m in results
        if m.grain != "day"
        or not any(
            o.grain != "day"
            and o.action == m.action
            and o.start.date() == m.start.date()
            and _same_name(o.event_name, m.event_name)
            for o in results
        )
    ]


def _offered(s: str, groups: list[Group], g: Group) -> bool:
    """Whether the time is one of several offered ("3pm or 4pm", "tue 10am, wed 2pm or ...")."""
    i = groups.index(g)
    lo = hi = i
    while lo > 0 and _LIST_GAP.match(s, groups[lo - 1].end, groups[lo].start):
        lo -= 1
    while hi + 1 < len(groups) and _LIST_GAP.match(s, groups[hi].end, groups[hi + 1].start):
        hi += 1
    return any(
        ALTERNATIVE.match(s, groups[k].end, groups[k + 1].start) is not None for k in range(lo, hi)
    )


def _is_joke(event: Event) -> bool:
    _, joined, companion = event.name.partition(" with ")
    return bool(joined) and companion.split()[-1] in JOKE_COMPANIONS


def _shift_slots(s: str, groups: list[Group], olds: list[Group]) -> dict[int, dt.datetime]:
    """Slots moved by a stated amount ("now an hour earlier (it was 4:30)"): id -> old start.

    The old slot is shifted in place when it is the only time the change states.
    """
    timed = [g for g in groups if group_is_time(g) and g.value is not None]
    moving = olds if olds and len(olds) == len(timed) else []
    if not moving and len(timed) == 1 and RESCHEDULE.search(s):
        moving = timed
    shifted: dict[int, dt.datetime] = {}
    for g in moving:
        new_start = shift(s, g)
        if new_start is not None and g.value is not None:
            shifted[id(g)] = g.value
            g.value = new_start
            g.value_end = None
    return shifted


def _with_open_events(
    s: str, spans: list[tuple[int, int]], groups: list[Group], events: list[Event]
) -> list[Event]:
    """The known events plus, for each clause with a time and none, its open-vocabulary one."""
    found = list(events)
    for c0, c1 in spans:
        times = [(g.start, g.end) for g in groups if c0 <= g.start < c1 and group_is_time(g)]
        if not times or any(c0 <= e.start < c1 for e in events):
            continue
        phrase = open_event(s, c0, c1, times)
        if phrase is not None:
            found.append(Event(phrase.start, phrase.end, phrase.name, OPEN_STRENGTH))
    found.sort(key=lambda e: e.start)
    return found


def _change(
    s: str, groups: list[Group], g: Group, lo: int, hi: int, used: set[int], now: dt.datetime
) -> tuple[Action, dt.datetime | None, Group]:
    """Action, previous start and the group giving the (new) time, for the scope s[lo:hi].

    "push my 3pm to 4": the time before the move's "to" is the previous start and the one
    after it the new start (its group is marked used); a move with no new time cancels.
    """
    scope = s[lo:hi]
    rescheduled = RESCHEDULE.search(scope)
    if rescheduled is None:
        return ("cancel" if CANCEL.search(scope) else "schedule"), None, g
    verb = lo + rescheduled.start()
    if change_requested(s, verb):
        if verb > g.start:  # "... at 9:20 am. reply r to reschedule": boilerplate after it
            return "schedule", None, g
        return "cancel", g.value, g  # "call us to reschedule your appointment on 2/14"
    keyword = _NEW_TIME.search(s, verb, hi)
    pivot = keyword.start() if keyword else verb
    holder = next((h for h in groups if h.start <= pivot < h.end), None)
    if holder is not None:
        pivot = holder.start  # "pushed a week, so the 19th at 7pm": "at" inside the new time
    if g.start >= pivot:
        earlier = [
            h for h in groups if h.value is not None and not h.donor and lo <= h.start < verb
        ]
        return "reschedule", (earlier[-1].value if earlier else None), g
    later = [h for h in groups if h.value is not None and pivot <= h.start < hi]
    if not later:  # moved with no new time: the old slot is gone
        return "cancel", g.value, g
    used.update(groups.index(h) for h in later)
    keep_same_time(s, later[0], g, groups, now)
    return "reschedule", g.value, later[0]


def _meeting(
    event: Event,
    g: Group,
    start: dt.datetime,
    confidence: float,
    action: Action,
    previous: dt.datetime | None,
) -> ExtractedMeeting:
    grain: Grain = "minute" if g.grain == "minute" else ("hour" if g.grain == "hour" else "day")
    end = g.value_end if g.value_end is not None and g.value_end > start else None
    return ExtractedMeeting(
        event_name=event.name,
        start=start,
        end=end,
        grain=grain,
        confidence=confidence,
        span=(min(event.start, g.start), max(event.end, g.end)),
        action=action,
        previous_start=previous,
        time_is_approximate=g.approximate or g.grain != "minute",
    )


def _distance(e: Event, g: Group) -> int:
    if e.end <= g.start:
        return g.start - e.end
    if g.end <= e.start:
        return e.start - g.end
    return 0


def _adjacent(s: str, e: Event, g: Group) -> bool:
    gap = s[e.end : g.start] if e.end <= g.start else s[g.end : e.start]
    return len(gap.strip(" ,:-")) <= 3 and "\n" not in gap


def _lent_within(donor: Group, groups: list[Group], c0: int, c1: int) -> bool:
    """Whether a day lent its date to a clock time of the same clause."""
    return any(
        h is not donor and h.time is not None and h.date == donor.date and c0 <= h.start < c1
        for h in groups
    )


def _only_time(
    s: str, a: int, b: int, groups: list[Group], extra: frozenset[str] = frozenset()
) -> bool:
    """Whether s[a:b] holds nothing but times, filler, change verbs (and ``extra`` words)."""
    inside = [g for g in groups if a <= g.start < b]
    cuts = [a, *[x for g in inside for x in (g.start, g.end)], b]
    words = " ".join(s[x:y] for x, y in zip(cuts[::2], cuts[1::2], strict=False)).split()
    return not [
        w
        for w in (x.strip(",;:.!?()") for x in words)
        if w and w not in _FILLER and w not in extra and not RESCHEDULE.fullmatch(w)
    ]


# An old slot stated between an event and its new time: "rescheduled: was tuesday 2pm, now ..."
_OLD_SLOT = wordset("was were previously originally instead of not")


def _borrow(
    s: str, spans: list[tuple[int, int]], ci: int, events: list[Event], groups: list[Group]
) -> Event | None:
    """An event from another clause when this clause points back to it or is only a time."""
    c0, c1 = spans[ci]
    if _only_time(s, c0, c1, groups):
        for step in (-1, 1):
            cj = ci + step
            while 0 <= cj < len(spans) and (
                not any(spans[cj][0] <= e.start < spans[cj][1] for e in events)
                and (
                    _only_time(s, spans[cj][0], spans[cj][1], groups, _OLD_SLOT)
                    or s[spans[cj][0] : spans[cj][1]].lstrip(" ,").startswith("(")
                )
            ):
                cj += step  # skip a clause that is only a time, punctuation or an aside
            if 0 <= cj < len(spans):
                a, b = spans[cj]
                near = [e for e in events if a <= e.start < b]
                if near:
                    return near[0] if cj > ci else near[-1]
        return None
    if not _ANAPHOR.search(s, c0, c1):
        return None
    best: Event | None = None
    best_d = 10**9
    c0 = spans[ci][0]
    for e in events:
        d = abs(e.start - c0)
        if e.start < c0 and d < best_d:
            best, best_d = e, d
    return best


def _inside_event(g: Group, events: list[Event]) -> bool:
    return any(e.start <= g.start and g.end <= e.end and not e.synthetic for e in events)


def _cancel_without_time(s: str, events: list[Event], now: dt.datetime) -> list[ExtractedMeeting]:
    """ "the interview is off": the event with no time; start = now marks "the next one"."""
    matches = list(CANCEL.finditer(s))
    if not matches:
        return []
    found = matches[-1]  # the last one: in the clause that ends ``s``
    real = [e for e in events if not e.synthetic]
    if not real:
        return []
    event = min(real, key=lambda e: abs(e.start - found.start()))
    return [
        ExtractedMeeting(
            event_name=event.name,
            start=now,
            end=None,
            grain="day",
            confidence=0.6,
            span=(min(event.start, found.start()), max(event.end, found.end())),
            action="cancel",
            time_is_approximate=True,
        )
    ]


def _timeless_cancels(
    s: str,
    spans: list[tuple[int, int]],
    groups: list[Group],
    events: list[Event],
    results: list[ExtractedMeeting],
    now: dt.datetime,
) -> list[ExtractedMeeting]:
    """ "the offsite got cancelled, but ... at 2": a cancelled event in a clause with no time."""
    out: list[ExtractedMeeting] = []
    for c0, c1 in spans:
        if any(c0 <= g.start < c1 for g in groups) or not CANCEL.search(s, c0, c1):
            continue
        inside = [e for e in events if c0 <= e.start < c1]
        if not inside or any(_same_name(m.event_name, e.name) for m in results for e in inside):
            continue
        for m in _cancel_without_time(s[:c1], inside, now):
            if m.span[0] >= c0:
                out.append(m)
    return out


_MEAL_PARTS = {"breakfast": "morning", "brunch": "morning", "dinner": "evening"}


def _meal_hours(g: Group, event: Event, now: dt.datetime) -> None:
    """ "breakfast at 8" is 08:00, "dinner 7-9" is 19:00-21:00: a meal decides am/pm."""
    t = g.time
    part = next((p for meal, p in _MEAL_PARTS.items() if meal in event.name), "")
    if not part or t is None or t.ampm or t.exact or g.part or g.tz is not None:
        return
    old_start, old_end = g.value, g.value_end
    g.part, g.value_end = part, None
    resolve(g, now, now.tzinfo)
    if g.value_end is None and old_end is not None and old_start is not None and g.value:
        g.value_end = g.value + (old_end - old_start)


def _same_name(a: str, b: str) -> bool:
    return a == b or a in b or b in a


def _inherit_past(s: str, groups: list[Group]) -> None:
    """ "yesterday was insane: standup at 9, ...": clock times after a past day are past."""
    for i, d in enumerate(groups):
        if not d.past or d.date is None:
            continue
        for g in groups[i + 1 :]:
            if g.date is not None or g.rel is not None or _SENTENCE.search(s, d.end, g.start):
                break
            g.past = True


def _inherit_dates(s: str, groups: list[Group], now: dt.datetime) -> None:
    """A clock time with no day takes the day named elsewhere in the message."""
    _inherit_past(s, groups)
    dated = [g for g in groups if g.date is not None and not g.habit and not g.past]
    if not dated:
        return
    for g in groups:
        if g.time is None or g.date is not None or g.rel is not None:
            continue
        before = [d for d in dated if d.end <= g.start]
        after = [d for d in dated if d.start >= g.end]
        if not before and after and _BREAK.search(s, g.end, after[0].start):
            after = []  # a day named after a comma or full stop belongs to its own clause
        donor = before[-1] if before else (after[0] if after else None)
        if donor is None:
            continue
        g.date, g.date_kind, g.weekday = donor.date, donor.date_kind, donor.weekday
        if donor.part and not g.part:
            g.part = donor.part
        old_start, old_end = g.value, g.value_end
        g.value_end = None
        resolve(g, now, now.tzinfo)
        if g.value_end is None and old_end is not None and old_start is not None and g.value:
            g.value_end = g.value + (old_end - old_start)
        if donor.time is None:
            donor.donor = True


def _confidence(e: Event, g: Group, borrowed: bool, weak: bool, clause: str) -> float:
    score = 0.35 + 0.3 * e.strength
    if g.grain == "minute":
        score += 0.15
    elif g.grain == "hour":
        score += 0.1
    if g.time is not None and g.date is not None:
        score += 0.1
    if borrowed:
        score -= 0.1
    if weak:
        score -= 0.1
    if "?" in clause:
        score -= 0.05
    return max(0.0, min(1.0, round(score, 2)))
