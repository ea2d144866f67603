"""Days, dates, parts of day and clock times written in other scripts: Chinese ("聽日下晝三點半",
"2027年12月02日 星期四 上午"), Japanese ("2028年2月12日(土)", "3時半"), Korean ("다음주 수요일
오전 11시 30분"), Russian and Ukrainian ("17 марта", "в 3 часа дня"), Hebrew ("ביום ראשון
ב-9:30 בבוקר"), Arabic ("غدا الساعة ٣ مساء"), Greek ("αύριο στις 5"), Thai ("13.00 น.") and
Hindi ("कल शाम 5 बजे").

Each pattern gives atoms of the kinds the Latin finders give (a day, a weekday, a date, a
part of day, a clock time), so the grouping and resolution stay the same. The finder runs
only on a text holding a character of those scripts (``atoms.has_native_script``).
"""

from __future__ import annotations

import datetime as dt
import re

from companion_bot.extraction.atoms import Atom, AtomScan, make_date
from companion_bot.extraction.lexicon import (
    CJK_HALF_MARKS,
    CJK_HOUR_MARKS,
    CJK_MINUTE_MARKS,
    CJK_NUMERALS,
    CJK_WEEK_WORDS,
    CJK_WEEKDAY_AFTER,
    CJK_WEEKDAY_BEFORE,
    CJK_WEEKDAY_SUFFIXES,
    CLOCK_FOLLOWERS,
    DAY_PARTICLES,
    KOREAN_NATIVE_HOURS,
    NATIVE_AT,
    NATIVE_DAYS,
    NATIVE_FROM,
    NATIVE_HOUR_WORDS,
    NATIVE_MONTHS,
    NATIVE_NEXT_AFTER,
    NATIVE_NEXT_BEFORE,
    NATIVE_NEXT_WEEK,
    NATIVE_PARTS,
    NATIVE_PARTS_AFTER_CLOCK,
    NATIVE_PAST_MARKS,
    NATIVE_WEEKDAYS,
    alternation,
)

# Scripts written without spaces between words (or with particles glued to them): their
# words need no boundary. The others are whole words, after an optional one-letter prefix
# (Hebrew "ו", "ב", "ה", "ל"; Arabic "و", "ب").
_GLUED = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_LETTER = r"[\w\u0900-\u097f\u0591-\u05c7\u064b-\u065f\u0e31-\u0e4e]"
_BEFORE = rf"(?<!{_LETTER})(?:[והבלמש]|[وبف])?"
_AFTER = rf"(?!{_LETTER})"
# Words that make a weekday a habit: "每周三", "매주", "каждую среду", "כל יום", "كل".
_EVERY = re.compile(r"(?:每|매주|매|каждую|каждый|каждое|кожну|кожного|כל|كل|हर|ทุก)[个個]?\s*$")
_EVERY_REACH = 10
_BUDDHIST_ERA = 543  # Thai years: 2570 is 2027
_BUDDHIST_FROM = 2400
_HALF_HOUR, _QUARTER = 30, 15
# "一周三次" (three times a week): a week counted, no weekday.
_COUNT_BEFORE, _COUNT_AFTER = "一二三四五六七八九十两兩几幾", "次个個天"
_CJK_AT = ("在", "约", "約", "喺", "到", "至", "从", "從", "由", "早", "晚")  # "早八点" ...
_CJK_TO = ("到", "至", "-")
_PEEK = 12  # characters looked at after a bare "ב-8"
_DAYS_COUNTED = "дня"  # "3 часа дня" is 15:00, "2 дня" two days
# "At" words before which a bare number is a clock ("בשעה 9", "الساعة ٣", "στις 5").
_STRONG_AT = ("בשעה", "الساعة", "الساعه", "στις", "เวลา")


def native_words(words: list[str]) -> str:
    """Regex source for any of ``words``: glued-script words as they are, the others whole."""
    glued = [w for w in words if _GLUED.match(w)]
    spaced = [w for w in words if not _GLUED.match(w)]
    parts = [f"(?:{alternation(glued)})"] if glued else []
    if spaced:
        parts.append(f"{_BEFORE}(?:{alternation(spaced)}){_AFTER}")
    return "|".join(parts)


