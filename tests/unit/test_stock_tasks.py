"""The manager's stock tasks (``pos_app.services.stock_tasks``): the rules of adjustments,
receiving, cycle counts and transfers, what each writes (movements, one fact, no partial
rows), the stock-exception replica written by pull and by snapshot, and manager mode."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from sqlalchemy import func, select, text

from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Payment
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.sale_document import SaleContext
from pos_app.services.stock_tasks.drafts import (
    CountDraft,
    LinesDraft,
    StockItem,
    TaskLine,
    is_shelf_scan,
    shelf_label,
)
from pos_app.storage.replica.store import SyncStore
from pos_app.storage.tables import table
from sync.protocol import Change
from tests.conftest import Staff
from tests.fakes import SEED, FakeClock

MILK, TEA, SOAP, BREAD, APPLE = SEED
_seq = itertools.count(1)


def item(seed: Any) -> StockItem:
    return StockItem(seed.product_id, seed.sku, seed.name, seed.sold_by_weight)


def pull(services: Services, clock: FakeClock, *changes: Change) -> None:
    SyncStore(services.engine, clock).apply_changes(list(changes), cursor="c")


def upsert(collection: str, key: str, data: dict[str, Any], scope: str = "global") -> Change:
    return Change(
        scope=scope, seq=next(_seq), collection=collection, key=key, op="upsert", data=data
    )


def stores(services: Services, clock: FakeClock) -> None:
    pull(
        services,
        clock,
        *(
            upsert("store", code, {"code": code, "id": f"id-{code}", "name": name})
            for code, name in (("S01", "Kadıköy"), ("S02", "Beşiktaş"))
        ),
    )


def level(services: Services, clock: FakeClock, seed: Any, on_hand: int) -> None:
    """The backend reports ``on_hand`` of ``seed`` at S01, pulled now."""
    pull(
        services,
        clock,
        upsert(
            "stock",
            seed.product_id,
            {
                "product_id": seed.product_id,
                "sku": seed.sku,
                "stores": {
                    "S01": {
                        "on_hand_milli": on_hand,
                        "reserved_milli": 0,
                        "available_milli": max(0, on_hand),
                    }
                },
                "online_available_milli": max(0, on_hand),
                "updated_at": None,
            },
        ),
    )


class Counts:
    """Rows of the tables a task writes, to prove a refused task wrote nothing."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.before = self.now()

    def now(self) -> dict[str, int]:
        with self.services.engine.connect() as conn:
            return {
                name: int(conn.execute(select(func.count()).select_from(table(name))).scalar_one())
                for name in ("stock_movement", "outbox", "audit_entry", "stock_task_draft")
            }

    def unchanged(self) -> bool:
        return self.now() == self.before


def facts(services: Services, kind: str) -> list[dict[str, Any]]:
    o = table("outbox")
    with services.engine.connect() as conn:
        rows = conn.execute(
            select(o.c.payload_json, o.c.occurred_at).where(o.c.kind == kind).order_by(o.c.seq)
        ).all()
    return [json.loads(r.payload_json) | {"_occurred_at": r.occurred_at} for r in rows]


def movements(services: Services, reason: str) -> list[Any]:
    m = table("stock_movement")
    with services.engine.connect() as conn:
        return list(
            conn.execute(
                select(m.c.product_id, m.c.qty_milli, m.c.reference, m.c.occurred_at)
                .where(m.c.reason == reason)
                .order_by(text("rowid"))
            ).all()
        )


def refused(code: str, action: Any, services: Services) -> UserError:
    counts = Counts(services)
    with pytest.raises(UserError) as caught:
        action()
    assert caught.value.code == code, caught.value.message
    assert counts.unchanged(), "a refused task wrote something"
    return caught.value


# -- drafts and labels ---------------------------------------------------------------------------


