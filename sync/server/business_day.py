"""The business day a till's fact is filed under, corrected for a wrong till clock.

A till dates its facts by its own clock: a sale's ``business_date`` is the day its shift was
opened, its ``completed_at`` the time it was rung. A till whose clock is days off files
today's sales under another day, and "today's orders" finds none. Every mutation carries the
offset (server minus device) the till measured at its last ``hello``; the backend corrects
with it, never with the time a fact arrives, so a till that was offline for days with a
right clock keeps its sales on their real days.

**The rule.** Within ``CLOCK_TOLERANCE_MS`` (the clock warning of ``hello``) a clock is
right and the till's date stands. Beyond it, the till's date moves by as many days as the
correction moves the fact's own time in the store's time zone: a sale rung at the till's
10:00 three days ago, with an offset of three days, is filed today; a sale rung after
midnight in a shift opened the evening before stays on the shift's day (moved three days
too). All facts of a shift are filed on the day decided for its first fact that reached the
backend (an order already stored, or this batch's first), so a shift is never split across
days, its close (``shift.closed``) lands on the same day as its sales, and a clock that went
wrong in the middle of a shift does not move the rest of it. The offset is the one measured
before the push: facts rung with a wrong clock that was put right before they were pushed
cannot be told apart and keep the till's date.

**What is corrected.** Orders and refunds (``pos_order.business_date``) and shift closes
(``shift_close.business_date``); both keep the till's own date in ``till_business_date``
when it differs (NULL when the till's date stands), and every batch that moved a date raises
a ``business_date_corrected`` alarm per (till's date, filed date, offset). Times that order facts of
several devices (stock movements and counts, deliveries, pickup events, return windows,
loyalty entries, an order's in-store payment) are stored corrected too, so a count is
compared with sales on one clock. Times printed on paper (a receipt's ``completed_at``, a
Z report's ``closed_at``) are stored as the till printed them; ``mutation`` keeps the device
and the corrected time of every fact.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select

from sync.server.schema import pos_order, shift_close, store

CLOCK_TOLERANCE_MS = 120_000
ALARM = "business_date_corrected"


def corrected(moment: datetime, offset_ms: int) -> datetime:
    """``moment`` of a till's clock on the backend's clock."""
    return moment + timedelta(milliseconds=offset_ms)


def refiled(claimed: date, occurred_at: datetime, offset_ms: int, zone: ZoneInfo) -> date:
    """The day a fact the till dated ``claimed`` and timed ``occurred_at`` is filed under
    (the module's rule, without its shift), for a clock off by more than the tolerance."""
    moved = (
        corrected(occurred_at, offset_ms).astimezone(zone).date()
        - occurred_at.astimezone(zone).date()
    )
    return claimed + moved


# (the till's date, the filed date, the offset) -> facts of the batch filed so
Corrections = Counter[tuple[date, date, int]]


class BusinessDays:
    """One push batch's filing: the store's time zone, each shift's day, the corrections."""

    def __init__(self, conn: Connection, terminal_id: str, store_id: str) -> None:
        self._conn = conn
        self._terminal_id = terminal_id
        self._store_id = store_id
        self._zone: ZoneInfo | None = None
        self._shifts: dict[str, tuple[date, date]] = {}  # shift -> (till's date, filed)
        self.corrections: Corrections = Counter()

    @property
    def zone(self) -> ZoneInfo:
        if self._zone is None:
            name: str = self._conn.execute(
                select(store.c.timezone).where(store.c.id == self._store_id)
            ).scalar_one()
            self._zone = ZoneInfo(name)
        return self._zone

    def file(
        self, claimed: date, occurred_at: datetime, offset_ms: int, shift_id: str | None
    ) -> date:
        """The business day to file a fact under (the module's rule)."""
        if shift_id is None:
            filed = self._refiled(claimed, occurred_at, offset_ms)
        else:
            known = self._shifts.get(shift_id) or self._stored(shift_id)
            if known is not None and known[0] == claimed:
                filed = known[1]
            else:
                filed = self._refiled(claimed, occurred_at, offset_ms)
                self._shifts[shift_id] = (claimed, filed)
        if filed != claimed:
            self.corrections[(claimed, filed, offset_ms)] += 1
        return filed

    def _refiled(self, claimed: date, occurred_at: datetime, offset_ms: int) -> date:
        if abs(offset_ms) <= CLOCK_TOLERANCE_MS:
            return claimed  # a right clock: the till's date stands
        return refiled(claimed, occurred_at, offset_ms, self.zone)

    def _stored(self, shift_id: str) -> tuple[date, date] | None:
        """How the backend filed this shift before: an order of it, else its close."""
        for table, where in (
            (pos_order, pos_order.c.shift_id == shift_id),
            (shift_close, shift_close.c.shift_id == shift_id),
        ):
            row = self._conn.execute(
                select(table.c.business_date, table.c.till_business_date)
                .where(where, table.c.terminal_id == self._terminal_id)
                .limit(1)
            ).first()
            if row is not None:
                found = (row.till_business_date or row.business_date, row.business_date)
                self._shifts[shift_id] = found
                return found
        return None

    def alarms(self) -> list[dict[str, object]]:
        """The details of the batch's ``business_date_corrected`` alarms, one per (till's
        date, filed date, offset)."""
        return [
            {
                "till_business_date": claimed.isoformat(),
                "business_date": filed.isoformat(),
                "clock_offset_ms": offset_ms,
                "facts": n,
            }
            for (claimed, filed, offset_ms), n in sorted(self.corrections.items())
        ]
