"""MeetingExtractor: events paired with their times, clause by clause.

The pipeline for one message (docs/extraction.md, "How it reads a message"):

1. gates: no time word or digit and no event word, or every clause declines -> nothing;
2. times (``times.scan_normalized``) and known events (``events.events``);
3. refiners (``refiners``, ``corrections``): names that hold a part of day, listed hours,
   corrections, old slots, days lent to clock times;
4. clauses (``clauses.clauses``) and open-vocabulary events for clauses with none;
5. each time paired with its event (``pairing``), its change read (``changes``), and kept
   only when the speaker will attend it (``clauses.attends`` and the checks below).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, replace

from companion_bot.extraction.changes import (
    calendar_notice,
    cancelled_later,
    change_of,
    same_name,
    shift_slots,
    timeless_cancels,
    timeless_change,
)
from companion_bot.extraction.clauses import (
    ALTERNATIVE,
    CANCEL,
    RESCHEDULE,
    along_to,
    announced_iftar,
    attends,
    clauses,
    condition_first,
    continues_subject,
    day_span_beside,
    declined_in_script,
    every_clause_declines,
    goes_along,
    hypothetical,
    is_advert,
    is_code,
    is_recipe,
    joins,
    journey_length,
    may_cancel,
    may_move,
    measured_figure,
    not_booked_yet,
    not_needed_there,
    open_invitation,
    opening_time,
    past_around,
    past_or_habit,
    pet_at_the_vet,
    posted_day_span,
    posted_hours,
    product_label,
    public_notice,
    readout,
    recipe_step,
    results_line,
    routine,
    said_in_past,
    sentence_around,
    statement_line,
    takes_time_off,
    users_agenda,
    watched,
    work_log,
)
from companion_bot.extraction.corrections import (
    apply_corrections,
    has_correction,
    old_slots,
    unavailable_slots,
    without_shift_amounts,
)
from companion_bot.extraction.date_atoms import (
    kal_is_a_name,
    kal_is_tomorrow,
    without_named_days,
)
from companion_bot.extraction.events import (
    HEADS,
    Event,
    may_mention_event,
    with_company_after_time,
)
from companion_bot.extraction.events import events as find_events
from companion_bot.extraction.lexicon import (
    CHOSEN_AFTER_TIME,
    HABIT_WEEKDAYS,
    HEADLINE_STATUS_WORDS,
    JOKE_COMPANIONS,
    LEAD_INS,
    LINE_LABEL_WORDS,
    OR_WORDS,
    PROVIDERS,
    RELATIVES,
    WEEKDAYS,
    alternation,
    wordset,
)
from companion_bot.extraction.open_events import may_state_open_event
from companion_bot.extraction.pairing import (
    adjacent,
    collected_on_arrival,
    event_for,
    handed_over,
    in_dose_list,
    inside_event,
    is_arrival,
    lent_within,
    points_back,
    with_open_events,
)
from companion_bot.extraction.parse import check_now
from companion_bot.extraction.reading import Reading
from companion_bot.extraction.refiners import (
    MET_FOR_CHARS,
    PAST_VERBS,
    booked_meal,
    drop_named_parts,
    in_rota,
    inherit_dates,
    is_deadline,
    meal_hours,
    next_week_headers,
    past_headers,
    posted_schedules,
    promote_listed_numbers,
    same_time_days,
    spoken_punctuation,
    theirs_headers,
    told_as_habit,
    told_as_past,
)
from companion_bot.extraction.refusals import (
    declines_next,
    may_refuse,
    refused_after,
    refused_by_name,
)
from companion_bot.extraction.relays import relayed_for_someone_else
from companion_bot.extraction.service_lines import (
    credential_visit,
    generic_name,
    only_where_or_whom,
    sender_or_venue,
)
from companion_bot.extraction.specialties import named_by_specialty
from companion_bot.extraction.times import (
    MAX_CHARS,
    Group,
    group_is_time,
    is_bare_number,
    is_lone_end,
    may_hold_time,
    meridiem_guessed,
    normalize,
    scan_normalized,
)
from companion_bot.extraction.tokens import index_of, search_at
from companion_bot.extraction.transcript_times import settle
from companion_bot.extraction.transcripts import (
    another_takes_it_on,
    called_off,
    others_accept,
    others_own_plan,
    others_turn_down,
    quoted_own_plan,
    said_by_user,
    slashed_turns,
    speaker_lines,
    theirs_among_others,
    user_declined_before,
    user_joins,
    user_turns_down,
    users_only,
    watched_turn,
    without_export_stamps,
)
from companion_bot.extraction.twins import TIMETABLE_TIMES, without_undated_twins
from companion_bot.extraction.types import Action, ExtractedMeeting, Grain

logger = logging.getLogger(__name__)

HORIZON = dt.timedelta(days=731)  # a meeting more than two years ahead is not read as one
# confidence = BASE + STRENGTH_WEIGHT x event strength, plus or minus the terms below
BASE_CONFIDENCE = 0.35
STRENGTH_WEIGHT = 0.3
MINUTE_BONUS = 0.15  # a clock time
HOUR_BONUS = 0.1  # a part of day
DAY_AND_TIME_BONUS = 0.1
BORROWED_PENALTY = 0.1  # the event came from another clause
WEAK_RANGE_PENALTY = 0.1  # a bare-number range ("12-1 lunch")
QUESTION_PENALTY = 0.05
AMBIGUOUS_DAY_CONFIDENCE = 0.45  # below the booking threshold: the user is asked
RESPELLED_PENALTY = 0.5  # "meetign w/ bob": a guessed name is always asked about

# Words that open a line as its label, not as who says it: "Reminder:", "Monday:", "Dentist:".
_LINE_LABELS = LEAD_INS | frozenset(WEEKDAYS) | HEADS | frozenset(PROVIDERS) | LINE_LABEL_WORDS
_EXCLUSION = re.compile(r"[\s,;:-]*(?:except|apart from|other than|besides|but not)\b")
NAME_CONTEXT_CHARS = 40  # how far around a meeting its name's words are looked up
_NAME_WORD = re.compile(r"[^\W\d_][\w'&-]*(?:\.[\w'&-]+)*")  # "Dr", "St.Mary's", not "Dr."
_SENTENCE_OPEN = re.compile(r"(?:^|[.!?\n:]\s*|[\"'(]\s*)$")
_TITLE_DOT = re.compile(r"\b(?:mr|mrs|ms|dr|prof|st|mt|sr|jr)\.\s*$", re.IGNORECASE)  # "Dr. Patel"
_COMPANY_AFTER = re.compile(r"\s+(?:with|w/)\s+(?:my\s+|a\s+|the\s+|some\s+)?([a-z]+)")
# An event named as a reason: "band practice tonight 7 till 10 because of the gig sat".
_REASON = re.compile(r"\b(?:because of|due to|thanks to|in prep for|ahead of)\s+(?:the\s+|my\s+)?$")
# "poll", and in German, Spanish, Italian, Portuguese, French, Polish and Dutch
_POLL_WORDS = wordset(
    "poll vote votes voting doodle options react umfrage encuesta votacion sondaggio enquete "
    "votación votacao votação enquête sondage ankieta peiling"
)
# A vote a meeting holds, not a poll of times: "they're voting on the snow removal contract".
_VOTE_ON_A_MATTER = re.compile(r"\b(?:vote|votes|voting)\s+on\s+(?:the|a|an|whether)\b")
_BALLOT_BOX = re.compile("[\u2610\u25a1\u25fb\u25a2]")  # ☐ □ ◻ ▢: an option to tick
# Between two listed times: a comma or "or", and spaces or emoji ("sat 2pm 👍 or sun 11am").
_OR_GATE = frozenset(OR_WORDS.split("|"))  # words an offer of alternatives cannot lack
_LIST_GAP = re.compile(
    rf"[^\w\n.!?]*(?:,|,?\s*(?:{OR_WORDS}))[^\w\n.!?]*(?:[£$€]\s?\d[\d,.]*\s+(?:at\s+)?)?$"
)  # "06:10 or €142 at 13:30": a price may come with the next time


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
        s = folded = normalize(text)
        words = index_of(s).words()
        if not may_mention_event(s, words) and not (
            may_hold_time(s, words) and may_state_open_event(words)
        ):
            return []  # no event word, and no time or no word that could name one
        s = spoken_punctuation(s)
        if " / " in s:
            s = slashed_turns(s)  # "lina: coffee tue 10? / me: wed 10?"
        if "\n" in s and ("] " in s or " - " in s) and ":" in s:
            s = without_export_stamps(s)  # "[14/03/2027, 21:12] nuno: 👍"
        speakers = speaker_lines(s) if ":" in s and "\n" in s else []
        if (
            every_clause_declines(s, words)
            and not has_correction(s, words)
            and not any(line.joins or line.agrees for line in speakers)  # "me: works for me"
            or is_code(s, words)
            or is_recipe(words)
            or is_advert(s, words)
        ):
            return []  # "the meeting yesterday went well": no clause can schedule anything
        groups = scan_normalized(without_named_days(text, s, words), now, words)
        if (
            not groups
            and not (may_cancel(words) and CANCEL.search(s))
            and not (may_move(words) and RESCHEDULE.search(s))
        ):
            return []  # no time and nothing changed: no event needs reading
        r = _reading(text, s, words, now, groups)
        if speakers:  # "ines: lunch tomorrow 12:30?" ... "ines: fine, 1pm then"
            speakers, r.groups = settle(
                speakers, r.s, r.groups, now, groups, [e.start for e in r.events]
            )
        if not r.groups:
            return timeless_change(r.s, r.events, now, words)
        r.cut(clauses(r.s, r.groups))
        r.settle(with_open_events(r))
        if not r.events and r.words.isdisjoint(HEADLINE_STATUS_WORDS):
            return []  # no event, and no headline that may name one ("cinema w/ Jess sorted")
        _refine_days(r, words, now)
        r.s, r.olds = old_slots(r.s, r.groups, words)
        r.shifted = shift_slots(r)
        r.along = goes_along(r.s, r.words)
        r.off_work = takes_time_off(r.s, r.words)
        r.agenda = users_agenda(r.s, r.words)
        r.relayed = relayed_for_someone_else(r.text, r.s, words)
        r.pet_notice = pet_at_the_vet(r.s, words)  # once a message, read at each of its times
        if speakers:  # "aroha: i'm driving him there" is aroha going, not the user
            r.speakers = speakers
            r.along = tuple(a for a in r.along if said_by_user(speakers, a))
        results: list[ExtractedMeeting] = []
        for g in list(r.groups):
            meeting = _pair(r, g, results)
            if meeting is not None:
                results.append(meeting)
        results.extend(timeless_cancels(r, results))
        results.sort(key=_span_start)
        results = _named_by_notice(r, results)
        return [_cased(text, folded, m) for m in without_undated_twins(results)]


def _named_by_notice(r: Reading, results: list[ExtractedMeeting]) -> list[ExtractedMeeting]:
    """Bookings a notice names only loosely, named by what else it says: the clinic of a
    pet's notice, a provider's credential, the notice's sender or venue."""
    if r.pet_notice:  # "Biscuit's appointment": the clinic names it, not the pet
        results = [_pets_booking(m) for m in results]
    if not r.speakers and (visit := credential_visit(r.s, r.words)) is not None:
        results = [_named_by_credential(m, visit) for m in results]
    if not r.speakers and any(generic_name(m.event_name) for m in results):
        results = [_named_by_sender(r, m) for m in results]
    return results


