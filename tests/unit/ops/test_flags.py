"""The pure flag evaluator: stable percentage buckets, validation, defaults."""

from __future__ import annotations

import pytest

from companion_bot.ops.flags import (
    FLAG_NAMES,
    MEETING_EXTRACTION,
    PROACTIVE_JOBS,
    FlagState,
    InvalidRolloutError,
    UnknownFlagError,
    bucket,
    check_name,
    check_percent,
    evaluate,
    in_rollout,
)

USERS = range(1, 10_001)


def _share(flag: str, percent: float) -> float:
    return sum(in_rollout(flag, user, percent) for user in USERS) / len(USERS) * 100


@pytest.mark.parametrize("flag", FLAG_NAMES)
def test_rollout_of_15_percent_reaches_about_15_percent_of_10000_users(flag: str) -> None:
    assert 13.5 <= _share(flag, 15) <= 16.5


@pytest.mark.parametrize("flag", FLAG_NAMES)
def test_everyone_in_at_15_percent_is_still_in_at_20_percent(flag: str) -> None:
    at_15 = {user for user in USERS if in_rollout(flag, user, 15)}
    at_20 = {user for user in USERS if in_rollout(flag, user, 20)}

    assert at_15 < at_20
    assert 18.5 <= len(at_20) / len(USERS) * 100 <= 21.5


def test_fractional_percentages_fall_between_their_neighbours() -> None:
    at_12 = {u for u in USERS if in_rollout(PROACTIVE_JOBS, u, 12)}
    at_12_5 = {u for u in USERS if in_rollout(PROACTIVE_JOBS, u, 12.5)}
    at_13 = {u for u in USERS if in_rollout(PROACTIVE_JOBS, u, 13)}

    assert at_12 < at_12_5 < at_13


def test_the_same_user_gets_the_same_answer_every_time() -> None:
    assert [bucket(MEETING_EXTRACTION, 42) for _ in range(3)] == [
        bucket(MEETING_EXTRACTION, 42)
    ] * 3
    assert 0 <= bucket(MEETING_EXTRACTION, 42) < 10_000


def test_flags_pick_different_users_at_the_same_percentage() -> None:
    jobs = {u for u in USERS if in_rollout(PROACTIVE_JOBS, u, 15)}
    extraction = {u for u in USERS if in_rollout(MEETING_EXTRACTION, u, 15)}

    assert jobs != extraction


def test_zero_and_hundred_percent_are_nobody_and_everybody() -> None:
    assert not any(in_rollout(PROACTIVE_JOBS, u, 0) for u in USERS)
    assert all(in_rollout(PROACTIVE_JOBS, u, 100) for u in USERS)


def test_a_missing_row_means_on_for_everyone() -> None:
    assert evaluate(None, user_id=7) is True
    assert evaluate(None, user_id=None) is True


def test_an_off_flag_is_off_for_everyone_whatever_its_percentage() -> None:
    off = FlagState(PROACTIVE_JOBS, enabled=False, rollout_percent=100)

    assert evaluate(off, user_id=7) is False
    assert evaluate(off, user_id=None) is False


def test_without_a_user_a_flag_is_on_when_anyone_is_in() -> None:
    assert evaluate(FlagState(PROACTIVE_JOBS, True, 0.5), user_id=None) is True
    assert evaluate(FlagState(PROACTIVE_JOBS, True, 0), user_id=None) is False


def test_an_unknown_name_is_refused_with_the_valid_names() -> None:
    with pytest.raises(UnknownFlagError) as caught:
        check_name("proactive_job")

    assert "proactive_job" in caught.value.detail
    for name in FLAG_NAMES:
        assert name in caught.value.detail


@pytest.mark.parametrize("bad", [-0.1, 100.01, 250, float("nan"), float("inf")])
def test_a_percentage_outside_0_to_100_is_refused(bad: float) -> None:
    with pytest.raises(InvalidRolloutError, match="between 0 and 100"):
        check_percent(bad)


@pytest.mark.parametrize("good", [0, 12.5, 100])
def test_a_percentage_inside_0_to_100_is_kept(good: float) -> None:
    assert check_percent(good) == good
