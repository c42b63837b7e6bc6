"""Sale rules of restricted goods: forbidden sale hours by restriction group, minimum ages.

Hours are a window ``"HH:MM-HH:MM"`` in which a group may NOT be sold, in the store's local
time (Turkey: no alcohol from 22:00 to 06:00, ``"22:00-06:00"``). The window holds its start
and not its end, and may cross midnight: with 22:00-06:00, 21:59 and 06:00 are allowed,
22:00 and 05:59 are not. A product whose group has no rule is never refused by the hours.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

GROUP_PATTERN = re.compile(r"[a-z0-9_]{1,32}")  # as the catalog's ``restriction`` column
_WINDOW = re.compile(r"(\d{2}):(\d{2})-(\d{2}):(\d{2})")


@dataclass(frozen=True, slots=True)
class HoursWindow:
    """Hours in which a group may not be sold: from ``start`` (included) to ``end`` (not)."""

    start: time
    end: time

    def contains(self, moment: time) -> bool:
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end  # crosses midnight

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_window(text: str) -> HoursWindow:
    """``"22:00-06:00"`` as a window; ``ValueError`` naming the value otherwise."""
    match = _WINDOW.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not HH:MM-HH:MM (e.g. 22:00-06:00)")
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    for hours, minutes in ((h1, m1), (h2, m2)):
        if hours > 23 or minutes > 59:
            raise ValueError(f"{text!r}: {hours:02d}:{minutes:02d} is not a time of day")
    window = HoursWindow(time(h1, m1), time(h2, m2))
    if window.start == window.end:
        raise ValueError(f"{text!r} starts and ends at the same time")
    return window


def parse_rules(rules: Mapping[str, str]) -> dict[str, HoursWindow]:
    """Every group's window; ``ValueError`` naming the first bad group and its value."""
    parsed: dict[str, HoursWindow] = {}
    for group, text in rules.items():
        if not GROUP_PATTERN.fullmatch(group):
            raise ValueError(
                f"group {group!r}: lowercase letters, digits and _ only, 1-32 characters"
            )
        if not isinstance(text, str):
            raise ValueError(f"group {group!r}: {text!r} is not text like 22:00-06:00")
        try:
            parsed[group] = parse_window(text)
        except ValueError as error:
            raise ValueError(f"group {group!r}: {error}") from None
    return parsed


def forbidden_now(
    restriction: str | None, local_time: time | datetime, rules: Mapping[str, str]
) -> bool:
    """Whether a product of group ``restriction`` may not be sold at ``local_time`` (the
    store's local time of day) under ``rules`` (group -> ``"HH:MM-HH:MM"``)."""
    if not restriction or restriction not in rules:
        return False
    moment = local_time.time() if isinstance(local_time, datetime) else local_time
    return parse_window(rules[restriction]).contains(moment.replace(tzinfo=None))


def local_time_of(moment: datetime, timezone: str) -> time:
    """The time of day of the UTC-aware ``moment`` in the store's ``timezone``."""
    return moment.astimezone(ZoneInfo(timezone)).time()


def forbidden_at(
    restriction: str | None, moment: datetime, timezone: str, rules: Mapping[str, str]
) -> bool:
    """``forbidden_now`` for a UTC-aware moment (the clock) in the store's time zone."""
    return forbidden_now(restriction, local_time_of(moment, timezone), rules)


# -- ages --------------------------------------------------------------------------------


def needs_age_check(min_age: int) -> bool:
    """A product with a minimum age asks for an ID check (an attendant at a kiosk)."""
    return min_age > 0


def age_on(birth: date, day: date) -> int:
    """Full years between ``birth`` and ``day`` (born on 29 February: a year older on 1 March
    in common years)."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def old_enough(birth: date, day: date, min_age: int) -> bool:
    """Whether someone born on ``birth`` may buy a ``min_age`` product on ``day``."""
    return age_on(birth, day) >= min_age
