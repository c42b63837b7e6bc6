"""Alarms: events staff must look at (a reused id, a skewed clock, a reused receipt number)."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert

from sync.server.ids import new_id
from sync.server.schema import alarm

log = logging.getLogger(__name__)


def raise_alarm(
    conn: Connection, kind: str, terminal_id: str | None, detail: dict[str, Any], now: datetime
) -> None:
    """Record an alarm in the caller's transaction and log it (no personal data in detail)."""
    conn.execute(
        insert(alarm),
        {
            "id": new_id(),
            "kind": kind,
            "terminal_id": terminal_id,
            "detail_json": json.dumps(detail, ensure_ascii=False, sort_keys=True),
            "raised_at": now,
        },
    )
    log.warning("alarm %s from terminal %s: %s", kind, terminal_id, detail)
