"""Shifts: opened with a float, closed with a counted amount; over/short is recorded.

A count off by more than the variance limit (``POS_SHIFT_CLOSE_VARIANCE_LIMIT``) does not
close the shift at once: the first such count is kept and the cashier is asked to count
again (``shift.recount``); a count still off after that closes only with a supervisor's
approval (``approval.required`` for ``shift.close_variance``), recorded on the shift, in
the audit log, in the ``shift.closed`` fact and on the Z report. Every close gets the till's
next Z number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine

from pos_app.domain.ids import new_id
from pos_app.domain.roles import Approval, Role
from pos_app.domain.tenders import TenderKind
from pos_app.errors import UserError
from pos_app.services.clock import Clock, local_date
from pos_app.services.terminal import TerminalInfo
from pos_app.storage.audit import audit
from pos_app.storage.database import write_transaction
from pos_app.storage.outbox import append_fact
from pos_app.storage.queries import shifts as shift_queries
from sync.protocol.facts import Approval as ApprovalFact
from sync.protocol.facts import ShiftClosed

if TYPE_CHECKING:
    from pos_app.services.printing import PrintService


@dataclass(frozen=True, slots=True)
class ShiftInfo:
    shift_id: str
    user_id: str
    business_date: date
    opened_at: datetime
    opening_float_minor: int


VARIANCE_ACTION = "shift.close_variance"
VARIANCE_ROLE = Role.SUPERVISOR  # the least senior role that approves closing on a count off


@dataclass(frozen=True, slots=True)
class ShiftClose:
    shift_id: str
    expected_cash_minor: int
    counted_cash_minor: int
    z_no: int = 0
    approved_by: str | None = None  # the approver's name, when the count was off the limit

    @property
    def over_short_minor(self) -> int:
        return self.counted_cash_minor - self.expected_cash_minor


class ShiftService:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        terminal: TerminalInfo,
        timezone: str,
        printing: PrintService | None = None,
        *,
        variance_limit_minor: int | None = None,
    ):
        self._engine = engine
        self._clock = clock
        self._terminal = terminal
        self._timezone = timezone
        self._printing = printing
        # Counts off by more than this need a recount, then an approval; None: no limit.
        self._variance_limit_minor = variance_limit_minor

    def current(self) -> ShiftInfo | None:
        with self._engine.connect() as conn:
            row = shift_queries.open_shift(conn)
        if row is None:
            return None
        return ShiftInfo(str(row[0]), str(row[1]), row[2], row[3], int(row[4]))

    def open(self, user_id: str, float_minor: int, *, opened_by: str | None = None) -> ShiftInfo:
        """Open ``user_id``'s shift; ``opened_by``: who opened it for them (a kiosk's day is
        its own user's shift, opened by an attendant), in the audit entry."""
        if float_minor < 0:
            raise UserError("shift.negative_float", "The opening float cannot be negative")
        if self.current() is not None:
            raise UserError("shift.already_open", "A shift is already open on this terminal")
        now = self._clock.now()
        info = ShiftInfo(new_id(), user_id, local_date(now, self._timezone), now, float_minor)
        with write_transaction(self._engine) as conn:
            shift_queries.insert_shift(
                conn,
                row={
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
                detail={"float_minor": float_minor}
                | ({} if opened_by is None else {"opened_by": opened_by}),
            )
        return info

    def expected_cash(self, shift_id: str) -> int:
        """Float plus cash taken minus cash refunded (change already netted out)."""
        with self._engine.connect() as conn:
            opening = shift_queries.opening_float(conn, shift_id=shift_id)
            cash = shift_queries.cash_taken(
                conn, shift_id=shift_id, cash_kind=TenderKind.CASH.value
            )
        return opening + cash

    def report(
        self,
        conn: Connection,
        shift_id: str,
        *,
        kind: str,
        language: str,
        cashier_name: str,
        counted_minor: int | None = None,
    ) -> dict[str, Any]:
        """The X (mid-shift) or Z (close) report's document: sales, refunds, tenders, VAT,
        cash expected and counted, drawer openings without a sale."""
        shift = shift_queries.report_header(conn, shift_id=shift_id)
        now = self._clock.now()
        totals = shift_queries.totals_by_kind(conn, shift_id=shift_id)
        tender_sums = shift_queries.tender_sums(conn, shift_id=shift_id)
        tax_sums = shift_queries.tax_sums(conn, shift_id=shift_id)
        no_sales = shift_queries.no_sale_count(conn, since=shift[0], until=shift[1] or now)
        cash = sum(amount for kind_, amount in tender_sums if kind_ == TenderKind.CASH.value)
        expected = int(shift[2]) + cash
        sales_count, sales_total = totals.get("sale", (0, 0))
        refunds_count, refunds_total = totals.get("return", (0, 0))
        return {
            "kind": kind,
            "language": language,
            "shift_id": shift_id,
            "z_no": shift[3] if kind == "z_report" else None,
            "store_code": self._terminal.store_code,
            "terminal_code": self._terminal.terminal_code,
            "cashier_name": cashier_name,
            "opened_at": shift[0].isoformat(),
            "closed_at": (shift[1] or now).isoformat() if kind == "z_report" else None,
            "printed_at": now.isoformat(),
            "sales_count": sales_count,
            "sales_total_minor": sales_total,
            "refunds_count": refunds_count,
            "refunds_total_minor": refunds_total,
            "tenders": [{"kind": k, "amount_minor": a} for k, a in tender_sums],
            "taxes": [{"rate_percent": r, "net_minor": n, "tax_minor": t} for r, n, t in tax_sums],
            "opening_float_minor": int(shift[2]),
            "expected_cash_minor": expected,
            "counted_cash_minor": counted_minor,
            "over_short_minor": None if counted_minor is None else counted_minor - expected,
            "approved_by": shift[4] if kind == "z_report" else None,
            "no_sale_count": int(no_sales),
        }

    def print_x_report(self, shift_id: str, *, language: str, cashier_name: str) -> str:
        """Queue an X report: the shift so far, which stays open."""
        if self._printing is None:
            raise UserError("print.not_available", "Printing is not set up on this terminal")
        with self._engine.connect() as conn:
            document = self.report(
                conn, shift_id, kind="x_report", language=language, cashier_name=cashier_name
            )
        return self._printing.print_document(document)

    def close(
        self,
        shift_id: str,
        counted_minor: int,
        closed_by: str,
        *,
        language: str = "tr",
        cashier_name: str = "",
        approval: Approval | None = None,
    ) -> ShiftClose:
        """Close the shift with the till's next Z number; the Z report is queued in the same
        transaction.

        A count off the expected cash by more than the variance limit is refused once with
        ``shift.recount`` (that first count is kept on the shift and audited) and after that
        closes only with ``approval`` for ``shift.close_variance`` (else
        ``approval.required``).
        """
        if counted_minor < 0:
            raise UserError("shift.negative_count", "The counted cash cannot be negative")
        current = self.current()
        if current is None or current.shift_id != shift_id:
            raise UserError("shift.not_open", "That shift is not open")
        counted = ShiftClose(shift_id, self.expected_cash(shift_id), counted_minor)
        now = self._clock.now()
        limit = self._variance_limit_minor
        off = limit is not None and abs(counted.over_short_minor) > limit
        with write_transaction(self._engine) as conn:
            if off and self._first_count_off(conn, counted, closed_by, now):
                closed = None  # committed: the first count, kept for the record
            else:
                approved = self._approval(approval) if off else None
                closed = self._close_in(
                    conn, current, counted, closed_by, approved, now, language, cashier_name
                )
        if closed is None:
            raise UserError(
                "shift.recount",
                "The count is far from the expected cash: count the drawer again",
                limit_minor=limit,
            )
        if self._printing is not None:
            self._printing.after_commit()
        return closed

    def _first_count_off(
        self, conn: Connection, counted: ShiftClose, closed_by: str, now: datetime
    ) -> bool:
        """True when this is the shift's first count off the limit: it is kept on the shift
        and audited, and the cashier counts again. False once a recount was asked for."""
        if shift_queries.first_count(conn, shift_id=counted.shift_id) is not None:
            return False
        shift_queries.keep_first_count(
            conn, shift_id=counted.shift_id, counted_minor=counted.counted_cash_minor
        )
        audit(
            conn,
            action="shift.recount_requested",
            at=now,
            user_id=closed_by,
            detail={
                "shift_id": counted.shift_id,
                "expected_cash_minor": counted.expected_cash_minor,
                "counted_cash_minor": counted.counted_cash_minor,
                "over_short_minor": counted.over_short_minor,
                "limit_minor": self._variance_limit_minor,
            },
        )
        return True

    def _approval(self, approval: Approval | None) -> Approval:
        """The supervisor's approval that closing on a count still off the limit needs."""
        if (
            approval is None
            or approval.action != VARIANCE_ACTION
            or approval.approver_role.rank < VARIANCE_ROLE.rank
        ):
            raise UserError(
                "approval.required",
                "A supervisor must approve closing the shift on this count",
                action=VARIANCE_ACTION,
                limit_minor=self._variance_limit_minor,
            )
        return approval

    def _close_in(
        self,
        conn: Connection,
        current: ShiftInfo,
        counted: ShiftClose,
        closed_by: str,
        approved: Approval | None,
        now: datetime,
        language: str,
        cashier_name: str,
    ) -> ShiftClose:
        """Write the close: the shift row with its Z number, the fact, the audit entry and
        the Z report's print job."""
        z_no = shift_queries.next_z_no(conn)
        shift_queries.close_shift(
            conn,
            shift_id=counted.shift_id,
            values={
                "closed_at": now,
                "closed_by": closed_by,
                "expected_cash_minor": counted.expected_cash_minor,
                "counted_cash_minor": counted.counted_cash_minor,
                "over_short_minor": counted.over_short_minor,
                "z_no": z_no,
                "variance_approved_by": approved.approver_id if approved else None,
            },
        )
        fact = ShiftClosed(
            shift_id=counted.shift_id,
            z_no=z_no,
            store_code=self._terminal.store_code,
            terminal_code=self._terminal.terminal_code,
            opened_by=current.user_id,
            closed_by=closed_by,
            opened_at=current.opened_at,
            closed_at=now,
            opening_float_minor=current.opening_float_minor,
            expected_cash_minor=counted.expected_cash_minor,
            counted_cash_minor=counted.counted_cash_minor,
            over_short_minor=counted.over_short_minor,
            # Only a variance beyond the limit carries one (no field otherwise).
            **({} if approved is None else {"approval": ApprovalFact(**approved.to_dict())}),
        )
        append_fact(conn, fact, occurred_at=now, business_date=current.business_date)
        audit(
            conn,
            action="shift.closed",
            at=now,
            user_id=closed_by,
            approver_id=approved.approver_id if approved else None,
            detail=fact.payload(),
        )
        if self._printing is not None:
            report = self.report(
                conn,
                counted.shift_id,
                kind="z_report",
                language=language,
                cashier_name=cashier_name,
                counted_minor=counted.counted_cash_minor,
            )
            self._printing.add_job(conn, report)
        return ShiftClose(
            counted.shift_id,
            counted.expected_cash_minor,
            counted.counted_cash_minor,
            z_no,
            approved.approver_name if approved else None,
        )
