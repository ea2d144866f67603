"""Patterns tried only where a match can begin find what scanning every position finds.

A new branch of such a pattern that begins with a word its list of first words lacks would
be missed silently; these word mixes fail instead.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from companion_bot.extraction import refusals

VOCABULARY = (
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
]


def _spans(s: str, pos: int, end: int | None) -> tuple[list[object], list[object]]:
    scanned = (
        refusals._REFUSAL.finditer(s, pos)
        if end is None
        else refusals._REFUSAL.finditer(s, pos, end)
    )
    anchored = refusals._refusals(s, pos, end)
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