def test_a_loss_turns_quantities_negative_and_a_correction_keeps_the_sign() -> None:
    draft = LinesDraft("adjust", reason="correction")
    draft.add(item(MILK), 1000)
    draft.add(item(MILK), 1000)
    draft.add(item(TEA), 1000)
    draft.flip_sign(1)
    assert [line.qty_milli for line in draft.lines] == [2000, -1000]
    draft.set_reason("damage")
    assert [line.qty_milli for line in draft.lines] == [-2000, -1000]
    draft.set_quantity(0, 5000)
    draft.flip_sign(0)
    assert draft.lines[0].qty_milli == -5000  # a loss stays negative
    again = LinesDraft.from_dict(json.loads(json.dumps(draft.to_dict())))
    assert again == draft
    with pytest.raises(UserError) as caught:
        draft.set_reason("gift")
    assert caught.value.code == "stock.bad_reason"


def test_a_count_adds_up_per_shelf_and_remembers_when(clock: FakeClock) -> None:
    draft = CountDraft()
    draft.set_shelf("LOC:A-01")
    first = clock.now()
    draft.add(item(MILK), 1000, first)
    later = clock.advance(seconds=30)
    draft.add(item(MILK), 1000, later)
    draft.set_shelf("B-02")
    draft.add(item(MILK), 1000, later)
    assert [(e.shelf, e.qty_milli, e.taken_at) for e in draft.entries] == [
        ("A-01", 2000, later),
        ("B-02", 1000, later),
    ]
    assert CountDraft.from_dict(json.loads(json.dumps(draft.to_dict()))) == draft
    with pytest.raises(UserError) as caught:
        draft.set_shelf("   ")
    assert caught.value.code == "stock.bad_shelf"


@pytest.mark.parametrize(
    ("code", "shelf", "is_scan"),
    [
        ("LOC:A-01", "A-01", True),
        ("bin: K-7 ", "K-7", True),
        ("SHELF:Raf 3", "Raf 3", True),
        ("A-01", "A-01", False),  # typed: a shelf, but a scan of it is an item code
        ("LOC:", None, False),
        ("x" * 33, None, False),
    ],
)
def test_shelf_labels(code: str, shelf: str | None, is_scan: bool) -> None:
    assert shelf_label(code) == shelf
    assert is_shelf_scan(code) is is_scan


# -- scanning ------------------------------------------------------------------------------------


def test_scans_resolve_barcodes_skus_and_plus(services: Services) -> None:
    tasks = services.stock_tasks
    assert tasks.scan(str(MILK.barcode)).item.product_id == MILK.product_id
    assert tasks.scan("TEA1KG").qty_milli == 1000
    assert tasks.scan("00101").item.sold_by_weight  # the apple's PLU
    with pytest.raises(UserError) as caught:
        tasks.scan("8690000099999")
    assert caught.value.code == "stock.unknown_barcode"
    assert caught.value.params == {"code": "8690000099999"}
    assert [i.sku for i in tasks.search("çay")] == ["TEA1KG"]


# -- adjustments ---------------------------------------------------------------------------------


def test_an_adjustment_writes_movements_and_one_fact(services: Services, staff: Staff) -> None:
    tasks = services.stock_tasks
    draft = LinesDraft("adjust", reason="damage")
    draft.add(item(MILK), 2000)
    draft.add(item(APPLE), 1250)
    tasks.save_draft("adjust", draft.to_dict(), staff.manager.user_id)
    posted = tasks.adjust(draft, staff.manager.user_id)
    assert (posted.kind, posted.lines, posted.qty_milli) == ("adjust", 2, -3250)
    [fact] = facts(services, "stock.adjusted")
    assert fact["reason"] == "damage" and fact["user_id"] == staff.manager.user_id
    assert [(m["sku"], m["qty_milli"]) for m in fact["movements"]] == [
        ("MILK1L", -2000),
        ("APPLE", -1250),
    ]
    assert services.stock.on_hand(MILK.product_id) == -2
    assert tasks.load_draft("adjust") is None  # posted in the same transaction


