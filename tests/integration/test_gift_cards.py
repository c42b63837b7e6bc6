"""Gift cards and store-credit cards at the till, on a real SQLite file (docs/loyalty.md
"Gift cards at the till"): selling and topping up, balances, redemption online after a hold
and offline within the card's bound, store credit from returns as cards."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, text

from pos_app.app import build_register
from pos_app.checkout.giftcards import GiftCardDesk
from pos_app.checkout.register import Register
from pos_app.devices.drawer import NoDrawer
from pos_app.domain.tenders import TenderKind
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.sales import SalesService
from pos_app.services.value_card_slips import slip_documents
from pos_app.services.value_cards import ValueCards
from pos_app.storage.tables import sqlite_stamp, table
from sync.client.errors import ProtocolError, TransportError
from sync.protocol import giftcards
from sync.protocol.facts import OrderCompleted, OrderRefunded
from sync.protocol.records import ValueCardData
from sync.protocol.reservations import ReservationRequest, ReservationResponse
from tests.conftest import Staff
from tests.fakes import FakeClock

TEA = "TEA1KG"  # 299.90 TL
SOAP = "SOAP"  # 89.90 TL


@dataclass
class FakeBackend:
    """The backend's card calls: a ledger of balances, or unreachable (``down``)."""

    cards: dict[str, ValueCardData] = field(default_factory=dict)
    down: bool = False
    reserved: list[ReservationRequest] = field(default_factory=list)
    released: list[str] = field(default_factory=list)

    def add(self, code: str, balance: int, kind: str = "gift") -> str:
        code_hash = giftcards.code_hash(code)
        self.cards[code_hash] = ValueCardData(
            code_hash=code_hash,
            kind=kind,  # type: ignore[arg-type]
            state="active",
            balance_minor=balance,
            offline_limit_minor=20_000,
            last4=giftcards.last4(code),
        )
        return code_hash

    def _up(self) -> None:
        if self.down:
            raise TransportError("no answer in time", timeout=True)

    def reserve(self, request: ReservationRequest) -> ReservationResponse:
        self._up()
        self.reserved.append(request)
        card = self.cards.get(request.code_hash or "")
        if card is None:
            return ReservationResponse(id=request.id, granted=False, available=0, problem="unknown")
        if request.amount > card.balance_minor:
            return ReservationResponse(
                id=request.id, granted=False, available=card.balance_minor, problem="insufficient"
            )
        return ReservationResponse(
            id=request.id, granted=True, available=card.balance_minor - request.amount
        )

    def release(self, reservation_id: str) -> ReservationResponse:
        self._up()
        self.released.append(reservation_id)
        return ReservationResponse(id=reservation_id, granted=False, available=0)

    def value_card(self, code_hash: str) -> ValueCardData:
        self._up()
        if code_hash not in self.cards:
            raise ProtocolError("unknown card", status=404)
        return self.cards[code_hash]


@pytest.fixture
def gift_product(services: Services, clock: FakeClock) -> None:
    """The catalog product gift cards are sold as (its VAT rate is ignored: 0 on the line)."""
    with services.engine.begin() as conn:
        conn.execute(
            insert(table("product")),
            {
                "id": "p-gift",
                "sku": "GIFT-CARD",
                "name": "Hediye Kartı",
                "names_json": "{}",
                "search_text": "hediye karti",
                "category_id": None,
                "price_minor": 0,
                "vat_rate": 20,
                "sold_by_weight": False,
                "plu": None,
                "active": True,
                "updated_at": clock.now(),
            },
        )


@dataclass
class Till:
    register: Register
    desk: GiftCardDesk
    backend: FakeBackend


def open_till(services: Services, staff: Staff, backend: FakeBackend | None = None) -> Till:
    backend = backend if backend is not None else FakeBackend()
    register = build_register(services, NoDrawer())
    register.sign_in(staff.cashier.user_id, "4826")
    if register.staff.shift is None:
        register.staff.open_shift(50000)
    cards = ValueCards(services.engine, services.clock, backend)
    return Till(
        register, GiftCardDesk(register.sale, register.payment, cards, services.catalog), backend
    )


@pytest.fixture
def till(services: Services, staff: Staff, gift_product: None) -> Till:
    return open_till(services, staff)


