"""End to end: terminals and a real backend process talk over loopback HTTP.

A sale rung on a terminal arrives on the backend (order, document, stock movements, e-receipt
link); a price changed on the backend arrives at the terminal and the next sale charges it
while older sales keep theirs; two terminals at one store add up to the backend's stock.
"""

from __future__ import annotations

import json
import random

from sync.receipt_token import make_token
from tests.sync.conftest import (
    BARCODES,
    CATALOG,
    LiveBackend,
    TerminalFactory,
    audit,
)

MILK, BREAD, TEA = BARCODES[0], BARCODES[1], BARCODES[2]
MILK_SKU, MILK_PRICE = CATALOG[0][0], CATALOG[0][2]
TEA_PRICE = CATALOG[2][2]


def local_price(terminal_rows: list[object]) -> int:
    assert len(terminal_rows) == 1, terminal_rows
    return int(terminal_rows[0][0])  # type: ignore[index]


def test_a_sale_arrives_on_the_backend(
    live_backend: LiveBackend, terminal_factory: TerminalFactory
) -> None:
    terminal = terminal_factory(live_backend)
    skus = {str(r[0]) for r in terminal.rows("SELECT sku FROM product")}
    assert skus == {item[0] for item in CATALOG}, "bootstrap did not bring the catalog"

    sale = terminal.ring(MILK, MILK, TEA)
    assert sale.total_minor == 2 * MILK_PRICE + TEA_PRICE
    assert sale.receipt_no == f"{terminal.receipt_prefix}-000001"
    assert sale.receipt_token
    before = live_backend.get(f"/r/{sale.receipt_token}")
    # Signed with the key from enrolment: "appears shortly" (200) without the sale in it.
    assert before.status_code == 200, before.text[:300]
    assert sale.receipt_no not in before.text
    assert live_backend.order_count() == 0

    report = terminal.client().run_once()
    assert (report.pushed, report.applied, report.duplicates, report.rejected) == (1, 1, 0, 0)
    assert report.pending == 0

    order = live_backend.one(
        "SELECT o.*, t.code AS terminal_code, s.code AS store_code FROM pos_order o "
        "JOIN terminal t ON t.id = o.terminal_id JOIN store s ON s.id = o.store_id"
    )
    assert order.id == sale.sale_id
    assert order.receipt_no == sale.receipt_no
    assert order.receipt_token == sale.receipt_token
    assert order.kind == "sale"
    assert order.local_no == 1
    assert int(order.total_minor) == sale.total_minor
    assert order.terminal_id == terminal.enrolment.terminal_id
    assert (order.store_code, order.terminal_code) == ("S01", terminal.enrolment.terminal_code)
    document = json.loads(order.document_json)
    assert sale.receipt_no in json.dumps(document, ensure_ascii=False)
    movements = {
        str(r.sku): int(r.qty)
        for r in live_backend.rows(
            "SELECT p.sku, sum(m.qty_milli) AS qty FROM stock_movement m "
            "JOIN product p ON p.id = m.product_id GROUP BY p.sku"
        )
    }
    assert movements == {MILK_SKU: -2000, CATALOG[2][0]: -1000}
    levels = {
        str(r.sku): int(r.on_hand_milli)
        for r in live_backend.rows(
            "SELECT p.sku, l.on_hand_milli FROM stock_level l JOIN product p ON p.id = l.product_id"
        )
    }
    assert levels == movements

    outbox = terminal.rows("SELECT kind, acked_at, outcome FROM outbox")
    assert [(r.kind, r.acked_at is not None, r.outcome) for r in outbox] == [
        ("order.completed", True, "applied")
    ]

    after = live_backend.get(f"/r/{sale.receipt_token}")
    assert after.status_code == 200, after.text[:500]
    assert sale.receipt_no in after.text
    made_up = live_backend.get(f"/r/{make_token(None, 'tr')}")
    assert made_up.status_code == 404


def test_a_price_change_reaches_the_till_and_the_next_sale(
    live_backend: LiveBackend, terminal_factory: TerminalFactory
) -> None:
    terminal = terminal_factory(live_backend)
    client = terminal.client()
    old_sale = terminal.ring(MILK)  # rung before the change, pushed after it
    assert old_sale.total_minor == MILK_PRICE

    live_backend.set_price(MILK_SKU, 4990)
    report = client.run_once()
    assert report.pulled >= 1
    assert report.applied == 1
    assert (
        local_price(terminal.rows("SELECT price_minor FROM product WHERE sku = :s", s=MILK_SKU))
        == 4990
    )

    new_sale = terminal.ring(MILK)
    assert new_sale.total_minor == 4990
    terminal.sync_until_idle(client)

    totals = {
        str(r.receipt_no): int(r.total_minor)
        for r in live_backend.rows("SELECT receipt_no, total_minor FROM pos_order")
    }
    # Never re-priced: the order keeps the price actually charged.
    assert totals == {old_sale.receipt_no: MILK_PRICE, new_sale.receipt_no: 4990}


def test_two_terminals_at_one_store_add_up(
    live_backend: LiveBackend, terminal_factory: TerminalFactory
) -> None:
    first = terminal_factory(live_backend)
    second = terminal_factory(live_backend)
    assert first.receipt_prefix != second.receipt_prefix
    rng = random.Random(7)
    sales = first.ring_random(rng, 25) + second.ring_random(rng, 25)
    first.sync_until_idle()
    second.sync_until_idle()
    first.sync_until_idle()  # pulls the stock the second terminal's sales changed

    result = audit(live_backend, [first, second])
    assert result.problems() == []
    assert result.orders == len(sales) == 50
    by_terminal = {
        str(r.code): int(r.n)
        for r in live_backend.rows(
            "SELECT t.code, count(*) AS n FROM pos_order o JOIN terminal t ON t.id = o.terminal_id "
            "GROUP BY t.code"
        )
    }
    assert by_terminal == {
        first.enrolment.terminal_code: 25,
        second.enrolment.terminal_code: 25,
    }
    sold: dict[str, int] = {}
    for till in (first, second):
        for sku, qty in till.sold_by_sku().items():
            sold[sku] = sold.get(sku, 0) + qty
    on_hand = {
        str(r.sku): int(r.on_hand_milli)
        for r in live_backend.rows(
            "SELECT p.sku, l.on_hand_milli FROM stock_level l JOIN product p ON p.id = l.product_id"
        )
    }
    assert on_hand == sold
    assert sum(sold.values()) < 0
    # Both tills' replicas of the store's stock show the backend's levels.
    for till in (first, second):
        replica = {
            str(r.sku): int(r.on_hand_milli)
            for r in till.rows(
                "SELECT p.sku, l.on_hand_milli FROM stock_level l "
                "JOIN product p ON p.id = l.product_id WHERE l.store_code = 'S01'"
            )
        }
        assert replica == on_hand, till.name