_HOURS_BUT_ONE = "二两兩三四五六七八九十"
_HOUR_NUM = r"(?<![\d第])\d{1,2}|十[一二]?|[〇零一二兩两三四五六七八九]"
_MINUTE_NUM = r"\d{1,2}|[一二三四五]?十[一二三四五六七八九]?|[〇零一二三四五六七八九]{1,2}"
_CJK_CLOCK = re.compile(
    r"(?:[从從由]\s*)?"  # "从三点到五点": from
    rf"(?:({_HOUR_NUM})|({alternation(KOREAN_NATIVE_HOURS)})\s?(?=시))\s*"
    rf"(?:{alternation(CJK_HOUR_MARKS)})"
    rf"(?:\s*({alternation(CJK_HALF_MARKS)})|\s*(一刻|三刻)"
    rf"|\s*({_MINUTE_NUM})\s*({alternation(CJK_MINUTE_MARKS)})?)?"
    # what follows a clock: no letter of the scripts, or a word of ``CLOCK_FOLLOWERS``; not
    # "两点建议" (two points), "3시간" (3 hours), "3時間", "네 시작" (yes, starting)
    rf"(?!(?![{CLOCK_FOLLOWERS}])[\u3400-\u9fff\uac00-\ud7af])"
)
_AT = alternation(NATIVE_AT + NATIVE_FROM)
_CLOCK = re.compile(
    rf"(?:{_BEFORE}(?:{_AT})\s?-?\s?|(?<!{_LETTER}))"
    rf"(?:(साढ़े|साढे|सवा|पौने|บ่าย)\s*)?(\d{{1,2}})(?:[:.](\d{{2}}))?(?!\d)"
    rf"(?![/-]\d|\s*(?:{alternation(NATIVE_MONTHS)}))"  # "στις 22/03", "στις 5 μαΐου": dates
    rf"(?:\s*({alternation(NATIVE_HOUR_WORDS)}))?"
    rf"(?:\s+({alternation(NATIVE_PARTS_AFTER_CLOCK)}){_AFTER})?"
    r"(?:\s*(والنصف|ونص|و\s?نص|ทุ่ม))?"
)
# A particle after a day joins it to its time: Korean "수요일에", Japanese "明日の", Chinese
# "明天的", Hindi "शुक्रवार को".
_PARTICLE = rf"(?:\s?(?:{alternation(DAY_PARTICLES)}))?"
_DAY = re.compile(f"({native_words(sorted(NATIVE_DAYS))}){_PARTICLE}")
# A part of day in one character only before a clock's number: "晚8点", not "晚一点" (a bit later).
_SHORT_PARTS = alternation(p for p in NATIVE_PARTS if len(p) == 1)
_PART = re.compile(
    native_words(sorted(p for p in NATIVE_PARTS if len(p) > 1))
    + f"|(?:{_SHORT_PARTS})(?=\\s*(?:\\d|[{_HOURS_BUT_ONE}]))"
)
_SPACED_WEEKDAYS = [w for w in NATIVE_WEEKDAYS if not _GLUED.match(w)]
_NEXT_WEEK = alternation(NATIVE_NEXT_WEEK)
_WEEKDAY = re.compile(
    rf"(?:({_NEXT_WEEK})\s*(?:の\s*)?)?"
    rf"(?:(下)?(?<![{_COUNT_BEFORE}])(?:{alternation(CJK_WEEK_WORDS)})"
    rf"([{''.join(CJK_WEEKDAY_AFTER)}])(?![{_COUNT_AFTER}])"
    rf"|([{''.join(CJK_WEEKDAY_BEFORE)}])(?:{alternation(CJK_WEEKDAY_SUFFIXES)})"
    rf"|[(（]([{''.join(CJK_WEEKDAY_BEFORE)}])[)）]"
    rf"|(?:(?<!{_LETTER})(?:в|во|у)\s+)?(?:({alternation(NATIVE_NEXT_BEFORE)})\s+)?(?:(?:την|το|τη)\s+)?"
    rf"(?:{_BEFORE}(?:יום\s+|يوم\s+)?({alternation(_SPACED_WEEKDAYS)}){_AFTER}"
    rf"|({alternation(w for w in NATIVE_WEEKDAYS if _GLUED.match(w))})(?:ที่\s*)?)"
    rf"(?:\s+({alternation(NATIVE_NEXT_AFTER)}){_AFTER})?)"
    rf"{_PARTICLE}"
)
_DATE = re.compile(
    r"(?:(\d{4})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日号號일]"
    r"|(\d{4})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{1,2})\.?"
    rf"|(\d{{1,2}})\s*({alternation(NATIVE_MONTHS)})(?:\s*(\d{{4}})(?:\s*(?:г\.|года|г|р\.|року))?)?"
    rf"{_PARTICLE}"
)