@pytest.mark.parametrize(
    ("reason", "lines", "code"),
    [
        ("damage", [], "stock.nothing_to_adjust"),
        ("damage", [(MILK, 0)], "stock.zero_quantity"),
        ("correction", [(MILK, 1500)], "stock.fractional_pieces"),
        ("theft", [(MILK, 1000)], "stock.loss_not_negative"),
        ("correction", [(MILK, 2_000_000_000)], "stock.quantity_too_large"),
        ("gift", [(MILK, -1000)], "stock.bad_reason"),
    ],
)
def test_a_bad_adjustment_writes_nothing(
    services: Services, reason: str, lines: list[tuple[Any, int]], code: str
) -> None:
    draft = LinesDraft("adjust", reason=reason)
    draft.lines = [TaskLine(item(seed), qty) for seed, qty in lines]
    refused(code, lambda: services.stock_tasks.adjust(draft, None), services)


def test_an_unknown_product_writes_nothing(services: Services) -> None:
    draft = LinesDraft("adjust", reason="correction")
    draft.add(item(MILK), 1000)
    draft.add(StockItem("p-gone", "GONE", "Gone"), 1000)
    error = refused(
        "stock.unknown_product", lambda: services.stock_tasks.adjust(draft, None), services
    )
    assert error.params == {"product": "p-gone"}


# -- receiving -----------------------------------------------------------------------------------


def test_a_delivery_is_booked_in_against_its_note(services: Services, staff: Staff) -> None:
    tasks = services.stock_tasks
    draft = LinesDraft("receive", reference="  İRS 2026/0042 ")
    for _ in range(3):
        draft.add(item(MILK), tasks.scan(str(MILK.barcode)).qty_milli)
    draft.add(item(TEA), 1000)
    draft.set_quantity(1, 6000)
    posted = tasks.receive(draft, staff.manager.user_id)
    assert (posted.reference, posted.lines, posted.qty_milli) == ("İRS 2026/0042", 2, 9000)
    [fact] = facts(services, "stock.received")
    assert fact["delivery_ref"] == "İRS 2026/0042" and fact["store_code"] == "S01"
    assert fact["delivery_id"]
    assert [(line["sku"], line["qty_milli"]) for line in fact["lines"]] == [
        ("MILK1L", 3000),
        ("TEA1KG", 6000),
    ]
    assert [(m.product_id, m.qty_milli, m.reference) for m in movements(services, "receive")] == [
        ("p-milk", 3000, "İRS 2026/0042"),
        ("p-tea", 6000, "İRS 2026/0042"),
    ]
    assert [line["id"] for line in fact["lines"]] == [
        r[0]
        for r in services.engine.connect()
        .execute(text("SELECT id FROM stock_movement WHERE reason = 'receive' ORDER BY rowid"))
        .all()
    ]
    # The same delivery note again is refused before anything is written.
    again = LinesDraft("receive", reference="İRS 2026/0042")
    again.add(item(SOAP), 1000)
    error = refused("stock.delivery_already_received", lambda: tasks.receive(again, None), services)
    assert error.params == {"reference": "İRS 2026/0042"}


@pytest.mark.parametrize(
    ("reference", "qty", "code"),
    [
        ("", 1000, "stock.delivery_ref_missing"),
        ("   ", 1000, "stock.delivery_ref_missing"),
        ("X" * 65, 1000, "stock.bad_delivery_ref"),
        ("IRS-1", None, "stock.nothing_received"),
        ("IRS-1", 0, "stock.zero_quantity"),
        ("IRS-1", -1000, "stock.negative_quantity"),
    ],
)
def test_a_bad_receiving_writes_nothing(
    services: Services, reference: str, qty: int | None, code: str
) -> None:
    draft = LinesDraft("receive", reference=reference)
    if qty is not None:
        draft.add(item(MILK), 1000)
        draft.set_quantity(0, qty)
    refused(code, lambda: services.stock_tasks.receive(draft, None), services)


# -- transfers -----------------------------------------------------------------------------------