_PETS_GENERIC = re.compile(r"[^\W\d_]+'s (appointment)$")


def _pets_booking(m: ExtractedMeeting) -> ExtractedMeeting:
    """A vet's notice's "<pet>'s appointment" as a mere "appointment", which its sender then
    names ("Banfield Pet Hospital appointment")."""
    found = _PETS_GENERIC.fullmatch(m.event_name.lower())
    return m if found is None else replace(m, event_name=found.group(1))


def _named_by_credential(m: ExtractedMeeting, visit: str) -> ExtractedMeeting:
    """A booking named only by its provider's credential, as booked, or by its venue, takes
    the visit the credential names ("DDS" -> "dental appointment"); one named by whom it is
    with puts the visit first ("dental appointment with Helen Ma")."""
    if only_where_or_whom(m.event_name):
        return replace(m, event_name=visit)
    if m.event_name.lower().startswith(_WITH_SOMEONE):
        return replace(m, event_name=f"{visit} {m.event_name.split(' ', 1)[1]}")
    return m


_WITH_SOMEONE = "appointment with "


def _named_by_sender(r: Reading, m: ExtractedMeeting) -> ExtractedMeeting:
    """A booking named only "appointment" (or a loanword's) takes its notice's sender or
    venue (``service_lines.sender_or_venue``): the user's calendar then says whose it is."""
    if not generic_name(m.event_name):
        return m
    label = sender_or_venue(r.text, r.s, _LINE_LABELS)
    if label is None:
        return m
    kind = m.event_name.removesuffix(" appointment")
    name = f"{label} appointment" if kind.lower() == "appointment" else f"{kind} {label}"
    return replace(m, event_name=name)  # "Service Canada appointment", "cita Laboratorio Chopo"