def pay_cash_and_finish(till: Till) -> Any:
    payment = till.register.sale.payment
    assert payment is not None
    if payment.remaining_minor:
        till.register.payment.pay_cash(payment.remaining_minor)
    return till.register.payment.finish()


def facts(services: Services) -> list[dict[str, Any]]:
    with services.engine.connect() as conn:
        bodies = conn.execute(text("SELECT payload_json FROM outbox ORDER BY seq")).scalars()
        return [json.loads(body) for body in bodies]


def rows(services: Services, sql: str) -> list[Any]:
    with services.engine.connect() as conn:
        return list(conn.execute(text(sql)).mappings())


def database_bytes(services: Services) -> bytes:
    path = Path(str(services.engine.url.database))
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def in_replica(
    services: Services, code: str, balance: int, limit: int, *, kind: str = "gift"
) -> str:
    code_hash = giftcards.code_hash(code)
    with services.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO value_card (code_hash, kind, state, balance_minor, offline_limit_minor, "
            "last4, currency, synced_at) VALUES (?, ?, 'active', ?, ?, ?, 'TRY', ?)",
            (
                code_hash,
                kind,
                balance,
                limit,
                giftcards.last4(code),
                sqlite_stamp(services.clock.now()),
            ),
        )
    return code_hash


def ack_everything(services: Services) -> None:
    with services.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE outbox SET acked_at = ?, outcome = 'applied'",
            (sqlite_stamp(services.clock.now()),),
        )


# -- selling -------------------------------------------------------------------------------


def test_physical_and_egift_cards_are_sold_with_only_their_hash_stored(
    services: Services, till: Till
) -> None:
    physical = giftcards.new_code()
    till.register.sale.scan(TEA)
    card_line = till.desk.sell_card(giftcards.display(physical).lower(), 25_000)
    egift_line = till.desk.sell_egift(10_000)
    till.register.payment.begin_payment()
    result = pay_cash_and_finish(till)

    (issued,) = result.sale.issued_codes
    assert issued.card_kind == "gift" and issued.amount_minor == 10_000
    assert issued.line_id == egift_line.line_id and giftcards.is_valid(issued.code)
    (fact,) = facts(services)
    OrderCompleted.model_validate(fact)
    entries = {entry["line_id"]: entry for entry in fact["value_cards"]}
    assert entries[card_line.line_id] | {"id": ""} == {
        "id": "",
        "code_hash": giftcards.code_hash(physical),
        "card_kind": "gift",
        "action": "activate",
        "delta_minor": 25_000,
        "last4": giftcards.last4(physical),
        "line_id": card_line.line_id,
        "tender_id": None,
        "reservation_id": None,
        "offline": False,
    }
    assert entries[egift_line.line_id]["code_hash"] == giftcards.code_hash(issued.code)
    assert entries[egift_line.line_id]["action"] == "activate"
    # VAT 0 (a multi-purpose voucher), and no stock leaves for a card
    lines = {line["id"]: line for line in fact["lines"]}
    assert lines[card_line.line_id]["vat_rate"] == 0 and lines[egift_line.line_id]["vat_rate"] == 0
    assert [m["product_id"] for m in fact["stock_movements"]] == ["p-tea"]
    assert sum(t["tax_minor"] for t in fact["taxes"] if t["rate_percent"] == 0) == 0
    movements = rows(services, "SELECT * FROM value_card_movement ORDER BY delta_minor")
    assert [(m["action"], m["delta_minor"]) for m in movements] == [
        ("activate", 10_000),
        ("activate", 25_000),
    ]
    assert {m["sale_id"] for m in movements} == {result.sale.sale_id}
    # the codes are nowhere in the till's database file, in any form; their hashes are
    stored = database_bytes(services)
    for code in (physical, issued.code):
        for form in (code, giftcards.display(code), code.lower()):
            assert form.encode() not in stored
        assert giftcards.code_hash(code).encode() in stored
    # the e-gift slip is laid out from memory: the code as QR and display form
    (slip,) = slip_documents(result.sale, "tr")
    assert slip["code"] == issued.code and slip["display"] == giftcards.display(issued.code)
    preview = services.printing.renderer.preview(slip)
    assert giftcards.display(issued.code) in preview
    receipt = services.printing.renderer.preview(
        json.loads(rows(services, "SELECT document_json FROM print_job")[0]["document_json"])
    )
    assert giftcards.last4(physical)[-4:] in receipt and physical not in receipt


