"""Pickups and endless aisle at the kiosk, on a real database: a web order's pickup QR says
where the order is without touching the basket, and an item not on the shelf is ordered for
delivery or pickup elsewhere, paid by card with the basket and carried by the sale's
``order.completed`` fact (``channel: kiosk``, ``web_order``)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text

from pos_app.app import Kiosk, build_kiosk
from pos_app.checkout.kiosk.aisle import KioskAisle
from pos_app.checkout.kiosk.pickup import PickupNotice, PickupScanned, PickupStatus
from pos_app.devices.card_terminal_sim import CardTerminalSimulator
from pos_app.devices.payment_terminal import PaymentOutcome, TcpPaymentTerminal
from pos_app.domain.fulfilment import FulfilmentKind
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from tests.conftest import Staff
from tests.fakes import SEED, FakeClock
from tests.replica import apply, change

MILK, TEA, SOAP = (str(SEED[i].barcode) for i in (0, 1, 2))
PRICE = {p.sku: p.price_minor for p in SEED}
STORES = {"S01": "Kadıköy", "S02": "Beşiktaş", "S03": "Bornova"}
CUSTOMER = ("Işıl Çağlar", "0532 111 22 33")


@dataclass
class Rig:
    services: Services
    clock: FakeClock
    kiosk: Kiosk
    sim: CardTerminalSimulator

    def aisle(self, *, online: bool) -> KioskAisle:
        """The kiosk's aisle with the sync link up (fresh figures confirm) or down."""
        session = self.kiosk.session
        services = self.services
        return KioskAisle(
            session,
            services.catalog,
            services.stock_lookup,
            self.clock,
            own_store="S01",
            online=lambda: online,
        )

    def scan_pickup(self, code: str) -> PickupNotice:
        with pytest.raises(PickupScanned) as raised:
            self.kiosk.session.scan(code)
        return raised.value.notice

    def basket(self) -> list[tuple[str, str, bool]]:
        cart = self.kiosk.session.sale.cart
        return [(ln.product.sku, str(ln.quantity), ln.remote) for ln in cart.lines]


@pytest.fixture
def rig(services: Services, staff: Staff, clock: FakeClock) -> Iterator[Rig]:
    """A kiosk whose day is open, the replica holding the stores, stock and pickup orders."""
    apply(
        services.engine,
        clock.now(),
        [change("store", c, {"code": c, "id": f"id-{c}", "name": n}) for c, n in STORES.items()]
        + [
            stock("p-milk", "MILK1L", {"S01": 5000, "S02": 2000}),
            stock("p-tea", "TEA1KG", {"S01": 0, "S02": 3000, "S03": 0}),
        ],
    )
    with CardTerminalSimulator(step_delay_s=0.005, slow_step_s=0.05) as sim:
        kiosk = build_kiosk(
            services, scale=None, terminal=TcpPaymentTerminal("127.0.0.1", sim.port)
        )
        kiosk.attendant.open_by_badge(services.users.issue_badge(staff.supervisor.user_id))
        kiosk.attendant.open_day()
        kiosk.attendant.leave()
        yield Rig(services, clock, kiosk, sim)


def stock(product_id: str, sku: str, available: dict[str, int]) -> Any:
    levels = {
        code: {"on_hand_milli": a, "reserved_milli": 0, "available_milli": a}
        for code, a in available.items()
    }
    data = {
        "product_id": product_id,
        "sku": sku,
        "stores": levels,
        "online_available_milli": sum(available.values()),
        "updated_at": None,
    }
    return change("stock", product_id, data, scope="store:S01")


def pickup_order(
    rig: Rig, no: int, state: str, *, store: str = "S01", paid: bool = True, code: str = "481516"
) -> str:
    """A web pickup order as the backend sends it; returns its QR payload."""
    number = f"W-{no:06d}"
    lines = [
        {"product_id": "p-milk", "sku": "MILK1L", "name": "Süt", "qty_milli": 2000,
         "unit_price_minor": 4550, "bin": "A-1"},
        {"product_id": "p-tea", "sku": "TEA1KG", "name": "Çay", "qty_milli": 1000,
         "unit_price_minor": 29990, "bin": "A-2"},
        {"product_id": "p-apple", "sku": "APPLE", "name": "Elma", "qty_milli": 1250,
         "unit_price_minor": 4990, "bin": "A-3"},
    ]  # fmt: skip
    now = rig.clock.now()
    order = {
        "id": f"web-{no}",
        "number": number,
        "store_code": store,
        "state": state,
        "customer_name": CUSTOMER[0],
        "phone": CUSTOMER[1],
        "pickup_code": code,
        "qr_payload": f"POSPICKUP:{number}:{code}",
        "paid": paid,
        "total_minor": 2 * 4550 + 29990 + 6238,
        "currency": "TRY",
        "lines": lines,
        "created_at": now.isoformat(),
        "pickup_by": None,
        "version": 1,
    }
    apply(rig.services.engine, now, [change("pickup_order", order["id"], order, f"store:{store}")])
    return f"POSPICKUP:{number}:{code}"


