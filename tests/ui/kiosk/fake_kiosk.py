"""A stand-in for the Qt-free kiosk core (KIOSK_CONTRACT.md: KioskSession, AttendantSession,
KioskPayment), in memory, behaving as the contract says: an age item is added and queues an
approval, payment is refused while approvals wait, a removal may wait for an attendant, the
scale answers in ScaleError codes, a wipe forgets everything.

The screens' tests and the screenshots drive the kiosk window over it until the real core
is on main, and for states the real one reaches only with real hardware.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from pos_app.checkout.events import Change, Flow, Stage
from pos_app.checkout.sale import SaleResult
from pos_app.domain.cart import Cart, CartLine, ProductInfo
from pos_app.domain.ids import new_id
from pos_app.domain.roles import Role
from pos_app.errors import UserError
from pos_app.services.sale_document import CompletedSale
from pos_app.services.shifts import ShiftClose
from pos_app.services.users import StaffUser


class BadgeScanned(Exception):  # as the core's: a signal for the UI, not an error
    def __init__(self, code: str) -> None:
        super().__init__("A staff badge was scanned")
        self.code = code


class ApprovalKind(StrEnum):
    AGE = "age"
    REMOVAL = "removal"
    PRICE_OVERRIDE = "price_override"
    BASKET_LIMIT = "basket_limit"


class PaymentOutcome(StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    TIMEOUT = "timeout"
    IN_PROGRESS = "in_progress"
    LINK_LOST = "link_lost"


@dataclass(frozen=True)
class PendingApproval:
    approval_id: str
    kind: ApprovalKind
    line_id: str | None
    product_name: str
    min_age: int = 0


@dataclass(frozen=True)
class PluItem:
    product_id: str
    sku: str
    name: str
    names: dict[str, str]
    unit_price_minor: int
    sold_by_weight: bool
    image: Path | None


@dataclass(frozen=True)
class CardOutcome:
    outcome: PaymentOutcome
    result: SaleResult | None
    message: str


def product(
    sku: str,
    name: str,
    en: str,
    price_minor: int,
    *,
    by_weight: bool = False,
    min_age: int = 0,
    restriction: str | None = None,
) -> ProductInfo:
    return ProductInfo(
        product_id=f"p-{sku}",
        sku=sku,
        name=name,
        unit_price_minor=price_minor,
        vat_rate=20,
        sold_by_weight=by_weight,
        names={"tr": name, "en": en},
        min_age=min_age,
        restriction=restriction,
    )


MILK = product("SUT1L", "Süt 1 L", "Milk 1 L", 3450)
BREAD = product("EKMEK", "Ekmek", "Bread", 1250)
BEER = product("EFES50", "Efes Pilsen 50 cl", "Efes Pilsen 50 cl", 6500, min_age=18)
RAKI = product(
    "RAKI70", "Yeni Rakı 70 cl", "Yeni Raki 70 cl", 89000, min_age=18, restriction="alcohol"
)
BANANA = product("MUZ", "Muz", "Bananas", 5990, by_weight=True)
TOMATO = product("DOMATES", "Domates", "Tomatoes", 2990, by_weight=True)
APPLE = product("ELMA", "Elma", "Apples", 3490, by_weight=True)

BARCODES = {
    "8690000000017": MILK,
    "8690000000024": BREAD,
    "8690000000031": BEER,
    "8690000000048": RAKI,
}


@dataclass
class FakeScale:
    """The scale's next answer: a weight in grams, or a ScaleError code."""

    weight_milli: int = 1250
    error: str | None = None

    def read(self) -> int:
        if self.error is not None:
            messages = {
                "scale.zero": "Nothing on the scale",
                "scale.unstable": "The scale is not still",
                "scale.overload": "Too heavy",
                "scale.unavailable": "The scale does not answer",
            }
            raise UserError(self.error, messages.get(self.error, self.error))
        return self.weight_milli


