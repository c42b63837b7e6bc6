"""Shifts: opened with a float, closed with a counted amount; over/short is recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, func, insert, select, update

from pos_app.domain.ids import new_id
from pos_app.domain.tenders import TenderKind
from pos_app.errors import UserError
from pos_app.services.clock import Clock, local_date
from pos_app.services.facts import append_fact, audit
from pos_app.services.terminal import TerminalInfo
from pos_app.storage.database import write_transaction
from pos_app.storage.tables import table


@dataclass(frozen=True, slots=True)
class ShiftInfo:
    shift_id: str
    user_id: str
    business_date: date
    opened_at: datetime
    opening_float_minor: int


@dataclass(frozen=True, slots=True)
class ShiftClose:
    shift_id: str
    expected_cash_minor: int
    counted_cash_minor: int

    @property
    def over_short_minor(self) -> int:
        return self.counted_cash_minor - self.expected_cash_minor


class ShiftService:
    def __init__(self, engine: Engine, clock: Clock, terminal: TerminalInfo, timezone: str):
        self._engine = engine
        self._clock = clock
        self._terminal = terminal
        self._timezone = timezone

    def current(self) -> ShiftInfo | None:
        t = table("shift")
        with self._engine.connect() as conn:
            row = conn.execute(
                select(
                    t.c.id, t.c.user_id, t.c.business_date, t.c.opened_at, t.c.opening_float_minor
                ).where(t.c.closed_at.is_(None))
            ).first()
        if row is None:
            return None
        return ShiftInfo(str(row[0]), str(row[1]), row[2], row[3], int(row[4]))

    def open(self, user_id: str, float_minor: int) -> ShiftInfo:
        if float_minor < 0:
            raise UserError("shift.negative_float", "The opening float cannot be negative")
        if self.current() is not None:
            raise UserError("shift.already_open", "A shift is already open on this terminal")
        now = self._clock.now()
        info = ShiftInfo(new_id(), user_id, local_date(now, self._timezone), now, float_minor)
        with write_transaction(self._engine) as conn:
            conn.execute(
                insert(table("shift")),
                {
                    "id": info.shift_id,
                    "user_id": user_id,
                    "business_date": info.business_date,
                    "opened_at": now,
                    "opening_float_minor": float_minor,
                },
            )
            audit(
                conn,
                action="shift.opened",
                at=now,
                user_id=user_id,
                detail={"float_minor": float_minor},
            )
        return info

    def expected_cash(self, shift_id: str) -> int:
        """Float plus cash taken minus cash refunded (change already netted out)."""
        s, tn = table("sale"), table("sale_tender")
        with self._engine.connect() as conn:
            opening: int = conn.execute(
                select(table("shift").c.opening_float_minor).where(table("shift").c.id == shift_id)
            ).scalar_one()
            cash: int = conn.execute(
                select(func.coalesce(func.sum(tn.c.amount_minor), 0))
                .select_from(tn.join(s, s.c.id == tn.c.sale_id))
                .where(s.c.shift_id == shift_id, tn.c.kind == TenderKind.CASH.value)
            ).scalar_one()
        return int(opening) + int(cash)

    def close(self, shift_id: str, counted_minor: int, closed_by: str) -> ShiftClose:
        if counted_minor < 0:
            raise UserError("shift.negative_count", "The counted cash cannot be negative")
        current = self.current()
        if current is None or current.shift_id != shift_id:
            raise UserError("shift.not_open", "That shift is not open")
        result = ShiftClose(shift_id, self.expected_cash(shift_id), counted_minor)
        now = self._clock.now()
        with write_transaction(self._engine) as conn:
            conn.execute(
                update(table("shift"))
                .where(table("shift").c.id == shift_id)
                .values(
                    closed_at=now,
                    closed_by=closed_by,
                    expected_cash_minor=result.expected_cash_minor,
                    counted_cash_minor=counted_minor,
                    over_short_minor=result.over_short_minor,
                )
            )
            payload = {
                "shift_id": shift_id,
                "store_code": self._terminal.store_code,
                "terminal_code": self._terminal.terminal_code,
                "opened_by": current.user_id,
                "closed_by": closed_by,
                "opened_at": current.opened_at.isoformat(),
                "closed_at": now.isoformat(),
                "opening_float_minor": current.opening_float_minor,
                "expected_cash_minor": result.expected_cash_minor,
                "counted_cash_minor": counted_minor,
                "over_short_minor": result.over_short_minor,
            }
            append_fact(
                conn,
                kind="shift.closed",
                payload=payload,
                occurred_at=now,
                business_date=current.business_date,
            )
            audit(conn, action="shift.closed", at=now, user_id=closed_by, detail=payload)
        return result