def saved_draft(services: Services) -> Any:
    with services.engine.connect() as conn:
        return conn.execute(text("SELECT saved_at, cart_json FROM draft_sale")).one()


def outbox(services: Services, kind: str) -> list[dict[str, Any]]:
    with services.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT payload_json FROM outbox WHERE kind = :k ORDER BY seq"), {"k": kind}
        ).all()
    return [json.loads(r[0]) for r in rows]


# -- pickup QR ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "status"),
    [
        ("ready", PickupStatus.READY),
        ("placed", PickupStatus.PREPARING),
        ("prepared", PickupStatus.PREPARING),
        ("collected", PickupStatus.COLLECTED),
        ("cancelled", PickupStatus.CANCELLED),
    ],
)
def test_a_pickup_qr_says_the_orders_state_and_leaves_the_basket_alone(
    rig: Rig, state: str, status: PickupStatus
) -> None:
    session = rig.kiosk.session
    session.scan(MILK)
    session.scan(MILK)
    before = rig.basket()
    draft = saved_draft(rig.services)
    qr = pickup_order(rig, 1234, state, paid=state != "ready")

    notice = rig.scan_pickup(f"  {qr}\n")

    assert notice == PickupNotice(
        number="W-001234", status=status, items=4, paid=state != "ready"
    )  # 2 milk, 1 tea, a weighed apple line
    assert rig.basket() == before
    assert saved_draft(rig.services) == draft
    assert session.last_scanned is not None and session.last_scanned.sku == "MILK1L"


def test_an_order_of_another_store_names_that_store(rig: Rig) -> None:
    qr = pickup_order(rig, 77, "ready", store="S02")
    notice = rig.scan_pickup(qr)
    assert (notice.status, notice.store_code, notice.store_name) == (
        PickupStatus.OTHER_STORE,
        "S02",
        "Beşiktaş",
    )
    assert rig.basket() == []


def test_the_notice_carries_nothing_about_the_customer(rig: Rig) -> None:
    notice = rig.scan_pickup(pickup_order(rig, 5, "ready"))
    fields = {f.name for f in dataclasses.fields(notice)}
    assert fields == {"number", "status", "items", "paid", "store_code", "store_name"}
    shown = repr(notice)
    assert CUSTOMER[0] not in shown and "0532" not in shown and "481516" not in shown


@pytest.mark.parametrize(
    "code",
    [
        "POSPICKUP:W-001234:000000",  # the right number, a wrong code
        "POSPICKUP:W-009999:481516",  # no such order
        "POSPICKUP:W-001234",  # garbled
        "POSPICKUP::",
    ],
)
def test_unknown_or_garbled_pickup_qrs_are_unknown_items(rig: Rig, code: str) -> None:
    pickup_order(rig, 1234, "ready")
    rig.kiosk.session.scan(TEA)
    with pytest.raises(UserError) as raised:
        rig.kiosk.session.scan(code)
    assert raised.value.code == "scan.unknown"
    assert rig.basket() == [("TEA1KG", "1", False)]


# -- endless aisle -----------------------------------------------------------------------------


def test_the_shelf_is_empty_by_the_replicas_figures(rig: Rig) -> None:
    aisle = rig.kiosk.aisle
    assert aisle.shelf_empty("p-tea")
    assert not aisle.shelf_empty("p-milk")
    assert not aisle.shelf_empty("p-soap")  # no figure for this store: not known to be empty
    assert not aisle.shelf_empty("p-apple")  # weighed: not ordered at the kiosk


