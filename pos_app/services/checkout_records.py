"""What the checkout sessions record and read beside the sale itself: audit entries (approvals
granted, the drawer opened without a sale, the app closed) and how a refund was paid out."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from pos_app.domain.tenders import TenderKind
from pos_app.services.clock import Clock
from pos_app.storage.audit import audit
from pos_app.storage.database import write_transaction
from pos_app.storage.queries import sales as sales_queries


class CheckoutRecords:
    """The audit log and the tender rows, for the checkout (``pos_app.checkout``)."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def audit(
        self,
        action: str,
        *,
        user_id: str | None,
        approver_id: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append one audit entry, now, in its own transaction."""
        with write_transaction(self._engine) as conn:
            audit(
                conn,
                action=action,
                at=self._clock.now(),
                user_id=user_id,
                approver_id=approver_id,
                detail=detail,
            )

    def paid_in_cash(self, sale_id: str) -> bool:
        """Whether any tender of ``sale_id`` (a refund: money going out) is cash."""
        with self._engine.connect() as conn:
            kinds = sales_queries.tender_kinds_of(conn, sale_id=sale_id)
        return TenderKind.CASH.value in kinds
