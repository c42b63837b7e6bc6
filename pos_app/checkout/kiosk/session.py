"""The customer's side of a self-service kiosk: scanning, the produce grid and the scale,
quantities, removals, help, and what the basket waits for before it may be paid.

It is a second front-end on the till's checkout core: the basket is a ``SaleSession`` (its
draft saved after every change, completed by the payment like a till's), sold by the kiosk's
own user in the kiosk's day (``seller.KioskSeller``). The customer keeps scanning while
approvals wait; only the payment waits for them (``payment_blockers``).

A scan starting with ``STAFF-`` is a staff badge, not goods: ``scan`` raises
``BadgeScanned`` (not a ``UserError``) and the UI opens service mode with
``AttendantSession.open_by_badge(error.code)``. A web order's pickup QR raises
``PickupScanned`` with what may be shown of the order (``pickup.PickupNotice``); neither
touches the basket.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from pos_app.checkout.events import Change, Flow, Stage
from pos_app.checkout.kiosk.approvals import ApprovalKind, PendingApproval, pending_approvals
from pos_app.checkout.kiosk.pickup import PickupNotice, PickupScanned, is_pickup_qr
from pos_app.checkout.kiosk.seller import KioskSeller
from pos_app.checkout.sale import SaleSession
from pos_app.domain.cart import CartLine, ProductInfo
from pos_app.domain.fulfilment import RemoteOrder
from pos_app.domain.restrictions import forbidden_at
from pos_app.domain.roles import Approval
from pos_app.domain.text import fold
from pos_app.errors import UserError
from pos_app.services.catalog import CatalogLookup, image_path
from pos_app.services.clock import Clock
from pos_app.services.users import StaffUser, is_badge_code

log = logging.getLogger(__name__)

WIPE_REASONS = ("idle", "customer", "attendant")
MAX_QUANTITY = 99
# What the kiosk reports (sync.protocol.kiosk.KioskState's values; plain text here).
IDLE, IN_USE, NEEDS_HELP, PAYING = "idle", "in_use", "needs_help", "paying"

StateListener = Callable[[str, str], None]  # (state, reason): KioskReporter.report
PluSource = Callable[[], list[tuple[ProductInfo, str | None]]]  # products with a PLU, image
PickupSource = Callable[[str], PickupNotice | None]  # a pickup QR -> the order, if known


class BadgeScanned(Exception):  # a signal for the UI, not an error
    """A staff badge was scanned at the kiosk: open service mode with its ``code``."""

    def __init__(self, code: str) -> None:
        super().__init__("A staff badge was scanned")
        self.code = code


class WeightReading(Protocol):
    @property
    def weight_milli(self) -> int: ...


class WeightSource(Protocol):
    """The scale (``pos_app.devices.scale.Scale``): a stable weight or ``ScaleError``."""

    def read_weight(self, timeout_s: float = 3.0) -> WeightReading: ...


@dataclass(frozen=True, slots=True)
class PluItem:
    """A tile of the produce grid; ``image`` None: the UI draws a placeholder."""

    product_id: str
    sku: str
    name: str
    names: dict[str, str]
    unit_price_minor: int
    sold_by_weight: bool
    image: Path | None


class SaleHours:
    """Refuses products of a group in its forbidden hours (``restricted_hours``), in the
    store's time zone from the UTC clock: ``restriction.hours``, no override."""

    def __init__(self, clock: Clock, timezone: str, rules: Mapping[str, str]) -> None:
        self._clock = clock
        self._timezone = timezone
        self._rules = dict(rules)

    def check(self, product: ProductInfo) -> None:
        if forbidden_at(product.restriction, self._clock.now(), self._timezone, self._rules):
            raise UserError(
                "restriction.hours",
                f"{product.name} cannot be sold at this hour "
                f"({self._rules[product.restriction or '']})",
                restriction=product.restriction,
                hours=self._rules[product.restriction or ""],
            )