@dataclass
class FakeKioskSession:
    flow: Flow
    default_language: str = "tr"
    scale: FakeScale | None = None
    images: dict[str, Path | None] = field(default_factory=dict)
    removal_needs_attendant: bool = True
    basket_limit_minor: int = 500_000
    forbidden_groups: set[str] = field(default_factory=set)  # groups refused right now
    restricted_hours: dict[str, str] = field(default_factory=lambda: {"alcohol": "22:00-06:00"})
    day_open: bool = True
    help_reason: str | None = None
    touched: int = 0
    wipes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sale = _Sale(Cart())
        self.language = self.default_language
        self.approvals: list[PendingApproval] = []
        self.plu = [BANANA, TOMATO, APPLE]

    def set_language(self, lang: str) -> None:
        self.language = lang
        self.flow.set_language(lang)

    def _start(self) -> None:
        if not self.day_open:
            raise UserError("kiosk.closed", "No kiosk day is open")
        if self.flow.stage is Stage.DONE:
            self.sale = _Sale(Cart())
        self.flow.set_stage(Stage.SELLING)

    def scan(self, code: str) -> CartLine:
        if code.strip().upper().startswith("STAFF-"):
            raise BadgeScanned(code.strip())
        self._start()
        found = BARCODES.get(code)
        if found is None:
            raise UserError("scan.unknown", f"No product with barcode {code}", code=code)
        if found.restriction in self.forbidden_groups:
            raise UserError(
                "restriction.hours",
                f"{found.restriction} is not sold at this hour",
                restriction=found.restriction,
                hours=self.restricted_hours[found.restriction or ""],
            )
        return self._add(found, 1)

    def _add(self, info: ProductInfo, quantity: Decimal | int) -> CartLine:
        same = [x for x in self.sale.cart.lines if x.product.product_id == info.product_id]
        if same and not info.sold_by_weight:  # the same item adds to its line
            line = same[0]
            line.quantity += Decimal(quantity)
        else:
            line = self.sale.cart.add(info, quantity, merge=False)
        if info.min_age and not any(
            a.kind is ApprovalKind.AGE and a.line_id == line.line_id for a in self.approvals
        ):
            self.approvals.append(
                PendingApproval(
                    new_id(),
                    ApprovalKind.AGE,
                    line.line_id,
                    info.name_in(self.language),
                    info.min_age,
                )
            )
        self.flow.notify(Change.CART)
        return line

    def plu_items(self) -> list[PluItem]:
        items = [
            PluItem(
                p.product_id,
                p.sku,
                p.name,
                p.names,
                p.unit_price_minor,
                p.sold_by_weight,
                self.images.get(p.sku),
            )
            for p in self.plu
        ]
        return sorted(items, key=lambda item: item.names.get(self.language, item.name))

    def add_weighed(self, product_id: str) -> CartLine:
        self._start()
        info = next(p for p in self.plu if p.product_id == product_id)
        if self.scale is None:
            raise UserError("scale.none", "No scale at this kiosk")
        grams = self.scale.read()
        return self._add(info, Decimal(grams) / 1000)

    def _line(self, line_id: str) -> CartLine:
        for line in self.sale.cart.lines:
            if line.line_id == line_id:
                return line
        raise UserError("cart.no_line", "No such line")

    def set_quantity(self, line_id: str, quantity: int) -> None:
        if not 1 <= quantity <= 99:
            raise UserError("kiosk.quantity", "1 to 99", quantity=quantity)
        self._line(line_id).quantity = Decimal(quantity)
        self.flow.notify(Change.CART)

    def request_removal(self, line_id: str) -> bool:
        line = self._line(line_id)
        if not self.removal_needs_attendant:
            self._remove(line_id)
            return True
        if not any(a.kind is ApprovalKind.REMOVAL and a.line_id == line_id for a in self.approvals):
            self.approvals.append(
                PendingApproval(
                    new_id(), ApprovalKind.REMOVAL, line_id, line.product.name_in(self.language)
                )
            )
        self.flow.notify(Change.CART)
        return False

    def removal_pending(self, line_id: str) -> bool:
        return any(a.kind is ApprovalKind.REMOVAL and a.line_id == line_id for a in self.approvals)

    def _remove(self, line_id: str) -> None:
        self.sale.cart.lines = [x for x in self.sale.cart.lines if x.line_id != line_id]
        self.approvals = [a for a in self.approvals if a.line_id != line_id]
        self.flow.notify(Change.CART)

    def pending_approvals(self) -> list[PendingApproval]:
        waiting = list(self.approvals)
        if self.sale.cart.totals().total_minor > self.basket_limit_minor:
            waiting.append(PendingApproval("basket-limit", ApprovalKind.BASKET_LIMIT, None, ""))
        return waiting

    def payment_blockers(self) -> list[PendingApproval]:
        return self.pending_approvals()

    def call_help(self, reason: str = "help") -> None:
        self.help_reason = reason
        self.flow.notify(Change.SESSION)

    def cancel_help(self) -> None:
        self.help_reason = None
        self.flow.notify(Change.SESSION)

    def wipe(self, reason: str = "idle") -> None:
        self.wipes.append(reason)
        self.sale = _Sale(Cart())
        self.approvals = []
        self.help_reason = None
        self.language = self.default_language
        self.flow.set_language(self.default_language)
        self.flow.set_stage(Stage.SIGNED_OUT)
        self.flow.notify(Change.CART)

    def touch(self) -> None:
        self.touched += 1


@dataclass
class _Sale:
    cart: Cart
    last_result: SaleResult | None = None


BADGES = {"STAFF-MEHMET0000000000": "u-mehmet", "STAFF-ZEYNEP0000000000": "u-zeynep"}
USERS = {
    "u-mehmet": (StaffUser("u-mehmet", "Mehmet", Role.SUPERVISOR, True), "583916"),
    "u-zeynep": (StaffUser("u-zeynep", "Zeynep", Role.MANAGER, True), "739164"),
}


