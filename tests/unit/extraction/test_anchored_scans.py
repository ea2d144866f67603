"""Patterns tried only where a match can begin find what scanning every position finds.

A new branch of such a pattern that begins with a word its list of first words lacks would
be missed silently; these word mixes fail instead.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from companion_bot.extraction import clauses, corrections, meetings, open_events, refusals, relays
from companion_bot.extraction.tokens import WORD, TextIndex, scan, search_at

VOCABULARY = (
    "i've told texted yes count sign me rsvp'd still solo there bring some snacks llevo voy con "
    "i i'm im i'll ill we we're so is she he he's she's they does doing you you're youre on "
    "by ci la lo le los las accompagna lleva ja rahe mark mark's marco's it's everyone's "
    "going not can't make it out own her his their herself taking picking up mum dad driving "
    "him cab the pickup drop-off school run those runs both with instead send sending rob "
    "skip sports day pass rain check no voy kann nicht 3pm friday , . ! ; ? \n 12"
)
MIX = st.lists(st.sampled_from(VOCABULARY.split(" ")), max_size=30).map(" ".join)
SENTENCES = [
    "mark's doing both drop-off and pickup",
    "parents' night is at 6, marco's going, i've got the little one",
    "sarah is going. i'm not going though",
    "i'm sending rob instead, so i'm out",
    "she's getting the bus on her own",
    "my brother's taking mum to the cardiologist at 3",
    "it's going ahead, everyone's going",
    "dad is doing the pickup, he is taking her",
    "she does pickup and his dad does those runs",
    "tom is driving them; you're the one taking him",
    "he does the school run by himself",
    "she is taking a cab, they'll taking gran",
    "they're going with their cousins. ci va con lei",
    "la accompagna mio fratello, papa le ja rahe hain, la lleva mi hermana",
    "we'll send someone instead, so im out.",
    # one branch of someone else doing it each, alone
    "la lleva mi hermana",
    "papa le ja rahe hain",
    "ci va con lei",
    "she's getting a cab",
    "tom is picking him up",
    "he is driving her",
    "she goes on her own",
    "he goes by himself",
    "she does pickup",
    "dad is doing the pickup",
    "zio paolo is taking her",
    "la accompagna mio fratello",
]


def _spans(s: str, pos: int, end: int | None) -> tuple[list[object], list[object]]:
    scanned = (
        refusals._REFUSAL.finditer(s, pos)
        if end is None
        else refusals._REFUSAL.finditer(s, pos, end)
    )
    anchored = refusals._refusals(s, frozenset(WORD.findall(s)), pos, end)
    return [(m.span(), m.group("other")) for m in scanned], [
        (m.span(), m.group("other")) for m in anchored
    ]


def _check(s: str) -> None:
    for pos in range(len(s) + 1):
        for end in (None, len(s) - 1, (pos + len(s)) // 2):
            if end is None or end >= pos:
                scanned, anchored = _spans(s, pos, end)
                assert anchored == scanned, (s, pos, end)


def test_refusals_are_found_where_a_scan_finds_them() -> None:
    for s in SENTENCES:
        _check(s)


@settings(max_examples=300, deadline=None)
@given(text=MIX)
def test_refusals_in_word_mixes_are_found_where_a_scan_finds_them(text: str) -> None:
    _check(text)


# Long enough that the anchored search runs, not the whole-text scan of a short message.
FILLER = "the weather was lovely and we walked along the river for a while before tea. " * 2
GOING_ALONG_SENTENCES = [
    "i'm driving him there, i'll be there",
    "we'll bring some snacks and i'm def going to that",
    "we'll go straight there; i've already said yes, ive said yes",
    "rsvp'd yes, count me in! sign me up",
    "told her mike and i are coming. texted them yes",
    "i'm going with ammi, i'm going, avi stays home",
    "sarah can't come so i'll go solo. still going though",
    "la llevo yo, voy con ella",
    "going with my daughter, taking dad to his hearing test",
    "\ni'm taking mum for her scan; taking our cat for her jab",
    "i'm taking the day off to go with her",
]


def _check_along(s: str) -> None:
    words = frozenset(WORD.findall(s))
    if words.isdisjoint(clauses._ALONG_GATE) or words.isdisjoint(clauses._ALONG_PERSON):
        return
    scanned = tuple(m.start() for m in clauses.GOING_ALONG.finditer(s))
    assert clauses.goes_along(s, words) == scanned, s


def test_going_along_is_found_where_a_scan_finds_it() -> None:
    for sentence in GOING_ALONG_SENTENCES:
        _check_along(FILLER + sentence)
        _check_along(sentence + " " + FILLER)


@settings(max_examples=300, deadline=None)
@given(text=MIX)
def test_going_along_in_word_mixes_is_found_where_a_scan_finds_it(text: str) -> None:
    _check_along(FILLER + text)


ADDRESSED_AND_OWNERS = [
    "hi kayla! your lash fill is booked. dear ms. priya nair, gentilissima giulia conti",
    "sehr geehrte frau mueller, liebe anna, querida ana, estimado juan, prezada maria",
    "booking confirmed for thabo m. name on reservation: patricia wells. itinerary for: jo",
    "fwd from mum's phone, she asked me to keep a copy. this is tom's dog",
    "my sister's restaurant confirmation got sent to me by mistake; he wants me to save it",
]


def _check_relays(s: str) -> None:
    index = TextIndex(s)
    scanned = [m.span() for m in relays._ADDRESSED.finditer(s)]
    assert [m.span() for m in scan(relays._ADDRESSED, index, relays._ADDRESS_FIRST)] == scanned
    owners = [m.span() for m in relays._OWNER_TOLD.finditer(s)]
    assert [m.span() for m in relays._owners_told(s, index)] == owners


def test_addressees_and_owners_are_found_where_a_scan_finds_them() -> None:
    for sentence in ADDRESSED_AND_OWNERS:
        _check_relays(sentence)
        _check_relays(FILLER + sentence)


def test_a_day_pair_is_found_where_a_scan_finds_it() -> None:
    for sentence in ("swim practice tues and thurs 4-6", "shift sat/sun", "mon & wed", "monday"):
        for s in (sentence, FILLER + sentence):
            found = clauses._names_a_day_pair(s, TextIndex(s))
            assert found == (clauses._DAY_PAIR.search(s) is not None), s


SHIFT_VOCABULARY = (
    "by a an one two three half hour hours hr h 2h 30 1.5 anhour ahr am ah m min mins day "
    "days week wks earlier sooner later early late back forward up pushed delayed postponed "
    "moved x , ."
)
SHIFT_MIX = st.lists(st.sampled_from(SHIFT_VOCABULARY.split()), max_size=14).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=SHIFT_MIX)
def test_shift_amounts_are_found_where_a_scan_finds_them(text: str) -> None:
    for s in (text, text + " " + FILLER):
        scanned = [m.span() for m in corrections._SHIFT.finditer(s)]
        index = TextIndex(s)
        anchored = scan(corrections._SHIFT, index, corrections._SHIFT_FIRST, digits=True)
        assert [m.span() for m in anchored] == scanned, s


CORRECTION_SENTENCES = [
    "dinner at 7 no wait 8. sorry, i mean 8:30, my bad, make that nine",
    "call at 3 actually oops typo edit hang on, hold on, never mind, nvm",
    "je veux dire 15h, ich meine 16 uhr, nein warte, non attends, no espera, nee wacht",
    "i think no, or no... scratch that, digo las 5, quise decir 6, perdon me equivoque",
]


def test_correction_markers_are_found_where_a_scan_finds_them() -> None:
    for sentence in CORRECTION_SENTENCES:
        for s in (sentence, FILLER + sentence):
            words = frozenset(WORD.findall(s))
            scanned = [m.span() for m in corrections._corrections(s, words).finditer(s)]
            assert [m.span() for m in corrections._markers(s, words)] == scanned, s


ANAPHOR_VOCABULARY = (
    "it it's its item items mine mine's minerva that that's tomorrow's today's at for with "
    "make made to rains is then 8:15 , . the dinner"
)
ANAPHOR_MIX = st.lists(st.sampled_from(ANAPHOR_VOCABULARY.split()), max_size=20).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=ANAPHOR_MIX, cut=st.tuples(st.integers(0, 200), st.integers(0, 200)))
def test_a_pointer_back_is_found_where_a_scan_finds_it(text: str, cut: tuple[int, int]) -> None:
    s = FILLER + text
    pos, end = sorted(min(c, len(s)) for c in cut)
    pos += len(FILLER) // 2
    end = max(pos, min(len(s), end + len(FILLER)))
    starts = TextIndex(s).starts(open_events._ANAPHOR_FIRST)
    scanned = open_events._ANAPHOR.search(s, pos, end)
    anchored = search_at(open_events._ANAPHOR, s, starts, pos, end)
    assert (anchored and anchored.span()) == (scanned and scanned.span()), (s, pos, end)
    refusals_scanned = [m.span() for m in refusals._REFUSAL.finditer(s, pos, end)]
    words = frozenset(WORD.findall(s))
    for said in (words, words | {"going"}):  # the speaker's refusals only, or all
        assert [m.span() for m in refusals._refusals(s, said, pos, end)] == refusals_scanned


def test_a_search_that_cuts_a_word_finds_its_first_letters() -> None:
    s = FILLER + "action items and skippingly"
    end = s.index("items") + len("it")
    starts = TextIndex(s).starts(open_events._ANAPHOR_FIRST)
    assert search_at(open_events._ANAPHOR, s, starts, 0, end) is not None  # "it" of "items"
    end = s.index("skippingly") + len("skipping")
    words = frozenset(WORD.findall(s))
    assert [m.group() for m in refusals._refusals(s, words, 0, end)] == ["skipping"]


WELCOME_SENTENCES = [
    "prayer meeting at my place friday 7pm, all are welcome",
    "open to the public; register online or book your seat, tickets on sale now",
    "limited spaces! join us for the free taster, link below",
    "we have an opening thursday at 10:15, reply yes to book",
    "a slot has come up at 3; there's a cancellation slot friday",
]


def test_an_open_invitation_is_found_where_a_scan_finds_it() -> None:
    for sentence in WELCOME_SENTENCES:
        for s in (sentence, FILLER + sentence, sentence + " " + FILLER):
            words = frozenset(WORD.findall(s))
            assert clauses._welcomes(s, words) == (clauses._WELCOME.search(s) is not None), s


def test_a_relatives_plan_and_the_user_going_are_found_where_a_scan_finds_them() -> None:
    s = FILLER + "my sister's wedding is planned, our mum's party too. i'm going, we are in"
    for pattern, first in (
        (meetings._THEIRS_TOLD, meetings._THEIRS_TOLD_FIRST),
        (meetings._USER_GOES, meetings._USER_GOES_FIRST),
    ):
        starts = TextIndex(s).starts(first)
        for pos in range(0, len(s), 7):
            scanned = pattern.search(s, pos)
            anchored = search_at(pattern, s, starts, pos)
            assert (anchored and anchored.span()) == (scanned and scanned.span()), (pos, s)