def test_an_item_ordered_for_delivery_reaches_the_sales_fact(rig: Rig) -> None:
    kiosk = rig.kiosk
    kiosk.session.scan(MILK)
    item = kiosk.aisle.choose(TEA)  # its shelf label
    assert rig.basket() == [("MILK1L", "1", False)]
    assert not item.fresh  # not enrolled: the order is taken, unconfirmed
    assert [s.store_code for s in item.stores] == ["S02", "S03"]  # every store may be asked
    with pytest.raises(UserError) as raised:
        kiosk.aisle.add(item, 2, "delivery", customer_name=CUSTOMER[0], phone=CUSTOMER[1])
    assert raised.value.code == "aisle.address_required"
    assert rig.basket() == [("MILK1L", "1", False)]

    kiosk.aisle.add(
        item,
        2,
        FulfilmentKind.DELIVERY,
        customer_name=f" {CUSTOMER[0]} ",
        phone=CUSTOMER[1],
        address="Moda Cad. 12/3 Kadıköy İstanbul",
    )
    assert rig.basket() == [("MILK1L", "1", False), ("TEA1KG", "2", True)]
    outcome = kiosk.payment.pay_by_card()

    assert outcome.outcome is PaymentOutcome.APPROVED and outcome.result is not None
    assert outcome.result.sale.total_minor == PRICE["MILK1L"] + 2 * PRICE["TEA1KG"]
    [sale] = outbox(rig.services, "order.completed")
    assert sale["channel"] == "kiosk"
    assert [m["product_id"] for m in sale["stock_movements"]] == ["p-milk"]
    web = sale["web_order"]
    assert web["fulfilment"] == "delivery" and web["store_code"] is None
    assert web["delivery_address"] == "Moda Cad. 12/3 Kadıköy İstanbul"
    assert web["customer"] == {"name": CUSTOMER[0], "phone": CUSTOMER[1], "email": ""}
    assert web["availability_confirmed"] is False
    assert web["lines"] == [
        {
            "line_id": sale["lines"][1]["id"],
            "sku": "TEA1KG",
            "qty_milli": 2000,
            "total_minor": 2 * PRICE["TEA1KG"],
        }
    ]


def test_a_pickup_elsewhere_on_fresh_figures_then_more_goods_go_with_it(rig: Rig) -> None:
    kiosk = rig.kiosk
    aisle = rig.aisle(online=True)
    kiosk.session.scan(TEA)  # scanned, and the shelf is empty by the figures
    item = aisle.last_scanned()
    assert item is not None and item.product_id == "p-tea" and item.fresh
    assert [(s.store_code, s.store_name, s.available_milli) for s in item.stores] == [
        ("S02", "Beşiktaş", 3000)
    ]  # S03 has none: not offered
    assert item.default_kind() is FulfilmentKind.PICKUP
    with pytest.raises(UserError) as raised:
        aisle.add(item, 1, "pickup", customer_name="Işıl", phone=CUSTOMER[1], store_code="S03")
    assert raised.value.code == "aisle.store_unavailable"
    with pytest.raises(UserError) as raised:
        aisle.add(item, 1, "pickup", customer_name="Işıl", phone=CUSTOMER[1], store_code="S01")
    assert raised.value.code == "aisle.same_store"

    aisle.add(item, 1, "pickup", customer_name="Işıl", phone=CUSTOMER[1], store_code="S02")
    milk = aisle.choose(MILK)
    assert milk.current is not None and milk.current.store_code == "S02"
    aisle.add(milk, 3)  # with the tea, to the same store
    with pytest.raises(UserError) as raised:
        aisle.add(milk, 1, "delivery", customer_name="Işıl", phone=CUSTOMER[1], address="x" * 20)
    assert raised.value.code == "aisle.other_destination"
    assert rig.basket() == [("TEA1KG", "1", False), ("TEA1KG", "1", True), ("MILK1L", "3", True)]

    # Ordered goods are not in the customer's hands: taken off without an attendant.
    remote = kiosk.session.sale.cart.lines[2]
    kiosk.session.set_quantity(remote.line_id, 1)
    assert kiosk.session.request_removal(remote.line_id) is True
    assert not kiosk.session.pending_approvals()
    kiosk.payment.pay_by_card()
    [sale] = outbox(rig.services, "order.completed")
    assert sale["channel"] == "kiosk"
    web = sale["web_order"]
    assert (web["fulfilment"], web["store_code"], web["store_name"]) == (
        "pickup",
        "S02",
        "Beşiktaş",
    )
    assert web["availability_confirmed"] is True
    assert [line["sku"] for line in web["lines"]] == ["TEA1KG"]


def test_what_cannot_be_ordered_is_refused_in_codes(rig: Rig) -> None:
    aisle = rig.kiosk.aisle
    for code, expected in (("8690000009999", "scan.unknown"), ("APPLE", "kiosk.aisle_weighed")):
        with pytest.raises(UserError) as raised:
            aisle.choose(code)
        assert raised.value.code == expected
    assert aisle.last_scanned() is None
    item = aisle.choose(SOAP)
    with pytest.raises(UserError) as raised:
        aisle.add(item, 1)  # no destination yet
    assert raised.value.code == "aisle.destination_missing"
    for quantity in (0, 100):
        with pytest.raises(UserError) as raised:
            aisle.add(item, quantity, "pickup", customer_name="A", phone="05321112233",
                      store_code="S02")  # fmt: skip
        assert raised.value.code == "kiosk.quantity"
    rig.kiosk.session.scan(MILK)
    rig.kiosk.session.wipe("customer")
    assert aisle.last_scanned() is None and rig.basket() == []