class KioskSession:
    """One kiosk's customer session over the shared ``Flow`` and ``SaleSession``."""

    def __init__(
        self,
        flow: Flow,
        seller: KioskSeller,
        sale: SaleSession,
        catalog: CatalogLookup,
        clock: Clock,
        hours: SaleHours,
        *,
        scale: WeightSource | None,
        plu_products: PluSource,
        images_dir: Path,
        removal_needs_attendant: bool,
        basket_limit_minor: int,
        default_language: str,
        on_state: StateListener | None = None,
        name_of: Callable[[str], str] = str,
        pickups: PickupSource | None = None,
    ) -> None:
        self.flow = flow
        self.sale = sale
        self._seller = seller
        self._catalog = catalog
        self._clock = clock
        self._hours = hours
        self._scale = scale
        self._plu_products = plu_products
        self._images_dir = images_dir
        self._removal_needs_attendant = removal_needs_attendant
        self._basket_limit_minor = basket_limit_minor
        self.default_language = default_language
        self._on_state = on_state
        self._name_of = name_of
        self._pickups = pickups
        self.help_reason: str | None = None
        self.last_scanned: ProductInfo | None = None  # the endless aisle offers it
        self.last_activity: datetime | None = None
        self._in_use = False  # a customer touched or scanned since the last wipe
        self._removals: set[str] = set()  # lines the customer asked to take off
        self._price_checks: set[str] = set()  # lines whose price the customer questions
        self._reported: tuple[str, str] | None = None
        flow.subscribe(self._heard)

    # -- the kiosk's day and language ------------------------------------------------------

    @property
    def day_open(self) -> bool:
        return self._seller.day_open

    @property
    def seller(self) -> KioskSeller:
        return self._seller

    @property
    def language(self) -> str:
        return self.flow.language

    def set_language(self, language: str) -> None:
        self.touch()
        self.flow.set_language(language)

    def restore(self) -> None:
        """At start-up: the day as the database has it, and the basket a restart interrupted
        back from its draft (the idle timer wipes it if nobody is there any more)."""
        self._seller.refresh()
        if self._seller.day_open:
            self.sale.restore_draft(self._seller.user, self._name_of, None)
            self.flow.notify(Change.SESSION, Change.CART, Change.PAYMENT)
            self.flow.set_stage(Stage.PAYING if self.sale.payment else Stage.SELLING)
        else:
            self.flow.set_stage(Stage.NEEDS_SHIFT)
        self._report()

    def day_changed(self) -> None:
        """The day was opened or closed (``AttendantSession``): the stage follows."""
        self.flow.notify(Change.SESSION)
        self.flow.set_stage(Stage.SELLING if self._seller.day_open else Stage.NEEDS_SHIFT)
        self._report()

    def _require_open(self) -> None:
        if not self._seller.day_open:
            raise UserError("kiosk.closed", "The kiosk is closed: ask a member of staff")

    # -- goods -----------------------------------------------------------------------------

    def scan(self, code: str) -> CartLine:
        """A barcode, scale label (27/28/29) or PLU; the same item adds to its line. Raises
        ``BadgeScanned`` for a staff badge, ``PickupScanned`` for a known web order's pickup
        QR; ``scan.unknown``, ``restriction.hours``, ``scale.none``, ``kiosk.closed``. An
        age item is added and waits for an ID check."""
        text = code.strip()
        if is_badge_code(text):
            raise BadgeScanned(text)
        self._require_open()
        self.touch()
        if is_pickup_qr(text):  # before the goods: nothing is added or changed
            notice = self._pickups(text) if self._pickups is not None else None
            if notice is None:
                raise UserError("scan.unknown", f"Unknown barcode {text}", code=text)
            raise PickupScanned(notice)
        try:
            line = self.sale.scan(text)
        except UserError as error:
            if error.code == "cart.unknown_barcode":
                raise UserError("scan.unknown", f"Unknown barcode {text}", code=text) from None
            if error.code == "cart.weight_needed":  # a weighed item's own barcode or PLU
                return self.add_weighed(str(error.params["product_id"]))
            raise
        self.last_scanned = line.product
        self._changed()
        return line

    def add_remote(self, product: ProductInfo, quantity: int, order: RemoteOrder) -> CartLine:
        """Endless aisle (``aisle.KioskAisle``): ``quantity`` pieces of ``product`` ordered
        for delivery or pickup at another store, paid with the basket."""
        self._require_open()
        _check_quantity(quantity)
        self._hours.check(product)
        self.touch()
        line = self.sale.add_remote(product, quantity, order)
        self._changed()
        return line

    def plu_items(self) -> list[PluItem]:
        """The produce grid: active products with a PLU, by name in the current language."""
        language = self.language
        items = [
            PluItem(
                product.product_id,
                product.sku,
                product.name,
                dict(product.names),
                product.unit_price_minor,
                product.sold_by_weight,
                image_path(self._images_dir, image),
            )
            for product, image in self._plu_products()
        ]
        return sorted(items, key=lambda item: fold(item.names.get(language) or item.name))

    def add_weighed(self, product_id: str) -> CartLine:
        """Weigh a product on the scale and add it (``ScaleError`` as the scale says it;
        ``scale.none`` without a scale)."""
        self._require_open()
        self.touch()
        product = self._catalog.by_id(product_id)
        if product is None or not product.sold_by_weight:
            raise UserError(
                "kiosk.not_weighed", "That item is not sold by weight", product_id=product_id
            )
        self._hours.check(product)  # refused before anything is weighed
        if self._scale is None:
            raise UserError(
                "scale.none",
                f"{product.name} is weighed and this kiosk has no scale: ask a member of staff",
                product_id=product_id,
            )
        weighing = self._scale.read_weight()
        line = self.sale.add_product(product, Decimal(weighing.weight_milli) / 1000)
        self._changed()
        return line

    def set_quantity(self, line_id: str, quantity: int) -> None:
        """A piece item's quantity, 1 to 99. Lowering it takes goods off: when removals need
        an attendant, so does that (``kiosk.decrease_needs_attendant``)."""
        _check_quantity(quantity)
        line = self.sale.cart.line(line_id)
        if line.product.sold_by_weight:
            raise UserError(
                "kiosk.weighed_quantity", f"{line.product.name} is weighed, not counted"
            )
        # Goods ordered elsewhere are not in the customer's hands: no attendant needed.
        if self._removal_needs_attendant and quantity < line.quantity and not line.remote:
            raise UserError(
                "kiosk.decrease_needs_attendant",
                "Ask a member of staff to take items off",
                line_id=line_id,
            )
        self.touch()
        self.sale.set_quantity(line_id, Decimal(quantity))
        self._changed()

    def request_removal(self, line_id: str) -> bool:
        """Take a line off: True when done now, False when it waits for an attendant
        (``kiosk_removal_needs_attendant``; the line shows as pending removal)."""
        line = self.sale.cart.line(line_id)  # cart.unknown_line
        self.touch()
        if not self._removal_needs_attendant or line.remote:
            self.sale.void_line(line_id)
            self._changed()
            return True
        self._removals.add(line_id)
        self._changed()
        return False

    def removal_pending(self, line_id: str) -> bool:
        return line_id in self._removals

    def request_price_check(self, line_id: str) -> None:
        """The customer questions a line's price: it waits for an attendant, who confirms
        it (``approve``) or changes it (``override_price``)."""
        self.sale.cart.line(line_id)
        self.touch()
        self._price_checks.add(line_id)
        self._changed()

    # -- approvals ---------------------------------------------------------------------------

    def pending_approvals(self) -> list[PendingApproval]:
        return pending_approvals(
            self.sale.cart,
            language=self.language,
            removals=self._removals,
            price_checks=self._price_checks,
            basket_limit_minor=self._basket_limit_minor,
        )

    def payment_blockers(self) -> list[PendingApproval]:
        """What must be approved before paying (the same as ``pending_approvals``)."""
        return self.pending_approvals()

    def grant(self, pending: PendingApproval, approval: Approval) -> None:
        """Record an attendant's ``approval`` of ``pending`` on the sale (and audit it); an
        approved removal takes the line off."""
        if pending.kind is ApprovalKind.REMOVAL and pending.line_id is not None:
            self.remove_line(pending.line_id, approval)
            return
        self._record(approval)
        if pending.line_id is not None:
            self._price_checks.discard(pending.line_id)
        self.sale.cart_changed()
        self._changed()

    def remove_line(self, line_id: str, approval: Approval) -> None:
        """An attendant takes a line off (``kiosk.removal`` approval on the sale)."""
        self.sale.cart.line(line_id)
        self._record(approval)
        self.sale.void_line(line_id)  # audited, draft saved
        self._removals.discard(line_id)
        self._price_checks.discard(line_id)
        self._changed()

    def override_price(
        self, line_id: str, unit_price_minor: int, reason: str, by: StaffUser, approval: Approval
    ) -> CartLine:
        """An attendant's price for a line, within what their role may reduce (the cart's
        approval policy), recorded as ``approval`` on the sale."""
        self.sale.require_selling()
        try:
            line = self.sale.cart.override_price(line_id, unit_price_minor, by.role, reason)
        except UserError as error:
            if error.code != "approval.required":
                raise
            raise UserError(
                "approval.insufficient_role",
                f"{by.name} ({by.role.value}) may not reduce this price so far",
                **(error.params | {"action": approval.action}),
            ) from None
        self._record(approval)
        self._price_checks.discard(line_id)
        self.sale.cart_changed()
        self._changed()
        return line

    def _record(self, approval: Approval) -> None:
        self.sale.cart.approvals.append(approval)
        self.sale.audit_approval(approval)

    # -- help, activity, the end of a customer -----------------------------------------------

    def call_help(self, reason: str = "help") -> None:
        """The customer asks for a member of staff (``reason``: a help reason code)."""
        if not reason.strip():
            raise UserError("kiosk.help_reason", "A help call needs a reason code")
        self.touch()
        self.help_reason = reason.strip()
        self._changed(Change.HELP)

    def cancel_help(self) -> None:
        self.help_reason = None
        self._changed(Change.HELP)

    def touch(self) -> None:
        """A customer action: the session records it (the idle timer lives in the UI)."""
        self.last_activity = self._clock.now()
        if not self._in_use:
            self._in_use = True
            self._report()

    def wipe(self, reason: str = "idle") -> None:
        """Start over for the next customer: the basket is voided (audited with ``reason``:
        idle, customer or attendant) with its draft, the language is the default again, and
        help calls, removals and price checks are forgotten."""
        if reason not in WIPE_REASONS:
            raise UserError(
                "kiosk.wipe_reason", f"A wipe is {', '.join(WIPE_REASONS)}", reason=reason
            )
        sale = self.sale
        if self.flow.stage is Stage.PAYING:
            if sale.payment is not None and sale.payment.tenders:
                raise UserError("payment.in_progress", "A payment was taken: finish the sale first")
            sale.payment = None
            self.flow.set_stage(Stage.SELLING)
        if not sale.cart.is_empty:
            sale.void_sale(reason)
            log.info("Kiosk basket voided (%s)", reason)
        if self._seller.day_open:
            sale.start_next_sale()  # no draft left, not even approvals of an empty basket
        self.help_reason = None
        self.last_scanned = None
        self._removals.clear()
        self._price_checks.clear()
        self._in_use = False
        self.last_activity = None
        if self.flow.language != self.default_language:
            self.flow.set_language(self.default_language)
        self._changed(Change.HELP)

    # -- what listeners and the reporter hear ----------------------------------------------

    def state(self) -> tuple[str, str]:
        """(state, reason) as the kiosk reports it: needs_help with the help call's reason or
        the first waiting approval's, paying, in_use, idle."""
        if self.help_reason:
            return NEEDS_HELP, self.help_reason
        waiting = self.pending_approvals()
        if waiting:
            return NEEDS_HELP, waiting[0].kind.help_reason
        if self.flow.stage is Stage.PAYING:
            return PAYING, ""
        if self._in_use or not self.sale.cart.is_empty:
            return IN_USE, ""
        return IDLE, ""

    def _changed(self, *changes: Change) -> None:
        self.flow.notify(Change.APPROVALS, *changes)
        self._report(basket=True)

    def _heard(self, change: Change) -> None:
        if change is Change.STAGE and self.flow.stage is Stage.DONE:
            # The sale is paid: its removals and price checks belong to it.
            self._removals.clear()
            self._price_checks.clear()
            self.last_scanned = None
        if change in (Change.STAGE, Change.CART):
            self._report(basket=change is Change.CART)

    def _report(self, *, basket: bool = False) -> None:
        """Tell ``on_state`` a new state, and the same one again when the basket or what waits
        on it may have changed: the listener reports the basket's size with the state."""
        current = self.state()
        if current == self._reported and not basket:
            return
        self._reported = current
        if self._on_state is not None:
            self._on_state(*current)


def _check_quantity(quantity: int) -> None:
    if isinstance(quantity, bool) or not 1 <= quantity <= MAX_QUANTITY:
        raise UserError("kiosk.quantity", f"A quantity is 1 to {MAX_QUANTITY}", quantity=quantity)
