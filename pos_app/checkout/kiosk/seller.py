"""Who sells at a kiosk, and its day.

A kiosk sells as a built-in user of its own (``UserService.kiosk_user``: ``Kiosk <terminal
code>``, a cashier whose PIN nobody knows), so its sales, receipts and reports name it like a
cashier. Its "day" is a shift of that user with a float of 0, opened by an attendant (the
audit entry says who) and closed by an attendant into its own Z report (counted cash 0: a
kiosk has no drawer), so its takings are in its Z report and in the store's totals.
"""

from __future__ import annotations

from pos_app.errors import UserError
from pos_app.services.shifts import ShiftClose, ShiftInfo, ShiftService
from pos_app.services.users import StaffUser, UserService


class KioskSeller:
    """The kiosk's user and its open day (a ``checkout.seller.Seller``)."""

    def __init__(self, users: UserService, shifts: ShiftService, terminal_code: str) -> None:
        self._shifts = shifts
        self.user = users.kiosk_user(terminal_code)
        self.shift: ShiftInfo | None = None
        self.refresh()

    def refresh(self) -> None:
        """Read the open shift again: the kiosk's own, or none (another user's is not its)."""
        current = self._shifts.current()
        self.shift = current if current and current.user_id == self.user.user_id else None

    @property
    def day_open(self) -> bool:
        return self.shift is not None

    def require_user(self) -> StaffUser:
        return self.user

    def require_shift(self) -> ShiftInfo:
        if self.shift is None:
            raise UserError("kiosk.closed", "The kiosk is closed: ask a member of staff")
        return self.shift

    def open_day(self, attendant: StaffUser) -> ShiftInfo:
        """Open the kiosk's day (a shift of its user, float 0), audited with the attendant."""
        current = self._shifts.current()
        if current is not None and current.user_id != self.user.user_id:
            raise UserError(
                "kiosk.other_shift",
                "A staff member's shift is open on this terminal: close it at its till first",
            )
        if current is not None:
            raise UserError("kiosk.day_open", "The kiosk's day is already open")
        self.shift = self._shifts.open(self.user.user_id, 0, opened_by=attendant.user_id)
        return self.shift

    def close_day(self, attendant: StaffUser, *, language: str) -> ShiftClose:
        """Close the day into the kiosk's Z report (no cash: counted 0), closed by the
        attendant."""
        shift = self.require_shift()
        closed = self._shifts.close(
            shift.shift_id, 0, attendant.user_id, language=language, cashier_name=self.user.name
        )
        self.shift = None
        return closed
