"""``shift.closed``: a till's shift closed with its Z number and cash count."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, StrictStr

from sync.protocol.facts.base import FactModel, FactTime, Int, Key
from sync.protocol.facts.orders import Approval


class ShiftClosed(FactModel):
    """Recorded once by the backend; orders of the shift arriving later are marked late.
    Tills before Z numbers send no ``z_no``."""

    KIND: ClassVar[str] = "shift.closed"

    shift_id: Key
    z_no: Int | None = Field(default=None, gt=0, lt=2**31)
    store_code: StrictStr | None = None
    terminal_code: StrictStr | None = None
    opened_by: StrictStr | None = None
    closed_by: StrictStr | None = None
    opened_at: FactTime | None = None
    closed_at: FactTime | None = None  # the fact's time when absent
    opening_float_minor: Int | None = None
    expected_cash_minor: Int | None = None
    counted_cash_minor: Int | None = None
    over_short_minor: Int | None = None
    approval: Approval | None = None  # a variance beyond the limit, approved
