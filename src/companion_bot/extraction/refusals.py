"""Refusals: the speaker says they will not attend ("..., but i'm not going", "sorry i
cannot come to the meeting on friday", "rain check"), in the sentence of a time or later,
naming the event, a word of its clause, or nothing when said right after it."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from companion_bot.extraction.clauses import sentence_around
from companion_bot.extraction.events import HEADS
from companion_bot.extraction.lexicon import (
    DETERMINERS,
    FOREIGN_CONSEQUENCE_WORDS,
    FOREIGN_FUNCTION_WORDS,
    FUNCTION_WORDS,
    MONTHS,
    RELATIVES,
    WEEKDAYS,
    gate_words,
    phrases,
    rare_words,
    wordset,
)
from companion_bot.extraction.tokens import cuts_a_word, index_of

# "..., but i'm not going", "not me", "i already did it": the speaker will not attend.
_REFUSAL_PHRASES = (
    "not going|i'm not going|im not going|not even going|not me|already did it|i already did|"
    "i'll pass|ill pass|have to pass|gonna pass|pass this time|give it a miss|sit this one out|"
    "not attending|can't go|cant go|cannot go|count me out|skipping it|"
    "won't be going|wont be going|not joining|can't make it|cant make it|skip it|"
    "will skip|i'll skip|probably skip|sent my apologies|send my apologies|"
    "sending my apologies|sent apologies|sent my regrets|won't attend|wont attend|"
    "will not attend|not attend|no interest|not interested|not bothering|i'll skip|"
    "not invited|wasn't invited|weren't invited|werent invited|wasnt invited|"
    "not for me|e no concern me|doesn't concern me|"
    "ill skip|skipping|rain check|raincheck|not ours|not mine|not our meeting|yo no voy|"
    "not us, just fyi|not us just fyi|not me, just fyi|"
    "not staying|won't be staying|wont be staying|so forget it|forget about it|"
    "no voy|cannot come|can't come|cant come|not booking it|won't book it|not buying it|"
    "but i'm working|but im working|but i'm at work|but i'll be at work|but ill be at work|"
    "can't do|cant do|cannot do|won't be there|wont be there|will not be there|"
    "can't be there|cant be there|cannot be there|off the hook|not my problem|"
    "absolutely not|i said no|tell them no|hard pass|"  # "a meeting at 7am on a saturday? ..."
    "but we're away|but were away|but i'm away|but im away|but we'll be away|but i'll be away|"
    # not needed there: "the assembly is at 9 but parents not required"
    "parents not required|parents aren't required|parents are not required|parents not needed|"
    "i'm not needed|im not needed|i am not needed|we're not needed|i'm not required|"
    "not required to attend|not required to go|don't need to go|dont need to go|"
    "don't have to go|dont have to go|don't need to be there|dont need to be there|"
    "not staying in|"
    "no need to attend|no need for me to go|no need for parents|"
    "don't need to attend|dont need to attend|do not need to attend|don't have to attend|"
    "dont have to attend|"
    "shan't be going|shant be going|shall not be going|won't be on|wont be on|"
    "can't join|cant join|cannot join|no need for me|bail on|bailing on|have to bail|"
    "gotta bail|rather them than me|rather you than me|better them than me|"
    "attending for us|attending for me|going for us|going in my place|covering for me|"
    "covering for us|"
    # away from work that day: "handover is at 6:45 tomorrow but i'm on leave"
    "i'm on leave|im on leave|i am on leave|i'll be on leave|ill be on leave|on annual leave|"
    "no need for us to join|no need for me to join|no need to join|"
    "i'll miss|ill miss|i will miss|i'll have to miss|ill have to miss|i have to miss|"
    "would love to but|would've loved to but|i'd love to but|id love to but|wish i could but|"
    "gonna miss|going to miss|gotta miss|i'll be missing|ill be missing|"
    "i'm missing it|im missing it|i am missing it|we're missing it|we are missing it|"
    "won't be in it|wont be in it|i'm not in it|im not in it|i'm off sick|im off sick|"
    "will cover my|is covering my|are covering my|"  # "lisa will cover my 3pm, i'm off sick"
    "pupils only|kids only|children only|students only|no parents|"  # a school's own outing
    # a club's or a year's own: "the sat 10am workshop is for first-years only"
    "juniors only|first-years only|first years only|second-years only|second years only|"
    "third-years only|third years only|freshers only|youth only|"
    "her class only|his class only|just for her class|just for his class|only for her class|"
    "only for his class|"
    # other languages (as folded): French, Portuguese, Spanish, Italian, German, Dutch,
    # Tagalog, Hindi, Bengali, Swahili, Turkish, Indonesian
    "je peux pas|je ne peux pas|je viens pas|je ne viens pas|on peut pas|nao vou|"
    "nao posso ir|nao consigo ir|nao vou conseguir|nao vamos|no puedo ir|no podemos ir|"
    "no vamos a ir|no voy a poder|non vengo|non posso venire|non veniamo|"
    "non possiamo venire|schaffe ich nicht|schaffen wir nicht|schaffen wir leider nicht|"
    "schaffe ich leider nicht|kann nicht|komme nicht|nao vou conseguir ir|"
    "kommen nicht|ik kan niet|kom niet|hindi ako sasama|di ako sasama|hindi makakapunta|"
    "di makakapunta|hindi ako pupunta|nahi aa paunga|nahi aaunga|nahi ja paunga|"
    "nahi jaunga|jete parbo na|jabo na|hatutaenda|sitaenda|siwezi kuja|gitmiyoruz|"
    "gitmiyorum|gelemem|gak bisa datang|nggak bisa ikut|tidak bisa datang|"
    "non c'entro|non c'entriamo|non ce la faccio a venire|non riesco a venire|non riesco ad andare|"
    "salto la|salto il|"
    # West African Pidgin: "i no dey go", "i no go fit come"
    "i no dey go|no dey go|i no go fit|i no fit come|i no fit go|i no go come|we no dey go|"
    # I can't (come): Tok Pisin, Haitian Creole, Zulu, Korean, Vietnamese, Nepali,
    # Ukrainian, Russian (romanised, as folded)
    "mi no inap|m pa ka vini|mwen pa ka vini|m pa ka ale|ngeke ngikwazi|angeke ngikwazi|"
    "mot ga|mot gayo|khong di duoc|jaana sakdina|aauna sakdina|ne zmozhu|ne pidu|ne smogu|"
    "ne pridu|"
    # I won't go / come (as folded): Tamil "naan poga maaten", Sinhala "mama yanne na",
    # Hungarian, Serbo-Croatian and Slovene, Romanian, Finnish, Estonian, Latvian,
    # Lithuanian, Albanian
    "poga maaten|poga matten|vara maaten|naan vara maaten|yanne na|yanne naha|enne na|"
    "enne naha|nem megyek|nem tudok menni|ne idem|necu ici|ne morem|ne grem|nu merg|"
    "nu pot sa vin|en tule|en paase|ma ei tule|ma ei saa tulla|nenaksu|neeisiu|"
    "negaliu ateiti|nuk vij|nuk mund te vij|"
    # not settled later in the sentence: the plan is not on yet ("... but e never confirm")
    "e never confirm|never confirm am|hasn't confirmed|hasnt confirmed|has not confirmed|"
    "not confirmed yet|not yet confirmed|yet to confirm|pending confirmation|"
    "awaiting confirmation|pending approval|awaiting approval|"
    # not one of those it is for: "..., i'm not eligible", "... for the resits — i'm in neither"
    "i'm not eligible|im not eligible|not eligible|i'm in neither|im in neither|in neither|"
    "not us|"
    # not able to: "... but i won't be able to travel because of work", "unable to attend"
    "won't be able to come|wont be able to come|won't be able to go|wont be able to go|"
    "won't be able to make it|wont be able to make it|won't be able to attend|"
    "wont be able to attend|won't be able to travel|wont be able to travel|"
    "won't be able to join|wont be able to join|will not be able to attend|"
    "will not be able to come|will not be able to make it|not able to come|not able to attend|"
    "not able to make it|not able to go|unable to attend|unable to come|unable to make it|"
    # at work instead: "the school play is thursday at 6 but i'm on lates"
    "but i'm on lates|but im on lates|but i'm on nights|but im on nights|but i'm on earlies|"
    "but im on earlies|but i'm on shift|but im on shift|i'm on lates|im on lates|"
    # Jamaican and Caribbean "can't go": "mi sister graduation is saturday but mi cyaan go"
    "cyaan go|cyaan come|cyaan mek it|cyaan make it|caan go|caan come|cah go|cah come"
)
# "não posso faltar", "no puedo perdérmelo": cannot miss it, so the speaker goes.
# "so i really can't skip it": cannot refuse, so the speaker goes.
_CANNOT_BEFORE = r"(?<!can't )(?<!cant )(?<!cannot )(?<!can not )(?<!won't )"
_NOT_MISSING = (
    r"(?!\s+(?:faltar|perder|perderlo|perderla|miss|skip|wait|esperar|attendre|afford to miss|"
    r"(?:it\s+)?(?:till|until|til))\b)"  # "i'll skip it till after": later, not never
    # "i'll pass by the bank", "pass through town": a visit on the way, no refusal
    r"(?!(?<=pass)\s+(?:by|through|thru|round|over|via)\b)"
)
# Someone goes in the speaker's place: "i'm sending rob instead", "i'll send my deputy".
_SENT_INSTEAD = (
    r"\b(?:i'm|im|i am|i'll|ill|i will|we're|we'll)\s+send(?:ing)?\s+(?:\w+\s+){1,2}?"
    r"(?:instead|in my place|in our place)\b"
)
# "..., so i'm out" at a sentence's end, "i've told them i'm out, flu"; not "so i'm out of
# the office by 5".
_OUT = (
    r"(?:\b(?:so|told (?:them|him|her|everyone|the group)(?: that)?) |(?:^|(?<=[:\n]))\s*)"
    r"(?:i'm|im|i am) out(?=\s*(?:[.!,;)]|$))"  # and opening a turn: "me: i'm out, ref duty"
)
# Someone else does the run: "mark's doing both drop-off and pickup", "she does pickup",
# "his dad does those runs", "zio paolo is taking her", "her date's picking her up".
_OTHER_DOES_IT = (
    r"(?:(?<=\w)'s|\bis) (?:doing (?:both|the pickup|pickup|the drop-off|the school run)\b|"
    r"taking (?:him|her)\b|picking (?:him|her|them) up\b"
    # "pickup's at 3:15 but gran's getting them": another grown-up collects the children
    r"|(?:getting|collecting|grabbing|fetching) (?:him|her|them)\b(?! (?:to|a|an|the|some)\b))"
    r"|\b(?:she|he) does (?:drop-off|pickup)\b|\bdo(?:es|ing) those runs\b"
    r"|\bis driving (?:him|her|them)\b|\b(?:you're|youre|you are) (?:the one )?taking (?:him|her)\b"
    r"|\bdoes the (?:school run|pickup|drop-off)\b"
    # someone goes alone: "she's getting the bus on her own", "he's taking a cab there"
    r"|\b(?:on (?:her|his|their) own|by (?:herself|himself|themselves))\b"
    r"|\b(?:she|he)(?:'s| is) (?:taking|getting) (?:a|the) (?:cab|taxi|bus|train|uber)\b"
    # someone else takes the one who goes: "my brother's taking mum to the cardiologist",
    # "la accompagna mio fratello", "papa le ja rahe hain", "la lleva mi hermana"
    r"|(?:(?<=\w)'s|\bis|\b(?:he|she|they)(?:'ll| will)) taking (?:mum|mom|mam|dad|gran|granny|"
    r"grandma|grandpa|nan|nana)\b"
    r"|\b(?:she|he|they)(?:'s| is|'re| are) going with (?:her|his|their)\b|\bci va con\b"
    r"|\b(?:she|he|they) go(?:es)? with (?:her|his|their)\b"  # "(they go with their dad)"
    # "auntie jo is going with him", "i told his dad to go", "asked my sister to take her"
    r"|\b(?!(?:i|we|you)\b)[a-z]+(?:'s| is| are) going with (?:him|her|them)\b"
    r"|\b(?:told|asked) (?:his|her|their|my|our) \w+ to (?:go|take (?:him|her|them))\b"
    r"|(?:(?<=\w)'s|\bis) doing it\b(?! too| as well| with)"  # "... but sam is doing it"
    r"|(?:(?<=\w)'s|\bhas) got (?:it|that|this) covered\b"  # "but danny's got it covered"
    r"|\b(?:la|lo|li|le) accompagna\b|\ble ja (?:rahe|rahi|raha)\b|\b(?:la|lo|los|las) lleva\b"
    # one other person goes, said on its own: "parents' night is at 6, marco's going, i've
    # got the little one" (not "it's going ahead", "everyone's going")
    r"|\b(?!(?:it|that|this|what|who|everyone|everybody|all|he|she|they)\b)[a-z]+(?:'s| is) going"
    r"(?=\s*(?:[,.;!]|$))"
)
# Said after the plan, it is not settled: "1:1 with jo wed 3, tbc", "quiz fri at 7, not sure
# yet"; not a detail left open ("room tbc", "time tbd") nor "not sure yet how long".
_UNSETTLED = (
    r"(?:(?<=[,(])|(?<=[,(-] )|(?<=\d)|(?<=\d )|(?<=[ap]m ))\s*"
    r"(?:tbc|tbd|not sure yet|still not sure|not sure tho|not sure though|not sure)"
    r"(?=\s*(?:[.,!;)]|$))"
)
# The user is there all the same, said after another does it: "..., i'll be there".
_THERE_AFTER = re.compile(
    r"\b(?:i'll|ill|i will|we'll|we will)(?: both| all)? be there\b(?! in spirit)"
    r"|\b(?:i'm|im|i am|we're|we are)(?: both| all)? (?:going|coming)"
    r"(?=\s*(?:[,.!;]|$)|\s+(?:too|as well|along|anyway)\b)"
)


def _there_all_the_same(s: str, m: re.Match[str]) -> bool:
    """Whether the refusal ``m`` says another does it and the user says after it that they
    are there all the same ("zara's class is doing it, i'll be there": theirs to put on, the
    user watches)."""
    return bool(m.group("other")) and _THERE_AFTER.search(s, m.end()) is not None


_OWN_REFUSAL = (
    f"{phrases(_REFUSAL_PHRASES, not_after=_CANNOT_BEFORE)}{_NOT_MISSING}|{_SENT_INSTEAD}|{_OUT}"
    f"|{_UNSETTLED}"
)
_REFUSAL = re.compile(f"{_OWN_REFUSAL}|(?P<other>{_OTHER_DOES_IT})")
# A word each branch of ``_OTHER_DOES_IT`` cannot match without. A text with none is read
# with ``_REFUSAL_BY_SPEAKER``, the same with "other" never matching (that part costs more
# than twice the rest at each place the pattern is tried).
_OTHER_DOES_IT_WORDS = wordset(
    "doing taking picking does driving own herself himself themselves getting going go goes va "
    "covered collecting grabbing fetching "
    "accompagna ja lleva told asked"
)
_REFUSAL_BY_SPEAKER = re.compile(f"{_OWN_REFUSAL}|(?P<other>(?!))")
# Where a match of ``_REFUSAL`` can begin: where the first word of one of its branches
# begins (those of ``_SENT_INSTEAD``, ``_OUT`` and ``_OTHER_DOES_IT`` listed here), at the
# "'s" of "mark's doing both", or where the one "'s going" / "is going" says begins.
_REFUSAL_FIRST = gate_words(_REFUSAL_PHRASES) | wordset(
    "i im ill we so told is she he does doing you youre on by they ci la lo li le los las "
    "tbc tbd not still has"
)
_GOING_SUBJECT_ENDS = ("'s ", " is ")  # between the one who goes and "going"
_REFUSAL_GATE = rare_words(_REFUSAL_PHRASES) | wordset(
    "tbc tbd sure covered "
    "instead place out doing does taking picking driving getting own herself himself themselves "
    "collecting grabbing fetching "
    "accompagna ja lleva going go goes va"
)
# What a refusal skips: "i'll probably skip [the] sports day", "not bothering with the agm".
_SKIPPED = re.compile(
    r"\s+(?:(?:with|on|out on|to|for|au|aux|a|al|ao|alla|zum|zur|naar)\s+)?"
    r"(?:(?:the|this|that|their|her|his|la|le|les|el|los|las|o|il|lo|das|den|die|der|de)\s+)?"
    r"(\w+)"
)  # "skip the sports day", "je ne viens pas au match", "no voy a la boda"
_WORDS = re.compile(r"\w+")
# Words after a refusal that begin where or whence, not what is skipped: "he's getting a taxi
# from the airport" names no "from" of the plan's clause ("moved from wednesday to ...").
_NOT_SKIPPED = wordset("from at in into by near off out")
# After a refusal, when or why rather than what: "can't make it this year", "... kasi ...".
_WHEN = wordset(
    "year week weekend month time today tonight tomorrow morning afternoon evening "
    "monday tuesday wednesday thursday friday saturday sunday tmrw next "  # "pass on friday's"
    "because cause cos coz bc since as so kasi porque weil parce car perche"
)
_NOT_WHAT = _WHEN | _NOT_SKIPPED
# Another time said between a plan and a refusal that names nothing: the refusal is about
# that one ("... moved to thursday at 3. sean's back on friday, he's getting a taxi").
_ANOTHER_TIME = re.compile(
    r"\d|\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|tonight|tomorrow|tmrw)\b"
)
_CLOSE_REFUSAL = 60  # how far after a clause's end a refusal naming nothing is about it
_REFUSED_OBJECT = re.compile(
    r"\s+(?:(?:to|for|with|on)\s+)?(?:(the|my|our|a|an)\s+|(?:this|that)\s+)?(\w+)"
)


# Another person as a refusal's subject: "she can't make it", "my brother's not going".
_OTHER_SUBJECTS = RELATIVES | wordset("he she they he's she's they're hes shes theyre")
_PREVIOUS_WORD = re.compile(r"([a-z][\w']*)[^\w.!?\n]*$")
# Capitalised words before a refusal that are not a person's name: "Sorry, can't make it",
# "Babe can't come tonight", "Non, je ...", "Ami jete parbo na" (Bengali "I"), days, months.
_NOT_NAMES = (
    FUNCTION_WORDS
    | DETERMINERS
    | WEEKDAYS.keys()
    | MONTHS.keys()
    | wordset(
        "sorry nah sadly unfortunately honestly seriously hey oh damn dang well hmm welp def "
        "prob babe hun hon love darling dear sweetie guys folks everyone everybody team non nein "
        "nee ami main mai yo je io ich ik eu ako saya aku mimi"
    )
)
# A refusal whose subject comes before it ("Sarah can't come"), unlike "i'll pass", "but i'm
# away" or "attending for us", which say their own.
_SUBJECTLESS = re.compile(r"(?:can't|cant|cannot|won't|wont|will not|not|shan't|shant)\b")


def _someone_else_refuses(text: str, s: str, m: re.Match[str], since: int) -> bool:
    """Whether the refusal ``m`` is said of someone else ("my brother can't come", "Sarah
    can't make it"); not "i can't", "Sorry, can't make it", nor someone doing it instead
    ("my brother's taking mum"), nor the one the plan since ``since`` is with ("lunch with
    Maria at 1. Maria can't make it"). ``text`` is the message as written, ``s`` normalised."""
    if m.group("other"):
        return False
    start = m.start()
    before = _PREVIOUS_WORD.search(s, max(0, start - 24), start)
    if before is None:
        return False
    word = before.group(1)
    return (
        word in _OTHER_SUBJECTS
        or word.removesuffix("'s") in RELATIVES
        or (
            _SUBJECTLESS.match(s, start) is not None
            and _is_name(text, s, before.start(1), word)
            and re.search(rf"\b{re.escape(word)}\b", s[since : before.start(1)]) is None
        )
    )


def _is_name(text: str, s: str, at: int, word: str) -> bool:
    """Whether ``word`` (at ``at``) is written as a person's name: capitalised, and no
    function word, interjection or sentence-opening adverb ("Honestly", "Literally")."""
    return (
        text[at].isupper()
        and len(word) > 1
        and word not in _NOT_NAMES
        and not (word.endswith("ly") and _opens_sentence(s, at))
    )


def _opens_sentence(s: str, at: int) -> bool:
    """Whether only marks stand between the start of the sentence of ``at`` and ``at``."""
    return not any(ch.isalnum() for ch in s[sentence_around(s, at)[0] : at])


def _refusal_starts(s: str) -> list[int]:
    """Every place in ``s`` where a match of ``_REFUSAL`` can begin, in order (found once
    per text): the pattern is tried there only, since scanning every position of a long
    message once per time costs more than the rest of reading it."""
    index = index_of(s)
    if index.refusal_starts is None:
        found = index.starts(_REFUSAL_FIRST)
        at = s.find("'s")
        while at >= 0:
            found.append(at)
            at = s.find("'s", at + 2)
        for going in index.word_starts("going"):
            for gap in _GOING_SUBJECT_ENDS:
                if s.startswith(gap, going - len(gap)):
                    found.append(_word_start(s, going - len(gap)))
        index.refusal_starts = sorted(set(found))
    return index.refusal_starts


def _word_start(s: str, end: int) -> int:
    """Where the run of letters a-z that ends at ``end`` begins (``end`` when none does)."""
    start = end
    while start > 0 and "a" <= s[start - 1] <= "z":
        start -= 1
    return start


def _refusals(
    s: str, words: frozenset[str], pos: int, end: int | None = None
) -> Iterator[re.Match[str]]:
    """What ``_REFUSAL.finditer(s, pos, end)`` finds (``words``: the text's, or more), the
    pattern tried only where one of its matches can begin (``_refusal_starts``), and once
    per text for each place and end (each time of a message asks again from its own place
    on)."""
    end = len(s) if end is None else end
    by_speaker = words.isdisjoint(_OTHER_DOES_IT_WORDS)
    pattern = _REFUSAL_BY_SPEAKER if by_speaker else _REFUSAL
    if cuts_a_word(s, end):
        # a word's first letters read as a word
        yield from (m for m in pattern.finditer(s, pos, end) if not _asked_back(s, m))
        return
    starts = _refusal_starts(s)
    tried = index_of(s).refusals_tried
    free = pos  # where the last match ended: matches do not overlap
    for at in starts[bisect_left(starts, pos) :]:
        if at >= end:
            return
        if at < free:
            continue
        key = (at, end, by_speaker)
        if key in tried:
            m = tried[key]
        else:
            m = tried[key] = pattern.match(s, at, end)
        if m is not None and not _asked_back(s, m):
            yield m
            free = m.end()


# A sentence that is only the refusal and a question mark: a notice asking "Can't make it?
# Call us", not the speaker declining.
_ASKED_AFTER = re.compile(r"[^\S\n]*\?")
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?\n]\s*)$")
SENTENCE_LOOKBACK = 4  # ". " or "!\n " before the refusal