def _refine_days(r: Reading, words: frozenset[str], now: dt.datetime) -> None:
    """The days the message's times take from each other and from its headers: same time,
    past and habitual days, TV and others' headers, posted schedules, next week, a day lent
    to the clock times after it."""
    if "same" in words:  # "same time"
        same_time_days(r.s, r.groups, now)
    past_headers(r.s, r.groups)
    if not words.isdisjoint(PAST_VERBS):
        told_as_past(r.s, r.groups)
    if "every" in words or "each" in words:
        told_as_habit(r.s, r.groups)
    theirs_headers(r.s, r.groups, words)
    posted_schedules(r.s, r.groups, r.words)
    if "next" in words and "week" in words:
        next_week_headers(r.s, r.groups, now)
    inherit_dates(r.s, r.groups, now, words)


def _span_start(m: ExtractedMeeting) -> int:
    return m.span[0]


def _reading(
    text: str, s: str, words: frozenset[str], now: dt.datetime, groups: list[Group]
) -> Reading:
    """The message with its known events and the times left once the refiners have run."""
    groups = without_shift_amounts(s, drop_named_parts(s, groups), words)
    events = named_by_specialty(s, find_events(s))
    promote_listed_numbers(s, groups, [e.end for e in events], [e.start for e in events])
    groups = [g for g in groups if not inside_event(g, events) and not is_bare_number(g)]
    s, groups = apply_corrections(s, groups, now, words)
    groups = unavailable_slots(s, groups, now, words)
    return Reading(text, s, words, now, groups, events)


@dataclass(frozen=True, slots=True)
class _Mention:
    """One time's place in the message and the event it states."""

    ci: int  # the time's clause
    c0: int
    c1: int
    clause: str
    event: Event
    borrowed: bool  # the event came from another clause
    weak_range: bool  # "12-1": a range that may not be a time at all
    e_ci: int  # the event's clause


def _pair(r: Reading, g: Group, results: list[ExtractedMeeting]) -> ExtractedMeeting | None:
    """The meeting one time states, if the speaker will attend it."""
    m = _mention(r, g)
    if m is None:
        return None
    context = _context(r, g, m)
    if context is None:
        return None
    lo, hi = min(m.c0, r.spans[m.e_ci][0]), max(m.c1, r.spans[m.e_ci][1])
    change = change_of(r, g, lo, hi)
    if change is None:
        return None  # "can we push our call to 4?": a change proposed, nothing changed yet
    action, previous, g = change
    if id(g) in r.shifted:
        action, previous = "reschedule", r.shifted[id(g)]
    if action == "schedule" and cancelled_later(r, max(m.ci, m.e_ci)):
        action = "cancel"
    if not _goes(r, g, m, context, action):
        return None
    start = g.value
    if start is None or (action != "cancel" and not r.now <= start <= r.now + HORIZON):
        return None
    event = m.event
    if any(x.start == start and same_name(x.event_name, event.name) for x in results):
        return None  # the same event at the same start, said twice
    confidence = _confidence(event, g, m.borrowed, m.weak_range, m.clause)
    if (
        "kal" in r.words and not kal_is_tomorrow(r.words) and not kal_is_a_name(r.text, r.s)
    ):  # yesterday or tomorrow: asked (not a name: "Kal and I have a call at 2 today")
        confidence = min(confidence, AMBIGUOUS_DAY_CONFIDENCE)
    return _meeting(event, g, start, confidence, action, previous)


