"""One tokenisation pass per message, shared by every stage that looks for words.

Most patterns of the package can only match where one of a few words begins: a relative
day where "today", "tmrw", ... begins, an event head where "meeting", "dentist", ... begins.
The regex engine pays for every position it tries, so running such a pattern only where
its first words begin (``finditer_at``, ``scan``) finds exactly what scanning the whole
text finds, at a fraction of the cost on a long text, and a text with none of them is not
scanned at all.
``index_of`` gives the word index of a text (its words, and where each word and each run
of digits begins, looked up as asked), built once for that text object and reused by every
stage that asks; the stages change a message's text only in rare cases (corrections blank
their markers), and a changed text gets its own index.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

WORD = re.compile(r"[a-z]+")
DIGITS = re.compile(r"\d+")
ASCII_DIGITS = re.compile(r"[0-9]+")  # the same as DIGITS on ASCII text, and found faster
# Below this many characters ``scan`` runs a pattern over the whole text (once the gate
# words say it may match): looking its places up costs more than the positions it saves.
SCAN_WHOLE_BELOW = 120


class TextIndex:
    """Where the words (``[a-z]+``) and runs of digits of one text begin."""

    __slots__ = (
        "_all_found", "_digit_runs", "_digit_starts", "_word_starts", "_words", "along",
        "clause_cuts", "day_pair", "refusal_starts", "refusals_tried", "s", "sentence_marks",
    )  # fmt: skip

    def __init__(self, s: str) -> None:
        self.s = s
        self._word_starts: dict[str, list[int]] = {}
        self._all_found = False  # every word's starts are in _word_starts
        self._digit_runs: list[tuple[int, int]] | None = None
        self._digit_starts: list[int] | None = None
        self._words: frozenset[str] | None = None
        # Where the text may be cut into clauses (``clauses._cuts``), once found.
        self.clause_cuts: list[int] | None = None
        # Marks that end a sentence (``clauses._sentence``): those a space follows, and those
        # a space or the end follows.
        self.sentence_marks: tuple[list[int], list[int]] | None = None
        self.day_pair: bool | None = None  # whether two weekdays are named (``routine``)
        # Where the user says they go along (``clauses.goes_along``), once found.
        self.along: tuple[int, ...] | None = None
        # Where a refusal may begin (``refusals._refusal_starts``), once found.
        self.refusal_starts: list[int] | None = None
        # What a refusal's pattern matched at a place, up to an end, once tried there.
        self.refusals_tried: dict[tuple[int, int, bool], re.Match[str] | None] = {}

    def word_starts(self, word: str) -> list[int]:
        """Where ``word`` (letters a-z) begins as a word of its own, in order (found once)."""
        found = self._word_starts.get(word)
        if found is None:
            if not self._all_found and len(self.s) >= _ONE_PASS_CHARS:
                self._find_all()
            if self._all_found:
                return self._word_starts.get(word, [])
            found = self._word_starts[word] = _find_word(self.s, word)
        return found

    def _find_all(self) -> None:
        """Where every word begins, in one pass (a long text asks for many words)."""
        found: dict[str, list[int]] = {}
        s = self.s
        for m in WORD.finditer(s):
            w = m.group()
            at = found.get(w)
            if at is None:
                found[w] = [m.start()]
            else:
                at.append(m.start())
        self._word_starts = found
        self._all_found = True

    def digit_runs(self) -> list[tuple[int, int]]:
        """(start, end) of each run of digits, in order."""
        runs = self._digit_runs
        if runs is None:
            digits = ASCII_DIGITS if self.s.isascii() else DIGITS
            runs = self._digit_runs = [m.span() for m in digits.finditer(self.s)]
        return runs

    def starts(self, gate: frozenset[str], digits: bool = False) -> list[int]:
        """Where a word of ``gate`` begins (and, with ``digits``, each run of digits), in order."""
        hits = gate.intersection(self.words())
        found: list[int] = []
        if hits:
            if len(self.s) >= _ONE_PASS_CHARS:
                if not self._all_found:
                    self._find_all()
                at = self._word_starts.get
                for w in hits:
                    found += at(w, ())
            else:
                for w in hits:
                    found += self.word_starts(w)
        if digits:
            if self._digit_starts is None:
                self._digit_starts = [a for a, _ in self.digit_runs()]
            found += self._digit_starts
        if len(hits) + digits > 1:
            found.sort()
        return found

    def words(self) -> frozenset[str]:
        """The words of the text; on a long text, found in the one pass that finds where
        every word begins (which its stages ask for next)."""
        if self._words is None:
            if len(self.s) >= _ONE_PASS_CHARS:
                if not self._all_found:
                    self._find_all()
                self._words = frozenset(self._word_starts)
            else:
                self._words = frozenset(WORD.findall(self.s))
        return self._words

    def prefixed(self, prefixes: tuple[str, ...]) -> list[int]:
        """Where a word beginning with one of ``prefixes`` begins, unordered ("twooclock")."""
        found: list[int] = []
        for w in self.words():
            if w.startswith(prefixes):
                found += self.word_starts(w)
        return found


# A text this long has its words' starts found in one pass rather than word by word.
_ONE_PASS_CHARS = 120


def _find_word(s: str, word: str) -> list[int]:
    """Where ``word`` (letters a-z) begins in ``s`` with no letter a-z on either side."""
    found = []
    n = len(word)
    i = s.find(word)
    while i >= 0:
        if (i == 0 or not "a" <= s[i - 1] <= "z") and not "a" <= s[i + n : i + n + 1] <= "z":
            found.append(i)
        i = s.find(word, i + 1)
    return found


_last: tuple[str, TextIndex] = ("", TextIndex(""))


def index_of(s: str, words: frozenset[str] | None = None) -> TextIndex:
    """The word index of ``s``, shared by every caller that asks for this same text object.

    ``words``: the words of ``s`` when the caller has them already (or of the text ``s`` was
    made from by only taking words out: the index uses them as a gate, so more do no harm).
    """
    global _last
    last = _last
    if last[0] is s:
        return last[1]
    index = TextIndex(s)
    index._words = words
    _last = (s, index)
    return index


def owner_starts(s: str) -> list[int]:
    """Where each word (letters a-z) right before an "'s" begins ("mark" of "mark's"), in
    order."""
    found = []
    at = s.find("'s")
    while at >= 0:
        start = at
        while start > 0 and "a" <= s[start - 1] <= "z":
            start -= 1
        if start < at:
            found.append(start)
        at = s.find("'s", at + 2)
    return found


def finditer_at(pattern: re.Pattern[str], s: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """What ``pattern.finditer(s)`` finds, tried only at ``starts`` (ascending): the same
    matches whenever every match of the pattern begins at one of them."""
    found: list[re.Match[str]] = []
    end = -1
    match = pattern.match
    for pos in starts:
        if pos < end:
            continue
        m = match(s, pos)
        if m is not None:
            found.append(m)
            end = m.end()
    return found


def search_at(
    pattern: re.Pattern[str], s: str, starts: list[int], pos: int = 0, end: int | None = None
) -> re.Match[str] | None:
    """What ``pattern.search(s, pos, end)`` finds, tried only at ``starts`` (ascending): the
    same match whenever every match of the pattern (none empty) begins at one of them."""
    end = len(s) if end is None else end
    if cuts_a_word(s, end):
        return pattern.search(s, pos, end)  # a word's first letters make a word of their own
    match = pattern.match
    for i in range(bisect_left(starts, pos), len(starts)):
        at = starts[i]
        if at >= end:
            break
        m = match(s, at, end)
        if m is not None:
            return m
    return None


def cuts_a_word(s: str, end: int) -> bool:
    """Whether ``end`` falls inside a run of letters a-z of ``s``: a pattern searched up to
    it may match its first letters as a word, which the word index does not hold."""
    return 0 < end < len(s) and "a" <= s[end - 1] <= "z" and "a" <= s[end] <= "z"


def scanned_whole(s: str) -> bool:
    """Whether ``s`` is short enough to scan whole rather than at its anchor words."""
    return len(s) < SCAN_WHOLE_BELOW


def scan(
    pattern: re.Pattern[str], index: TextIndex, gate: frozenset[str], digits: bool = False
) -> Iterable[re.Match[str]]:
    """``pattern.finditer(s)`` over the text ``s`` of ``index``, for a pattern each of whose
    matches begins where a word of ``gate`` begins (or, with ``digits``, where a run of
    digits begins): only those places are tried."""
    if gate.isdisjoint(index.words()) and not (digits and index.digit_runs()):
        return ()
    if scanned_whole(index.s):
        return pattern.finditer(index.s)  # a short text: scanning it whole costs less
    return finditer_at(pattern, index.s, index.starts(gate, digits))