def _number(said: str) -> int:
    """A number in digits (any script's) or in Chinese characters ("十一", "二十五")."""
    if said.isdigit():
        return int(said)
    if said in KOREAN_NATIVE_HOURS:
        return KOREAN_NATIVE_HOURS[said]
    if "十" in said:
        tens, _, ones = said.partition("十")
        return CJK_NUMERALS.get(tens, 1) * 10 + CJK_NUMERALS.get(ones, 0)
    value = 0
    for ch in said:
        value = value * 10 + CJK_NUMERALS[ch]
    return value


def _unprefixed(table: dict[str, int] | dict[str, str], said: str) -> str:
    """The word of ``table`` said, with or without its one-letter prefix ("ומחר", "בערב")."""
    return said if said in table else said[1:]


def _time(start: int, end: int, hour: int, minute: int, ampm: str = "") -> Atom | None:
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    exact = hour > 12 or hour == 0
    return Atom(start, end, "time", hour=hour, minute=minute, exact=exact, ampm=ampm, strong=True)


def _find_cjk_clocks(c: AtomScan) -> None:
    """ "三點半", "3点15分", "15時30分", "11시 반", "세 시": an hour word after a number."""
    for m in _CJK_CLOCK.finditer(c.s):
        said, korean, half, quarter, minutes, minute_mark = m.groups()
        hour = _number(said or korean)
        alone = said and not said.isdigit() and not (half or quarter or minutes)
        if alone and (said == "一" or not _told_as_time(c, m.start(), m.end())):
            continue  # "一点" is also "a little", "两点建议" two points, "第二点" the second
        if half:
            minute = _HALF_HOUR
        elif quarter:
            minute = _QUARTER if quarter == "一刻" else 3 * _QUARTER
        elif minutes:
            minute = _number(minutes)
            if not minute_mark and not minutes.isdigit() and minute < 12 and "點" in m.group():
                minute *= 5  # Cantonese "三點三" is 3:15: the minute hand's numeral
        else:
            minute = 0
        atom = _time(m.start(), m.end(), hour, minute)
        if atom is not None:
            c.add(atom)


def _told_as_time(c: AtomScan, start: int, end: int) -> bool:
    """Whether an hour in characters at ``start:end`` comes right after a day, a part of day
    or "at" ("下午两点", "明天三點", "在五点"), or opens a range ("三点到五点"): alone, "两点" is
    as often two points."""
    before = c.s[max(0, start - 2) : start].rstrip()
    if before.endswith(_CJK_AT) or c.s.startswith(_CJK_TO, end):
        return True
    edge = start - (c.s[start - 1 : start] == " ")
    return any(a.end == edge and a.kind in ("date", "part") for a in c.found)


def _ends_phrase(s: str, end: int) -> bool:
    """Whether nothing but a mark, the end or a part of day follows ``end`` ("ב-8 בערב")."""
    rest = s[end : end + _PEEK].lstrip()
    return not rest or not rest[0].isalnum() or _PART.match(rest) is not None


def _find_clocks(c: AtomScan) -> None:
    """ "в 15:00", "в 3 часа дня", "ב-9:30", "الساعة ٣", "στις 5", "5 बजे", "บ่าย 3 โมง"."""
    s = c.s
    for m in _CLOCK.finditer(s):
        lead, hour_said, minutes, hour_word, after, tail = m.groups()
        at = s[m.start() : m.start(2)].strip(" -")
        counted = after == _DAYS_COUNTED and not (hour_word or minutes or at)  # "2 дня": days
        marked = (
            minutes
            or hour_word
            or (after and not counted)
            or tail
            or lead
            or at.endswith(_STRONG_AT)
        )
        if not marked and not (at.endswith("ב") and _ends_phrase(s, m.end())):
            continue  # "в 5 классе": "at" before a bare number is no clock; "ב-8" alone is
        hour, minute = int(hour_said), int(minutes) if minutes else 0
        ampm = NATIVE_PARTS_AFTER_CLOCK.get(after or "", "")
        if lead in ("साढ़े", "साढे") or (tail and tail != "ทุ่ม"):
            minute += _HALF_HOUR
        elif lead == "सवा":
            minute += _QUARTER
        elif lead == "पौने":
            hour, minute = hour - 1, minute + 3 * _QUARTER
        elif lead == "บ่าย" or tail == "ทุ่ม":
            hour, ampm = hour + (12 if lead else 18), ""
        atom = _time(m.start(), m.end(), hour, minute, ampm)
        if atom is not None:
            c.add(atom)