def test_a_transfer_takes_the_goods_out_here(
    services: Services, staff: Staff, clock: FakeClock
) -> None:
    stores(services, clock)
    tasks = services.stock_tasks
    assert [(s.code, s.name) for s in tasks.stores()] == [("S02", "Beşiktaş")]
    draft = LinesDraft("transfer", destination="S02")
    draft.add(item(MILK), 1000)
    draft.add(item(MILK), 1000)
    draft.add(item(APPLE), 2500)
    posted = tasks.transfer(draft, staff.manager.user_id)
    [fact] = facts(services, "stock.transferred")
    assert fact["transfer_id"] == posted.reference
    assert (fact["store_code"], fact["to_store_code"]) == ("S01", "S02")
    assert [(line["sku"], line["qty_milli"]) for line in fact["lines"]] == [
        ("MILK1L", 2000),
        ("APPLE", 2500),
    ]
    out = movements(services, "transfer_out")
    assert [(m.product_id, m.qty_milli, m.reference) for m in out] == [
        ("p-milk", -2000, posted.reference),
        ("p-apple", -2500, posted.reference),
    ]
    assert [line["out_id"] for line in fact["lines"]] == [
        r[0]
        for r in services.engine.connect()
        .execute(text("SELECT id FROM stock_movement WHERE reason = 'transfer_out' ORDER BY rowid"))
        .all()
    ]
    assert all(
        line["in_id"] not in {line["out_id"] for line in fact["lines"]} for line in fact["lines"]
    )
    assert services.stock.on_hand(MILK.product_id) == -2


@pytest.mark.parametrize(
    ("destination", "code"),
    [
        ("", "stock.no_destination"),
        ("S01", "stock.same_store"),
        ("S99", "stock.unknown_store"),
    ],
)
def test_a_transfer_to_an_unknown_or_the_same_store_writes_nothing(
    services: Services, clock: FakeClock, destination: str, code: str
) -> None:
    stores(services, clock)
    draft = LinesDraft("transfer", destination=destination)
    draft.add(item(MILK), 1000)
    error = refused(code, lambda: services.stock_tasks.transfer(draft, None), services)
    if destination:
        assert error.params == {"store": destination}


def test_an_empty_transfer_writes_nothing(services: Services, clock: FakeClock) -> None:
    stores(services, clock)
    draft = LinesDraft("transfer", destination="S02")
    refused(
        "stock.nothing_to_transfer", lambda: services.stock_tasks.transfer(draft, None), services
    )


# -- cycle counts --------------------------------------------------------------------------------


def sell(services: Services, ctx: SaleContext, seed: Any, qty: int = 1) -> None:
    cart = Cart(policy=services.policy)
    product = services.catalog.by_sku(seed.sku)
    assert product is not None
    cart.add(product, qty)
    payment = Payment(cart.totals().total_minor)
    payment.add_cash(payment.remaining_minor)
    services.sales.complete_sale(cart, payment, ctx)