def test_a_known_card_is_topped_up_and_bad_input_is_refused(services: Services, till: Till) -> None:
    known = giftcards.new_code()
    in_replica(services, known, 5_000, 20_000)
    line = till.desk.sell_card(known, 5_000)
    assert line.value_card is not None and line.value_card.action == "top_up"
    with pytest.raises(UserError) as bad:
        till.desk.sell_card(known[:6] + "U" + known[7:], 5_000)
    assert bad.value.code == "gift_card.code_symbol" and "position 7" in bad.value.message
    with pytest.raises(UserError) as low:
        till.desk.sell_card(giftcards.new_code(), 999)
    assert low.value.code == "gift_card.amount_below_min"
    with pytest.raises(UserError) as high:
        till.desk.sell_egift(1_000_001)
    assert high.value.code == "gift_card.amount_above_max"
    till.register.payment.begin_payment()
    pay_cash_and_finish(till)
    (entry,) = facts(services)[0]["value_cards"]
    assert (entry["action"], entry["delta_minor"]) == ("top_up", 5_000)
    # what the till knows offline: the replica plus its own unsynced top-up
    till.backend.down = True
    balance = till.desk.card_balance(known)
    assert (balance.balance_minor, balance.online) == (10_000, False)
    assert balance.as_of is not None


def test_a_sold_gift_card_is_not_returned_at_the_till(services: Services, till: Till) -> None:
    till.desk.sell_card(giftcards.new_code(), 5_000)
    till.register.sale.scan(SOAP)
    till.register.payment.begin_payment()
    sold = pay_cash_and_finish(till).sale
    returns = till.register.returns
    returns.begin_return()
    returns.load_receipt(sold.receipt_no)
    returns.return_scan("GIFT-CARD")
    with pytest.raises(UserError) as refused:
        returns.complete_return()
    assert refused.value.code == "gift_card.not_returnable"
    assert rows(services, "SELECT count(*) AS n FROM sale WHERE kind = 'return'")[0]["n"] == 0


# -- balance and redemption ----------------------------------------------------------------


def test_balance_online_then_offline(services: Services, till: Till) -> None:
    code = giftcards.new_code()
    till.backend.add(code, 40_000)
    online = till.desk.card_balance(code)
    assert (online.balance_minor, online.online, online.kind) == (40_000, True, "gift")
    till.backend.down = True
    with pytest.raises(UserError) as unknown:
        till.desk.card_balance(code)
    assert unknown.value.code == "gift_card.unknown"
    in_replica(services, code, 39_000, 20_000)
    offline = till.desk.card_balance(code)
    assert (offline.balance_minor, offline.online) == (39_000, False)


def test_online_redemption_is_reserved_then_recorded(services: Services, till: Till) -> None:
    code = giftcards.new_code()
    till.backend.add(code, 20_000)
    till.register.sale.scan(TEA)
    till.register.payment.begin_payment()
    with pytest.raises(UserError) as refused:
        till.desk.pay(code, 25_000)
    assert refused.value.code == "gift_card.insufficient"
    assert refused.value.params["available_minor"] == 20_000
    tender = till.desk.pay(code, 20_000)
    assert tender.kind is TenderKind.GIFT_CARD and tender.reference == giftcards.code_hash(code)
    assert tender.approval_code == tender.tender_id  # the reservation's id
    result = pay_cash_and_finish(till)
    (fact,) = facts(services)
    (entry,) = fact["value_cards"]
    assert (entry["action"], entry["delta_minor"], entry["offline"]) == ("redeem", -20_000, False)
    assert entry["reservation_id"] == tender.tender_id and entry["tender_id"] == tender.tender_id
    document = json.loads(rows(services, "SELECT document_json FROM print_job")[0]["document_json"])
    assert document["value_card_left"] == {tender.tender_id: 0}
    receipt = services.printing.renderer.preview(document)
    assert giftcards.last4(code)[-4:] in receipt and code not in receipt
    assert tender.tender_id not in receipt  # the reservation is not printed
    assert result.sale.issued_codes == ()


