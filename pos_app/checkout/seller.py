"""Who sells: what the sale, payment and returns sessions need to know of the person (or,
later, the kiosk) on whose behalf a sale is recorded."""

from __future__ import annotations

from typing import Protocol

from pos_app.services.shifts import ShiftInfo
from pos_app.services.users import StaffUser


class Seller(Protocol):
    """The signed-in staff member and their open shift (``staff.StaffSession``)."""

    def require_user(self) -> StaffUser:
        """Who is signed in, or ``session.signed_out``."""
        ...

    def require_shift(self) -> ShiftInfo:
        """The open shift, or ``shift.not_open``."""
        ...