def test_a_count_applies_at_the_time_it_was_taken(
    services: Services, staff: Staff, ctx: SaleContext, clock: FakeClock
) -> None:
    """The backend said 10 teas at 09:00; one was sold at 09:10 (before the count), the count
    at 09:20 found 7 on two shelves, one more was sold at 09:30, posted at 09:40."""
    tasks = services.stock_tasks
    level(services, clock, TEA, 10000)
    clock.advance(minutes=10)
    sell(services, ctx, TEA)
    count = CountDraft()
    count.set_shelf("LOC:A-01")
    taken = clock.advance(minutes=10)
    for _ in range(4):
        count.add(item(TEA), 1000, taken)
    count.add(item(MILK), 1000, taken)
    count.set_shelf("LOC:B-02")
    count.add(item(TEA), 3000, taken)
    tasks.save_draft("count", count.to_dict(), staff.manager.user_id)
    clock.advance(minutes=10)
    sell(services, ctx, TEA)
    [tea, milk] = tasks.review_count(count.entries)
    assert (tea.counted_milli, tea.expected_milli, tea.difference_milli) == (7000, 9000, -2000)
    assert tea.shelves == ("A-01", "B-02") and tea.counted_at == taken
    assert (milk.counted_milli, milk.expected_milli) == (1000, 0)
    posted_at = clock.advance(minutes=10)
    posted = tasks.post_count(count, staff.manager.user_id)
    assert posted.mutation_ids and posted.reference == count.count_id
    [fact] = facts(services, "stock.counted")
    assert fact["counted_at"] == taken.isoformat()
    assert fact["_occurred_at"] == taken
    assert fact["count_id"] == count.count_id
    assert [(c["sku"], c["counted_milli"], c["expected_milli"]) for c in fact["counts"]] == [
        ("TEA1KG", 7000, 9000),
        ("MILK1L", 1000, 0),
    ]
    assert [
        (m.product_id, m.qty_milli, m.reference, m.occurred_at)
        for m in movements(services, "count")
    ] == [
        ("p-tea", -2000, count.count_id, posted_at),
        ("p-milk", 1000, count.count_id, posted_at),
    ]
    # Here now: the count less the tea sold after it, as the backend will compute it.
    assert tasks.on_hand_now([TEA.product_id]) == {TEA.product_id: 6000}
    assert tasks.load_draft("count") is None


def test_products_counted_at_different_times_go_in_separate_facts(
    services: Services, clock: FakeClock
) -> None:
    count = CountDraft()
    count.set_shelf("A-01")
    first = clock.now()
    count.add(item(MILK), 2000, first)
    second = clock.advance(minutes=5)
    count.add(item(SOAP), 0, second)  # looked, found none
    services.stock_tasks.post_count(count, None)
    assert [
        (f["counted_at"], [(c["sku"], c["counted_milli"]) for c in f["counts"]])
        for f in facts(services, "stock.counted")
    ] == [
        (first.isoformat(), [("MILK1L", 2000)]),
        (second.isoformat(), [("SOAP", 0)]),
    ]


@pytest.mark.parametrize(
    ("qty", "code"),
    [
        (None, "stock.nothing_counted"),
        (-1000, "stock.negative_count"),
        (500, "stock.fractional_pieces"),
    ],
)
def test_a_bad_count_writes_nothing(
    services: Services, clock: FakeClock, qty: int | None, code: str
) -> None:
    count = CountDraft()
    count.set_shelf("A-01")
    if qty is not None:
        count.add(item(MILK), qty, clock.now())
    refused(code, lambda: services.stock_tasks.post_count(count, None), services)


# -- drafts --------------------------------------------------------------------------------------


def test_drafts_are_kept_until_posted_or_discarded(services: Services) -> None:
    tasks = services.stock_tasks
    draft = LinesDraft("receive", reference="IRS-7")
    draft.add(item(SOAP), 1000)
    tasks.save_draft("receive", draft.to_dict(), None)
    tasks.save_draft("receive", draft.to_dict(), None)  # saved again: replaced
    loaded = tasks.load_draft("receive")
    assert loaded is not None and LinesDraft.from_dict(loaded) == draft
    tasks.discard_draft("receive")
    assert tasks.load_draft("receive") is None
    with pytest.raises(ValueError, match="unknown stock task"):
        tasks.load_draft("sale")


# -- exceptions pulled from the backend ---------------------------------------------------------


def exception(eid: str, seed: Any, on_hand: int, raised: Any) -> Change:
    return upsert(
        "stock_exception",
        eid,
        {
            "id": eid,
            "store_code": "S01",
            "product_id": seed.product_id,
            "sku": seed.sku,
            "kind": "negative_stock",
            "on_hand_milli": on_hand,
            "raised_at": raised.isoformat(),
        },
        scope="store:S01",
    )


