"""Corpus-driven extraction tests: every line of ``cases/*.jsonl`` is one case.

The format is the shared corpus format (see docs/extraction.md, "Corpus-driven tests"):

    {"id", "kind": "meeting"|"time", "text", "now" (local wall clock, no offset),
     "tz" (IANA zone), "expect": [{"start", "end" or null, "grain", "name" or null}], "note"}

kind "meeting": what the analyzer would schedule (``action != "cancel"`` and confidence
>= 0.5) must equal ``expect`` as a set: each expected meeting is matched once (start equal
at its grain, end equal to the minute when the expected end is not null, name by shared
key words ignoring case) and nothing else is scheduled. kind "time": the first expected
item against the first time ``parse_times`` finds. ``expect: []``: nothing at all.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from companion_bot.extraction import MeetingExtractor, parse_times

CASES_DIR = Path(__file__).parent / "cases"
SCHEDULE_THRESHOLD = 0.5  # the analyzer does not schedule below this confidence
GRAINS = ("minute", "hour", "day")
KINDS = ("meeting", "time")
# The corpus scorer's stop words: names match by the key words left after dropping these.
STOP_WORDS = frozenset(
    {"a", "an", "the", "my", "our", "your", "with", "for", "to", "of", "at", "on", "in", "and"}
    | {"w", "w/"}
)
EXTRACTOR = MeetingExtractor()


@dataclass(frozen=True)
class Expected:
    start: dt.datetime  # local wall clock, naive
    end: dt.datetime | None
    grain: str
    name: str | None


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    text: str
    now: dt.datetime  # aware, in ``tz``
    tz: str
    expect: tuple[Expected, ...]
    note: str
    where: str  # "cases/file.jsonl:line"


@dataclass(frozen=True)
class Found:
    start: dt.datetime  # local wall clock in the case's zone, naive
    end: dt.datetime | None
    name: str | None
    remark: str = ""


# ----------------------------------------------------------------------------- loading


class CaseError(ValueError):
    pass


def _wall_clock(value: Any, field: str) -> dt.datetime:
    if not isinstance(value, str):
        raise CaseError(f"{field} must be an ISO date-time string, got {value!r}")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as ex:
        raise CaseError(f"{field} is not an ISO date-time: {value!r}") from ex
    if parsed.tzinfo is not None:
        raise CaseError(f"{field} must be local wall-clock time with no offset: {value!r}")
    return parsed


def _expected(item: Any, kind: str, index: int) -> Expected:
    field = f"expect[{index}]"
    if not isinstance(item, dict):
        raise CaseError(f"{field} must be an object")
    missing = [k for k in ("start", "end", "grain", "name") if k not in item]
    if missing:
        raise CaseError(f"{field} lacks {', '.join(missing)}")
    if item["grain"] not in GRAINS:
        raise CaseError(f"{field}.grain must be one of {GRAINS}, got {item['grain']!r}")
    name = item["name"]
    if kind == "meeting" and not (isinstance(name, str) and name.strip()):
        raise CaseError(f"{field}.name must be a non-empty string for a meeting")
    if name is not None and not isinstance(name, str):
        raise CaseError(f"{field}.name must be a string or null")
    start = _wall_clock(item["start"], f"{field}.start")
    end = None if item["end"] is None else _wall_clock(item["end"], f"{field}.end")
    return Expected(start=start, end=end, grain=item["grain"], name=name)


def parse_case(raw: Any, where: str) -> Case:
    """One decoded line as a case; raises CaseError saying what is wrong."""
    if not isinstance(raw, dict):
        raise CaseError("a case must be a JSON object")
    missing = [k for k in ("id", "kind", "text", "now", "tz", "expect") if k not in raw]
    if missing:
        raise CaseError(f"missing {', '.join(missing)}")
    if not isinstance(raw["id"], str) or not raw["id"].strip():
        raise CaseError("id must be a non-empty string")
    if raw["kind"] not in KINDS:
        raise CaseError(f"kind must be one of {KINDS}, got {raw['kind']!r}")
    if not isinstance(raw["text"], str):
        raise CaseError("text must be a string")
    if not isinstance(raw.get("note", ""), str):
        raise CaseError("note must be a string")
    if not isinstance(raw["tz"], str):
        raise CaseError("tz must be an IANA zone name")
    try:
        zone = ZoneInfo(raw["tz"])
    except (ZoneInfoNotFoundError, ValueError) as ex:
        raise CaseError(f"unknown zone {raw['tz']!r}") from ex
    if not isinstance(raw["expect"], list):
        raise CaseError("expect must be a list")
    expect = tuple(_expected(item, raw["kind"], i) for i, item in enumerate(raw["expect"]))
    return Case(
        id=raw["id"],
        kind=raw["kind"],
        text=raw["text"],
        now=_wall_clock(raw["now"], "now").replace(tzinfo=zone),
        tz=raw["tz"],
        expect=expect,
        note=raw.get("note", ""),
        where=where,
    )


def load_cases(paths: Iterable[Path]) -> tuple[list[Case], list[str]]:
    """Every case of ``paths`` in order, and one message per malformed line or repeated id."""
    cases: list[Case] = []
    errors: list[str] = []
    first_seen: dict[str, str] = {}
    for path in paths:
        with path.open(encoding="utf-8") as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                where = f"{path.parent.name}/{path.name}:{number}"
                try:
                    case = parse_case(json.loads(line), where)
                except (json.JSONDecodeError, CaseError) as ex:
                    errors.append(f"{where}: {ex}")
                    continue
                if case.id in first_seen:
                    errors.append(f"{where}: id {case.id!r} already used at {first_seen[case.id]}")
                else:
                    first_seen[case.id] = where
                cases.append(case)
    return cases, errors


def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.jsonl"))


CASES, LOAD_ERRORS = load_cases(case_files())


# ----------------------------------------------------------------------------- matching


def truncate(value: dt.datetime, grain: str) -> dt.datetime:
    if grain == "day":
        return value.replace(hour=0, minute=0, second=0, microsecond=0)
    if grain == "hour":
        return value.replace(minute=0, second=0, microsecond=0)
    return value.replace(second=0, microsecond=0)


def times_match(expected: Expected, found: Found) -> bool:
    if truncate(found.start, expected.grain) != truncate(expected.start, expected.grain):
        return False
    if expected.end is None:
        return True
    return found.end is not None and truncate(found.end, "minute") == truncate(
        expected.end, "minute"
    )


def key_words(name: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (name or "").lower()) if w not in STOP_WORDS}


def names_match(expected: str | None, found: str | None) -> bool:
    """Shared key words ignoring case: Dice overlap of at least one half."""
    e, f = key_words(expected), key_words(found)
    if not e or not f:
        return False
    return 2 * len(e & f) / (len(e) + len(f)) >= 0.5


def match_set(
    expect: Sequence[Expected], found: Sequence[Found]
) -> tuple[list[Expected], list[Found]]:
    """Greedy in order, as the corpus scorer: (expected not matched, found not matched)."""
    used: set[int] = set()
    missing: list[Expected] = []
    for e in expect:
        for i, f in enumerate(found):
            if i not in used and times_match(e, f) and names_match(e.name, f.name):
                used.add(i)
                break
        else:
            missing.append(e)
    return missing, [f for i, f in enumerate(found) if i not in used]


# ----------------------------------------------------------------------------- running


def local(value: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    assert value.tzinfo is not None, f"naive datetime in a result: {value}"
    return value.astimezone(zone).replace(tzinfo=None)


def found_meetings(case: Case) -> tuple[list[Found], list[Found]]:
    """(scheduled, extracted but not scheduled) for a meeting case."""
    zone = ZoneInfo(case.tz)
    scheduled: list[Found] = []
    dropped: list[Found] = []
    for m in EXTRACTOR.extract(case.text, case.now):
        item = Found(
            start=local(m.start, zone),
            end=None if m.end is None else local(m.end, zone),
            name=m.event_name,
            remark=f"{m.action}, confidence {m.confidence:.2f}",
        )
        keep = m.action != "cancel" and m.confidence >= SCHEDULE_THRESHOLD
        (scheduled if keep else dropped).append(item)
    return scheduled, dropped


def found_times(case: Case) -> list[Found]:
    zone = ZoneInfo(case.tz)
    return [
        Found(
            start=local(t.start, zone),
            end=None if t.end is None else local(t.end, zone),
            name=None,
            remark=f"{t.text!r}, grain {t.grain}",
        )
        for t in parse_times(case.text, case.now)
    ]


def _when(start: dt.datetime, end: dt.datetime | None) -> str:
    text = f"{start:%a %Y-%m-%d %H:%M}"
    if end is not None:
        text += f" - {end:%H:%M}" if end.date() == start.date() else f" - {end:%a %Y-%m-%d %H:%M}"
    return text


def show_expected(e: Expected) -> str:
    name = f"{e.name!r} @ " if e.name is not None else ""
    end = "" if e.end is not None else " (end not checked)"
    return f"{name}{_when(e.start, e.end)} [compared to the {e.grain}]{end}"


def show_found(f: Found) -> str:
    name = f"{f.name!r} @ " if f.name is not None else ""
    return f"{name}{_when(f.start, f.end)}  ({f.remark})"


def _lines(items: Iterable[str]) -> str:
    return "".join(f"\n    {item}" for item in items) or "\n    nothing"


def report(case: Case, verdict: str, expected: Iterable[str], found: Iterable[str]) -> str:
    return (
        f"{case.id} ({case.where}): {verdict}\n"
        f"  text: {case.text!r}\n"
        f"  now:  {case.now:%a %Y-%m-%d %H:%M} {case.tz}\n"
        f"  expected:{_lines(expected)}\n"
        f"  found:{_lines(found)}" + (f"\n  note: {case.note}" if case.note else "")
    )


def check_meeting_case(case: Case) -> None:
    scheduled, dropped = found_meetings(case)
    missing, extra = match_set(case.expect, scheduled)
    if not missing and not extra:
        return
    problems = [f"missing {show_expected(e)}" for e in missing]
    problems += [f"extra {show_found(f)}" for f in extra]
    found = [show_found(f) for f in scheduled]
    found += [f"not scheduled: {show_found(f)}" for f in dropped]
    verdict = "; ".join(problems)
    pytest.fail(report(case, verdict, map(show_expected, case.expect), found), pytrace=False)


def check_time_case(case: Case) -> None:
    found = found_times(case)
    if not case.expect:
        ok, verdict = not found, "expected no time"
    elif not found:
        ok, verdict = False, "no time found"
    else:
        ok, verdict = times_match(case.expect[0], found[0]), "the first time found differs"
    if not ok:
        expected = [show_expected(case.expect[0])] if case.expect else []
        pytest.fail(report(case, verdict, expected, map(show_found, found)), pytrace=False)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_case(case: Case) -> None:
    if case.kind == "meeting":
        check_meeting_case(case)
    else:
        check_time_case(case)


# ----------------------------------------------------------------------------- the loader


def test_case_files_are_well_formed() -> None:
    assert case_files(), f"no case files in {CASES_DIR}"
    assert not LOAD_ERRORS, "malformed cases:\n" + "\n".join(LOAD_ERRORS)


def _case_line(case_id: str, **changes: Any) -> str:
    case: dict[str, Any] = {
        "id": case_id,
        "kind": "time",
        "text": "at 3pm",
        "now": "2026-11-24T09:00:00",
        "tz": "Europe/Berlin",
        "expect": [{"start": "2026-11-24T15:00:00", "end": None, "grain": "minute", "name": None}],
        "note": "",
    }
    case.update(changes)
    return json.dumps(case)


def test_the_loader_names_the_file_and_line_of_a_bad_case(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        _case_line("a-1") + "\n\n" + _case_line("a-2", now="2026-11-24T09:00:00+01:00") + "\n"
    )
    (tmp_path / "b.jsonl").write_text(
        "{not json\n"
        + _case_line("a-1")
        + "\n"
        + _case_line("b-3", kind="meeting")
        + "\n"
        + _case_line("b-4", tz="Mars/Olympus")
        + "\n"
    )
    cases, errors = load_cases(sorted(tmp_path.glob("*.jsonl")))
    assert [c.id for c in cases] == ["a-1", "a-1"]
    assert [e.split(": ")[0] for e in errors] == [
        f"{tmp_path.name}/a.jsonl:3",
        f"{tmp_path.name}/b.jsonl:1",
        f"{tmp_path.name}/b.jsonl:2",
        f"{tmp_path.name}/b.jsonl:3",
        f"{tmp_path.name}/b.jsonl:4",
    ]
    assert "no offset" in errors[0]
    assert f"already used at {tmp_path.name}/a.jsonl:1" in errors[2]
    assert "name must be a non-empty string" in errors[3]
    assert "unknown zone" in errors[4]


def test_the_matcher_follows_the_corpus_rules() -> None:
    wall = dt.datetime.fromisoformat
    e = Expected(wall("2026-11-25T15:00"), wall("2026-11-25T16:00"), "minute", "call")
    hit = Found(wall("2026-11-25T15:00"), wall("2026-11-25T16:00"), "Call with Sam")
    assert names_match("call with sarah", "Call w/ Sarah")
    assert not names_match("dentist appointment", "team meeting")
    assert match_set([e], [hit]) == ([], [])
    assert match_set([e], [hit, hit]) == ([], [hit])  # a second one is extra
    no_end = Found(hit.start, None, hit.name)
    assert match_set([e], [no_end]) == ([e], [no_end])
    late = Found(wall("2026-11-25T15:01"), hit.end, hit.name)
    assert match_set([e], [late]) == ([e], [late])
    day = Expected(wall("2026-11-25T00:00"), None, "day", "call")
    assert match_set([day], [no_end]) == ([], [])