def _find_days(c: AtomScan) -> None:
    """ "明天", "聽日", "내일", "завтра", "מחר", "غدا", "αύριο", "พรุ่งนี้", "कल"."""
    s = c.s
    for m in _DAY.finditer(s):
        word = _unprefixed(NATIVE_DAYS, m.group(1))
        days = NATIVE_DAYS[word]
        if word == "कल" and any(mark in s for mark in NATIVE_PAST_MARKS):
            days = -1
        day = c.today + dt.timedelta(days=days)
        part = NATIVE_PARTS.get(word, "")
        c.add(Atom(m.start(), m.end(), "date", date=day, date_kind="rel", past=days < 0,
                   part=part, strong=True))  # fmt: skip


def _find_parts(c: AtomScan) -> None:
    """ "下午", "오전", "утром", "בבוקר", "مساء", "το βράδυ", "ตอนเย็น", "शाम"."""
    for m in _PART.finditer(c.s):
        word = _unprefixed(NATIVE_PARTS, m.group())
        if word not in NATIVE_DAYS:  # "今晚" is a day and its part: ``_find_days``
            c.add(Atom(m.start(), m.end(), "part", part=NATIVE_PARTS[word], strong=True))


def _find_weekdays(c: AtomScan) -> None:
    """ "星期三", "週三", "水曜日", "(土)", "수요일", "в среду", "ביום רביעי הבא", "الأربعاء"."""
    s, today = c.s, c.today
    for m in _WEEKDAY.finditer(s):
        (
            next_week,
            next_cjk,
            after_week,
            before_suffix,
            bracketed,
            next_before,
            word,
            glued,
            next_after,
        ) = m.groups()
        if after_week:
            wd = CJK_WEEKDAY_AFTER[after_week]
        elif before_suffix or bracketed:
            wd = CJK_WEEKDAY_BEFORE[before_suffix or bracketed]
        else:
            wd = NATIVE_WEEKDAYS[word or glued]
        coming = today + dt.timedelta(days=(wd - today.weekday()) % 7)
        a = Atom(m.start(), m.end(), "date", date=coming, date_kind="wd", weekday=wd, strong=True)
        a.habit = _EVERY.search(s, max(0, m.start() - _EVERY_REACH), m.start()) is not None
        if next_week or next_cjk:  # Monday-Sunday week after this one
            monday = today + dt.timedelta(days=7 - today.weekday())
            a.date, a.date_kind = monday + dt.timedelta(days=wd), "full"
        elif next_before or next_after:  # "next wednesday": the first one after today
            a.date = today + dt.timedelta(days=(wd - today.weekday()) % 7 or 7)
            a.date_kind = "full"
        c.add(a)


def _find_dates(c: AtomScan) -> None:
    """ "2028年2月12日", "12월 3일", "2028.03.07", "17 марта 2028 г.", "3 במרץ", "15 ต.ค. 2570"."""
    for m in _DATE.finditer(c.s):
        y1, mo1, d1, y2, mo2, d2, d3, month_word, y3 = m.groups()
        if month_word:
            month, day, year = NATIVE_MONTHS[month_word], int(d3), y3
        elif y2:
            month, day, year = int(mo2), int(d2), y2
        else:
            month, day, year = int(mo1), int(d1), y1
        said = int(year) if year else None
        if said is not None and said > _BUDDHIST_FROM:
            said -= _BUDDHIST_ERA
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        d = make_date(said, month, day, c.now)
        if d is not None:
            c.add(Atom(m.start(), m.end(), "date", date=d, date_kind="full", strong=True))


def find_script_times(c: AtomScan) -> None:
    """Every day, date, part of day and clock time of the other scripts in the text."""
    for finder in (_find_dates, _find_days, _find_weekdays, _find_parts, _find_cjk_clocks):
        finder(c)
    _find_clocks(c)
