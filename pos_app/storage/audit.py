"""The append-only audit log of sensitive actions (refunds, overrides, approvals, sign-ins).

Called inside the caller's transaction, so an entry exists exactly when the action does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert

from pos_app.domain.ids import new_id
from pos_app.storage.tables import table
from sync.protocol import canonical_json


def audit(
    conn: Connection,
    *,
    action: str,
    at: datetime,
    user_id: str | None,
    approver_id: str | None = None,
    sale_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one entry to the append-only audit log."""
    conn.execute(
        insert(table("audit_entry")),
        {
            "id": new_id(),
            "at": at,
            "action": action,
            "user_id": user_id,
            "approver_id": approver_id,
            "sale_id": sale_id,
            "detail_json": canonical_json(detail or {}),
        },
    )