def _mention(r: Reading, g: Group) -> _Mention | None:
    """The event a time states, or None when the time is no meeting's (an end alone, a
    reason, a joke, a day with only a bare noun phrase)."""
    if _passed_over(r, g) or is_lone_end(r.s, g):
        return None  # "gonna stay up till 3am gaming": an end, no start
    ci = r.clause_of(g.start)
    c0, c1 = r.spans[ci]
    clause = r.s[c0:c1]
    if r.s.startswith("?", c1):
        clause += "?"  # "anyone free for a call at 3?": the mark is a clause of its own
    if g.time is None and _EXCLUSION.match(clause):
        return None  # "... except this friday, it's thursday at 3": the day left out
    event, borrowed = event_for(r, g, ci)
    arriving = event is not None and is_arrival(r, ci, event)  # "mike: flight lands 4:50"
    if event is None or event.others or arriving:  # "collecting gran, her flight lands 21:35"
        event = collected_on_arrival(r, ci) or (None if arriving else event)
    if g.donor and (borrowed or lent_within(g, r.groups, c0, c1)):
        return None  # its day went to a clock time that stands for the meeting
    if event is not None and _REASON.search(r.s, max(0, event.start - 16), event.start):
        return None  # "band practice tonight 7 till 10 because of the gig sat": a reason
    if event is not None and not borrowed:
        event = with_company_after_time(r.s, event, g.start, g.end)
    weak_range = not group_is_time(g)
    if (weak_range or g.date is not None) and _score_like(g):
        return None  # "what a match, 3-1 at half time and 4-4 at full time"
    if (
        event is None
        or (weak_range and not adjacent(r.s, event, g))
        or _is_joke(r.s, event, r.words)
    ):
        return None  # no event; "12-1" far from it; "my meeting with my bed is at 10pm"
    if (
        g.time is None
        and not g.part
        and g.rel is None
        and event.bare
        and not along_to(r.s, r.along, event.start)
        and not _off_work_for(r, event.start)
    ):
        return None  # "koningsdag tomorrow", "sophie's formal on the 10th": a day alone with a
        # bare noun phrase is too weak ("i'm having my cousin's engagement on sunday" is kept)
    meal_hours(g, event, r.now, r.s[event.end : event.end + MET_FOR_CHARS])
    e_ci = r.clause_of(event.start)
    return _Mention(ci, c0, c1, clause, event, borrowed, weak_range, e_ci)


def _context(r: Reading, g: Group, m: _Mention) -> str | None:
    """The words that say whether the speaker goes: the time's clause, the event's, and the
    clause before when this one carries on its subject; None for a story's times."""
    c0, c1 = m.c0, m.c1
    if m.borrowed and said_in_past(r.clause(m.e_ci)) and not points_back(r.s, c0, c1):
        return None  # "that was the longest conference of my life, 5:30 to 7:45"
    if not g.part and (
        (_undated(g) and past_around(r.s, c0, c1))
        or (g.lent and past_around(r.s, g.start, c1, after=False))  # a lent day, a story
    ):
        return None  # "canapés, then the meal at 6, speeches ran till 9": a story's times
    context = m.clause if m.e_ci == m.ci else f"{m.clause} {r.clause(m.e_ci)}"
    if m.ci > 0 and m.e_ci == m.ci and continues_subject(m.clause):
        before = _previous_clause(r, m.ci)
        if (_undated(g) or g.lent) and past_or_habit(before):
            return None  # "we used to do drinks at 5:30, then curry at 8": the same past
        context = f"{before} {m.clause}"  # "she has ... and then dinner at 7"
    return context


# Someone's event held with the user: "sam's 1:1 with me", "her interview with us".
_WITH_USER = re.compile(r"\bwith (?:me|us)\b")
WITH_USER_CHARS = 8  # " with me"


def _still_the_users(r: Reading, event: Event) -> bool:
    """Whether someone else's event is the user's to attend all the same: handed over to
    them, held with them ("sam's 1:1 with me"), or their pet's at the vet."""
    return (
        handed_over(r.s, event)
        or _WITH_USER.search(r.s, event.start, event.end + WITH_USER_CHARS) is not None
        or r.pet_notice
    )


def _goes(r: Reading, g: Group, m: _Mention, context: str, action: str) -> bool:
    """Whether the speaker will be at the event: not someone else's, not conditional or
    hypothetical, not refused or turned down in a transcript."""
    event, clause = m.event, m.clause
    along = (
        along_to(r.s, r.along, event.start)
        or _off_work_for(r, event.start)
        or any(a <= event.start < b for a, b in r.agenda)  # "tomorrow is chaos: ..."
        or joins(context, r.words)
        or user_joins(r.speakers, g.start)
        or others_accept(r.speakers, r.s, g.start)
        or (event.others and _still_the_users(r, event))
        or (not r.speakers and not r.relayed and r.pet_notice)
    )
    if (
        action == "schedule"
        and (event.others or r.relayed or _open_invitation(r) or _done_by_another(r, clause))
        and not along
    ):
        return False
    if action == "reschedule" and event.others and not along:
        return False  # "my brother's parent-teacher conference got moved to monday"
    if action == "reschedule" and r.speakers and user_turns_down(r.speakers, g.start):
        return False  # "tom: padel moved to 19:30 tuesday\nme: then i'm out, sorry"
    if action == "reschedule" and _refused(r, m.c0, clause, event.name):
        return False  # "jānis' review with ilze got moved to friday 14:00 ... not us, just fyi"
    if action != "cancel" and not attends(
        clause, clause if m.borrowed else context, g, along, r.words, action == "reschedule"
    ):
        return False
    if action != "schedule":
        return True
    if declined_in_script(r.s, g.start):
        return False
    if condition_first(r.s, min(m.c0, r.spans[m.e_ci][0])):
        return False  # "if the client signs off by wednesday, we'll do the call thursday at 10"
    if m.borrowed and not _settled(r, g) and hypothetical(r.clause(m.e_ci)):
        return False  # "i'm thinking of joining the yoga class but it's at 6:30"
    if _refused(r, m.c0, clause, event.name):
        return False
    if calendar_notice(r, min(m.c0, r.spans[m.e_ci][0])) == "declined":
        return False  # "Declined: Quarterly review (Thu 10:00-11:00)"
    if not r.speakers and theirs_among_others(r.s, g.start):
        return False  # "mum: dad and i are going to auntie jo's on saturday for lunch"
    if not r.speakers and quoted_own_plan(r.text, r.s, _LINE_LABELS):
        return False  # "Hamed: I've got my driving test tomorrow at 9, wish me luck"
    return not r.speakers or not (
        user_turns_down(r.speakers, g.start)
        or others_turn_down(r.speakers, r.s, g.start)
        or others_own_plan(r.speakers, r.s, g.start)
        or called_off(r.speakers, r.s, g.start)
        or another_takes_it_on(r.speakers, r.s, g.start)
        or watched_turn(r.speakers, r.s, g.start, r.words)
        or user_declined_before(r.speakers, r.s, g.start)
    )  # "kayla: who's coming sat at 1?\nme: ugh i can't", "neha: my rehearsal ...",
    # "tom: book club wed 7pm?" ... "tom: need to cancel"