def _asked_back(s: str, m: re.Match[str]) -> bool:
    """Whether the refusal ``m`` is a sentence of its own asked as a question ("Physio
    booked for Tuesday 3:45pm. Can't make it? Call 03 9555 1289")."""
    if _ASKED_AFTER.match(s, m.end()) is None:
        return False
    before = max(0, m.start() - SENTENCE_LOOKBACK)
    return _SENTENCE_BEFORE.search(s, before, m.start()) is not None


def may_refuse(words: frozenset[str]) -> bool:
    """Cheap gate: whether a text with these words may say a refusal (``_REFUSAL``)."""
    return not words.isdisjoint(_REFUSAL_GATE)


def refused_after(text: str, s: str, pos: int, words: frozenset[str], since: int) -> bool:
    """Whether the speaker says, later in the sentence of ``pos``, that they will not attend
    (not when they name another event: "meeting at 2 so i cannot come for lunch"). What the
    refusal names is its event when said between ``since`` (the clause's start) and it."""
    if not may_refuse(words):
        return False
    for m in _refusals(s, words, pos, sentence_around(s, pos)[1]):
        if _someone_else_refuses(text, s, m, since) or _there_all_the_same(s, m):
            continue
        other = _REFUSED_OBJECT.match(s, m.end())
        if other is None or other.group(2) in s[since : m.start()]:
            return True
        if other.group(2) not in HEADS and not other.group(1) and not _ruled_out(s, m):
            return True  # "..., can't make it", "not going lol"
        # "meeting at 2 so i cannot come for lunch", "detention tmr, cant do the mall": it
        # names something else
    return False


