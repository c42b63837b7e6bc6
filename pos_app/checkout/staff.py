"""Who is signed in at the till, their shift, and approvals by supervisors and managers."""

from __future__ import annotations

from decimal import Decimal

from pos_app.checkout.events import Change, Flow, Stage
from pos_app.domain.roles import Approval, ApprovalPolicy, Role
from pos_app.errors import UserError
from pos_app.services.shifts import ShiftClose, ShiftInfo, ShiftService
from pos_app.services.users import StaffUser, UserService
from pos_app.services.web_returns import OVERRIDE_ACTION as WEB_RETURN_OVERRIDE

# Turkish lira notes and coins, in kuruş, for the shift close count.
TRY_DENOMINATIONS = (20000, 10000, 5000, 2000, 1000, 500, 100, 50, 25, 10, 5, 1)

QUIT_ACTION = "app.quit"  # closing the app: see Register.authorize_quit


class StaffSession:
    """The signed-in staff member and their shift (a ``seller.Seller``)."""

    def __init__(
        self, flow: Flow, users: UserService, shifts: ShiftService, policy: ApprovalPolicy
    ) -> None:
        self._flow = flow
        self._users = users
        self._shifts = shifts
        self._policy = policy
        self.user: StaffUser | None = None
        self.shift: ShiftInfo | None = None

    def active_staff(self) -> list[StaffUser]:
        return [user for user in self._users.list() if user.active]

    def authenticate(self, user_id: str, pin: str) -> StaffUser:
        """Check the PIN (lock-out after repeated failures); the user and the shift open on
        this till become the session's (``Register.sign_in`` brings back the draft sale)."""
        user = self._users.authenticate(user_id, pin)
        self.user = user
        self.shift = self._shifts.current()
        return user

    def forget_user(self) -> None:
        """Nobody is signed in any more (``Register.sign_out``)."""
        self.user = None

    def require_user(self) -> StaffUser:
        if self.user is None:
            raise UserError("session.signed_out", "Sign in first")
        return self.user

    def require_shift(self) -> ShiftInfo:
        if self.shift is None:
            raise UserError("shift.not_open", "Open a shift first")
        return self.shift

    @property
    def role(self) -> Role:
        return self.require_user().role

    # -- the shift -------------------------------------------------------------------------

    def open_shift(self, float_minor: int) -> ShiftInfo:
        user = self.require_user()
        self.shift = self._shifts.open(user.user_id, float_minor)
        self._flow.notify(Change.SESSION)
        self._flow.set_stage(Stage.SELLING)
        return self.shift

    def expected_cash(self) -> int:
        return self._shifts.expected_cash(self.require_shift().shift_id)

    def close_shift(self, counts: dict[int, int], approval: Approval | None = None) -> ShiftClose:
        """Close the shift with the counted notes and coins (denomination in kuruş -> count).

        A count far off the expected cash raises ``shift.recount`` once, then
        ``approval.required`` until ``approval`` is given (services.shifts). No sale may be
        open: ``Register.close_shift`` checks that first.
        """
        user = self.require_user()
        shift = self.require_shift()
        for denomination, count in counts.items():
            if count < 0:
                raise UserError(
                    "shift.negative_count",
                    "A count cannot be negative",
                    denomination=denomination,
                )
        counted = sum(denomination * count for denomination, count in counts.items())
        closed = self._shifts.close(
            shift.shift_id,
            counted,
            user.user_id,
            language=self._flow.language,
            cashier_name=user.name,
            approval=approval,
        )
        self.shift = None
        self._flow.notify(Change.SESSION)
        self._flow.set_stage(Stage.NEEDS_SHIFT)
        return closed

    def print_x_report(self) -> str:
        """Queue the X report of the open shift (the shift stays open)."""
        user = self.require_user()
        shift = self.require_shift()
        return self._shifts.print_x_report(
            shift.shift_id, language=self._flow.language, cashier_name=user.name
        )

    # -- approvals -------------------------------------------------------------------------

    def approvers(
        self, minimum: Role = Role.SUPERVISOR, *, reduction_percent: Decimal | None = None
    ) -> list[StaffUser]:
        """Who may approve: at least ``minimum``, and (a discount or price change) allowed to
        reduce a price by ``reduction_percent``."""
        return [
            user
            for user in self.active_staff()
            if user.role.rank >= minimum.rank
            and (reduction_percent is None or self._policy.may_reduce(user.role, reduction_percent))
        ]

    def approver_role(self, action: str) -> Role:
        """The least senior role that may approve ``action``."""
        policy = self._policy
        if action == "return.receiptless":
            return policy.receiptless_return_role
        if action == "drawer.no_sale":
            return policy.no_sale_role
        if action == WEB_RETURN_OVERRIDE:
            return policy.web_return_override_role
        if action == QUIT_ACTION:
            return Role.MANAGER
        return Role.SUPERVISOR

    def approve(self, approver_id: str, pin: str, action: str, detail: str = "") -> Approval:
        """A supervisor's or manager's PIN for ``action`` (wrong PINs count towards lock-out)."""
        minimum = self.approver_role(action)
        return self._users.approve(approver_id, pin, action, minimum, detail)
