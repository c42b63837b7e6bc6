"""Card payments on the integrated terminal as the till records them (``card_attempt``), and
the paper receipt a kiosk customer asks for after the sale.

An attempt is committed before the terminal is asked (WAL with ``synchronous=FULL``: the
commit is on disk when ``open`` returns), so after a crash the till knows which references
to ask the terminal about. An approved attempt becomes ``completed`` in the same transaction
as its sale (``completion`` is ``SalesService.complete_sale``'s ``also=`` hook), so a card
is never charged for a sale the till does not have, nor one sale paid twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, RowMapping

from pos_app.errors import BugError, UserError
from pos_app.services.clock import Clock
from pos_app.services.printing import PrintService
from pos_app.services.sale_document import CompletedSale
from pos_app.storage.audit import audit
from pos_app.storage.database import write_transaction
from pos_app.storage.queries import card_attempts as queries

# The statuses an attempt ends in once the terminal's answer is known and no sale was made.
FAILED_STATUSES = ("declined", "cancelled", "failed")


@dataclass(frozen=True, slots=True)
class CardAttempt:
    """One card payment asked of the terminal."""

    reference: str
    amount_minor: int
    status: str  # pending | approved | declined | cancelled | failed | completed
    created_at: datetime
    sale_id: str | None
    approval_code: str
    card_label: str
    detail: str
    basket_json: str


def _attempt(row: RowMapping) -> CardAttempt:
    return CardAttempt(
        reference=row["reference"],
        amount_minor=int(row["amount_minor"]),
        status=row["status"],
        created_at=row["created_at"],
        sale_id=row["sale_id"],
        approval_code=row["approval_code"],
        card_label=row["card_label"],
        detail=row["detail"],
        basket_json=row["basket_json"],
    )


class CardAttemptStore:
    """The ``card_attempt`` rows of this till."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def open(self, reference: str, amount_minor: int, basket_json: str, sale_id: str) -> None:
        """Record a payment about to be asked of the terminal; durable on return. Refused
        when the basket (sale ``sale_id``) was already sold: it must not be charged again."""
        with write_transaction(self._engine) as conn:
            if queries.sale_exists(conn, sale_id=sale_id):
                raise UserError("payment.already_paid", "This basket has already been paid for")
            queries.insert_attempt(
                conn,
                reference=reference,
                amount_minor=amount_minor,
                basket_json=basket_json,
                now=self._clock.now(),
            )

    def approve(self, reference: str, approval_code: str, card_label: str = "") -> None:
        """The terminal approved: the charge is known before the sale is written, so a
        recovery completes the sale without asking the terminal again."""
        with write_transaction(self._engine) as conn:
            queries.set_status(
                conn,
                reference=reference,
                status="approved",
                now=self._clock.now(),
                allowed=("pending", "approved"),
                approval_code=approval_code,
                card_label=card_label,
            )

    def fail(self, reference: str, status: str, detail: str = "") -> bool:
        """No charge: ``status`` is declined, cancelled or failed. Only a pending attempt
        moves (an approved one was charged); False when it did not."""
        if status not in FAILED_STATUSES:
            raise BugError(f"{status!r} is not a failed card attempt status")
        with write_transaction(self._engine) as conn:
            changed = queries.set_status(
                conn,
                reference=reference,
                status=status,
                now=self._clock.now(),
                allowed=("pending",),
                detail=detail[:200],
            )
        return changed == 1

    def completion(self, reference: str) -> Callable[[Connection, CompletedSale], None]:
        """The ``also=`` hook that marks ``reference`` completed inside the sale's
        transaction; it raises (and so undoes the sale) when the attempt already paid for
        a sale or was never charged."""

        def complete(conn: Connection, sold: CompletedSale) -> None:
            changed = queries.mark_completed(
                conn, reference=reference, sale_id=sold.sale_id, now=self._clock.now()
            )
            if changed != 1:
                raise BugError(f"card attempt {reference} is not an open charge to complete")

        return complete

    def is_sold(self, sale_id: str) -> bool:
        """Whether the basket ``sale_id`` is already a sale."""
        with self._engine.connect() as conn:
            return queries.sale_exists(conn, sale_id=sale_id)

    def get(self, reference: str) -> CardAttempt | None:
        with self._engine.connect() as conn:
            row = queries.attempt(conn, reference=reference)
        return None if row is None else _attempt(row)

    def unresolved(self) -> list[CardAttempt]:
        """Pending and approved attempts with no sale yet, oldest first."""
        with self._engine.connect() as conn:
            return [_attempt(row) for row in queries.unresolved(conn)]

    def paper_receipt(self, printing: PrintService, sale_id: str, user_id: str | None) -> str:
        """Put the receipt of ``sale_id`` on paper; the print job's id.

        A sale completed with the e-receipt only stored its receipt unprinted: the first paper
        is that receipt itself (not marked as a copy). Once it is on paper, a copy.
        """
        original = printing.job_for_sale(sale_id)
        if original is None:
            raise BugError(f"sale {sale_id} has no receipt job")
        if printing.status(original) == "skipped":
            document = printing.document(original)
            job_id: str | None = None
            with write_transaction(self._engine) as conn:
                if not queries.has_reprint(conn, job_id=original):
                    job_id = printing.add_job(conn, document, sale_id=sale_id, reprint_of=original)
                    audit(
                        conn,
                        action="receipt.paper_requested",
                        at=self._clock.now(),
                        user_id=user_id,
                        sale_id=sale_id,
                        detail={"job_id": original, "receipt_no": document.get("receipt_no")},
                    )
            if job_id is not None:
                printing.after_commit()
                return job_id
        return printing.reprint(original, user_id)