def _settled(r: Reading, g: Group) -> bool:
    """Whether the time was settled: by a transcript's later line, or picked from a poll's
    options ("[poll] team dinner: ..." ... "ok thursday 7pm wins")."""
    return g.settled or (
        not r.words.isdisjoint(_POLL_WORDS) and CHOSEN_AFTER_TIME.match(r.s, g.end) is not None
    )


_SENTENCE_BREAK = re.compile(r"[.!?\n]")


def _off_work_for(r: Reading, pos: int) -> bool:
    """Whether time off work is said for the event at ``pos``: in its sentence, or in the
    next one when that holds no time of its own ("...fri at 10:50? need to tell work today",
    not "sports day is the 30th. thursday i'm at the ortho at 3:40, so i'm leaving work early")."""
    for off in r.off_work:
        if not along_to(r.s, (off,), pos):
            continue
        brk = _SENTENCE_BREAK.search(r.s, pos, off) if off > pos else None
        if brk is None or not any(brk.start() < g.start < off for g in r.groups):
            return True
    return False


def _open_invitation(r: Reading) -> bool:
    """Whether the message posts its event for anyone (``open_invitation``), found once."""
    if r.invited is None:
        r.invited = open_invitation(r.s, r.words)
    return r.invited


# A clause whose subject is someone else: "(and) my sister is taking the baby to ...", "he
# has his visa biometrics on wednesday at 11".
_ANOTHER_SUBJECT = re.compile(
    rf"[\s,;:.-]*(?:(?:and|but|so|also|then|plus|while)\s+)?"
    rf"(?:(?:my|our)\s+(?:{alternation(sorted(RELATIVES))})|he|she|they)"
    r"\s+(?:is|'s|has|has got|will|'ll|was|needs to|must|goes|got)\s"
)
_SUBJECT_WORDS = RELATIVES | {"he", "she", "they"}
_USER_IN = re.compile(r"\b(?:i|i'm|im|i'll|me|we|we're|we'll|us|myself)\b")


def _done_by_another(r: Reading, clause: str) -> bool:
    """Whether ``clause`` tells what someone else does, with the user nowhere in it."""
    if r.words.isdisjoint(_SUBJECT_WORDS):
        return False
    subject = _ANOTHER_SUBJECT.match(clause)
    return subject is not None and _USER_IN.search(clause, subject.end()) is None


def _refused(r: Reading, c0: int, clause: str, name: str) -> bool:
    """Whether the speaker says they skip the event; in a transcript, only the user's lines
    say so ("me: bin dabei" ... "anna: kann nicht" leaves the user going)."""
    if not refused_by_name(r.text, r.s, c0, clause, name, r.words):
        return False
    if not r.speakers:
        return True
    text, s = users_only(r.speakers, r.text), users_only(r.speakers, r.s)
    return refused_by_name(text, s, c0, clause, name, r.words)


SCORE_LEAD_MAX = 7  # "3-1", "6-2": a bare range from an early hour back to a smaller one


def _score_like(g: Group) -> bool:
    """Whether a bare-number range reads as a score, not hours: the same number twice ("4-4"),
    or a small first number and a smaller second ("3-1", "2-0"; not "11-1", "12-2")."""
    t = g.time
    if t is None or t.end_atom is None:
        return False
    start, end = t.hour, t.end_atom.hour
    if end == start and t.minute == t.end_atom.minute:
        return True  # "4-4", "legia drew 1-1 on saturday": a draw, whatever day it names
    return g.date is None and start <= SCORE_LEAD_MAX and end < start


def _undated(g: Group) -> bool:
    """Whether the time states no day of its own ("then curry at 8")."""
    return g.date is None and g.weekday < 0 and g.rel is None


def _previous_clause(r: Reading, ci: int) -> str:
    """The clause before clause ``ci``, passing over ones that are only a joining word."""
    j = ci - 1
    while j > 0 and r.clause(j).strip(" ,;-") in _JOINING_WORDS:
        j -= 1
    return r.clause(j)


_JOINING_WORDS = frozenset(("", "and", "then", "and then", "&", "+"))


