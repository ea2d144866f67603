"""Relayed bookings: a confirmation the user pastes or forwards that is someone else's.

Two tellings make a pasted booking another person's (unless the user says they go along):

- the confirmation greets or names a person whom the user then speaks of ("Kayla sent me
  this by accident: 'Hi Kayla! Your lash fill ...'", "Booking confirmed for Thabo M. ...
  it's for Thabo's birthday");
- the user says they forward it and, anywhere after, that they are not going or that the
  other goes alone ("mom sent me this, it's their anniversary dinner. I'm not going",
  "Inoltro il messaggio di mia sorella ... io non c'entro");
- the user says whose it is ("fwd from mum's phone, she asked me to keep a copy", "this is
  Tom's dog", "my sister's restaurant confirmation got sent to me by mistake", "Fwd: for
  Mam — ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from companion_bot.extraction.lexicon import (
    DETERMINERS,
    FUNCTION_WORDS,
    PROVIDERS,
    RELATIVES,
    TITLE_ABBREVIATIONS,
    alternation,
    wordset,
)
from companion_bot.extraction.refusals import refused_anywhere
from companion_bot.extraction.tokens import (
    TextIndex,
    finditer_at,
    index_of,
    owner_starts,
    scan,
    scanned_whole,
)

_TITLES = alternation(TITLE_ABBREVIATIONS | wordset("miss mme mlle herr frau"))
# How a confirmation names whom it is for: "Hi Kayla!", "Dear Ms. Priya Nair", "Gentile
# Giulia Conti", "Booking confirmed for Thabo M.", "Name on reservation: Patricia Wells".
_ADDRESSED = re.compile(
    r"\b(?:hi|hello|hey|dear|hola|ciao|bonjour|hallo|gentile|gentilissim[ao]|estimad[ao]|"
    r"querid[ao]|car[ao]|liebe[r]?|sehr geehrter?|beste|ola|prezad[ao])\s+"
    rf"(?:(?:{_TITLES})\.?\s+)?([a-z][a-z'-]+)"
    r"|\b(?:confirmed|tracking|itinerary)\s+for:?\s+([a-z][a-z'-]+)"
    r"|\bname on (?:the )?(?:reservation|booking|ticket):?\s+([a-z][a-z'-]+)"
)
# Words a greeting names that are no one in particular: "Dear Customer", "Hi there".
_NOBODY = wordset(
    "customer customers patient patients parent parents guardian guardians client clients "
    "guest guests member members passenger passengers team all everyone there friend friends "
    "sir madam colleagues user valued cliente clientes paciente pacientes kunde kundin "
    "patientin cher chere you me us"
)
# The user says they pass it on (as folded): "fwd:", "forwarding this from priya", "mom sent
# me this", "te reenvío", "je te transfère".
_FORWARDS = re.compile(
    r"\bfwd\b|\bfw:|\bforward(?:ing|ed)\b|\bsent me this\b|\bsent this to me\b|"
    r"\bsent me (?:her|his|their)\b|\binoltr[oa]\b|\binoltrato\b|\breenvio\b|"
    r"\bweitergeleitet\b|\bleite (?:das|dir)\b|\btransfere\b|\bencaminh"
)
# Words each pattern cannot match without (cheap gates).
_ADDRESS_GATE = wordset(
    "hi hello hey dear hola ciao bonjour hallo gentile gentilissima gentilissimo estimado "
    "estimada querido querida caro cara liebe lieber geehrter geehrte beste ola prezado prezada "
    "confirmed tracking itinerary name"
)
# Whose the booking is, told by the user: a relative's or a named person's phone, pet or
# booking ("mum's phone", "Tom's dog", "my sister's restaurant confirmation"), a copy kept
# for someone, or a confirmation that reached the user by mistake.
_OWNER_TOLD = re.compile(
    r"\b([a-z]+)'s\s+(?:[a-z]+\s+)?(?:phone|number|email|dog|cat|pet|booking|appointment|"
    r"confirmation|reservation)\b"
    r"|\b(?:asked|told|wants) me to (?:keep|save|hold on to)\b|\bkeep a copy\b|\bby mistake\b"
    # "that's for my sister", "it's for my mum" (not "for my sister's wedding")
    rf"|\b(?:that's|thats|that is|it's|its|this is|these are|those are)\s+for\s+(?:my|our)\s+"
    rf"({alternation(sorted(RELATIVES))})\b(?!'s)"
    # a forward headed with whom it is for: "Fwd: for Mam — 'Appointment confirmed: ...'"
    rf"|\b(?:fwd|fw|forwarding|forwarded)\b[:\s]*for\s+(?:my\s+|our\s+)?"
    rf"({alternation(sorted(RELATIVES))})\b(?!'s)"
    # a forward headed with a relative's thing: "fwd: mum's flight details fyi"
    rf"|\b(?:fwd|fw|forwarding|forwarded)\b[:\s]*(?:my\s+|our\s+)?"
    rf"({alternation(sorted(RELATIVES))})'s\s"
)
# Kin words a lead-in names whose the paste is by, as folded ("mamá" -> "mama", "mãe" ->
# "mae"), in the languages read here.
_KIN = alternation(
    sorted(
        RELATIVES
        | wordset(
            "mama papa mummy mumma mommy daddy mamae mae pai madre padre abuela abuelo avo "
            "nonna nonno mere pere mutter vater oma opa moeder vader tante tia tio zia zio "
            "oncle aunt auntie uncle gran granny grandmother grandfather didi bhai bhaiya dadi "
            "nani dada nana bhabhi chacha ibu ayah adik kakak lola lolo ate kuya nanay tatay "
            "suegra suegro sogra sogro schwiegermutter"
        )
    )
)
# The user's lead-in line before a pasted booking (up to its first colon or line break)
# saying it is someone else's: "fyi, hers:", "mum's 👇", "da minha mãe, só pra você saber:",
# "fyi, papa ka hai:", "es de mi abuela", "not mine, my sister's".
_LEAD_OWNER = re.compile(
    r"\b(?:hers|his|theirs)\b(?=[^\w]*$)"  # "fyi, hers", not "for his birthday"
    r"|\b(?:not mine|not for me|no es mio|no es mia|nao e meu|nao e minha|"
    r"non e mio|non e mia|pas le mien|pas a moi|nicht meiner|nicht meins|niet van mij)\b"
    # the kin word ends the lead-in: "mum's 👇", "booked for my mum:" (not "mum's birthday
    # lunch: sunday 1pm", a plan of the user's named after her)
    rf"|\b(?:my\s+|our\s+)?(?:{_KIN})'s\b(?=[^\w]*$)"
    rf"|\b(?:for|para|pour|fur|per|voor|von|van|de|di|da|do|du|buat|punya|kay)\s+"
    rf"(?:(?:my|our|mi|mis|minha|meu|ma|mon|mes|meiner|meinem|meine|meinen|mia|mio|mijn|la|el)\s+)?"
    rf"(?:{_KIN})\b(?=[^\w]*$)"
    rf"|\b(?:{_KIN})\s+(?:ka|ki|ke)\b"  # Hinglish "papa ka hai"
)
LEAD_CHARS = 60  # a lead-in longer than this is a message of its own
_LEAD_END = re.compile(r":(?!\d)|\n|\d")  # a digit first: no lead-in, a plan of its own


def _lead_in(s: str) -> str:
    """The user's words before a paste: up to the first colon or line break, if short."""
    if ":" not in s and "\n" not in s:
        return ""  # cheap test first: most messages are no paste
    cut = _LEAD_END.search(s, 0, LEAD_CHARS + 1)
    if cut is None or cut.group().isdigit():
        return ""
    return s[: cut.start()]