@dataclass
class FakeAttendant:
    session: FakeKioskSession
    user: StaffUser | None = None
    reprints: int = 0
    z_no: int = 0
    approved: list[tuple[str, str]] = field(default_factory=list)  # (kind, by whom)

    @property
    def may_close_app(self) -> bool:
        return self.user is not None and self.user.role is Role.MANAGER

    def open_by_badge(self, code: str) -> StaffUser:
        user_id = BADGES.get(code)
        if user_id is None:
            raise UserError("badge.unknown", "Unknown badge")
        self.user = USERS[user_id][0]
        return self.user

    def open_by_pin(self, user_id: str, pin: str) -> StaffUser:
        user, right = USERS[user_id]
        if pin != right:
            raise UserError("users.wrong_pin", "Wrong PIN", attempts=1)
        self.user = user
        return user

    def _require(self) -> StaffUser:
        if self.user is None:
            raise UserError("approval.required", "Service mode is closed")
        return self.user

    def leave(self) -> None:
        self.user = None

    def approve(self, approval_id: str) -> None:
        user = self._require()
        session = self.session
        approval = next(a for a in session.pending_approvals() if a.approval_id == approval_id)
        self.approved.append((approval.kind.value, user.name))
        if approval.kind is ApprovalKind.REMOVAL and approval.line_id is not None:
            session._remove(approval.line_id)
        session.approvals = [a for a in session.approvals if a.approval_id != approval_id]
        if approval.kind is ApprovalKind.BASKET_LIMIT:
            session.basket_limit_minor = 10**12
        session.flow.notify(Change.CART)

    def approve_all(self) -> None:
        for approval in self.session.pending_approvals():
            self.approve(approval.approval_id)

    def remove_line(self, line_id: str) -> None:
        self._require()
        self.session._remove(line_id)

    def void_basket(self) -> None:
        self._require()
        self.session.sale = _Sale(Cart())
        self.session.approvals = []
        self.session.flow.notify(Change.CART)

    def reprint_last(self) -> str:
        self._require()
        self.reprints += 1
        return "job-1"

    def open_day(self) -> None:
        self._require()
        self.session.day_open = True
        self.session.flow.notify(Change.SESSION)

    def close_day(self) -> ShiftClose:
        self._require()
        self.session.day_open = False
        self.z_no += 1
        self.session.flow.notify(Change.SESSION)
        return ShiftClose("shift-1", 0, 0, z_no=self.z_no)


@dataclass
class FakePayment:
    """The card terminal's answers: ``mode`` approve | decline | lost; ``gate`` (set by
    default) holds the worker before the answer so a test can look at the progress."""

    session: FakeKioskSession
    mode: str = "approve"
    steps: tuple[str, ...] = ("present_card", "enter_pin", "processing", "remove_card")
    step_s: float = 0.01
    printed: int = 0
    attempts: int = 0
    gate: threading.Event = field(default_factory=threading.Event)
    _url: str | None = None

    def __post_init__(self) -> None:
        self.gate.set()

    def pay_by_card(self, on_progress: Callable[[str], None] | None = None) -> CardOutcome:
        session = self.session
        if session.payment_blockers():
            raise UserError("payment.blocked", "Approvals are waiting")
        self.attempts += 1
        for step in self.steps:
            if on_progress is not None:
                on_progress(step)
            time.sleep(self.step_s)
            if step == "processing":
                self.gate.wait(10)
        if self.mode == "decline":
            return CardOutcome(PaymentOutcome.DECLINED, None, "05 do not honour")
        if self.mode == "lost":
            return CardOutcome(PaymentOutcome.LINK_LOST, None, "no answer")
        total = session.sale.cart.totals().total_minor
        token = new_id().replace("-", "")
        sale = CompletedSale(new_id(), "S01-K01-000001", "sale", total, 0, receipt_token=token)
        result = SaleResult(sale, 0, None, receipt_choice="ereceipt")
        session.sale.last_result = result
        self._url = f"https://pos.example.com/r/{token}"
        session.flow.set_stage(Stage.DONE)
        return CardOutcome(PaymentOutcome.APPROVED, result, "")

    def receipt_url(self) -> str | None:
        return self._url

    def print_receipt(self) -> str:
        self.printed += 1
        return "job-2"


@dataclass
class FakeKiosk:
    session: FakeKioskSession
    attendant: FakeAttendant
    payment: FakePayment
    flow: Flow


def fake_kiosk(
    language: str = "tr",
    *,
    scale: FakeScale | None = None,
    images: dict[str, Path | None] | None = None,
) -> FakeKiosk:
    flow = Flow(language=language)
    session = FakeKioskSession(flow, language, scale=scale, images=images or {})
    return FakeKiosk(session, FakeAttendant(session), FakePayment(session), flow)


def staff_users() -> list[StaffUser]:
    return [user for user, _pin in USERS.values()]