def test_removing_the_tender_or_cancelling_releases_the_hold(till: Till) -> None:
    code = giftcards.new_code()
    till.backend.add(code, 20_000)
    till.register.sale.scan(TEA)
    till.register.payment.begin_payment()
    first = till.desk.pay(code, 5_000)
    till.register.payment.remove_tender(first.tender_id)
    assert till.backend.released == [first.tender_id]
    second = till.desk.pay(code, 5_000)
    till.register.payment.cancel_payment()
    assert till.backend.released == [first.tender_id, second.tender_id]
    assert till.register.payment.card_holds == {}


def test_offline_redemption_stays_within_the_card_limit(services: Services, till: Till) -> None:
    code = giftcards.new_code()
    in_replica(services, code, 50_000, 20_000)
    till.backend.down = True
    till.register.sale.scan(TEA)
    till.register.payment.begin_payment()
    till.desk.pay(code, 15_000)
    pay_cash_and_finish(till)
    (entry,) = facts(services)[0]["value_cards"]
    assert (entry["offline"], entry["reservation_id"], entry["delta_minor"]) == (
        True,
        None,
        -15_000,
    )

    till.register.sale.scan(TEA)
    till.register.payment.begin_payment()
    with pytest.raises(UserError) as over:
        till.desk.pay(code, 10_000)
    assert over.value.code == "gift_card.offline_bound"
    assert over.value.params["allowed_minor"] == 5_000 and "at most 5000" in over.value.message
    till.desk.pay(code, 3_000)
    with pytest.raises(UserError) as same_payment:
        till.desk.pay(code, 3_000)  # the payment's own offline tender counts too
    assert same_payment.value.params["allowed_minor"] == 2_000
    pay_cash_and_finish(till)

    # once the backend acknowledges the sales, a new offline period starts; the balance
    # still counts what the replica has not caught up with
    ack_everything(services)
    balance = till.desk.card_balance(code)
    assert balance.balance_minor == 50_000 - 18_000
    till.register.sale.scan(TEA)
    till.register.payment.begin_payment()
    till.desk.pay(code, 20_000)
    pay_cash_and_finish(till)


def test_a_card_unknown_offline_is_refused_unless_sold_here(services: Services, till: Till) -> None:
    till.backend.down = True
    stranger = giftcards.new_code()
    till.register.sale.scan(TEA)
    till.register.payment.begin_payment()
    with pytest.raises(UserError) as unknown:
        till.desk.pay(stranger, 1_000)
    assert unknown.value.code == "gift_card.unknown_offline"
    assert "cannot be checked offline" in unknown.value.message
    till.register.payment.cancel_payment()
    till.register.sale.void_sale("test")

    ours = giftcards.new_code()
    till.desk.sell_card(ours, 8_000)
    till.register.payment.begin_payment()
    pay_cash_and_finish(till)
    till.register.sale.scan(SOAP)
    till.register.payment.begin_payment()
    with pytest.raises(UserError) as over:
        till.desk.pay(ours, 8_001)
    assert over.value.params["allowed_minor"] == 8_000
    till.desk.pay(ours, 8_000)
    pay_cash_and_finish(till)
    assert till.desk.card_balance(ours).balance_minor == 0


# -- store credit as cards -----------------------------------------------------------------


def test_store_credit_from_a_return_is_a_card_spent_like_a_gift_card(
    services: Services, staff: Staff, gift_product: None
) -> None:
    services.sales = SalesService(
        services.engine,
        services.clock,
        services.terminal,
        services.printing,
        services.policy,
        store_credit_cards=True,
    )
    till = open_till(services, staff)
    till.register.sale.scan(TEA)
    till.register.payment.begin_payment()
    sold = pay_cash_and_finish(till).sale
    returns = till.register.returns
    returns.begin_return()
    returns.load_receipt(sold.receipt_no)
    returns.return_scan(TEA)
    returns.set_refund_to_store_credit(True)
    refund = returns.complete_return().sale
    (issued,) = refund.issued_codes
    assert (issued.card_kind, issued.amount_minor) == ("store_credit", 29990)
    assert refund.store_credit_voucher == issued.display
    fact = facts(services)[-1]
    OrderRefunded.model_validate(fact)
    (entry,) = fact["value_cards"]
    assert entry["card_kind"] == "store_credit" and entry["action"] == "issue"
    assert entry["delta_minor"] == 29990 and entry["code_hash"] == giftcards.code_hash(issued.code)
    assert rows(services, "SELECT count(*) AS n FROM store_credit_entry")[0]["n"] == 0
    assert issued.code.encode() not in database_bytes(services)
    (slip,) = slip_documents(refund, "en")
    assert "STORE CREDIT" in services.printing.renderer.preview(slip)

    # spent offline at this till (it issued the card), as a gift card tender
    till.backend.down = True
    till.register.sale.scan(SOAP)
    till.register.payment.begin_payment()
    tender = till.desk.pay(giftcards.display(issued.code), 8990)
    assert till.register.sale.payment is not None and till.register.sale.payment.is_complete
    till.register.payment.finish()
    (spent,) = facts(services)[-1]["value_cards"]
    assert (spent["card_kind"], spent["action"], spent["delta_minor"]) == (
        "store_credit",
        "redeem",
        -8990,
    )
    assert spent["tender_id"] == tender.tender_id
    assert till.desk.card_balance(issued.code).balance_minor == 29990 - 8990