def _passed_over(r: Reading, g: Group) -> bool:
    """Times that state no meeting whatever their event: used, habitual, old, offered, ..."""
    if id(g) in r.used or g.value is None or g.habit:
        return True
    if r.olds and g in r.olds and id(g) not in r.shifted:
        return True  # "2 instead of 3", "(it was 4:30)": the old slot
    return (
        _offered(r, g)  # "tue 10am or wed 2pm?"
        or (  # "..., but not me"; its clause is cut out only when a refusal may be said
            may_refuse(r.words)
            and refused_after(r.text, r.s, g.end, r.words, r.spans[r.clause_of(g.start)][0])
        )
        or is_deadline(r.s, g, r.words)  # "by friday"
        or watched(r.s, g.start, r.words)  # "the match is at 8, i'll stream it"
        or in_dose_list(r, g.start)  # "dad's tablets: one at 8 with breakfast"
        or _ticked_off(r, g)  # "mon – gym 7am (done)"
        or not_booked_yet(r.s, g.start, r.words)  # "you're #4 on the waitlist for sat 8pm"
        or not_needed_there(r.s, g.start, r.words)  # "... so you don't need to be in"
        or posted_hours(r.s, g.start, r.words)  # "clinic hours: mon-fri 8:30-17:00"
        or posted_day_span(r.s, g, r.words)  # "library is open 24/7, gym 6:30-22:00"
        or in_rota(r.s, g.start, r.words)  # "shifts this week: mon 9-1 priya & you"
        or public_notice(r.s, g.start, r.words)  # "water will be interrupted from 9 am"
        or routine(r.s, g.start)  # "swim practice tues and thurs 4-6"
        or day_span_beside(r.s, g.start, g.end)  # "tutoring 4-5 mon-thu"
        or _timetable(r, g)  # "her feeds are at 6, 9, 12 and 3 now"
        or _in_told_routine(r, g)  # "my routine since ramadan: suhoor at 3:45am, ..."
        or _on_the_way(r, g)  # "exam at 9, need to be in the hall by 8:30"
        or _told_of_theirs_then_declined(r, g)  # "my sister's wedding ... I'm not going"
        or opening_time(r.s, g.start, r.words)  # "... before opd opens at 8"
        or recipe_step(r.s, g.start, r.words)  # "dough proving 1h30, bake 45 min at 220"
        or readout(r.s, g.start, r.words)  # "ping 23 ms, jitter 4 ms, test at 21:14"
        or measured_figure(r.s, g, r.words)  # "length 4:35", "first pickup 6:41" in a report
        or journey_length(r.s, g, r.words)  # "train is 2h10, bus about 3:30"
        or product_label(r.s, g.start, r.words)  # "best before 09.08, the yoghurt is 12/08"
        or results_line(r.s, g, r.words)  # "5k results: tom 19:42, priya 21:05"
        or work_log(r.s, g.start, r.words)  # "clocked in 08:02, lunch 12:30-13:00"
        or statement_line(r.s, g.start, r.words)  # "01/03 09:14 TESCO STORES £24.80"
        or announced_iftar(r.s, g.start, r.words)  # "sehri ends 5:12, iftar 18:21 today"
    )


# A list item marked as over or as no meeting: "(done)", "(cancelled)", "(task)", "- cancelled".
_TICKED_OFF = re.compile(
    r"\(\s*(?:done|did it|went|been|finished|cancell?ed|called off|not going|skipped|missed|task|"
    r"to-?do)\s*[!.]?\s*\)"
    r"|\s[-\u2013\u2014:]\s*(?:cancell?ed|called off|not going|skipped)\b"
)  # "10:00 visa medical - cancelled, rebooking"
_TICKED_OFF_WORDS = wordset(
    "done did went been finished cancelled canceled called going skipped missed task todo to-do"
)


def _ticked_off(r: Reading, g: Group) -> bool:
    """Whether the list line holding the time marks it as over or off ("gym 7am (done)",
    "10:00 visa medical - cancelled, rebooking") or as a task ("3pm call the school (task)")."""
    if r.words.isdisjoint(_TICKED_OFF_WORDS):
        return False
    a = r.s.rfind("\n", 0, g.start) + 1
    b = r.s.find("\n", g.end)
    return _TICKED_OFF.search(r.s, a, len(r.s) if b < 0 else b) is not None


# Someone of the user's whose plans a message tells: "my sister's wedding weekend".
_THEIRS_TOLD = re.compile(rf"\b(?:my|our)\s+(?:{alternation(sorted(RELATIVES))})'s\b")
# The user saying they go or have something, which keeps a plan theirs.
_USER_GOES = re.compile(
    r"\b(?:i'm|im|i am|i'll|ill|i will|we're|we are|we'll|i've got|i have|i've booked|i booked)\b"
)
_THEIRS_TOLD_FIRST = wordset("my our")  # where the matches of each pattern begin
_USER_GOES_FIRST = wordset("i im ill we")
DECLINED_DAY_CHARS = 12  # " this friday", " on the 9th": a day the refusal names


def _told_of_theirs_then_declined(r: Reading, g: Group) -> bool:
    """Whether the time is one of the plans of someone of the user's, told after naming them
    ("My sister's wedding weekend is planned. Rehearsal on Friday at 6, ...") with no word of
    the user going, and the user then declines in a sentence of its own with no time ("I'm
    not going though")."""
    if "s" not in r.words or r.words.isdisjoint(RELATIVES) or not may_refuse(r.words):
        return False
    b = sentence_around(r.s, g.start)[1]
    index = index_of(r.s)  # each time searches from the start: only where "my"/"our" begin
    told = search_at(_THEIRS_TOLD, r.s, index.starts(_THEIRS_TOLD_FIRST), 0, b)
    if told is None or search_at(_USER_GOES, r.s, index.starts(_USER_GOES_FIRST), told.start(), b):
        return False
    declined = declines_next(r.text, r.s, b, r.words)
    if declined is None:
        return False
    start = sentence_around(r.s, declined - 1)[0]  # no time of its own: "not going friday"
    return not any(start <= h.start < declined + DECLINED_DAY_CHARS for h in r.groups)