_CONSEQUENCE_WORD = re.compile(r"(\w+)\W*$")
_OBJECT_WORDS = re.compile(r"\s+(\w+)(?:\s+(\w+))?(?:\s+(\w+))?")  # "au foot", "naar de training"
MIN_OBJECT_CHARS = 4  # a noun a refusal names, not "it", "lol", "tho"
CONSEQUENCE_CHARS = 12  # how far before a refusal its "so" of another language is looked for


def _ruled_out(s: str, refusal: re.Match[str]) -> bool:
    """Whether a refusal in another language, after its "so", names a thing of its own the
    plans before rule out ("klo 15 palaveri pankissa, joten en paase lounaalle", "donc je ne
    peux pas venir au foot")."""
    before = _CONSEQUENCE_WORD.search(
        s, max(0, refusal.start() - CONSEQUENCE_CHARS), refusal.start()
    )
    if before is None or before.group(1) not in FOREIGN_CONSEQUENCE_WORDS:
        return False
    after = _OBJECT_WORDS.match(s, refusal.end())
    for word in after.groups() if after is not None else ():
        if word is None or word in FUNCTION_WORDS or word in FOREIGN_FUNCTION_WORDS:
            continue
        return len(word) >= MIN_OBJECT_CHARS
    return False


def declines_next(text: str, s: str, pos: int, words: frozenset[str]) -> int | None:
    """Where the speaker next says, after ``pos``, that they will not go, naming nothing in
    particular ("I'm not going though", "And I'm not even going"): the end of those words;
    None when they do not."""
    if not may_refuse(words):
        return None
    for m in _refusals(s, words, pos):
        if _someone_else_refuses(text, s, m, pos) or m.group("other"):
            continue
        other = _REFUSED_OBJECT.match(s, m.end())
        if other is None or (other.group(2) not in HEADS and not other.group(1)):
            return m.end()
        return None  # "... not going to the rehearsal": it names one of them
    return None


