"""The pure scheduling decisions: due times, quiet hours, caps, opt-out, DST, every reason."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from companion_bot.proactive.decisions import (
    Preferences,
    Reason,
    ScheduleFacts,
    Verdict,
    completion_decision,
    expired,
    followup_decision,
    in_quiet_hours,
    is_date_only,
    local_day_bounds,
    quiet_hours_end,
    reminder_decision,
    reminder_due_at,
    retry_delay,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC
DEFAULT = Preferences()
START = dt.datetime(2026, 11, 26, 14, 30, tzinfo=BERLIN)


def local(h: int, mi: int = 0, day: int = 26, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, h, mi, tzinfo=BERLIN)


def test_reminder_due_lead_minutes_before_start() -> None:
    facts = ScheduleFacts(start=START)

    before = reminder_decision(facts, DEFAULT, BERLIN, local(13, 59))
    due = reminder_decision(facts, DEFAULT, BERLIN, local(14, 0))

    assert (before.verdict, before.reason, before.at) == (Verdict.WAIT, Reason.NOT_DUE, local(14))
    assert due.send and due.at == local(14)


def test_per_user_lead_time() -> None:
    prefs = Preferences(lead_minutes=60)

    assert reminder_due_at(ScheduleFacts(start=START), prefs, BERLIN) == local(13, 30)


@pytest.mark.parametrize(
    ("now", "verdict", "reason"),
    [
        (local(14, 20), Verdict.SEND, None),  # mentioned late, 10 min away: at once
        (local(14, 25), Verdict.SEND, None),  # exactly 5 min away: still sent
        (local(14, 26), Verdict.SKIP, Reason.MISSED),  # 4 min away: too late
        (local(15, 0), Verdict.SKIP, Reason.MISSED),  # already started
    ],
)
def test_late_reminder_sent_at_once_only_while_5_minutes_away(
    now: dt.datetime, verdict: Verdict, reason: Reason | None
) -> None:
    decision = reminder_decision(ScheduleFacts(start=START), DEFAULT, BERLIN, now)

    assert (decision.verdict, decision.reason) == (verdict, reason)


@pytest.mark.parametrize("lead", [1, 2, 5])
def test_a_lead_shorter_than_the_notice_is_still_sent_until_the_start(lead: int) -> None:
    prefs = Preferences(lead_minutes=lead)
    facts = ScheduleFacts(start=START)
    due = START - dt.timedelta(minutes=lead)

    on_time = reminder_decision(facts, prefs, BERLIN, due)
    a_pass_late = reminder_decision(facts, prefs, BERLIN, START - dt.timedelta(seconds=20))
    started = reminder_decision(facts, prefs, BERLIN, START + dt.timedelta(seconds=1))

    assert on_time.send and on_time.at == due
    assert a_pass_late.send
    assert (started.verdict, started.reason) == (Verdict.SKIP, Reason.MISSED)
    assert (
        expired("preparation_reminder", facts, BERLIN, START - dt.timedelta(seconds=20), due=due)
        is None
    )
    assert (
        expired("preparation_reminder", facts, BERLIN, START + dt.timedelta(seconds=1), due=due)
        == Reason.MISSED
    )


def test_a_claimed_reminder_with_the_usual_lead_expires_5_minutes_before() -> None:
    facts = ScheduleFacts(start=START)

    late = expired("preparation_reminder", facts, BERLIN, local(14, 26), due=local(14))

    assert late == Reason.MISSED


def test_quiet_hours_wrap_midnight() -> None:
    prefs = Preferences(dnd_start_hour=22, dnd_end_hour=7)

    inside = [local(22), local(23, 59), local(0, 30), local(6, 59)]
    outside = [local(7), local(12), local(21, 59)]

    assert all(in_quiet_hours(t, BERLIN, prefs) for t in inside)
    assert not any(in_quiet_hours(t, BERLIN, prefs) for t in outside)


def test_quiet_hours_same_day_and_none() -> None:
    prefs = Preferences(dnd_start_hour=12, dnd_end_hour=14)

    assert in_quiet_hours(local(13), BERLIN, prefs)
    assert not in_quiet_hours(local(14), BERLIN, prefs)
    assert not in_quiet_hours(local(13), BERLIN, DEFAULT)
    assert not in_quiet_hours(local(13), BERLIN, Preferences(dnd_start_hour=5, dnd_end_hour=5))


def test_quiet_hours_are_local_not_utc() -> None:
    prefs = Preferences(dnd_start_hour=22, dnd_end_hour=7)
    instant = dt.datetime(2026, 11, 26, 3, 0, tzinfo=UTC)  # 04:00 Berlin, 22:00 New York

    assert in_quiet_hours(instant, BERLIN, prefs)
    assert in_quiet_hours(instant, NEW_YORK, prefs)
    assert not in_quiet_hours(instant, ZoneInfo("Asia/Tokyo"), prefs)  # 12:00


def test_reminder_due_in_quiet_hours_deferred_to_their_end() -> None:
    prefs = Preferences(dnd_start_hour=22, dnd_end_hour=8)
    facts = ScheduleFacts(start=local(8, 20))  # due 07:50, inside quiet hours

    decision = reminder_decision(facts, prefs, BERLIN, local(7, 50))
    at_end = reminder_decision(facts, prefs, BERLIN, local(8, 0))

    assert (decision.verdict, decision.reason) == (Verdict.WAIT, Reason.DEFERRED_QUIET_HOURS)
    assert decision.at == local(8)
    assert at_end.send


def test_reminder_skipped_when_quiet_hours_end_too_late() -> None:
    prefs = Preferences(dnd_start_hour=22, dnd_end_hour=8)
    facts = ScheduleFacts(start=local(8, 3))

    decision = reminder_decision(facts, prefs, BERLIN, local(7, 40))

    assert (decision.verdict, decision.reason) == (Verdict.SKIP, Reason.QUIET_HOURS)


def test_quiet_hours_end_on_the_next_day() -> None:
    prefs = Preferences(dnd_start_hour=22, dnd_end_hour=7)

    assert quiet_hours_end(local(23), BERLIN, prefs) == local(7, day=27)
    assert quiet_hours_end(local(3), BERLIN, prefs) == local(7)


def test_daily_cap_and_opt_out() -> None:
    facts = ScheduleFacts(start=START)

    capped = reminder_decision(facts, DEFAULT, BERLIN, local(14), sent_today=3)
    under = reminder_decision(facts, DEFAULT, BERLIN, local(14), sent_today=2)
    opted = reminder_decision(facts, Preferences(prefer_proactive=False), BERLIN, local(14))

    assert (capped.verdict, capped.reason) == (Verdict.SKIP, Reason.DAILY_CAP)
    assert under.send
    assert (opted.verdict, opted.reason) == (Verdict.SKIP, Reason.OPTED_OUT)


def test_cancelled_meeting_gets_nothing() -> None:
    facts = ScheduleFacts(start=START, status="cancelled")

    assert reminder_decision(facts, DEFAULT, BERLIN, local(14)).reason is Reason.NOT_SCHEDULED
    assert expired("preparation_reminder", facts, BERLIN, local(14)) is Reason.NOT_SCHEDULED


def test_local_day_is_23_hours_on_spring_forward() -> None:
    start, end = local_day_bounds(dt.datetime(2026, 3, 29, 12, tzinfo=UTC), BERLIN)

    assert start == dt.datetime(2026, 3, 28, 23, tzinfo=UTC)
    assert end - start == dt.timedelta(hours=23)


def test_local_day_differs_per_zone() -> None:
    instant = dt.datetime(2026, 11, 26, 3, tzinfo=UTC)

    berlin_start, _ = local_day_bounds(instant, BERLIN)
    ny_start, _ = local_day_bounds(instant, NEW_YORK)

    assert berlin_start == dt.datetime(2026, 11, 25, 23, tzinfo=UTC)
    assert ny_start == dt.datetime(2026, 11, 25, 5, tzinfo=UTC)


def test_reminder_across_dst_is_30_absolute_minutes_before() -> None:
    # 02:30 local does not exist on 29 March 2026 in Berlin; 03:00 CEST = 01:00 UTC.
    facts = ScheduleFacts(start=dt.datetime(2026, 3, 29, 3, 0, tzinfo=BERLIN))

    due = reminder_due_at(facts, DEFAULT, BERLIN)

    assert due == dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # 01:30 CET on the wall clock


def test_quiet_hours_end_in_a_dst_gap_moves_forward() -> None:
    prefs = Preferences(dnd_start_hour=23, dnd_end_hour=2)  # 02:00 is skipped that night

    end = quiet_hours_end(dt.datetime(2026, 3, 28, 23, 30, tzinfo=UTC), BERLIN, prefs)

    assert end == dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 CEST


def test_date_only_gets_a_morning_note_at_8_local() -> None:
    facts = ScheduleFacts(start=local(0, day=27), all_day=True)

    assert reminder_decision(facts, DEFAULT, BERLIN, local(7, 59, day=27)).verdict is Verdict.WAIT
    assert reminder_decision(facts, DEFAULT, BERLIN, local(8, day=27)).send
    late = reminder_decision(facts, DEFAULT, BERLIN, local(0, 1, day=28))
    assert late.reason is Reason.MISSED
    assert is_date_only(local(0, day=27), BERLIN, approximate=True)
    assert not is_date_only(local(0, day=27), BERLIN, approximate=False)
    assert not is_date_only(local(8, day=27), BERLIN, approximate=True)


def test_completion_5_minutes_after_end_within_6_hours() -> None:
    facts = ScheduleFacts(start=local(15), end=local(16))

    assert completion_decision(facts, DEFAULT, BERLIN, local(16, 4)).verdict is Verdict.WAIT
    assert completion_decision(facts, DEFAULT, BERLIN, local(16, 5)).send
    assert completion_decision(facts, DEFAULT, BERLIN, local(22)).send
    assert completion_decision(facts, DEFAULT, BERLIN, local(22, 1)).reason is Reason.MISSED
    no_end = completion_decision(ScheduleFacts(start=local(15)), DEFAULT, BERLIN, local(16))
    assert no_end.reason is Reason.NO_END_TIME


def test_completion_respects_cap_and_quiet_hours() -> None:
    facts = ScheduleFacts(start=local(20), end=local(21, 30))
    prefs = Preferences(dnd_start_hour=21, dnd_end_hour=7)

    quiet = completion_decision(facts, prefs, BERLIN, local(21, 40))
    capped = completion_decision(facts, DEFAULT, BERLIN, local(21, 40), sent_today=3)

    assert (quiet.verdict, quiet.reason) == (Verdict.SKIP, Reason.QUIET_HOURS)  # 07:00 too late
    assert capped.reason is Reason.DAILY_CAP


def test_followup_window() -> None:
    facts = ScheduleFacts(start=local(10))

    assert followup_decision(facts, DEFAULT, local(10, 14)).verdict is Verdict.WAIT
    assert followup_decision(facts, DEFAULT, local(10, 15)).send
    assert followup_decision(facts, DEFAULT, local(18)).send
    assert followup_decision(facts, DEFAULT, local(18, 1)).reason is Reason.MISSED
    assert followup_decision(facts, DEFAULT, local(11), already_sent=True).reason is (
        Reason.ALREADY_SENT
    )
    opted = followup_decision(facts, Preferences(prefer_proactive=False), local(11))
    assert opted.reason is Reason.OPTED_OUT
    with_end = ScheduleFacts(start=local(10), end=local(11))
    assert followup_decision(with_end, DEFAULT, local(11)).reason is Reason.HAS_END_TIME


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        reminder_decision(ScheduleFacts(start=START), DEFAULT, BERLIN, dt.datetime(2026, 11, 26))  # noqa: DTZ001


def test_retry_backoff_grows_and_is_capped() -> None:
    delays = [retry_delay(n).total_seconds() for n in (1, 2, 3, 10, 20)]

    assert delays == [30, 60, 120, 1800, 1800]
    with pytest.raises(ValueError):
        retry_delay(0)