def test_exceptions_are_pulled_updated_and_deleted(services: Services, clock: FakeClock) -> None:
    tasks = services.stock_tasks
    raised = clock.now()
    level(services, clock, SOAP, -3000)
    pull(services, clock, exception("e1", SOAP, -3000, raised))
    clock.advance(minutes=1)
    pull(
        services,
        clock,
        exception("e2", BREAD, -1000, clock.now()),
        exception("e1", SOAP, -4000, raised),
    )
    found = tasks.exceptions()
    assert [(e.exception_id, e.sku, e.on_hand_milli) for e in found] == [
        ("e1", "SOAP", -4000),
        ("e2", "BREAD", -1000),
    ]
    assert found[0].item is not None and found[0].item.product_id == SOAP.product_id
    assert found[0].raised_at == raised
    assert found[0].on_hand_now_milli == -3000  # this till's stock figure, as last pulled
    pull(
        services,
        clock,
        Change(
            scope="store:S01", seq=next(_seq), collection="stock_exception", key="e1", op="delete"
        ),
    )
    assert [e.exception_id for e in tasks.exceptions()] == ["e2"]


def test_a_snapshot_replaces_the_exceptions(services: Services, clock: FakeClock) -> None:
    pull(services, clock, exception("old", SOAP, -1000, clock.now()))
    store = SyncStore(services.engine, clock)
    store.begin_snapshot()
    item_change = exception("fresh", MILK, -2000, clock.now())
    store.stage_snapshot("stock_exception", [{"key": item_change.key, "data": item_change.data}])
    store.finish_snapshot("cursor", "epoch")
    assert [(e.exception_id, e.sku) for e in services.stock_tasks.exceptions()] == [
        ("fresh", "MILK1L")
    ]


# -- manager mode --------------------------------------------------------------------------------


def test_manager_mode_needs_a_manager(services: Services, staff: Staff) -> None:
    tasks = services.stock_tasks
    with pytest.raises(UserError) as caught:
        tasks.enter_manager_mode(services.users, staff.cashier.user_id, "4826")
    assert caught.value.code == "manager.not_a_manager"
    assert caught.value.params == {"name": "Ayşe"}
    with pytest.raises(UserError) as caught:
        tasks.enter_manager_mode(services.users, staff.supervisor.user_id, "583916")
    assert caught.value.code == "manager.not_a_manager"
    with pytest.raises(UserError) as caught:
        tasks.enter_manager_mode(services.users, staff.manager.user_id, "0000")
    assert caught.value.code == "users.wrong_pin"
    manager = tasks.enter_manager_mode(
        services.users, staff.manager.user_id, "739164", by_user_id=staff.cashier.user_id
    )
    assert manager.user_id == staff.manager.user_id
    audit = table("audit_entry")
    with services.engine.connect() as conn:
        rows = conn.execute(
            select(audit.c.user_id, audit.c.approver_id).where(
                audit.c.action == "manager.mode_entered"
            )
        ).all()
    assert [tuple(r) for r in rows] == [(staff.cashier.user_id, staff.manager.user_id)]


# -- the look-up's category filter ---------------------------------------------------------------


def test_stock_by_category(services: Services, clock: FakeClock) -> None:
    with services.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO category (id, name, names_json) VALUES ('c-drinks', 'İçecek', '{}')")
        )
        conn.execute(
            text("UPDATE product SET category_id = 'c-drinks' WHERE id IN ('p-milk', 'p-tea')")
        )
    for seed, on_hand in ((MILK, 1000), (TEA, -2000), (SOAP, 500)):
        level(services, clock, seed, on_hand)
    lookup = services.stock_lookup
    assert [s.sku for s in lookup.in_category("c-drinks")] == ["TEA1KG", "MILK1L"]  # by name
    assert len(lookup.in_category(None)) == len(SEED)  # every active product
    assert [s.sku for s in lookup.low_stock(category_id="c-drinks")] == ["TEA1KG", "MILK1L"]
    assert [s.sku for s in lookup.low_stock()] == ["TEA1KG", "SOAP", "MILK1L"]
    assert [s.sku for s in lookup.negative_stock(category_id="c-drinks")] == ["TEA1KG"]
    assert lookup.negative_stock(category_id="c-none") == []
    assert [c.name for c in services.stock_tasks.categories()] == ["İçecek"]