# Being somewhere by a time: "need to be there by 10:20", "have to be in the hall by 8:30".
_ARRIVE_BY_BEFORE = re.compile(r"\b(?:be|get|arrive|report|reach)\b[^.,;!?\n]{0,28}\bby\s*$")
ARRIVE_BY_CHARS = 48
# Being given a ride at a time: "Margaret's picking me up at half one", "fetching us at 6".
_RIDE_BEFORE = re.compile(
    r"\b(?:pick|picking|picks|collect|collecting|collects|fetch|fetching|fetches)\s+(?:me|us)"
    r"(?:\s+up)?(?:\s+(?:at|@|around|about|from))?\s*$"
)
_RIDE_GATE = wordset("me us")


def _on_the_way(r: Reading, g: Group) -> bool:
    """Whether the time is when to be there by, or when the user is picked up, in a sentence
    that gives the meeting's own clock time: the meeting is at that one."""
    if g.time is None:
        return False
    before = max(0, g.start - ARRIVE_BY_CHARS)
    if not (
        ("by" in r.words and _ARRIVE_BY_BEFORE.search(r.s, before, g.start))
        or (not r.words.isdisjoint(_RIDE_GATE) and _RIDE_BEFORE.search(r.s, before, g.start))
    ):
        return False
    a, b = sentence_around(r.s, g.start)
    return any(h is not g and h.time is not None and a <= h.start < b for h in r.groups)


# A message telling the user's routine: "my routine since Ramadan started: suhoor at 3:45",
# or a sentence headed by a routine and a colon: "Winter routine is brutal: up at 5:30, ...".
_ROUTINE_TOLD = re.compile(
    r"\b(?:my|our)\s+(?:\w+\s+)?(?:routine|rutina|rotina)\b|\b(?:a|my)\s+typical\s+day\b"
    # a sentence headed by a routine: "new routine from this week: ...", "winter routine is
    # brutal: ..."
    r"|(?:^|[.!?\n]\s*)(?:\w+\s+){0,2}(?:routine|rutina|rotina)\b[^.!?\n:]{0,24}:"
    r"|\b(?:a|an|on a|on an) (?:normal|usual|average|ordinary) (?:day|weekday)\b"  # any day
)
_ROUTINE_GATE = wordset("routine rutina rotina typical normal usual average ordinary")
# "so here's my day: up at 5, ...": a day told, a routine only beside a habit's word.
_DAY_TOLD = re.compile(r"\bhere'?s (?:how )?my days?\s*(?:(?:goes|go|looks?)\s+)?(?:like\s*)?:")
_HABIT_MARKS = frozenset(HABIT_WEEKDAYS) | wordset(
    "every usually always weekdays daily most mondays tuesdays wednesdays thursdays fridays "
    "saturdays sundays weekends"
)


def _in_told_routine(r: Reading, g: Group) -> bool:
    """Whether a time with no day of its own comes after the message says it tells the
    user's routine: the routine's hours, no plan."""
    if not _undated(g):
        return False
    if not r.words.isdisjoint(_ROUTINE_GATE) and _ROUTINE_TOLD.search(r.s, 0, g.start):
        return True
    return (
        "here" in r.words
        and not r.words.isdisjoint(_HABIT_MARKS)
        and _DAY_TOLD.search(r.s, 0, g.start) is not None
    )  # "here's my day: ... archery on saturdays at 3"


# As many clock times as make a timetable, parted only by commas or "and": "6, 9, 12 and 3".
_CLOCK = r"\d{1,2}(?:[:.]\d\d)?(?:\s*[ap]\.?m\b\.?)?(?![\w:.,]\d)"
_SERIES = re.compile(
    rf"(?<![\d:.,])\b{_CLOCK}(?:\s*(?:,|,?\s*and|&)\s*{_CLOCK}){{{TIMETABLE_TIMES - 1},}}"
)


def _timetable(r: Reading, g: Group) -> bool:
    """Whether the time is one of a timetable's series, in a message that names no day
    ("feeds at 6, 9, 12 and 3", "meds at 8am, 2pm and 8pm"): a routine's hours, no plan
    (also when only the first is a time; ``twins`` drops such series once paired)."""
    return (
        "," in r.s
        and all(x.date is None for x in r.groups)
        and any(m.start() <= g.start < m.end() for m in _SERIES.finditer(r.s))
    )


def _offered(r: Reading, g: Group) -> bool:
    """Whether the time is one of several offered ("3pm or 4pm", "tue 10am, wed 2pm or ...",
    a poll's options)."""
    if (
        len(r.groups) > 1
        and not r.words.isdisjoint(_POLL_WORDS)
        and not _VOTE_ON_A_MATTER.search(r.s)
    ) or (
        not r.s.isascii() and "?" in r.s and _BALLOT_BOX.search(r.s)
    ):  # "POLL: team lunch? ☐ Tue 12:30 ☐ Wed 13:00": nothing chosen yet (not a checklist)
        return not _picked(r, g)  # but "ok thursday 7pm wins"
    if "/" in r.s and _slashed(r, g):
        return True  # "when works? Fri 7pm / Sat 6pm / Sun 5pm"
    if r.words.isdisjoint(_OR_GATE):
        return False
    groups, s = r.groups, r.s
    i = groups.index(g)
    lo = hi = i
    while lo > 0 and _LIST_GAP.match(s, groups[lo - 1].end, groups[lo].start):
        lo -= 1
    while hi + 1 < len(groups) and _LIST_GAP.match(s, groups[hi].end, groups[hi + 1].start):
        hi += 1
    return any(
        ALTERNATIVE.match(s, groups[k].end, groups[k + 1].start) is not None for k in range(lo, hi)
    )


