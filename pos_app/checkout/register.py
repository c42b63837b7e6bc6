"""A cashier's till: the checkout sessions of one front-end, and the few steps that span
them (signing in and out, closing the shift, quitting). The composition root
(``pos_app.app.build_register``) builds it; the cashier screens talk to its sessions."""

from __future__ import annotations

from pos_app.checkout.events import Change, Flow, Listener, Stage
from pos_app.checkout.payment import PaymentSession
from pos_app.checkout.pickup import PickupSession
from pos_app.checkout.returns import ReturnsSession
from pos_app.checkout.sale import SaleSession
from pos_app.checkout.staff import QUIT_ACTION, StaffSession
from pos_app.domain.roles import Approval, Role
from pos_app.errors import UserError
from pos_app.services.checkout_records import CheckoutRecords
from pos_app.services.shifts import ShiftClose
from pos_app.services.users import StaffUser


class Register:
    """One terminal's cashier sessions over one ``Flow``."""

    def __init__(
        self,
        flow: Flow,
        staff: StaffSession,
        sale: SaleSession,
        payment: PaymentSession,
        returns: ReturnsSession,
        pickup: PickupSession,
        records: CheckoutRecords,
    ) -> None:
        self.flow = flow
        self.staff = staff
        self.sale = sale
        self.payment = payment
        self.returns = returns
        self.pickup = pickup
        self._records = records

    @property
    def stage(self) -> Stage:
        return self.flow.stage

    @property
    def language(self) -> str:
        return self.flow.language

    def set_language(self, language: str) -> None:
        self.flow.set_language(language)

    def subscribe(self, listener: Listener) -> None:
        self.flow.subscribe(listener)

    # -- steps across the sessions ---------------------------------------------------------

    def sign_in(self, user_id: str, pin: str) -> StaffUser:
        """Check the PIN (lock-out after repeated failures) and bring back any draft sale."""
        user = self.staff.authenticate(user_id, pin)
        self.sale.restore_draft(user, self._name_of, self.returns.restore_exchange)
        self.flow.notify(Change.SESSION, Change.CART, Change.PAYMENT)
        if self.staff.shift is None:
            self.flow.set_stage(Stage.NEEDS_SHIFT)
        else:
            self.flow.set_stage(Stage.PAYING if self.sale.payment else Stage.SELLING)
        return user

    def _name_of(self, user_id: str) -> str:
        return next((u.name for u in self.staff.active_staff() if u.user_id == user_id), user_id)

    def sign_out(self) -> str | None:
        """End the session; a sale in progress is parked. Returns the parked id, if any."""
        user = self.staff.require_user()
        parked_id = self.sale.put_away(user)
        self.returns.returning = None
        self.staff.forget_user()
        self.flow.notify(Change.SESSION, Change.CART)
        self.flow.set_stage(Stage.SIGNED_OUT)
        return parked_id

    def close_shift(self, counts: dict[int, int], approval: Approval | None = None) -> ShiftClose:
        """Close the shift with the counted notes and coins (``StaffSession.close_shift``),
        never under a sale in progress."""
        self.staff.require_user()
        self.staff.require_shift()
        if not self.sale.cart.is_empty:
            raise UserError("shift.sale_in_progress", "Finish or park the sale first")
        return self.staff.close_shift(counts, approval)

    @property
    def sale_open(self) -> bool:
        """A sale, payment, return or exchange is under way (its draft is on disk, but a till
        closed in the middle of one leaves a customer waiting)."""
        sale = self.sale
        return (
            not sale.cart.is_empty
            or sale.payment is not None
            or self.returns.returning is not None
            or sale.exchange is not None
            or self.flow.stage in (Stage.PAYING, Stage.RETURNING)
        )

    @property
    def quit_needs_approval(self) -> bool:
        """The signed-in user may close the app with no sale open, a manager always; anyone
        else (nobody signed in, or a sale open) needs a manager's approval."""
        user = self.staff.user
        return user is None or (self.sale_open and user.role is not Role.MANAGER)

    def authorize_quit(self, approval: Approval | None = None) -> None:
        """Record that the app closes now (audited), or refuse without the approval needed."""
        user = self.staff.user
        if self.quit_needs_approval and (approval is None or approval.action != QUIT_ACTION):
            raise UserError("approval.required", "A manager must approve", action=QUIT_ACTION)
        self._records.audit(
            QUIT_ACTION,
            user_id=user.user_id if user else None,
            approver_id=approval.approver_id if approval else None,
            detail={"sale_open": self.sale_open},
        )
