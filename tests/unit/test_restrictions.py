"""Sale-hours windows (crossing midnight, at the minute boundaries, in the store's zone from
the UTC clock), the restricted_hours setting's check, and the age helpers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from pos_app.config import load_settings
from pos_app.domain.restrictions import (
    HoursWindow,
    age_on,
    forbidden_at,
    forbidden_now,
    needs_age_check,
    old_enough,
    parse_rules,
    parse_window,
)
from pos_app.errors import UserError

RULES = {"alcohol": "22:00-06:00", "lunch": "12:00-13:30"}


@pytest.mark.parametrize(
    ("clock", "forbidden"),
    [
        ("21:59", False),
        ("21:59:59", False),
        ("22:00", True),
        ("23:30", True),
        ("00:00", True),
        ("05:59", True),
        ("05:59:59", True),
        ("06:00", False),
        ("12:00", False),
    ],
)
def test_alcohol_window_crosses_midnight(clock: str, forbidden: bool) -> None:
    assert forbidden_now("alcohol", time.fromisoformat(clock), RULES) is forbidden


@pytest.mark.parametrize(
    ("clock", "forbidden"),
    [("11:59", False), ("12:00", True), ("13:29", True), ("13:30", False)],
)
def test_window_within_one_day(clock: str, forbidden: bool) -> None:
    assert forbidden_now("lunch", time.fromisoformat(clock), RULES) is forbidden


def test_no_group_or_a_group_without_rule_is_never_forbidden() -> None:
    assert not forbidden_now(None, time(23, 0), RULES)
    assert not forbidden_now("", time(23, 0), RULES)
    assert not forbidden_now("tobacco", time(23, 0), RULES)


@pytest.mark.parametrize(
    ("utc", "forbidden"),
    [
        # Istanbul is UTC+3 all year: 21:59 local is 18:59 UTC.
        (datetime(2026, 11, 23, 18, 59, tzinfo=UTC), False),
        (datetime(2026, 11, 23, 19, 0, tzinfo=UTC), True),
        (datetime(2026, 11, 24, 2, 59, tzinfo=UTC), True),
        (datetime(2026, 11, 24, 3, 0, tzinfo=UTC), False),
        (datetime(2026, 11, 23, 20, 0, tzinfo=UTC), True),  # 23:00 in Istanbul
    ],
)
def test_the_clock_is_read_in_the_store_time_zone(utc: datetime, forbidden: bool) -> None:
    assert forbidden_at("alcohol", utc, "Europe/Istanbul", RULES) is forbidden


def test_the_same_moment_differs_by_zone() -> None:
    moment = datetime(2026, 7, 1, 21, 30, tzinfo=UTC)  # 00:30 in Istanbul, 22:30 in London
    assert forbidden_at("alcohol", moment, "Europe/Istanbul", RULES)
    assert forbidden_at("alcohol", moment, "Europe/London", RULES)
    assert not forbidden_at("alcohol", moment, "America/New_York", RULES)  # 17:30


def test_parse_window() -> None:
    assert parse_window(" 22:00-06:00 ") == HoursWindow(time(22), time(6))
    assert str(parse_window("07:05-09:00")) == "07:05-09:00"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("22-06", "is not HH:MM-HH:MM"),
        ("22:00 - 06:00", "is not HH:MM-HH:MM"),
        ("24:00-06:00", "24:00 is not a time of day"),
        ("22:00-06:60", "06:60 is not a time of day"),
        ("06:00-06:00", "starts and ends at the same time"),
        ("", "is not HH:MM-HH:MM"),
    ],
)
def test_bad_windows_are_named(text: str, names: str) -> None:
    with pytest.raises(ValueError, match=names):
        parse_window(text)


def test_parse_rules_names_the_group() -> None:
    assert parse_rules({"alcohol": "22:00-06:00"}) == {"alcohol": HoursWindow(time(22), time(6))}
    with pytest.raises(ValueError, match="group 'tobacco': '9-17' is not HH:MM-HH:MM"):
        parse_rules({"alcohol": "22:00-06:00", "tobacco": "9-17"})
    with pytest.raises(ValueError, match="group 'Alcohol': lowercase"):
        parse_rules({"Alcohol": "22:00-06:00"})


def test_setting_restricted_hours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings(data_dir=tmp_path).restricted_hours == {"alcohol": "22:00-06:00"}
    monkeypatch.setenv(
        "POS_RESTRICTED_HOURS", '{"alcohol": "23:00-07:00", "tobacco": "00:00-06:00"}'
    )
    settings = load_settings(data_dir=tmp_path)
    assert settings.restricted_hours == {"alcohol": "23:00-07:00", "tobacco": "00:00-06:00"}


def test_a_bad_restricted_hours_setting_names_group_and_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POS_RESTRICTED_HOURS", '{"alcohol": "22:00-25:00"}')
    with pytest.raises(UserError) as caught:
        load_settings(data_dir=tmp_path)
    assert caught.value.code == "cli.bad_setting"
    assert "POS_RESTRICTED_HOURS" in caught.value.message
    assert "group 'alcohol': '22:00-25:00': 25:00 is not a time of day" in caught.value.message


def test_ages() -> None:
    assert not needs_age_check(0)
    assert needs_age_check(18)
    assert age_on(date(2008, 11, 24), date(2026, 11, 23)) == 17
    assert age_on(date(2008, 11, 23), date(2026, 11, 23)) == 18
    assert old_enough(date(2008, 11, 23), date(2026, 11, 23), 18)
    assert not old_enough(date(2008, 11, 24), date(2026, 11, 23), 18)
    # Born on 29 February: eighteen on 1 March of a common year.
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18