@pytest.mark.legacy_vouchers
def test_old_vouchers_keep_their_path(services: Services, till: Till) -> None:
    till.register.sale.scan(TEA)
    till.register.payment.begin_payment()
    sold = pay_cash_and_finish(till).sale
    returns = till.register.returns
    returns.begin_return()
    returns.load_receipt(sold.receipt_no)
    returns.return_scan(TEA)
    returns.set_refund_to_store_credit(True)
    voucher = returns.complete_return().sale.store_credit_voucher
    assert voucher is not None and voucher.startswith("SC-")
    till.register.sale.scan(SOAP)
    till.register.payment.begin_payment()
    till.register.payment.pay_voucher(voucher, 8990)
    till.register.payment.finish()
    assert services.sales.voucher_balance(voucher) == 29990 - 8990
    assert all("value_cards" not in fact for fact in facts(services))


def test_quantity_and_discount_are_not_offered_on_a_card_line(till: Till) -> None:
    line = till.desk.sell_egift(5_000)
    with pytest.raises(UserError):
        till.register.sale.set_quantity(line.line_id, Decimal(2))


def test_a_return_of_goods_paid_by_gift_card_goes_back_to_the_card(
    services: Services, till: Till
) -> None:
    code = giftcards.new_code()
    till.backend.add(code, 50_000)
    till.register.sale.scan(TEA)
    till.register.payment.begin_payment()
    paid = till.desk.pay(code, 29990)
    sold = till.register.payment.finish().sale
    returns = till.register.returns
    returns.begin_return()
    returns.load_receipt(sold.receipt_no)
    returns.return_scan(TEA)
    returns.complete_return()
    (entry,) = facts(services)[-1]["value_cards"]
    assert (entry["action"], entry["delta_minor"]) == ("refund", 29990)
    assert entry["code_hash"] == giftcards.code_hash(code) == paid.reference


def test_a_gift_card_line_earns_no_points(services: Services, till: Till) -> None:
    from tests.integration.test_loyalty_till import RULES, add_customer, pull_rules

    pull_rules(services, RULES.payload())
    add_customer(services, "C1")
    till.register.sale.scan(TEA)
    card_line = till.desk.sell_egift(100_000)
    till.register.sale.cart.customer_id = "C1"
    till.register.payment.begin_payment()
    pay_cash_and_finish(till)
    fact = facts(services)[-1]
    points = {line["id"]: line.get("loyalty_points", 0) for line in fact["lines"]}
    assert points[card_line.line_id] == 0
    assert sum(points.values()) == 299  # the tea's whole TRY, by the rules
    assert all(entry.get("line_id") != card_line.line_id for entry in fact["loyalty"])


def test_a_store_credit_card_is_not_spent_as_an_older_voucher(
    services: Services, till: Till
) -> None:
    """The older voucher tender would leave the card's ledger untouched: refused, naming
    the right tender."""
    till.register.sale.scan(TEA)
    till.register.payment.begin_payment()
    code = giftcards.new_code()
    with pytest.raises(UserError) as refused:
        till.register.payment.pay_voucher(code, 1000)
    assert refused.value.code == "payment.voucher_is_card"
    assert refused.value.params["code"] == giftcards.display(code)