_OWNER_GATE = wordset(
    "phone number email dog cat pet booking appointment confirmation reservation keep mistake for "
    "fwd fw forwarding forwarded"
)
# Where a match of ``_ADDRESSED`` can begin: a greeting's or a label's first word.
_ADDRESS_FIRST = (_ADDRESS_GATE - wordset("geehrter geehrte")) | {"sehr"}
# Where a match of ``_OWNER_TOLD`` can begin, besides a word before "'s" ("mum's phone").
_OWNER_FIRST = wordset(
    "asked told wants keep by that's thats that it's its this these those fwd fw forwarding "
    "forwarded"
)
_FORWARD_GATE = wordset(
    "fwd fw forwarding forwarded sent inoltro inoltra inoltrato reenvio weitergeleitet leite "
    "transfere encaminho encaminhando"
)


def _spoken_of(s: str, name: str, start: int, end: int) -> bool:
    """Whether the user speaks of ``name`` outside its greeting: before it ("Kayla sent me
    this: 'Hi Kayla! ...'"), or after it as a third person ("for Thabo's birthday")."""
    said = re.compile(rf"\b{re.escape(name)}\b")
    return said.search(s, 0, start) is not None or (
        re.compile(rf"\b{re.escape(name)}(?:'s| is| has| was| will)\b").search(s, end) is not None
    )


