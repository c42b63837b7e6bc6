"""Service mode on a kiosk: a member of staff (by badge or PIN) approves what the basket
waits for, takes lines off, voids the basket, changes a price, reprints the last receipt and
opens or closes the kiosk's day. Every approval is an ``Approval`` on the sale (action
``kiosk.age``, ``kiosk.removal``, ``kiosk.price_override``, ``kiosk.basket_limit``) with who
gave it, and in the audit log."""

from __future__ import annotations

from pos_app.checkout.events import Change, Flow, Stage
from pos_app.checkout.kiosk.approvals import ApprovalKind, PendingApproval
from pos_app.checkout.kiosk.session import KioskSession
from pos_app.domain.cart import CartLine
from pos_app.domain.roles import Approval, Role
from pos_app.errors import UserError
from pos_app.services.checkout_records import CheckoutRecords
from pos_app.services.clock import Clock
from pos_app.services.printing import PrintService
from pos_app.services.shifts import ShiftClose
from pos_app.services.users import StaffUser, UserService

QUIT_ACTION = "app.quit"  # as the till's (checkout.staff.QUIT_ACTION)


class AttendantSession:
    """The member of staff in service mode on one kiosk, and what they may do there."""

    def __init__(
        self,
        flow: Flow,
        kiosk: KioskSession,
        users: UserService,
        printing: PrintService,
        records: CheckoutRecords,
        clock: Clock,
    ) -> None:
        self._flow = flow
        self._kiosk = kiosk
        self._users = users
        self._printing = printing
        self._records = records
        self._clock = clock
        self.user: StaffUser | None = None

    # -- who ---------------------------------------------------------------------------------

    def staff(self) -> list[StaffUser]:
        """Who may sign in with a PIN here (active staff, not the kiosk's own user)."""
        kiosk_id = self._kiosk.seller.user.user_id
        return [u for u in self._users.list() if u.active and u.user_id != kiosk_id]

    def open_by_badge(self, code: str) -> StaffUser:
        """Service mode for the badge's holder (``badge.unknown``, ``users.inactive``)."""
        return self._enter(self._users.user_by_badge(code), "badge")

    def open_by_pin(self, user_id: str, pin: str) -> StaffUser:
        """Service mode after a PIN (wrong PINs count towards the user's lock-out)."""
        if user_id in (self._kiosk.seller.user.user_id, self._kiosk.seller.user.name):
            raise UserError("users.unknown", f"No user {user_id}", user=user_id)
        return self._enter(self._users.authenticate(user_id, pin), "pin")

    def _enter(self, user: StaffUser, method: str) -> StaffUser:
        if user.user_id == self._kiosk.seller.user.user_id:
            raise UserError("users.unknown", "The kiosk's own user cannot serve")
        self.user = user
        self._records.audit("kiosk.service_opened", user_id=user.user_id, detail={"by": method})
        self._flow.notify(Change.SESSION)
        return user

    def leave(self) -> None:
        """Back to the customer's screens."""
        if self.user is not None:
            self._records.audit("kiosk.service_closed", user_id=self.user.user_id)
        self.user = None
        self._flow.notify(Change.SESSION)

    def require_user(self) -> StaffUser:
        if self.user is None:
            raise UserError("attendant.none", "A member of staff must scan a badge first")
        return self.user

    @property
    def may_close_app(self) -> bool:
        """Only a manager closes the kiosk's app."""
        return self.user is not None and self.user.role is Role.MANAGER

    def authorize_quit(self) -> None:
        """Record that a manager closes the app now (audited), else ``approval.required``."""
        if not self.may_close_app:
            raise UserError(
                "approval.required", "A manager must close the kiosk", action=QUIT_ACTION
            )
        user = self.require_user()
        sale = self._kiosk.sale
        self._records.audit(
            QUIT_ACTION, user_id=user.user_id, detail={"sale_open": not sale.cart.is_empty}
        )

    # -- approvals -------------------------------------------------------------------------

    def _approval(self, kind: ApprovalKind, detail: str) -> Approval:
        user = self.require_user()
        return Approval(kind.action, user.user_id, user.name, user.role, self._clock.now(), detail)

    def approve(self, approval_id: str) -> None:
        """Grant one waiting approval (``approval.unknown`` when it no longer waits)."""
        self.require_user()
        waiting = {p.approval_id: p for p in self._kiosk.pending_approvals()}
        pending = waiting.get(approval_id)
        if pending is None:
            raise UserError(
                "approval.unknown", "That no longer waits for approval", approval_id=approval_id
            )
        self._grant(pending)

    def approve_all(self) -> int:
        """Grant everything that waits; returns how many."""
        self.require_user()
        granted = 0
        for pending in self._kiosk.pending_approvals():
            self._grant(pending)
            granted += 1
        return granted

    def _grant(self, pending: PendingApproval) -> None:
        if pending.kind is ApprovalKind.BASKET_LIMIT:
            # Consent to this total: a basket grown past it later asks again.
            detail = str(self._kiosk.sale.cart.totals().total_minor)
        else:
            detail = pending.line_id or ""
        self._kiosk.grant(pending, self._approval(pending.kind, detail))

    # -- the basket ------------------------------------------------------------------------

    def remove_line(self, line_id: str) -> None:
        """Take a line off the basket (recorded as a ``kiosk.removal`` approval)."""
        self._kiosk.remove_line(line_id, self._approval(ApprovalKind.REMOVAL, line_id))

    def void_basket(self) -> None:
        """Void the whole basket for the customer (audited with the attendant)."""
        user = self.require_user()
        sale = self._kiosk.sale
        if sale.cart.is_empty:
            raise UserError("sale.empty", "There is nothing to void")
        self._records.audit(
            "kiosk.basket_voided",
            user_id=user.user_id,
            approver_id=user.user_id,
            detail={"cart_id": sale.cart.cart_id, "total_minor": sale.cart.totals().total_minor},
        )
        self._kiosk.wipe("attendant")

    def override_price(self, line_id: str, unit_price_minor: int, reason: str) -> CartLine:
        """A new unit price for a line: as far below the catalog's as the attendant's role may
        reduce (a supervisor or manager for more than a cashier's limit)."""
        user = self.require_user()
        approval = self._approval(ApprovalKind.PRICE_OVERRIDE, line_id)
        return self._kiosk.override_price(line_id, unit_price_minor, reason, user, approval)

    def reprint_last(self) -> str:
        """The last sale's receipt again, marked as a copy (audited with the attendant)."""
        user = self.require_user()
        result = self._kiosk.sale.last_result
        job = self._printing.job_for_sale(result.sale.sale_id) if result else None
        if job is None:
            raise UserError("print.nothing_to_reprint", "No receipt to print again yet")
        return self._printing.reprint(job, user.user_id)

    # -- the kiosk's day -------------------------------------------------------------------

    def open_day(self) -> None:
        """Open the kiosk for customers (its day: a shift of its own user)."""
        self._kiosk.seller.open_day(self.require_user())
        self._kiosk.day_changed()

    def close_day(self) -> ShiftClose:
        """Close the kiosk's day into its Z report; no basket or payment may be open."""
        user = self.require_user()
        sale = self._kiosk.sale
        if not sale.cart.is_empty or self._flow.stage is Stage.PAYING:
            raise UserError("shift.sale_in_progress", "Finish or void the basket first")
        if self._flow.stage is Stage.DONE or sale.cart.approvals:
            sale.start_next_sale(notify_stage=False)  # no draft left behind for the next day
        closed = self._kiosk.seller.close_day(user, language=self._kiosk.default_language)
        self._kiosk.day_changed()
        return closed
