"""The cashier's Register over the real services, checked against the database afterwards."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.engine import RowMapping

from pos_app.app import build_register
from pos_app.checkout.events import Change, Stage
from pos_app.checkout.register import Register
from pos_app.checkout.sale import SaleResult
from pos_app.devices.drawer import DrawerOutcome, DrawerState, NoDrawer
from pos_app.domain.barcodes import DEFAULT_LAYOUTS, encode_embedded
from pos_app.domain.cart import Discount
from pos_app.domain.tenders import TenderKind
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.storage.tables import table
from tests.conftest import Staff
from tests.fakes import SEED, FakeClock

BARCODE = {p.sku: p.barcode for p in SEED if p.barcode}
MILK, TEA, SOAP, BREAD = BARCODE["MILK1L"], BARCODE["TEA1KG"], BARCODE["SOAP"], BARCODE["BREAD"]
PRICE = {p.sku: p.price_minor for p in SEED}
FLOAT = 50000


def apple(kg: str) -> str:
    """A shelf-scale label for the apples (PLU 00101) with the weight embedded."""
    return encode_embedded(DEFAULT_LAYOUTS[0], "00101", Decimal(kg))


class RecordingDrawer:
    """A drawer that opens every time and remembers why."""

    def __init__(self) -> None:
        self.reasons: list[str] = []

    def open(self, *, reason: str) -> DrawerOutcome:
        self.reasons.append(reason)
        return DrawerOutcome(DrawerState.OPENED)


# -- database helpers ----------------------------------------------------------------------


def rows(services: Services, name: str, *where: ColumnElement[bool]) -> list[RowMapping]:
    t = table(name)
    statement = select(t)
    if where:
        statement = statement.where(*where)
    with services.engine.connect() as conn:
        return list(conn.execute(statement).mappings().all())


def count(services: Services, name: str, *where: ColumnElement[bool]) -> int:
    t = table(name)
    statement = select(func.count()).select_from(t)
    if where:
        statement = statement.where(*where)
    with services.engine.connect() as conn:
        return int(conn.execute(statement).scalar_one())


def audits(services: Services, action: str) -> list[RowMapping]:
    return rows(services, "audit_entry", table("audit_entry").c.action == action)


def detail(entry: RowMapping) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(entry["detail_json"])
    return result


def draft_lines(services: Services) -> list[dict[str, Any]] | None:
    found = rows(services, "draft_sale")
    if not found:
        return None
    lines: list[dict[str, Any]] = json.loads(found[0]["cart_json"])["lines"]
    return lines


def tenders_of(services: Services, sale_id: str) -> list[RowMapping]:
    return rows(services, "sale_tender", table("sale_tender").c.sale_id == sale_id)


def stock_of(services: Services, product_id: str) -> int:
    t = table("stock_movement")
    with services.engine.connect() as conn:
        return int(
            conn.execute(
                select(func.coalesce(func.sum(t.c.qty_milli), 0)).where(
                    t.c.product_id == product_id
                )
            ).scalar_one()
        )


# -- register helpers ----------------------------------------------------------------------


def selling(
    services: Services,
    staff: Staff,
    drawer: RecordingDrawer | NoDrawer | None = None,
) -> Register:
    """A register with the cashier signed in and a shift open (float 500.00 TL)."""
    register = build_register(services, drawer or NoDrawer())
    register.sign_in(staff.cashier.user_id, "4826")
    if register.staff.shift is None:
        register.staff.open_shift(FLOAT)
    assert stage_of(register) is Stage.SELLING
    return register


def sell(register: Register, *codes: str, card: str = "") -> SaleResult:
    """Scan, pay the whole amount in exact cash (or on a card with approval ``card``), finish."""
    for code in codes:
        register.sale.scan(code)
    payment = register.payment.begin_payment()
    if card:
        register.payment.pay_card(payment.remaining_minor, card)
    else:
        register.payment.pay_cash(payment.cash_due_minor())
    return register.payment.finish()


def stage_of(register: Register) -> Stage:
    """The register's stage, read afresh (keeps type checkers from narrowing it)."""
    return register.stage


@contextmanager
def raises(code: str) -> Iterator[pytest.ExceptionInfo[UserError]]:
    """``pytest.raises(UserError)`` that also checks the dotted code."""
    with pytest.raises(UserError) as info:
        yield info
    assert info.value.code == code, (info.value.code, info.value.message)


# -- sign-in and shift ---------------------------------------------------------------------


def test_sign_in_wrong_pin_lock_out_and_shift(
    services: Services, staff: Staff, clock: FakeClock
) -> None:
    register = build_register(services, NoDrawer())
    assert stage_of(register) is Stage.SIGNED_OUT
    assert {u.name for u in register.staff.active_staff()} == {"Ayşe", "Mehmet", "Zeynep"}
    attempts = services.settings.pin_max_attempts
    assert attempts == 5
    for number in range(1, attempts):
        with raises("users.wrong_pin") as err:
            register.sign_in(staff.cashier.user_id, "0000")
        assert err.value.params["attempts"] == number
        assert err.value.params["left"] == attempts - number
        assert register.staff.user is None
    with raises("users.locked") as err:  # the last try locks, and says for how long
        register.sign_in(staff.cashier.user_id, "0000")
    assert err.value.params["minutes"] == 5
    locked_out = audits(services, "user.locked_out")
    assert len(locked_out) == 1
    assert locked_out[0]["user_id"] == staff.cashier.user_id
    assert detail(locked_out[0]) == {"attempts": attempts, "lockouts": 1, "minutes": 5}
    # the right PIN does not help while the lock lasts
    with raises("users.locked"):
        register.sign_in(staff.cashier.user_id, "4826")
    assert register.staff.user is None
    assert stage_of(register) is Stage.SIGNED_OUT

    clock.advance(minutes=services.settings.pin_lockout_minutes[0] + 1)
    user = register.sign_in(staff.cashier.user_id, "4826")
    assert user.user_id == staff.cashier.user_id
    assert register.staff.role.value == "cashier"
    assert register.staff.shift is None
    assert stage_of(register) is Stage.NEEDS_SHIFT
    with raises("shift.not_open"):
        register.sale.scan(MILK)
    assert draft_lines(services) is None

    shift = register.staff.open_shift(FLOAT)
    assert stage_of(register) is Stage.SELLING
    assert register.staff.expected_cash() == FLOAT
    (row,) = rows(services, "shift")
    assert row["id"] == shift.shift_id
    assert row["user_id"] == staff.cashier.user_id
    assert row["opening_float_minor"] == FLOAT
    assert row["closed_at"] is None
    assert len(audits(services, "shift.opened")) == 1