def refused_anywhere(text: str, s: str, pos: int, words: frozenset[str]) -> bool:
    """Whether the speaker says after ``pos`` that they will not attend, or that whoever it
    is for goes alone ("..., she's going on her own"), naming nothing in particular."""
    if not may_refuse(words):
        return False
    return any(
        not _someone_else_refuses(text, s, m, pos) and not _there_all_the_same(s, m)
        for m in _refusals(s, words, pos)
    )


def refused_by_name(
    text: str, s: str, pos: int, clause: str, name: str, words: frozenset[str]
) -> bool:
    """Whether the speaker says after ``pos`` (the clause's start), anywhere later, that they
    will skip what the ``clause`` or the event ``name`` speaks of ("sorry i cannot come to
    the meeting on friday", "the AGM is thursday 7pm. not bothering with the AGM")."""
    if not may_refuse(words):
        return False
    for m in _refusals(s, words, pos):
        if _someone_else_refuses(text, s, m, pos) or _there_all_the_same(s, m):
            continue
        skipped = _SKIPPED.match(s, m.end())
        if skipped is not None and skipped.group(1) in _NOT_WHAT:
            skipped = None  # "can't make it this year": when, not what
        if skipped is not None and skipped.group(1) in _said(clause[: m.start() - pos], name):
            return True
        if (
            skipped is None
            and m.start() - (pos + len(clause)) <= _CLOSE_REFUSAL
            and not _ANOTHER_TIME.search(s, pos + len(clause), m.start())
        ):
            return True  # "drinks at 7? actually no, im too tired, rain check": said next
    return False


def _said(clause: str, name: str) -> set[str]:
    """The words that name what a clause speaks of: the event's, and its own telling ones."""
    said = {w for w in _WORDS.findall(clause) if len(w) > 2} - FUNCTION_WORDS - DETERMINERS
    said.update(name.split())
    return said