def relayed_for_someone_else(text: str, s: str, words: frozenset[str]) -> bool:
    """Whether the message ``text`` (``s`` normalised) passes on a booking that is another
    person's (module doc)."""
    index = index_of(s, words)
    for m in scan(_ADDRESSED, index, _ADDRESS_FIRST) if not words.isdisjoint(_ADDRESS_GATE) else ():
        at = m.lastindex or 1
        name = m.group(at).removesuffix("'s")
        if (
            len(name) > 2
            and text[m.start(at)].isupper()  # a name as written: "for Thabo", not "for the NIE"
            and name not in _NOBODY
            and name not in FUNCTION_WORDS
            and name not in DETERMINERS
            and _spoken_of(s, name, m.start(), m.end())
        ):
            return True
    forwarded = None if words.isdisjoint(_FORWARD_GATE) else _FORWARDS.search(s)
    if forwarded is not None and refused_anywhere(text, s, forwarded.end(), words):
        return True
    if not words.isdisjoint(_OWNER_GATE) and any(
        _someone_named(text, m) for m in _owners_told(s, index)
    ):
        return True
    lead = _lead_in(s)
    return bool(lead) and _LEAD_OWNER.search(lead) is not None


def _owners_told(s: str, index: TextIndex) -> Iterable[re.Match[str]]:
    """``_OWNER_TOLD.finditer(s)``, tried only where one of its matches can begin."""
    if scanned_whole(s):
        return _OWNER_TOLD.finditer(s)
    starts = index.starts(_OWNER_FIRST) + owner_starts(s)
    return finditer_at(_OWNER_TOLD, s, sorted(starts))


def _someone_named(text: str, m: re.Match[str]) -> bool:
    """Whether an owner match names a person: a relative, or a name as written ("Tom's", not
    a visit to a provider: "Doctor's appointment"); the other tellings (a copy kept,
    a mistake) need no name."""
    if m.group(2) is not None or m.group(3) is not None or m.group(4) is not None:
        return True  # "that's for my sister", "fwd: for mam", "fwd: mum's flight": a relative
    owner = m.group(1)
    return (
        owner is None
        or owner in RELATIVES
        or (text[m.start(1)].isupper() and not _provider_visit(owner, m.group()))
    )


_VISIT_WORDS = ("appointment", "booking", "reservation", "confirmation")


def _provider_visit(owner: str, told: str) -> bool:
    """Whether "<Owner>'s ..." is a visit to a provider ("Doctor's appointment"), not a
    provider's contact passed on ("Pediatrician's number")."""
    return owner in PROVIDERS and told.endswith(_VISIT_WORDS)