def test_a_second_register_joins_the_open_shift(services: Services, staff: Staff) -> None:
    first = selling(services, staff)
    other = build_register(services, NoDrawer())
    other.sign_in(staff.supervisor.user_id, "583916")
    assert stage_of(other) is Stage.SELLING
    assert other.staff.shift is not None and first.staff.shift is not None
    assert other.staff.shift.shift_id == first.staff.shift.shift_id
    with raises("shift.already_open"):
        other.staff.open_shift(0)


def test_signed_out_register_refuses_to_sell(services: Services, staff: Staff) -> None:
    register = build_register(services, NoDrawer())
    with raises("shift.not_open"):
        register.sale.scan(MILK)
    with raises("session.signed_out"):
        register.sign_out()
    with raises("session.signed_out"):
        register.staff.open_shift(FLOAT)


# -- scanning and selling ------------------------------------------------------------------


def test_scanning_barcodes_weight_labels_and_skus(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    changes: list[tuple[Change, int]] = []
    register.subscribe(lambda change: changes.append((change, len(draft_lines(services) or []))))

    milk = register.sale.scan(MILK)
    again = register.sale.scan(f"  {MILK}\n")  # scanners may add whitespace
    assert again.line_id == milk.line_id
    assert milk.quantity == 2
    weighed = register.sale.scan(apple("1.250"))
    assert weighed.product.sku == "APPLE"
    assert weighed.quantity == Decimal("1.250")
    soap = register.sale.scan("SOAP")  # typed SKU
    assert soap.product.sku == "SOAP" and soap.quantity == 1
    assert [line.product.sku for line in register.sale.cart.lines] == ["MILK1L", "APPLE", "SOAP"]
    total = 2 * PRICE["MILK1L"] + 6238 + PRICE["SOAP"]  # 1.25 kg x 49.90 = 62.375 -> 62.38
    assert register.sale.cart.totals().total_minor == total
    # listeners hear of a change only after the draft holds it
    assert (Change.CART, 3) in changes
    assert changes[-1] == (Change.CART, 3)

    before = [(line.line_id, line.quantity) for line in register.sale.cart.lines]
    saved = draft_lines(services)
    heard = len(changes)
    for bad in ("8690000009999", "   ", "NOPE"):
        with raises("cart.unknown_barcode"):
            register.sale.scan(bad)
    assert [(line.line_id, line.quantity) for line in register.sale.cart.lines] == before
    assert draft_lines(services) == saved
    assert len(changes) == heard

    bread = register.sale.scan(BREAD)
    assert bread.product.sku == "BREAD"
    assert len(register.sale.cart.lines) == 4
    assert len(draft_lines(services) or []) == 4


def test_weight_label_for_a_piece_item_is_refused(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    register.sale.scan(apple("0.500"))
    assert register.sale.cart.lines[0].quantity == Decimal("0.500")
    # the same weighed product again is a new line, never merged
    register.sale.scan(apple("0.300"))
    assert [line.quantity for line in register.sale.cart.lines] == [Decimal("0.5"), Decimal("0.3")]
    with raises("cart.quantity_not_positive"):
        register.sale.set_quantity(register.sale.cart.lines[0].line_id, Decimal(0))


def test_split_payment_sale_writes_everything(services: Services, staff: Staff) -> None:
    drawer = RecordingDrawer()
    register = selling(services, staff, drawer)
    register.sale.scan(MILK)
    register.sale.scan(MILK)
    register.sale.scan(apple("1.250"))
    register.sale.scan("SOAP")
    register.sale.scan(BREAD)
    cart_id = register.sale.cart.cart_id
    total = 2 * 4550 + 6238 + 8990 + 1500
    assert total == 25828

    payment = register.payment.begin_payment()
    assert stage_of(register) is Stage.PAYING
    assert payment.due_minor == total
    with raises("sale.not_selling"):
        register.sale.scan(MILK)
    with raises("payment.approval_code_missing"):
        register.payment.pay_card(10000, "  ")
    with raises("payment.card_over_due"):
        register.payment.pay_card(total + 1, "A1B2C3")
    card = register.payment.pay_card(10000, " A1B2C3 ")
    assert card.approval_code == "A1B2C3"
    with raises("payment.card_taken"):
        register.payment.cancel_payment()
    with raises("payment.in_progress"):
        register.sign_out()
    cash = register.payment.pay_cash(20000)
    assert cash.amount_minor == total - 10000
    assert cash.change_minor == 20000 - (total - 10000)
    assert drawer.reasons == []

    result = register.payment.finish()
    assert drawer.reasons == ["sale"]
    assert result.drawer == DrawerOutcome(DrawerState.OPENED)
    assert result.change_minor == 4172
    assert result.refund is None
    assert result.sale.receipt_no == "S01-T01-000001"
    assert result.sale.sale_id == cart_id
    assert register.sale.last_result is result
    assert stage_of(register) is Stage.DONE
    assert register.sale.cart.is_empty and register.sale.payment is None

    (sale,) = rows(services, "sale")
    assert sale["id"] == cart_id
    assert sale["kind"] == "sale"
    assert sale["total_minor"] == total
    assert sale["cashier_id"] == staff.cashier.user_id
    assert register.staff.shift is not None
    assert sale["shift_id"] == register.staff.shift.shift_id
    assert json.loads(sale["approvals_json"]) == []
    lines = {
        r["sku"]: r for r in rows(services, "sale_line", table("sale_line").c.sale_id == cart_id)
    }
    assert {sku: r["qty_milli"] for sku, r in lines.items()} == {
        "MILK1L": 2000,
        "APPLE": 1250,
        "SOAP": 1000,
        "BREAD": 1000,
    }
    assert lines["MILK1L"]["barcode"] == MILK
    assert sum(r["total_minor"] for r in lines.values()) == total
    tenders = {r["kind"]: r for r in tenders_of(services, cart_id)}
    assert set(tenders) == {"card", "cash"}
    assert tenders["card"]["amount_minor"] == 10000
    assert tenders["card"]["approval_code"] == "A1B2C3"
    assert tenders["cash"]["amount_minor"] == 15828
    assert tenders["cash"]["tendered_minor"] == 20000
    assert tenders["cash"]["change_minor"] == 4172
    (job,) = rows(services, "print_job")
    assert (job["sale_id"], job["kind"], job["status"]) == (
        cart_id,
        "receipt",
        "preview",
    )  # no printer set up
    document = json.loads(job["document_json"])
    assert document["cashier_name"] == "Ayşe"
    assert document["receipt_no"] == "S01-T01-000001"
    (fact,) = rows(services, "outbox")
    assert fact["kind"] == "order.completed"
    payload = json.loads(fact["payload_json"])
    assert payload["order_id"] == cart_id
    assert payload["total_minor"] == total
    assert len(payload["stock_movements"]) == 4
    assert stock_of(services, "p-milk") == -2000
    assert stock_of(services, "p-apple") == -1250
    assert stock_of(services, "p-soap") == -1000
    assert stock_of(services, "p-bread") == -1000
    assert count(services, "stock_movement") == 4
    assert draft_lines(services) is None
    assert register.staff.expected_cash() == FLOAT + 15828

    # the next scan leaves the thank-you screen and starts a new sale
    register.sale.scan(TEA)
    assert stage_of(register) is Stage.SELLING
    assert register.sale.cart.cart_id != cart_id
    assert [line.product.sku for line in register.sale.cart.lines] == ["TEA1KG"]
    assert len(draft_lines(services) or []) == 1
    second = sell(register, card="ZZ9")
    assert second.sale.receipt_no == "S01-T01-000002"
    assert second.drawer is None  # no cash, no drawer
    assert drawer.reasons == ["sale"]


def test_card_only_sale_keeps_drawer_shut_and_next_sale(services: Services, staff: Staff) -> None:
    drawer = RecordingDrawer()
    register = selling(services, staff, drawer)
    result = sell(register, SOAP, card="C0FFEE")
    assert result.drawer is None and drawer.reasons == []
    assert stage_of(register) is Stage.DONE
    register.sale.next_sale()
    assert stage_of(register) is Stage.SELLING
    assert register.sale.cart.is_empty


def test_payment_can_be_cancelled_and_tenders_removed(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    with raises("sale.empty"):
        register.payment.begin_payment()
    with raises("payment.not_started"):
        register.payment.pay_cash(100)
    register.sale.scan(TEA)
    register.payment.begin_payment()
    card = register.payment.pay_card(10000, "OK1")
    register.payment.remove_tender(card.tender_id)
    register.payment.cancel_payment()
    assert stage_of(register) is Stage.SELLING and register.sale.payment is None
    register.sale.scan(MILK)  # the cart can change again
    payment = register.payment.begin_payment()
    assert payment.due_minor == 29990 + 4550
    register.payment.pay_cash(payment.cash_due_minor())
    with raises("payment.already_paid"):
        register.payment.pay_cash(100)
    assert register.payment.finish().sale.total_minor == 34540


def test_quick_cash_amounts(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    register.sale.scan(MILK)
    with raises("payment.not_started"):
        register.payment.quick_cash_amounts()
    register.payment.begin_payment()
    assert register.payment.quick_cash_amounts() == [4550, 5000, 10000, 20000]
    register.payment.pay_card(550, "X1")
    assert register.payment.quick_cash_amounts() == [4000, 5000, 10000, 20000]
    register.payment.pay_cash(4000)
    assert register.payment.quick_cash_amounts() == []
    register.payment.finish()

    register.sale.scan(BREAD)
    register.payment.begin_payment()
    assert register.payment.quick_cash_amounts() == [1500, 2000, 5000, 10000]
    register.payment.cancel_payment()
    register.sale.void_sale()

    register.sale.scan(TEA)
    register.payment.begin_payment()
    assert register.payment.quick_cash_amounts() == [29990, 30000, 40000]


# -- discounts and approvals ---------------------------------------------------------------


def test_line_discount_beyond_the_cashier_limit_needs_an_approval(
    services: Services, staff: Staff
) -> None:
    register = selling(services, staff)
    line = register.sale.scan(TEA)
    with raises("approval.required") as err:
        register.sale.line_discount(line.line_id, Discount.percent(20))
    assert err.value.params["action"] == "discount.line"
    assert register.sale.cart.lines[0].discount is None
    # within the cashier's own limit no approval is needed
    register.sale.line_discount(line.line_id, Discount.percent(10))
    register.sale.line_discount(line.line_id, None)

    with raises("users.wrong_pin"):
        register.staff.approve(staff.supervisor.user_id, "0000", "discount.line")
    with raises("approval.insufficient_role"):
        register.staff.approve(staff.cashier.user_id, "4826", "discount.line")
    assert [u.name for u in register.staff.approvers()] == ["Mehmet", "Zeynep"]

    approval = register.staff.approve(staff.supervisor.user_id, "583916", "discount.line", "dented")
    assert approval.approver_id == staff.supervisor.user_id
    assert approval.action == "discount.line"
    # an approval for another action does not count
    other = register.staff.approve(staff.supervisor.user_id, "583916", "price.override")
    with raises("approval.required"):
        register.sale.line_discount(line.line_id, Discount.percent(20), other)
    # a supervisor may not approve beyond their own limit (30 %)
    with raises("approval.insufficient_role"):
        register.sale.line_discount(line.line_id, Discount.percent(50), approval)

    register.sale.line_discount(line.line_id, Discount.percent(20), approval)
    assert register.sale.cart.totals().total_minor == 23992
    granted = audits(services, "approval.granted")
    assert len(granted) == 1
    assert granted[0]["approver_id"] == staff.supervisor.user_id
    assert granted[0]["user_id"] == staff.cashier.user_id
    assert detail(granted[0])["cart_id"] == register.sale.cart.cart_id
    assert detail(granted[0])["action"] == "discount.line"
    saved = json.loads(rows(services, "draft_sale")[0]["cart_json"])
    assert [a["approver_id"] for a in saved["approvals"]] == [staff.supervisor.user_id]

    result = sell(register)
    (sale,) = rows(services, "sale")
    assert sale["total_minor"] == 23992 == result.sale.total_minor
    assert sale["line_discounts_minor"] == 5998
    recorded = json.loads(sale["approvals_json"])
    assert [(a["action"], a["approver_id"], a["detail"]) for a in recorded] == [
        ("discount.line", staff.supervisor.user_id, "dented")
    ]
    (line_row,) = rows(services, "sale_line")
    assert json.loads(line_row["discount_json"])["value"] == "20"
    on_sale = audits(services, "discount.line")
    assert len(on_sale) == 1
    assert on_sale[0]["sale_id"] == result.sale.sale_id
    assert on_sale[0]["approver_id"] == staff.supervisor.user_id
    payload = json.loads(rows(services, "outbox")[0]["payload_json"])
    assert payload["approvals"][0]["approver_id"] == staff.supervisor.user_id


def test_wrong_approver_pins_count_towards_lock_out(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    for _ in range(services.settings.pin_max_attempts - 1):
        with raises("users.wrong_pin"):
            register.staff.approve(staff.supervisor.user_id, "1234", "discount.line")
    with raises("users.locked"):
        register.staff.approve(staff.supervisor.user_id, "1234", "discount.line")
    with raises("users.locked"):
        register.staff.approve(staff.supervisor.user_id, "583916", "discount.line")
    (entry,) = audits(services, "user.locked_out")
    assert entry["user_id"] == staff.supervisor.user_id


def test_cart_discount_and_price_override_with_approval(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    with raises("sale.empty"):
        register.sale.cart_discount(Discount.percent(5))
    line = register.sale.scan(SOAP)
    register.sale.scan(MILK)
    with raises("approval.required") as err:
        register.sale.cart_discount(Discount.percent(25))
    assert err.value.params["action"] == "discount.cart"
    approval = register.staff.approve(staff.manager.user_id, "739164", "discount.cart")
    register.sale.cart_discount(Discount.percent(25), approval)
    with raises("cart.override_reason_missing"):
        register.sale.override_price(line.line_id, 8000, " ")
    register.sale.cart_discount(None)
    override = register.staff.approve(staff.supervisor.user_id, "583916", "price.override")
    register.sale.override_price(line.line_id, 7000, "shelf label", override)
    assert register.sale.cart.lines[0].unit_price_minor == 7000
    assert len(audits(services, "approval.granted")) == 2
    result = sell(register)
    assert result.sale.total_minor == 7000 + 4550
    actions = [a["action"] for a in json.loads(rows(services, "sale")[0]["approvals_json"])]
    assert actions == ["discount.cart", "price.override"]


# -- park and resume -----------------------------------------------------------------------


def test_park_resume_and_sign_out_parks(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    with raises("park.empty"):
        register.sale.park()
    first_line = register.sale.scan(MILK)
    register.sale.scan(SOAP)
    first_id = register.sale.cart.cart_id
    parked_id = register.sale.park("blue coat")
    assert parked_id == first_id
    assert register.sale.cart.is_empty and register.sale.cart.cart_id != first_id
    assert draft_lines(services) is None
    (info,) = register.sale.parked()
    assert info.parked_id == first_id
    assert info.label == "blue coat"
    assert info.user_id == staff.cashier.user_id
    assert info.item_count == 2
    assert info.total_minor == 4550 + 8990

    register.sale.scan(BREAD)
    with raises("park.cart_not_empty"):
        register.sale.resume(parked_id)
    assert len(register.sale.parked()) == 1
    assert [line.product.sku for line in register.sale.cart.lines] == ["BREAD"]
    second_id = register.sale.park()
    assert len(register.sale.parked()) == 2

    register.sale.resume(parked_id)
    assert register.sale.cart.cart_id == first_id
    assert register.sale.cart.lines[0].line_id == first_line.line_id
    assert [line.product.sku for line in register.sale.cart.lines] == ["MILK1L", "SOAP"]
    assert [p.parked_id for p in register.sale.parked()] == [second_id]
    assert [line["product"]["sku"] for line in draft_lines(services) or []] == [
        "MILK1L",
        "SOAP",
    ]
    register.sale.void_sale()
    with raises("park.unknown"):
        register.sale.resume(parked_id)

    # a resumed sale completes under its own id
    register.sale.resume(second_id)
    result = sell(register)
    assert result.sale.sale_id == second_id
    assert register.sale.parked() == []

    # signing out with items in the cart parks them under the cashier's name
    register.sale.scan(TEA)
    tea_cart = register.sale.cart.cart_id
    out_id = register.sign_out()
    assert out_id == tea_cart
    assert stage_of(register) is Stage.SIGNED_OUT and register.staff.user is None
    assert register.sale.cart.is_empty
    assert draft_lines(services) is None
    (info,) = register.sale.parked()
    assert (info.parked_id, info.label, info.user_id) == (tea_cart, "Ayşe", staff.cashier.user_id)
    # an empty cart parks nothing
    register.sign_in(staff.cashier.user_id, "4826")
    assert stage_of(register) is Stage.SELLING and register.sale.cart.is_empty
    assert register.sign_out() is None
    assert len(register.sale.parked()) == 1


# -- the draft survives a restart ----------------------------------------------------------


def test_draft_survives_a_restart_for_the_same_user(services: Services, staff: Staff) -> None:
    before = selling(services, staff)
    before.sale.scan(MILK)
    before.sale.scan(MILK)
    soap = before.sale.scan(SOAP)
    before.sale.line_discount(soap.line_id, Discount.percent(5, "scratched"))
    before.sale.scan(apple("0.750"))
    expected = [
        (line.line_id, line.product.sku, line.quantity, line.discount)
        for line in before.sale.cart.lines
    ]
    total = before.sale.cart.totals().total_minor
    cart_id = before.sale.cart.cart_id
    del before  # the app is killed

    after = build_register(services, NoDrawer())
    assert after.sale.cart.is_empty
    after.sign_in(staff.cashier.user_id, "4826")
    assert stage_of(after) is Stage.SELLING
    assert after.sale.cart.cart_id == cart_id
    assert [
        (line.line_id, line.product.sku, line.quantity, line.discount)
        for line in after.sale.cart.lines
    ] == expected
    assert after.sale.cart.totals().total_minor == total
    assert after.sale.parked() == []
    # the restored cart goes on as before (milk is not the last line: a new line)
    after.sale.scan(MILK)
    assert [line.product.sku for line in after.sale.cart.lines] == [
        "MILK1L",
        "SOAP",
        "APPLE",
        "MILK1L",
    ]
    assert len(draft_lines(services) or []) == 4
    result = sell(after)
    assert result.sale.sale_id == cart_id
    assert count(services, "draft_sale") == 0
    assert count(services, "sale_line", table("sale_line").c.sale_id == cart_id) == 4


def test_another_user_signing_in_parks_the_orphaned_draft(services: Services, staff: Staff) -> None:
    before = selling(services, staff)
    before.sale.scan(TEA)
    before.sale.scan(BREAD)
    cart_id = before.sale.cart.cart_id
    del before

    after = build_register(services, NoDrawer())
    after.sign_in(staff.supervisor.user_id, "583916")
    assert after.sale.cart.is_empty
    assert stage_of(after) is Stage.SELLING
    assert count(services, "draft_sale") == 0
    (info,) = after.sale.parked()
    assert info.parked_id == cart_id
    assert info.user_id == staff.cashier.user_id
    assert info.label == "Ayşe"
    assert info.item_count == 2
    assert info.total_minor == 29990 + 1500
    (row,) = rows(services, "parked_sale")
    assert row["user_id"] == staff.cashier.user_id
    # the supervisor's own scans do not touch it, and it can be resumed later
    after.sale.scan(MILK)
    sell(after)
    assert len(after.sale.parked()) == 1
    after.sale.resume(cart_id)
    assert [line.product.sku for line in after.sale.cart.lines] == ["TEA1KG", "BREAD"]


# -- voids ---------------------------------------------------------------------------------


def test_void_line_and_void_sale_are_audited(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    with raises("sale.empty"):
        register.sale.void_sale()
    register.sale.scan(MILK)
    soap = register.sale.scan(SOAP)
    register.sale.scan(BREAD)
    with raises("cart.unknown_line"):
        register.sale.void_line("no-such-line")
    removed = register.sale.void_line(soap.line_id)
    assert removed.line_id == soap.line_id
    assert [line.product.sku for line in register.sale.cart.lines] == ["MILK1L", "BREAD"]
    assert [line["product"]["sku"] for line in draft_lines(services) or []] == [
        "MILK1L",
        "BREAD",
    ]
    (voided,) = audits(services, "line.voided")
    assert voided["user_id"] == staff.cashier.user_id
    assert detail(voided)["cart_id"] == register.sale.cart.cart_id
    assert detail(voided)["line"]["product"]["sku"] == "SOAP"

    cart_id = register.sale.cart.cart_id
    register.sale.void_sale("customer left")
    assert register.sale.cart.is_empty and register.sale.cart.cart_id != cart_id
    assert stage_of(register) is Stage.SELLING
    assert draft_lines(services) is None
    (entry,) = audits(services, "sale.voided")
    assert entry["user_id"] == staff.cashier.user_id
    body = detail(entry)
    assert body["reason"] == "customer left"
    assert body["total_minor"] == 4550 + 1500
    assert body["cart"]["cart_id"] == cart_id
    assert [line["product"]["sku"] for line in body["cart"]["lines"]] == ["MILK1L", "BREAD"]
    assert count(services, "sale") == 0
    assert count(services, "stock_movement") == 0


# -- returns -------------------------------------------------------------------------------


def test_return_by_receipt_to_the_original_tenders(services: Services, staff: Staff) -> None:
    drawer = RecordingDrawer()
    register = selling(services, staff, drawer)
    register.sale.scan(TEA)
    register.sale.scan(SOAP)
    register.sale.scan(SOAP)
    payment = register.payment.begin_payment()
    register.payment.pay_card(20000, "CARD01")
    register.payment.pay_cash(payment.cash_due_minor())
    original = register.payment.finish().sale
    assert original.total_minor == 29990 + 2 * 8990
    drawer.reasons.clear()

    register.sale.scan(MILK)
    with raises("return.sale_in_progress"):
        register.returns.begin_return()
    register.sale.void_sale()
    with raises("return.not_started"):
        register.returns.load_receipt(original.receipt_no)

    register.returns.begin_return()
    assert stage_of(register) is Stage.RETURNING
    with raises("return.no_receipt"):
        register.returns.set_return_quantity("x", Decimal(1))
    with raises("return.unknown_receipt"):
        register.returns.load_receipt("S01-T01-999999")
    found = register.returns.load_receipt(f" {original.receipt_no.lower()} ")
    assert found.sale_id == original.sale_id
    tea, soap = found.lines
    assert (tea.sku, soap.sku, soap.quantity) == ("TEA1KG", "SOAP", Decimal(2))

    with raises("return.quantity_exceeds_sold"):
        register.returns.set_return_quantity(soap.line_id, Decimal(3))
    with raises("cart.unknown_line"):
        register.returns.set_return_quantity("nope", Decimal(1))
    assert register.returns.returning is not None
    assert register.returns.returning.quantities == {}

    register.returns.return_scan(SOAP)
    register.returns.return_scan(SOAP)
    assert register.returns.returning.quantities == {soap.line_id: Decimal(2)}
    with raises("return.not_on_receipt"):
        register.returns.return_scan(SOAP)
    with raises("return.not_on_receipt"):
        register.returns.return_scan(MILK)
    assert register.returns.returning.refund_minor == 2 * 8990
    # the last tender (cash) is refunded first: no card involved yet
    assert register.returns.return_needs_card_approval() is False
    register.returns.set_return_quantity(tea.line_id, Decimal(1))
    assert register.returns.returning.refund_minor == original.total_minor
    assert register.returns.return_needs_card_approval() is True

    with raises("return.card_approval_missing"):
        register.returns.complete_return()
    assert count(services, "sale") == 1
    assert stage_of(register) is Stage.RETURNING

    result = register.returns.complete_return(" RF0001 ")
    refund = result.sale
    assert result.refund is refund
    assert refund.kind == "return"
    assert refund.total_minor == -original.total_minor
    assert drawer.reasons == ["refund"]
    assert stage_of(register) is Stage.DONE
    assert register.returns.returning is None

    (row,) = rows(services, "sale", table("sale").c.kind == "return")
    assert row["original_sale_id"] == original.sale_id
    refunded = {r["kind"]: r for r in tenders_of(services, refund.sale_id)}
    paid = {r["kind"]: r for r in tenders_of(services, original.sale_id)}
    assert refunded["cash"]["amount_minor"] == -paid["cash"]["amount_minor"]
    assert refunded["cash"]["reference"] == paid["cash"]["id"]
    assert refunded["card"]["amount_minor"] == -20000
    assert refunded["card"]["approval_code"] == "RF0001"
    assert refunded["card"]["reference"] == paid["card"]["id"]
    lines = rows(services, "sale_line", table("sale_line").c.sale_id == refund.sale_id)
    assert sorted((r["sku"], r["qty_milli"]) for r in lines) == [
        ("SOAP", -2000),
        ("TEA1KG", -1000),
    ]
    assert {r["original_line_id"] for r in lines} == {tea.line_id, soap.line_id}
    assert stock_of(services, "p-tea") == 0 and stock_of(services, "p-soap") == 0
    (job,) = rows(services, "print_job", table("print_job").c.sale_id == refund.sale_id)
    assert job["kind"] == "refund"
    assert count(services, "outbox", table("outbox").c.kind == "order.refunded") == 1
    (audited,) = audits(services, "refund")
    assert detail(audited)["amount_minor"] == original.total_minor
    assert register.staff.expected_cash() == FLOAT  # cash in, cash out

    # nothing is left to return on that receipt
    register.returns.begin_return()
    again = register.returns.load_receipt(original.receipt_no)
    assert all(line.returnable_quantity == 0 for line in again.lines)
    with raises("return.quantity_exceeds_sold"):
        register.returns.set_return_quantity(again.lines[0].line_id, Decimal(1))
    with raises("return.not_on_receipt"):
        register.returns.return_scan(TEA)
    with raises("return.empty"):
        register.returns.complete_return()
    # a return receipt is not itself returnable
    with raises("return.not_a_sale"):
        register.returns.load_receipt(refund.receipt_no)
    register.returns.cancel_return()
    assert stage_of(register) is Stage.SELLING
    assert count(services, "sale") == 2


def test_partial_return_then_the_rest(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    original = sell(register, MILK, MILK, MILK).sale
    register.returns.begin_return()
    found = register.returns.load_receipt(original.receipt_no)
    register.returns.return_scan(MILK)
    first = register.returns.complete_return().sale
    assert first.total_minor == -4550
    register.returns.begin_return()
    found = register.returns.load_receipt(original.receipt_no)
    assert found.lines[0].returnable_quantity == 2
    with raises("return.quantity_exceeds_sold"):
        register.returns.set_return_quantity(found.lines[0].line_id, Decimal(3))
    register.returns.set_return_quantity(found.lines[0].line_id, Decimal(2))
    second = register.returns.complete_return().sale
    assert first.total_minor + second.total_minor == -original.total_minor
    assert stock_of(services, "p-milk") == 0


def test_a_stale_return_on_another_register_is_refused(services: Services, staff: Staff) -> None:
    first = selling(services, staff)
    original = sell(first, SOAP).sale
    second = build_register(services, NoDrawer())
    second.sign_in(staff.supervisor.user_id, "583916")
    for register in (first, second):
        register.returns.begin_return()
        register.returns.load_receipt(original.receipt_no)
        register.returns.return_scan(SOAP)
    first.returns.complete_return()
    with raises("return.quantity_exceeds_sold"):
        second.returns.complete_return()
    assert count(services, "sale", table("sale").c.kind == "return") == 1
    assert stage_of(second) is Stage.RETURNING


@pytest.mark.legacy_vouchers
def test_return_to_store_credit_issues_a_voucher(services: Services, staff: Staff) -> None:
    drawer = RecordingDrawer()
    register = selling(services, staff, drawer)
    original = sell(register, TEA, card="CARD77").sale
    drawer.reasons.clear()

    register.returns.begin_return()
    register.returns.load_receipt(original.receipt_no)
    register.returns.return_scan(TEA)
    assert register.returns.return_needs_card_approval() is True
    register.returns.set_refund_to_store_credit(True)
    assert register.returns.return_needs_card_approval() is False
    result = register.returns.complete_return()
    voucher = result.sale.store_credit_voucher
    assert voucher is not None and voucher.startswith("SC-")
    assert result.drawer is None and drawer.reasons == []
    assert services.sales.voucher_balance(voucher) == 29990
    (entry,) = rows(services, "store_credit_entry")
    assert (entry["voucher_code"], entry["delta_minor"]) == (voucher, 29990)
    assert entry["sale_id"] == result.sale.sale_id
    (tender,) = tenders_of(services, result.sale.sale_id)
    assert (tender["kind"], tender["amount_minor"], tender["reference"]) == (
        "store_credit",
        -29990,
        voucher,
    )

    # spend part of it on a new sale
    register.sale.scan(SOAP)
    register.payment.begin_payment()
    with raises("payment.voucher_insufficient"):
        register.payment.pay_voucher(voucher, 30000)
    with raises("payment.voucher_insufficient"):
        register.payment.pay_voucher("SC-UNKNOWN", 100)
    credit = register.payment.pay_voucher(f" {voucher.lower()} ", 8990)
    assert credit.kind is TenderKind.STORE_CREDIT and credit.reference == voucher
    spent = register.payment.finish()
    assert spent.drawer is None
    assert services.sales.voucher_balance(voucher) == 29990 - 8990
    assert count(services, "store_credit_entry") == 2


@pytest.mark.legacy_vouchers
def test_a_voucher_cannot_be_spent_twice_in_one_sale(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    original = sell(register, TEA).sale
    register.returns.begin_return()
    register.returns.load_receipt(original.receipt_no)
    register.returns.return_scan(TEA)
    register.returns.set_refund_to_store_credit(True)
    voucher = register.returns.complete_return().sale.store_credit_voucher
    assert voucher is not None
    register.sale.scan(TEA)
    register.sale.scan(TEA)
    register.payment.begin_payment()
    register.payment.pay_voucher(voucher, 29990)
    try:
        register.payment.pay_voucher(voucher, 29990)
        register.payment.finish()
    except UserError as err:
        assert err.code == "payment.voucher_insufficient"
    assert services.sales.voucher_balance(voucher) >= 0


def test_receiptless_return_with_supervisor_approval(services: Services, staff: Staff) -> None:
    drawer = RecordingDrawer()
    register = selling(services, staff, drawer)
    register.returns.begin_return()
    with raises("return.no_receipt"):
        register.returns.return_scan(SOAP)
    with raises("approval.insufficient_role"):
        register.staff.approve(staff.cashier.user_id, "4826", "return.receiptless")
    wrong = register.staff.approve(staff.supervisor.user_id, "583916", "discount.line")
    with raises("approval.required") as err:
        register.returns.start_receiptless(wrong)
    assert err.value.params["action"] == "return.receiptless"
    approval = register.staff.approve(
        staff.supervisor.user_id, "583916", "return.receiptless", "gift"
    )
    register.returns.start_receiptless(approval)
    assert len(audits(services, "approval.granted")) == 1
    with raises("return.empty"):
        register.returns.complete_return()
    with raises("return.no_receipt"):
        register.returns.set_return_quantity("x", Decimal(1))

    register.returns.return_scan(SOAP)
    register.returns.return_scan(apple("0.500"))
    register.returns.return_scan("BREAD")
    assert register.returns.returning is not None
    assert [line.refund_minor for line in register.returns.returning.receiptless] == [
        8990,
        2495,
        1500,
    ]
    assert [line.quantity for line in register.returns.returning.receiptless] == [
        Decimal(1),
        Decimal("0.500"),
        Decimal(1),
    ]
    register.returns.remove_receiptless_line(2)
    with raises("cart.unknown_line"):
        register.returns.remove_receiptless_line(5)
    assert register.returns.returning.refund_minor == 8990 + 2495
    assert register.returns.return_needs_card_approval() is False

    result = register.returns.complete_return()
    assert result.sale.total_minor == -(8990 + 2495)
    assert drawer.reasons == ["refund"]
    (sale,) = rows(services, "sale")
    assert sale["kind"] == "return" and sale["original_sale_id"] is None
    recorded = json.loads(sale["approvals_json"])
    assert [(a["action"], a["approver_id"]) for a in recorded] == [
        ("return.receiptless", staff.supervisor.user_id)
    ]
    (tender,) = tenders_of(services, sale["id"])
    assert (tender["kind"], tender["amount_minor"]) == ("cash", -(8990 + 2495))
    lines = rows(services, "sale_line", table("sale_line").c.sale_id == sale["id"])
    assert sorted((r["sku"], r["qty_milli"], r["original_line_id"]) for r in lines) == [
        ("APPLE", -500, None),
        ("SOAP", -1000, None),
    ]
    assert stock_of(services, "p-soap") == 1000 and stock_of(services, "p-apple") == 500
    (entry,) = audits(services, "return.receiptless")
    assert entry["approver_id"] == staff.supervisor.user_id
    assert entry["sale_id"] == sale["id"]
    assert len(audits(services, "refund")) == 1
    assert register.staff.expected_cash() == FLOAT - 8990 - 2495


# -- exchanges -----------------------------------------------------------------------------


def test_exchange_for_a_dearer_item(services: Services, staff: Staff) -> None:
    drawer = RecordingDrawer()
    register = selling(services, staff, drawer)
    original = sell(register, SOAP, BREAD).sale
    drawer.reasons.clear()

    register.returns.begin_return()
    with raises("return.no_receipt"):
        register.returns.start_exchange()
    found = register.returns.load_receipt(original.receipt_no)
    with raises("return.empty"):
        register.returns.start_exchange()
    register.returns.set_return_quantity(found.lines[0].line_id, Decimal(1))
    register.returns.start_exchange()
    assert stage_of(register) is Stage.SELLING
    assert register.sale.exchange_credit_minor == 8990
    assert register.sale.cart.is_empty
    assert register.returns.returning is None

    register.sale.scan(TEA)
    with raises("park.exchange"):
        register.sale.park()
    payment = register.payment.begin_payment()
    (credit,) = payment.tenders
    assert credit.kind is TenderKind.EXCHANGE_CREDIT
    assert credit.amount_minor == 8990
    assert payment.remaining_minor == 29990 - 8990
    with raises("payment.exchange_credit_fixed"):
        register.payment.remove_tender(credit.tender_id)
    assert register.payment.quick_cash_amounts()[0] == 21000
    register.payment.pay_cash(21000)
    result = register.payment.finish()
    assert result.refund is not None
    assert result.sale.total_minor == 29990
    assert result.refund.total_minor == -8990
    assert "sale" in drawer.reasons
    assert stage_of(register) is Stage.DONE
    assert register.sale.exchange is None and register.sale.exchange_credit_minor == 0

    s = table("sale")
    exchanged = rows(services, "sale", s.c.exchange_id.is_not(None))
    assert len(exchanged) == 2
    assert len({r["exchange_id"] for r in exchanged}) == 1
    by_kind = {r["kind"]: r for r in exchanged}
    assert by_kind["return"]["id"] == result.refund.sale_id
    assert by_kind["return"]["original_sale_id"] == original.sale_id
    assert by_kind["sale"]["id"] == result.sale.sale_id
    credits = rows(services, "sale_tender", table("sale_tender").c.kind == "exchange_credit")
    assert sorted(r["amount_minor"] for r in credits) == [-8990, 8990]
    assert stock_of(services, "p-soap") == 0
    assert stock_of(services, "p-tea") == -1000
    assert count(services, "print_job") == 3
    kinds = sorted(r["kind"] for r in rows(services, "outbox"))
    assert kinds == ["order.completed", "order.completed", "order.refunded"]
    assert draft_lines(services) is None
    # the soap is no longer returnable; the bread still is
    register.returns.begin_return()
    after = register.returns.load_receipt(original.receipt_no)
    assert [line.returnable_quantity for line in after.lines] == [0, 1]
    assert register.staff.expected_cash() == FLOAT + 8990 + 1500 + 21000


def test_exchange_for_a_cheaper_item_refunds_the_rest_in_cash(
    services: Services, staff: Staff
) -> None:
    drawer = RecordingDrawer()
    register = selling(services, staff, drawer)
    original = sell(register, TEA).sale
    drawer.reasons.clear()
    register.returns.begin_return()
    register.returns.load_receipt(original.receipt_no)
    register.returns.return_scan(TEA)
    register.returns.start_exchange()
    register.sale.scan(SOAP)
    payment = register.payment.begin_payment()
    assert payment.is_complete  # the credit covers the whole new sale
    result = register.payment.finish()
    assert result.refund is not None and result.refund.total_minor == -29990
    assert drawer.reasons == ["sale"]  # cash goes back to the customer
    refund_tenders = {
        r["kind"]: r["amount_minor"] for r in tenders_of(services, result.refund.sale_id)
    }
    assert refund_tenders == {"exchange_credit": -8990, "cash": -21000}
    assert register.staff.expected_cash() == FLOAT + 29990 - 21000


def test_void_sale_drops_an_exchange(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    original = sell(register, SOAP).sale
    register.returns.begin_return()
    register.returns.load_receipt(original.receipt_no)
    register.returns.return_scan(SOAP)
    register.returns.start_exchange()
    register.sale.scan(TEA)
    register.sale.void_sale("changed mind")
    assert register.sale.exchange is None and register.sale.exchange_credit_minor == 0
    assert count(services, "sale") == 1
    register.sale.scan(MILK)
    payment = register.payment.begin_payment()
    assert [t.kind for t in payment.tenders] == []


def test_exchange_for_a_cheaper_item_paid_by_card(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    original = sell(register, TEA, card="CARD01").sale
    register.returns.begin_return()
    register.returns.load_receipt(original.receipt_no)
    register.returns.return_scan(TEA)
    register.returns.start_exchange()
    register.sale.scan(SOAP)
    register.payment.begin_payment()
    assert register.payment.exchange_needs_card_approval()
    with raises("return.card_approval_missing"):
        register.payment.finish()
    result = register.payment.finish(card_refund_approval="RF-778")
    assert result.refund is not None
    kinds = {r["kind"] for r in tenders_of(services, result.refund.sale_id)}
    assert kinds == {"exchange_credit", "card"}


def test_exchange_without_cash_keeps_the_drawer_shut(services: Services, staff: Staff) -> None:
    drawer = RecordingDrawer()
    register = selling(services, staff, drawer)
    original = sell(register, SOAP, card="CARD01").sale
    register.returns.begin_return()
    register.returns.load_receipt(original.receipt_no)
    register.returns.return_scan(SOAP)
    register.returns.start_exchange()
    register.sale.scan(TEA)
    payment = register.payment.begin_payment()
    register.payment.pay_card(payment.remaining_minor, "CARD02")
    result = register.payment.finish()
    assert result.drawer is None
    assert drawer.reasons == []


def test_sign_out_does_not_silently_drop_an_exchange(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    original = sell(register, SOAP).sale
    register.returns.begin_return()
    register.returns.load_receipt(original.receipt_no)
    register.returns.return_scan(SOAP)
    register.returns.start_exchange()
    register.sale.scan(TEA)
    with raises("park.exchange"):
        register.sign_out()


# -- shift close ---------------------------------------------------------------------------


def test_close_shift_with_a_denomination_count(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    register.sale.scan(TEA)
    register.payment.begin_payment()
    register.payment.pay_cash(30000)  # 10 kuruş change
    register.payment.finish()
    sell(register, SOAP, card="CARD01")
    milk = sell(register, MILK).sale
    register.returns.begin_return()
    register.returns.load_receipt(milk.receipt_no)
    register.returns.return_scan(MILK)
    register.returns.complete_return()  # cash back out
    expected = FLOAT + 29990 + 4550 - 4550
    assert register.staff.expected_cash() == expected

    register.sale.scan(BREAD)
    with raises("shift.sale_in_progress"):
        register.close_shift({20000: 4})
    register.sale.void_sale()
    with raises("shift.negative_count"):
        register.close_shift({20000: 4, 100: -1})
    assert register.staff.shift is not None
    shift_id = register.staff.shift.shift_id

    counts = {20000: 3, 10000: 1, 5000: 1, 1000: 4, 500: 1, 100: 4, 25: 1, 10: 2, 5: 0}
    counted = 60000 + 10000 + 5000 + 4000 + 500 + 400 + 25 + 20
    closed = register.close_shift(counts)
    assert closed.shift_id == shift_id
    assert closed.expected_cash_minor == expected
    assert closed.counted_cash_minor == counted
    assert closed.over_short_minor == counted - expected == -45
    assert register.staff.shift is None
    assert stage_of(register) is Stage.NEEDS_SHIFT

    (row,) = rows(services, "shift")
    assert row["closed_at"] is not None
    assert row["closed_by"] == staff.cashier.user_id
    assert (row["expected_cash_minor"], row["counted_cash_minor"], row["over_short_minor"]) == (
        expected,
        counted,
        -45,
    )
    (fact,) = rows(services, "outbox", table("outbox").c.kind == "shift.closed")
    assert json.loads(fact["payload_json"])["over_short_minor"] == -45
    assert len(audits(services, "shift.closed")) == 1
    with raises("shift.not_open"):
        register.sale.scan(MILK)
    with raises("shift.not_open"):
        register.close_shift({})
    register.staff.open_shift(counted)
    assert stage_of(register) is Stage.SELLING
    assert register.staff.expected_cash() == counted


# -- no sale -------------------------------------------------------------------------------


def test_no_sale_needs_a_supervisor(services: Services, staff: Staff) -> None:
    drawer = RecordingDrawer()
    register = selling(services, staff, drawer)
    with raises("approval.required") as err:
        register.payment.no_sale(None)
    assert err.value.params["action"] == "drawer.no_sale"
    other = register.staff.approve(staff.supervisor.user_id, "583916", "discount.line")
    with raises("approval.required"):
        register.payment.no_sale(other)
    with raises("approval.insufficient_role"):
        register.staff.approve(staff.cashier.user_id, "4826", "drawer.no_sale")
    assert drawer.reasons == []
    assert audits(services, "drawer.no_sale") == []

    approval = register.staff.approve(staff.supervisor.user_id, "583916", "drawer.no_sale")
    outcome = register.payment.no_sale(approval)
    assert outcome.state is DrawerState.OPENED
    assert drawer.reasons == ["no_sale"]
    (entry,) = audits(services, "drawer.no_sale")
    assert entry["user_id"] == staff.cashier.user_id
    assert entry["approver_id"] == staff.supervisor.user_id

    # a supervisor signed in needs nobody else
    register.sign_out()
    register.sign_in(staff.supervisor.user_id, "583916")
    register.payment.no_sale(None)
    assert drawer.reasons == ["no_sale", "no_sale"]
    entries = audits(services, "drawer.no_sale")
    assert len(entries) == 2
    assert {e["approver_id"] for e in entries} == {staff.supervisor.user_id, None}


def test_no_sale_without_a_printer_reports_not_configured(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    approval = register.staff.approve(staff.manager.user_id, "739164", "drawer.no_sale")
    assert register.payment.no_sale(approval).state is DrawerState.NOT_CONFIGURED
    assert len(audits(services, "drawer.no_sale")) == 1


def test_an_exchange_in_progress_survives_a_restart(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    original = sell(register, SOAP).sale
    register.returns.begin_return()
    register.returns.load_receipt(original.receipt_no)
    register.returns.return_scan(SOAP)
    register.returns.start_exchange()
    register.sale.scan(TEA)
    credit = register.sale.exchange_credit_minor
    assert credit == 8990

    restarted = build_register(services, RecordingDrawer())
    restarted.sign_in(staff.cashier.user_id, "4826")
    assert restarted.sale.exchange_credit_minor == credit
    assert [line.product.sku for line in restarted.sale.cart.lines] == ["TEA1KG"]
    payment = restarted.payment.begin_payment()
    restarted.payment.pay_cash(payment.cash_due_minor())
    result = restarted.payment.finish()
    assert result.refund is not None
    exchange_ids = {
        row["exchange_id"]
        for row in rows(services, "sale")
        if row["receipt_no"] in (result.sale.receipt_no, result.refund.receipt_no)
    }
    assert len(exchange_ids) == 1 and None not in exchange_ids
    assert rows(services, "draft_sale") == []


def test_a_payment_in_progress_survives_a_restart(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    register.sale.scan(TEA)
    payment = register.payment.begin_payment()
    register.payment.pay_card(10000, "APP-1")  # approved on the terminal: must not be taken again
    due = payment.remaining_minor

    restarted = build_register(services, RecordingDrawer())
    restarted.sign_in(staff.cashier.user_id, "4826")
    assert restarted.stage is Stage.PAYING
    assert restarted.sale.payment is not None
    assert [(t.kind, t.approval_code) for t in restarted.sale.payment.tenders] == [
        (TenderKind.CARD, "APP-1")
    ]
    assert restarted.sale.payment.remaining_minor == due
    restarted.payment.pay_cash(due)
    sale = restarted.payment.finish().sale
    kinds = sorted(row["kind"] for row in tenders_of(services, sale.sale_id))
    assert kinds == ["card", "cash"]
    assert rows(services, "draft_sale") == []


def test_every_sale_gets_an_unguessable_e_receipt_link(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    first = sell(register, TEA).sale
    first_url = register.payment.receipt_url()
    second = sell(register, SOAP).sale
    tokens = {first.receipt_token, second.receipt_token}
    assert len(tokens) == 2
    for token in tokens:
        assert len(base64.urlsafe_b64decode(token + "==")) * 8 >= 128
    assert first_url == f"http://127.0.0.1:8000/r/{first.receipt_token}"
    stored = {row["receipt_no"]: row["receipt_token"] for row in rows(services, "sale")}
    assert stored[first.receipt_no] == first.receipt_token
    facts = [json.loads(row["payload_json"]) for row in rows(services, "outbox")]
    assert {fact["receipt_token"] for fact in facts} >= tokens  # the backend serves /r/{token}
    register.sale.next_sale()
    assert register.payment.receipt_url() is not None  # still the last sale's, until the next one