def _picked(r: Reading, g: Group) -> bool:
    """Whether a poll's time is the one picked ("ok thursday 7pm wins"), or the time of a
    day picked before it on its line ("friday wins, 8pm at the fox")."""
    if CHOSEN_AFTER_TIME.match(r.s, g.end) is not None:
        return True
    line_start = r.s.rfind("\n", 0, g.start) + 1
    return any(
        line_start <= x.start
        and x.end <= g.start
        and x.time is None
        and CHOSEN_AFTER_TIME.match(r.s, x.end) is not None
        for x in r.groups
    )


def _slashed(r: Reading, g: Group) -> bool:
    """Whether the time stands beside another one, parted from it only by a spaced slash
    (not the same time in another zone: "13:00 ET / 10:00 PT")."""
    i = r.groups.index(g)
    pairs = [(r.groups[j], r.groups[j + 1]) for j in (i - 1, i) if 0 <= j < len(r.groups) - 1]
    return any(
        a.value != b.value and _SLASH_GAP.fullmatch(r.s, a.end, b.start) is not None
        for a, b in pairs
    )


_SLASH_GAP = re.compile(r"\s+/\s+")  # "fri 7pm / sat 6pm"; not a date's "3/4"


def _is_joke(s: str, event: Event, words: frozenset[str]) -> bool:
    """ "my meeting with my bed", "a prior engagement with netflix at 8": not a meeting."""
    _, joined, companion = event.name.partition(" with ")
    if joined and companion.split()[-1] in JOKE_COMPANIONS:
        return True
    if "with" not in words and "w" not in words:
        return False  # no company named after the event
    after = _COMPANY_AFTER.match(s, event.end)
    return after is not None and after.group(1) in JOKE_COMPANIONS


def _cased(text: str, folded: str, m: ExtractedMeeting) -> ExtractedMeeting:
    """The name as the user wrote it: their casing ("lunch with Maria", "call with the NYC
    office") and accents ("reunión"); a capital that only opens a sentence ("Team meeting at
    3") is not kept. ``folded`` is ``normalize(text)``, offset for offset."""
    lo, hi = max(0, m.span[0] - NAME_CONTEXT_CHARS), m.span[1] + NAME_CONTEXT_CHARS
    if text[lo:hi] == folded[lo:hi]:
        return m  # written as read: nothing to restore
    name_words = m.event_name.split(" ")
    keys = {*name_words, *(w.removesuffix("'s") for w in name_words)}  # "papa's" for "Papa"
    if not any(_written_otherwise(text, folded, w, lo, hi) for w in keys):
        return m  # no word of the name is written otherwise nearby
    written: dict[str, str] = {}
    for w in _NAME_WORD.finditer(text, lo, hi):
        word = w.group(0)
        key = folded[w.start() : w.end()]
        if word == key or key not in keys:
            continue  # written as read, or no word of the name
        opens = (
            _SENTENCE_OPEN.search(text, max(0, w.start() - 4), w.start()) is not None
            and _TITLE_DOT.search(text, max(0, w.start() - 6), w.start()) is None
        )
        written[key] = word.lower() if opens else word
        if not key.endswith("'s"):
            written[f"{key}'s"] = f"{written[key]}'s"
    if not written:
        return m
    name = " ".join(written.get(word, word) for word in name_words)
    return m if name == m.event_name else replace(m, event_name=name)


def _written_otherwise(text: str, folded: str, word: str, lo: int, hi: int) -> bool:
    """Whether ``word`` occurs in folded[lo:hi] where the user wrote it otherwise ("Maria")."""
    n = len(word)
    i = folded.find(word, lo, hi)
    while i >= 0:
        if text[i : i + n] != word:
            return True
        i = folded.find(word, i + 1, hi)
    return False


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
        event_name=booked_meal(event.name, g).rstrip(" -\u2013\u2014:;,"),  # "1:1 with priya -"
        start=start,
        end=end,
        grain=grain,
        confidence=confidence,
        span=(min(event.start, g.start), max(event.end, g.end, event.tail)),
        action=action,
        previous_start=previous,
        time_is_approximate=g.approximate or g.grain != "minute",
        date_stated=g.date is not None or g.rel is not None,
        time_stated=g.time is not None or bool(g.part) or g.rel is not None,
        meridiem_guessed=meridiem_guessed(g),
    )


def _confidence(e: Event, g: Group, borrowed: bool, weak: bool, clause: str) -> float:
    score = BASE_CONFIDENCE + STRENGTH_WEIGHT * e.strength
    if g.grain == "minute":
        score += MINUTE_BONUS
    elif g.grain == "hour":
        score += HOUR_BONUS
    if g.time is not None and g.date is not None:
        score += DAY_AND_TIME_BONUS
    if borrowed:
        score -= BORROWED_PENALTY
    if weak:
        score -= WEAK_RANGE_PENALTY
    if "?" in clause:
        score -= QUESTION_PENALTY
    if e.respelled:
        score -= RESPELLED_PENALTY
    clamped = _CLAMPED.get(score)
    if clamped is None:
        clamped = max(0.0, min(1.0, round(score, 2)))
        if len(_CLAMPED) < _MAX_CLAMPED:
            _CLAMPED[score] = clamped
    return clamped


# score -> its confidence, rounded and clamped (scores are sums of the few weights above).
_CLAMPED: dict[float, float] = {}
_MAX_CLAMPED = 256
