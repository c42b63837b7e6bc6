"""``shift.closed``: recorded once; orders of the shift arriving later are marked late."""

from __future__ import annotations

import json
from datetime import UTC

from sync.protocol import ShiftClosed
from sync.server.changes import ChangeBuffer
from sync.server.db import insert_ignore
from sync.server.facts.common import Batch, Fact
from sync.server.schema import shift_close


def apply_shift_closed(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """Record the close, filed on the day its sales were filed under (business_day)."""
    closed = fact.as_(ShiftClosed)
    shift_id = closed.shift_id
    batch.check_store(closed.store_code, f"shift {shift_id}")
    closed_at = fact.occurred_at if closed.closed_at is None else closed.closed_at.astimezone(UTC)
    business_date = batch.days.file(fact.business_date, closed_at, fact.clock_offset_ms, shift_id)
    insert_ignore(
        batch.conn,
        shift_close,
        {
            "shift_id": shift_id,
            "terminal_id": batch.terminal_id,
            "business_date": business_date,
            "till_business_date": None
            if business_date == fact.business_date
            else fact.business_date,
            "closed_at": closed_at,
            # The till's Z number (tills before Z numbers send none).
            "z_no": closed.z_no,
            "payload_json": json.dumps(fact.payload, ensure_ascii=False, sort_keys=True),
        },
    )
    batch.mark_shift_closed(shift_id)
