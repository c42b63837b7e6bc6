"""Sales, returns and exchanges through the services, on a real SQLite file."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import text

from pos_app.domain.cart import Cart, Discount
from pos_app.domain.returns import refund_for
from pos_app.domain.roles import Role
from pos_app.domain.tenders import Payment, TenderKind
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.sale_document import CompletedSale, SaleContext
from pos_app.services.sales import ReturnRequest
from tests.conftest import Staff
from tests.fakes import SEED, FakeClock


def count(services: Services, sql: str) -> int:
    with services.engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def ring(services: Services, ctx: SaleContext, *codes: str, card: bool = False) -> CompletedSale:
    cart = Cart(policy=services.policy)
    for code in codes:
        scan = services.catalog.resolve_scan(code)
        cart.add(scan.product, scan.quantity, fixed_total_minor=scan.fixed_total_minor)
    payment = Payment(cart.totals().total_minor)
    if card:
        payment.add_card(payment.remaining_minor, "A1B2C3")
    else:
        payment.add_cash(payment.remaining_minor + 1000)
    return services.sales.complete_sale(cart, payment, ctx)


def test_sale_writes_everything_in_one_transaction(services: Services, ctx: SaleContext) -> None:
    milk, tea = SEED[0].barcode, SEED[1].barcode
    assert milk and tea
    result = ring(services, ctx, milk, milk, tea)
    assert result.receipt_no == "S01-T01-000001"
    assert result.change_minor == 1000
    assert count(services, "SELECT count(*) FROM sale_line") == 2  # repeated scan merged
    assert count(services, "SELECT sum(amount_minor) FROM sale_tender") == 4550 * 2 + 29990
    assert count(services, "SELECT sum(net_minor + tax_minor) FROM sale_tax") == 39090
    assert count(services, "SELECT sum(qty_milli) FROM stock_movement") == -3000
    assert count(services, "SELECT count(*) FROM print_job") == 1
    with services.engine.connect() as conn:
        kind, seq, body = conn.execute(text("SELECT kind, seq, payload_json FROM outbox")).one()
    payload = json.loads(body)
    assert (kind, seq) == ("order.completed", 1)
    assert payload["order_id"] == result.sale_id
    assert {m["qty_milli"] for m in payload["stock_movements"]} == {-2000, -1000}
    assert sum(t["tax_minor"] + t["net_minor"] for t in payload["taxes"]) == 39090


def test_unpaid_or_empty_sale_writes_nothing(services: Services, ctx: SaleContext) -> None:
    cart = Cart()
    with pytest.raises(UserError) as empty:
        services.sales.complete_sale(cart, Payment(0), ctx)
    assert empty.value.code == "sale.empty"
    cart.add(services.catalog.resolve_scan("TEA1KG").product)
    payment = Payment(cart.totals().total_minor)
    payment.add_cash(1000)
    with pytest.raises(UserError) as unpaid:
        services.sales.complete_sale(cart, payment, ctx)
    assert unpaid.value.code == "sale.not_paid"
    assert count(services, "SELECT count(*) FROM sale") == 0
    assert count(services, "SELECT count(*) FROM outbox") == 0


def test_failure_inside_the_transaction_leaves_no_trace(
    services: Services, ctx: SaleContext
) -> None:
    """F25-style: the last write of the sale fails; nothing of it survives, numbers stay."""
    ring(services, ctx, "MILK1L")
    with services.engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TRIGGER fail_print BEFORE INSERT ON print_job "
                "BEGIN SELECT RAISE(ABORT, 'disk I/O error (injected)'); END"
            )
        )
    with pytest.raises(Exception, match="injected"):
        ring(services, ctx, "TEA1KG")
    for name in ("sale", "sale_line", "sale_tender", "stock_movement", "outbox", "print_job"):
        assert count(services, f"SELECT count(*) FROM {name}") == 1, name
    with services.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER fail_print"))
    assert ring(services, ctx, "TEA1KG").receipt_no == "S01-T01-000002"  # no gap


def test_weighed_and_embedded_barcodes(services: Services, ctx: SaleContext) -> None:
    from pos_app.domain.barcodes import DEFAULT_LAYOUTS, encode_embedded

    weight_code = encode_embedded(DEFAULT_LAYOUTS[0], "00101", Decimal("1.250"))
    price_code = encode_embedded(DEFAULT_LAYOUTS[2], "00101", Decimal("12.34"))
    scan = services.catalog.resolve_scan(weight_code)
    assert scan.quantity == Decimal("1.250")
    priced = services.catalog.resolve_scan(price_code)
    assert priced.fixed_total_minor == 1234
    result = ring(services, ctx, weight_code, price_code)
    assert result.total_minor == round(4990 * 1.25) + 1234
    with pytest.raises(UserError) as unknown:
        services.catalog.resolve_scan("8690000009999")
    assert unknown.value.code == "cart.unknown_barcode"


def test_partial_returns_never_exceed_what_was_sold(services: Services, ctx: SaleContext) -> None:
    cart = Cart()
    cart.add(services.catalog.resolve_scan("MILK1L").product, 3)
    cart.add(services.catalog.resolve_scan("SOAP").product, 1)
    cart.apply_cart_discount(Discount.percent(10), Role.CASHIER)
    payment = Payment(cart.totals().total_minor)
    payment.add_card(10000, "CARD01")
    payment.add_cash(payment.remaining_minor)
    sale = services.sales.complete_sale(cart, payment, ctx)

    found = services.sales.find_sale(sale.receipt_no.lower())
    milk = found.lines[0]
    first = services.sales.complete_return(
        ReturnRequest([refund_for(milk, Decimal(2))], original=found), ctx
    )
    # refunded latest tender first: cash
    assert first.total_minor == -round(milk.paid_minor * 2 / 3)
    again = services.sales.find_sale(sale.receipt_no)
    assert again.lines[0].returnable_quantity == 1
    with pytest.raises(UserError) as too_many:
        refund_for(again.lines[0], Decimal(2))
    assert too_many.value.code == "return.quantity_exceeds_sold"
    # a stale view of the sale cannot return the same goods twice
    with pytest.raises(UserError):
        services.sales.complete_return(
            ReturnRequest([refund_for(milk, Decimal(2))], original=found), ctx
        )
    rest = services.sales.complete_return(
        ReturnRequest(
            [refund_for(again.lines[0], Decimal(1)), refund_for(again.lines[1], Decimal(1))],
            original=again,
            card_refund_approval="RF0001",
        ),
        ctx,
    )
    assert first.total_minor + rest.total_minor == -sale.total_minor
    final = services.sales.find_sale(sale.receipt_no)
    assert all(t.refundable_minor == 0 for t in final.tenders)
    assert count(services, "SELECT sum(qty_milli) FROM stock_movement") == 0
    assert count(services, "SELECT count(*) FROM outbox WHERE kind='order.refunded'") == 2
    assert count(services, "SELECT count(*) FROM audit_entry WHERE action='refund'") == 2


def test_card_refund_needs_the_terminal_approval_code(services: Services, ctx: SaleContext) -> None:
    sale = ring(services, ctx, "TEA1KG", card=True)
    found = services.sales.find_sale(sale.receipt_no)
    with pytest.raises(UserError) as missing:
        services.sales.complete_return(
            ReturnRequest([refund_for(found.lines[0], Decimal(1))], original=found), ctx
        )
    assert missing.value.code == "return.card_approval_missing"
    assert count(services, "SELECT count(*) FROM sale") == 1


def test_unknown_receipt(services: Services, ctx: SaleContext) -> None:
    with pytest.raises(UserError) as err:
        services.sales.find_sale("S01-T01-999999")
    assert err.value.code == "return.unknown_receipt"


@pytest.mark.legacy_vouchers
def test_store_credit_refund_and_redemption(services: Services, ctx: SaleContext) -> None:
    sale = ring(services, ctx, "TEA1KG")
    found = services.sales.find_sale(sale.receipt_no)
    refund = services.sales.complete_return(
        ReturnRequest(
            [refund_for(found.lines[0], Decimal(1))], original=found, to_store_credit=True
        ),
        ctx,
    )
    voucher = refund.store_credit_voucher
    assert voucher is not None
    assert services.sales.voucher_balance(voucher) == 29990
    cart = Cart()
    cart.add(services.catalog.resolve_scan("SOAP").product)
    payment = Payment(cart.totals().total_minor)
    payment.add_credit(TenderKind.STORE_CREDIT, 100000, voucher)
    services.sales.complete_sale(cart, payment, ctx)
    assert services.sales.voucher_balance(voucher) == 29990 - 8990
    # a voucher cannot be spent twice beyond its balance
    cart = Cart()
    cart.add(services.catalog.resolve_scan("TEA1KG").product)
    payment = Payment(cart.totals().total_minor)
    payment.add_credit(TenderKind.STORE_CREDIT, 29990, voucher)
    with pytest.raises(UserError) as err:
        services.sales.complete_sale(cart, payment, ctx)
    assert err.value.code == "payment.voucher_insufficient"


def test_receiptless_return_needs_a_supervisor(
    services: Services, ctx: SaleContext, staff: Staff
) -> None:
    from pos_app.domain.returns import ReturnLine

    soap = services.catalog.resolve_scan("SOAP").product
    line = ReturnLine(None, soap.product_id, soap.sku, soap.name, soap.vat_rate, Decimal(1), 8990)
    with pytest.raises(UserError) as err:
        services.sales.complete_return(ReturnRequest([line]), ctx)
    assert err.value.code == "approval.required"
    with pytest.raises(UserError) as weak:
        services.users.approve("Ayşe", "4826", "return.receiptless", Role.SUPERVISOR)
    assert weak.value.code == "approval.insufficient_role"
    approval = services.users.approve("Mehmet", "583916", "return.receiptless", Role.SUPERVISOR)
    result = services.sales.complete_return(ReturnRequest([line], approval=approval), ctx)
    assert result.total_minor == -8990
    with services.engine.connect() as conn:
        approver = conn.execute(
            text("SELECT approver_id FROM audit_entry WHERE action='return.receiptless'")
        ).scalar_one()
    assert approver == staff.supervisor.user_id


def test_exchange_is_one_transaction(services: Services, ctx: SaleContext) -> None:
    sale = ring(services, ctx, "SOAP")
    found = services.sales.find_sale(sale.receipt_no)
    request = ReturnRequest([refund_for(found.lines[0], Decimal(1))], original=found)
    cart = Cart()
    cart.add(services.catalog.resolve_scan("TEA1KG").product)
    payment = Payment(cart.totals().total_minor)
    payment.add_credit(TenderKind.EXCHANGE_CREDIT, request.refund_minor, "exchange")
    payment.add_cash(payment.remaining_minor)
    returned, sold = services.sales.complete_exchange(request, cart, payment, ctx)
    assert returned.total_minor == -8990 and sold.total_minor == 29990
    with services.engine.connect() as conn:
        ids = (
            conn.execute(
                text("SELECT DISTINCT exchange_id FROM sale WHERE exchange_id IS NOT NULL")
            )
            .scalars()
            .all()
        )
    assert len(ids) == 1
    assert (
        count(services, "SELECT sum(amount_minor) FROM sale_tender WHERE kind='exchange_credit'")
        == 0
    )


def test_big_discount_needs_manager_and_is_recorded(
    services: Services, ctx: SaleContext, staff: Staff
) -> None:
    cart = Cart(policy=services.policy)
    line = cart.add(services.catalog.resolve_scan("TEA1KG").product)
    with pytest.raises(UserError) as err:
        cart.apply_line_discount(line.line_id, Discount.percent(50), Role.CASHIER)
    assert err.value.code == "approval.required"
    approval = services.users.approve(
        "Zeynep", "739164", "discount.line", Role.SUPERVISOR, "damaged box"
    )
    cart.apply_line_discount(line.line_id, Discount.percent(50), Role.CASHIER, approval)
    payment = Payment(cart.totals().total_minor)
    payment.add_cash(payment.remaining_minor)
    sale = services.sales.complete_sale(cart, payment, ctx)
    assert sale.total_minor == 14995
    with services.engine.connect() as conn:
        approvals = json.loads(conn.execute(text("SELECT approvals_json FROM sale")).scalar_one())
    assert approvals[0]["approver_id"] == staff.manager.user_id
    assert count(services, "SELECT count(*) FROM audit_entry WHERE action='discount.line'") == 1


def test_cash_rounding_is_recorded(services: Services, ctx: SaleContext) -> None:
    cart = Cart()
    cart.add(services.catalog.resolve_scan("MILK1L").product)  # 45.50
    payment = Payment(cart.totals().total_minor, cash_rounding_step=100)
    payment.add_cash(5000)
    sale = services.sales.complete_sale(cart, payment, ctx)
    assert sale.total_minor == 4600 and sale.change_minor == 400
    assert count(services, "SELECT rounding_minor FROM sale") == 50


def test_parked_sale_round_trip_and_voids_are_audited(services: Services, staff: Staff) -> None:
    cart = Cart(policy=services.policy)
    line = cart.add(services.catalog.resolve_scan("SOAP").product, 2)
    cart.add(services.catalog.resolve_scan("MILK1L").product)
    total = cart.totals().total_minor
    parked_id = services.drafts.park(cart, staff.cashier.user_id, "customer forgot wallet")
    assert [p.total_minor for p in services.drafts.parked()] == [total]
    resumed = services.drafts.resume(parked_id)
    assert resumed.totals() == cart.totals()
    assert services.drafts.parked() == []
    with pytest.raises(UserError):
        services.drafts.resume(parked_id)
    removed = resumed.void_line(line.line_id)
    services.drafts.record_line_void(resumed, removed, staff.cashier.user_id)
    services.drafts.void_sale(resumed, staff.cashier.user_id, "customer left")
    assert resumed.is_empty
    assert (
        count(
            services,
            "SELECT count(*) FROM audit_entry WHERE action IN ('line.voided', 'sale.voided')",
        )
        == 2
    )


def test_audit_log_and_sales_are_append_only(services: Services, ctx: SaleContext) -> None:
    ring(services, ctx, "MILK1L")
    for statement in (
        "UPDATE audit_entry SET action='x'",
        "DELETE FROM audit_entry",
        "DELETE FROM sale",
    ):
        with (
            pytest.raises(Exception, match=r"append-only|immutable"),
            services.engine.begin() as conn,
        ):
            conn.execute(text(statement))


def test_shift_close_computes_over_short(
    services: Services, ctx: SaleContext, staff: Staff
) -> None:
    ring(services, ctx, "TEA1KG")  # 299.90 cash
    ring(services, ctx, "SOAP", card=True)
    close = services.shifts.close(ctx.shift_id, 50000 + 29990 - 500, staff.cashier.user_id)
    assert close.expected_cash_minor == 50000 + 29990
    assert close.over_short_minor == -500
    assert services.shifts.current() is None
    assert count(services, "SELECT count(*) FROM outbox WHERE kind='shift.closed'") == 1
    with pytest.raises(UserError):
        services.shifts.close(ctx.shift_id, 0, staff.cashier.user_id)


def test_one_shift_at_a_time(services: Services, ctx: SaleContext, staff: Staff) -> None:
    with pytest.raises(UserError) as err:
        services.shifts.open(staff.manager.user_id, 0)
    assert err.value.code == "shift.already_open"


def test_wrong_pins_lock_the_user_out(services: Services, staff: Staff, clock: FakeClock) -> None:
    attempts = services.settings.pin_max_attempts
    for attempt in range(1, attempts + 1):
        with pytest.raises(UserError) as err:
            services.users.authenticate("Ayşe", "0000")
        # the failure that locks says so, and for how long
        assert err.value.code == ("users.locked" if attempt == attempts else "users.wrong_pin")
    assert err.value.params["minutes"] == 5
    with pytest.raises(UserError) as locked:
        services.users.authenticate("Ayşe", "4826")
    assert locked.value.code == "users.locked"
    clock.advance(minutes=services.settings.pin_lockout_minutes[0] + 1)
    assert services.users.authenticate("Ayşe", "4826").name == "Ayşe"
    assert count(services, "SELECT count(*) FROM audit_entry WHERE action='user.locked_out'") == 1
    with services.engine.connect() as conn:
        stored = conn.execute(text("SELECT pin_hash FROM user WHERE name='Ayşe'")).scalar_one()
    assert "4826" not in stored and stored.startswith("hmac-sha256:")
    assert "$argon2id$" in stored


def test_stock_ledger_sums_movements(services: Services, ctx: SaleContext, staff: Staff) -> None:
    services.stock.adjust([("p-milk", Decimal(24))], "receive", staff.manager.user_id)
    ring(services, ctx, "MILK1L", "MILK1L")
    services.stock.adjust([("p-milk", Decimal(-1))], "damage", staff.manager.user_id)
    assert services.stock.on_hand("p-milk") == Decimal(21)
    with pytest.raises(UserError):
        services.stock.adjust([("p-milk", Decimal(1))], "gift", None)
    assert count(services, "SELECT count(*) FROM outbox WHERE kind='stock.adjusted'") == 2


def test_concurrent_writers_wait_instead_of_failing(services: Services, ctx: SaleContext) -> None:
    """Two threads ringing sales and returns at once: no SQLITE_BUSY, numbers stay gap-free."""
    import threading

    first = ring(services, ctx, "MILK1L", "MILK1L", "MILK1L", "MILK1L", "MILK1L", "MILK1L")
    errors: list[BaseException] = []

    def sell() -> None:
        try:
            for _ in range(15):
                ring(services, ctx, "TEA1KG", "SOAP")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    def give_back() -> None:
        try:
            for _ in range(6):
                found = services.sales.find_sale(first.receipt_no)
                request = ReturnRequest([refund_for(found.lines[0], Decimal(1))], original=found)
                services.sales.complete_return(request, ctx)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=sell), threading.Thread(target=give_back)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with services.engine.connect() as conn:
        numbers = conn.execute(text("SELECT local_no FROM sale ORDER BY local_no")).scalars().all()
    assert numbers == list(range(1, 1 + 1 + 15 + 6))
