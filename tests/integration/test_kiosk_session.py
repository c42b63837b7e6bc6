"""A kiosk's checkout core walked through on a real database: its day, scans that merge, scale
labels and the scale, age checks while the customer goes on scanning, sale hours, removals,
the basket limit, wiping, staff badges and the badge command."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, text, update
from typer.testing import CliRunner

from pos_app.checkout.events import Stage
from pos_app.checkout.kiosk.approvals import ApprovalKind
from pos_app.checkout.kiosk.build import KioskSessions, build_kiosk_sessions
from pos_app.checkout.kiosk.session import BadgeScanned
from pos_app.devices.scale import FakeScale, ScaleError
from pos_app.domain.barcodes import DEFAULT_LAYOUTS, encode_embedded
from pos_app.domain.text import fold
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.storage.tables import table
from tests.conftest import Staff
from tests.fakes import SEED, FakeClock, ean13

MILK, TEA, BREAD = (str(SEED[i].barcode) for i in (0, 1, 3))
BEER = ean13("869000000101")
WINE = ean13("869000000102")


def add_product(services: Services, clock: FakeClock, **values: Any) -> None:
    barcode = values.pop("barcode", None)
    row = {
        "names_json": "{}",
        "search_text": fold(values["name"]),
        "vat_rate": 20,
        "active": True,
        "updated_at": clock.now(),
        **values,
    }
    with services.engine.begin() as conn:
        conn.execute(insert(table("product")), row)
        if barcode:
            conn.execute(insert(table("barcode")), {"code": barcode, "product_id": row["id"]})


@pytest.fixture
def goods(services: Services, clock: FakeClock) -> None:
    add_product(
        services, clock, id="p-beer", sku="BEER", name="Bira 50 cl", price_minor=6000,
        barcode=BEER, min_age=18, restriction="alcohol",
    )  # fmt: skip
    add_product(
        services, clock, id="p-wine", sku="WINE", name="Şarap 75 cl", price_minor=40000,
        barcode=WINE, min_age=18,
    )  # fmt: skip
    add_product(
        services, clock, id="p-pear", sku="PEAR", name="Armut", price_minor=5990,
        sold_by_weight=True, plu="00102", image="pear.png",
        names_json=json.dumps({"en": "Pear"}),
    )  # fmt: skip


@pytest.fixture
def states() -> list[tuple[str, str]]:
    return []


@pytest.fixture
def scale() -> FakeScale:
    return FakeScale()


def build(
    services: Services, scale: FakeScale | None, states: list[tuple[str, str]]
) -> KioskSessions:
    return build_kiosk_sessions(
        services, scale=scale, on_state=lambda s, r: states.append((s, r)), language="tr"
    )


@pytest.fixture
def kiosk(
    services: Services, staff: Staff, goods: None, scale: FakeScale, states: list[tuple[str, str]]
) -> KioskSessions:
    """A kiosk whose day a supervisor opened by badge."""
    built = build(services, scale, states)
    built.attendant.open_by_badge(services.users.issue_badge(staff.supervisor.user_id))
    built.attendant.open_day()
    built.attendant.leave()
    return built


def audit_rows(services: Services, action: str) -> list[dict[str, Any]]:
    with services.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT user_id, approver_id, detail_json FROM audit_entry WHERE action = :a"),
            {"a": action},
        ).all()
    return [{"user_id": r[0], "approver_id": r[1], **json.loads(r[2])} for r in rows]


def outbox(services: Services, kind: str) -> list[dict[str, Any]]:
    with services.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT payload_json FROM outbox WHERE kind = :k ORDER BY seq"), {"k": kind}
        ).all()
    return [json.loads(r[0]) for r in rows]


def pay_by_card(kiosk: KioskSessions) -> Any:
    """Complete the basket as the kiosk's card payment does, through the till's payment."""
    payment = kiosk.payment.begin_payment()
    kiosk.payment.pay_card(payment.due_minor, "A1B2C3")
    return kiosk.payment.finish()


# -- the day -----------------------------------------------------------------------------


def test_closed_until_staff_open_the_day_then_a_z_report(
    services: Services, staff: Staff, goods: None, states: list[tuple[str, str]]
) -> None:
    kiosk = build(services, None, states)
    session = kiosk.session
    assert not session.day_open
    assert kiosk.flow.stage is Stage.NEEDS_SHIFT
    with pytest.raises(UserError) as closed:
        session.scan(MILK)
    assert closed.value.code == "kiosk.closed"
    badge = services.users.issue_badge(staff.cashier.user_id)
    with pytest.raises(BadgeScanned) as scanned:  # a badge opens service mode even closed
        session.scan(f" {badge}\n")
    assert scanned.value.code == badge
    with pytest.raises(UserError) as nobody:
        kiosk.attendant.open_day()
    assert nobody.value.code == "attendant.none"

    kiosk.attendant.open_by_badge(scanned.value.code)
    kiosk.attendant.open_day()
    assert session.day_open and kiosk.flow.stage is Stage.SELLING
    shift = kiosk.seller.require_shift()
    assert shift.user_id == kiosk.seller.user.user_id != staff.cashier.user_id
    assert shift.opening_float_minor == 0
    assert kiosk.seller.user.name == "Kiosk T01"
    opened = audit_rows(services, "shift.opened")
    assert opened[-1]["opened_by"] == staff.cashier.user_id
    assert opened[-1]["user_id"] == kiosk.seller.user.user_id

    session.scan(MILK)
    with pytest.raises(UserError) as busy:
        kiosk.attendant.close_day()
    assert busy.value.code == "shift.sale_in_progress"
    sold = pay_by_card(kiosk)
    closed_day = kiosk.attendant.close_day()
    assert closed_day.z_no == 1
    assert (closed_day.expected_cash_minor, closed_day.counted_cash_minor) == (0, 0)
    assert not session.day_open and kiosk.flow.stage is Stage.NEEDS_SHIFT
    fact = outbox(services, "shift.closed")[-1]
    assert fact["opened_by"] == kiosk.seller.user.user_id
    assert fact["closed_by"] == staff.cashier.user_id
    with services.engine.connect() as conn:
        document = json.loads(
            conn.execute(
                text("SELECT document_json FROM print_job WHERE kind = 'z_report'")
            ).scalar_one()
        )
    assert document["cashier_name"] == "Kiosk T01"
    assert document["sales_count"] == 1
    assert document["sales_total_minor"] == sold.sale.total_minor == 4550
    assert document["tenders"] == [{"kind": "card", "amount_minor": 4550}]

    # The next start finds the same kiosk user and no day open.
    again = build(services, None, states)
    assert again.seller.user == kiosk.seller.user
    assert not again.session.day_open


def test_the_kiosk_user_cannot_sign_in(services: Services, kiosk: KioskSessions) -> None:
    user = kiosk.seller.user
    assert user.user_id not in {u.user_id for u in kiosk.attendant.staff()}
    with pytest.raises(UserError) as refused:
        kiosk.attendant.open_by_pin(user.user_id, "0000")
    assert refused.value.code == "users.unknown"
    with pytest.raises(UserError) as wrong:
        services.users.authenticate(user.user_id, "482615")
    assert wrong.value.code == "users.wrong_pin"


# -- goods -----------------------------------------------------------------------------


def test_scans_merge_into_their_line_and_scale_labels(
    kiosk: KioskSessions, scale: FakeScale
) -> None:
    session = kiosk.session
    cart = kiosk.sale.cart
    first = session.scan(MILK)
    session.scan(TEA)
    again = session.scan(MILK)  # not the last line: still its line
    assert again.line_id == first.line_id and again.quantity == 2
    assert [line.product.sku for line in cart.lines] == ["MILK1L", "TEA1KG"]

    label = encode_embedded(DEFAULT_LAYOUTS[0], "00101", Decimal("1.250"))  # 27: apples
    weighed = session.scan(label)
    assert weighed.product.sku == "APPLE" and weighed.quantity == Decimal("1.250")
    price = encode_embedded(DEFAULT_LAYOUTS[2], "00101", Decimal("12.34"))  # 29: a price
    assert session.scan(price).fixed_total_minor == 1234

    scale.set_weight(800)
    on_scale = session.scan("00102")  # a weighed item's PLU typed: the scale weighs it
    assert on_scale.product.sku == "PEAR" and on_scale.quantity == Decimal("0.8")
    scale.set_weight(450)
    second = session.add_weighed("p-pear")  # each weighing is a line of its own
    assert second.line_id != on_scale.line_id and second.quantity == Decimal("0.45")
    scale.set_unstable()
    with pytest.raises(ScaleError) as unstable:  # the scale's own message
        session.add_weighed("p-pear")
    assert unstable.value.code == "scale.unstable"
    scale.disconnect()
    with pytest.raises(ScaleError) as unplugged:
        session.scan("00102")
    assert unplugged.value.code == "scale.unavailable"
    assert len(cart.lines) == 6

    with pytest.raises(UserError) as unknown:
        session.scan("8690000009999")
    assert unknown.value.code == "scan.unknown"
    with pytest.raises(UserError) as not_weighed:
        session.add_weighed("p-milk")
    assert not_weighed.value.code == "kiosk.not_weighed"


def test_no_scale_asks_for_staff(
    services: Services, staff: Staff, goods: None, states: list[tuple[str, str]]
) -> None:
    kiosk = build(services, None, states)
    kiosk.attendant.open_by_pin(staff.manager.user_id, "739164")
    kiosk.attendant.open_day()
    for attempt in (
        lambda: kiosk.session.scan("00102"),
        lambda: kiosk.session.add_weighed("p-pear"),
    ):
        with pytest.raises(UserError) as none:
            attempt()
        assert none.value.code == "scale.none"
        assert "ask a member of staff" in none.value.message
    assert kiosk.sale.cart.is_empty


def test_quantities(kiosk: KioskSessions) -> None:
    session = kiosk.session
    line = session.scan(BREAD)
    session.set_quantity(line.line_id, 5)
    assert line.quantity == 5
    for bad in (0, 100, -1):
        with pytest.raises(UserError) as refused:
            session.set_quantity(line.line_id, bad)
        assert refused.value.code == "kiosk.quantity"
    with pytest.raises(UserError) as fewer:  # taking goods off needs staff (the setting)
        session.set_quantity(line.line_id, 2)
    assert fewer.value.code == "kiosk.decrease_needs_attendant"
    assert line.quantity == 5


def test_plu_grid_in_the_current_language(services: Services, kiosk: KioskSessions) -> None:
    images = services.settings.images_dir
    images.mkdir(parents=True)
    (images / "pear.png").write_bytes(b"\x89PNG")
    tiles = kiosk.session.plu_items()
    assert [t.sku for t in tiles] == ["PEAR", "APPLE"]  # Armut, Elma Amasya
    assert tiles[0].image == images / "pear.png" and tiles[1].image is None
    kiosk.session.set_language("en")
    assert [t.sku for t in kiosk.session.plu_items()] == ["APPLE", "PEAR"]  # Apple, Pear


# -- age checks and sale hours ---------------------------------------------------------------


def test_age_item_waits_for_a_badge_while_the_customer_scans_on(
    services: Services, staff: Staff, kiosk: KioskSessions, states: list[tuple[str, str]]
) -> None:
    session = kiosk.session
    beer = session.scan(BEER)  # 12:00 in Istanbul: on sale, after an ID check
    waiting = session.payment_blockers()
    assert [(p.kind, p.line_id, p.min_age) for p in waiting] == [
        (ApprovalKind.AGE, beer.line_id, 18)
    ]
    assert states[-1] == ("needs_help", "age_check")
    session.scan(BEER)  # the same line: one check
    session.scan(BREAD)
    session.scan(MILK)
    assert len(session.pending_approvals()) == 1 and beer.quantity == 2
    wine = session.scan(WINE)
    assert [p.line_id for p in session.payment_blockers()] == [beer.line_id, wine.line_id]

    badge = services.users.issue_badge(staff.cashier.user_id)
    with pytest.raises(BadgeScanned) as scanned:
        session.scan(badge)
    attendant = kiosk.attendant
    assert attendant.open_by_badge(scanned.value.code) == staff.cashier
    attendant.approve(f"age:{beer.line_id}")
    assert [p.line_id for p in session.payment_blockers()] == [wine.line_id]
    assert attendant.approve_all() == 1
    assert session.payment_blockers() == []
    attendant.leave()
    assert states[-1] == ("in_use", "")
    with pytest.raises(UserError) as gone:
        attendant.approve(f"age:{beer.line_id}")
    assert gone.value.code == "attendant.none"

    approvals = kiosk.sale.cart.approvals
    assert [(a.action, a.detail, a.approver_id) for a in approvals] == [
        ("kiosk.age", beer.line_id, staff.cashier.user_id),
        ("kiosk.age", wine.line_id, staff.cashier.user_id),
    ]
    granted = audit_rows(services, "approval.granted")
    assert [(g["approver_id"], g["action"]) for g in granted] == [
        (staff.cashier.user_id, "kiosk.age")
    ] * 2
    pay_by_card(kiosk)
    fact = outbox(services, "order.completed")[-1]
    assert fact["cashier_id"] == kiosk.seller.user.user_id
    assert [(a["action"], a["approver_name"], a["approver_role"]) for a in fact["approvals"]] == [
        ("kiosk.age", "Ayşe", "cashier")
    ] * 2


def test_alcohol_refused_at_23_istanbul(
    kiosk: KioskSessions, clock: FakeClock, states: list[tuple[str, str]]
) -> None:
    session = kiosk.session
    session.scan(MILK)
    clock.advance(hours=11)  # 20:00 UTC: 23:00 in Istanbul
    assert clock.now() == datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
    with pytest.raises(UserError) as refused:
        session.scan(BEER)
    assert refused.value.code == "restriction.hours"
    assert refused.value.params["hours"] == "22:00-06:00"
    assert [line.product.sku for line in kiosk.sale.cart.lines] == ["MILK1L"]
    assert session.pending_approvals() == []
    session.scan(WINE)  # an age item without sale hours is still sold (after an ID check)
    clock.advance(hours=7)  # 06:00 in Istanbul
    session.scan(BEER)
    assert [line.product.sku for line in kiosk.sale.cart.lines] == ["MILK1L", "WINE", "BEER"]


# -- removals, prices, the basket limit -----------------------------------------------------


def test_removal_waits_for_an_attendant(
    services: Services, staff: Staff, kiosk: KioskSessions
) -> None:
    session = kiosk.session
    tea = session.scan(TEA)
    session.scan(BREAD)
    assert session.request_removal(tea.line_id) is False
    assert session.removal_pending(tea.line_id)
    assert [(p.kind, p.line_id) for p in session.payment_blockers()] == [
        (ApprovalKind.REMOVAL, tea.line_id)
    ]
    session.scan(MILK)  # scanning goes on
    kiosk.attendant.open_by_pin(staff.cashier.user_id, "4826")
    kiosk.attendant.approve(f"removal:{tea.line_id}")
    assert [line.product.sku for line in kiosk.sale.cart.lines] == ["BREAD", "MILK1L"]
    assert not session.removal_pending(tea.line_id) and session.payment_blockers() == []
    assert kiosk.sale.cart.approvals[-1].action == "kiosk.removal"
    assert audit_rows(services, "line.voided")[-1]["line"]["product"]["sku"] == "TEA1KG"
    kiosk.attendant.remove_line(kiosk.sale.cart.lines[0].line_id)  # staff remove directly
    assert [line.product.sku for line in kiosk.sale.cart.lines] == ["MILK1L"]


def test_removal_without_attendant_when_set(
    services: Services, staff: Staff, goods: None, states: list[tuple[str, str]]
) -> None:
    services.settings = services.settings.model_copy(
        update={"kiosk_removal_needs_attendant": False}
    )
    kiosk = build(services, None, states)
    kiosk.attendant.open_by_pin(staff.cashier.user_id, "4826")
    kiosk.attendant.open_day()
    kiosk.attendant.leave()
    line = kiosk.session.scan(BEER)
    kiosk.session.set_quantity(line.line_id, 3)
    kiosk.session.set_quantity(line.line_id, 1)  # fewer is fine without the setting
    assert kiosk.session.request_removal(line.line_id) is True
    assert kiosk.sale.cart.is_empty and kiosk.session.pending_approvals() == []


def test_price_check_and_override_by_role(staff: Staff, kiosk: KioskSessions) -> None:
    session, attendant = kiosk.session, kiosk.attendant
    tea = session.scan(TEA)  # 299.90
    session.request_price_check(tea.line_id)
    assert [p.kind for p in session.payment_blockers()] == [ApprovalKind.PRICE_OVERRIDE]
    attendant.open_by_pin(staff.cashier.user_id, "4826")
    with pytest.raises(UserError) as too_far:  # 20 % off: beyond a cashier's 10 %
        attendant.override_price(tea.line_id, 23992, "shelf label")
    assert too_far.value.code == "approval.insufficient_role"
    assert tea.unit_price_minor == 29990
    attendant.leave()
    attendant.open_by_pin(staff.supervisor.user_id, "583916")
    attendant.override_price(tea.line_id, 23992, "shelf label")
    assert tea.unit_price_minor == 23992 and session.payment_blockers() == []
    approval = kiosk.sale.cart.approvals[-1]
    assert (approval.action, approval.approver_id, approval.detail) == (
        "kiosk.price_override",
        staff.supervisor.user_id,
        tea.line_id,
    )


def test_basket_limit_asks_again_when_it_grows(
    services: Services, staff: Staff, goods: None, states: list[tuple[str, str]]
) -> None:
    services.settings = services.settings.model_copy(update={"kiosk_basket_limit": Decimal(300)})
    kiosk = build(services, None, states)
    session, attendant = kiosk.session, kiosk.attendant
    attendant.open_by_pin(staff.cashier.user_id, "4826")
    attendant.open_day()
    attendant.leave()
    session.scan(TEA)  # 299.90: within 300.00
    assert session.payment_blockers() == []
    session.scan(BREAD)  # 314.90
    assert [p.kind for p in session.payment_blockers()] == [ApprovalKind.BASKET_LIMIT]
    assert states[-1] == ("needs_help", "basket_limit")
    attendant.open_by_pin(staff.cashier.user_id, "4826")
    attendant.approve("basket_limit")
    assert session.payment_blockers() == []
    assert kiosk.sale.cart.approvals[-1].detail == "31490"
    session.scan(BREAD)  # 329.90: more than was approved
    assert [p.approval_id for p in session.payment_blockers()] == ["basket_limit"]
    attendant.approve_all()
    assert session.payment_blockers() == []


# -- help and wiping ------------------------------------------------------------------------


def test_wipe_voids_the_basket_and_starts_over(
    services: Services, staff: Staff, kiosk: KioskSessions, states: list[tuple[str, str]]
) -> None:
    session = kiosk.session
    assert states[-1] == ("idle", "")
    session.set_language("en")
    assert states[-1] == ("in_use", "")
    line = session.scan(BEER)
    session.request_removal(session.scan(MILK).line_id)
    session.call_help()
    assert session.help_reason == "help" and states[-1] == ("needs_help", "help")
    session.cancel_help()
    assert states[-1] == ("needs_help", "age_check")
    assert services.drafts.load_current() is not None
    cart_id = kiosk.sale.cart.cart_id

    with pytest.raises(UserError) as bad:
        session.wipe("bored")
    assert bad.value.code == "kiosk.wipe_reason"
    session.wipe("customer")
    assert kiosk.sale.cart.is_empty and kiosk.sale.cart.cart_id != cart_id
    assert session.language == "tr"
    assert session.pending_approvals() == [] and session.help_reason is None
    assert not session.removal_pending(line.line_id)
    assert services.drafts.load_current() is None
    voided = audit_rows(services, "sale.voided")[-1]
    assert voided["reason"] == "customer" and voided["cart"]["cart_id"] == cart_id
    assert voided["user_id"] == kiosk.seller.user.user_id
    assert states[-1] == ("idle", "")

    session.scan(BREAD)
    kiosk.attendant.open_by_badge(services.users.issue_badge(staff.manager.user_id))
    assert kiosk.attendant.may_close_app
    kiosk.attendant.void_basket()
    assert kiosk.sale.cart.is_empty
    assert audit_rows(services, "kiosk.basket_voided")[-1]["user_id"] == staff.manager.user_id
    assert audit_rows(services, "sale.voided")[-1]["reason"] == "attendant"


def test_a_restart_brings_the_basket_back(
    services: Services, kiosk: KioskSessions, states: list[tuple[str, str]]
) -> None:
    beer = kiosk.session.scan(BEER)
    again = build(services, None, states)
    assert [line.line_id for line in again.sale.cart.lines] == [beer.line_id]
    assert again.flow.stage is Stage.SELLING
    # The age check still waits: the line kept its minimum age in the draft.
    assert [p.kind for p in again.session.payment_blockers()] == [ApprovalKind.AGE]


def test_reprint_last_by_the_attendant(
    services: Services, staff: Staff, kiosk: KioskSessions
) -> None:
    kiosk.attendant.open_by_pin(staff.cashier.user_id, "4826")
    with pytest.raises(UserError) as nothing:
        kiosk.attendant.reprint_last()
    assert nothing.value.code == "print.nothing_to_reprint"
    kiosk.session.scan(MILK)
    pay_by_card(kiosk)
    job = kiosk.attendant.reprint_last()
    assert services.printing.document(job)["copy"] is True
    assert audit_rows(services, "receipt.reprinted")[-1]["user_id"] == staff.cashier.user_id
    assert not kiosk.attendant.may_close_app


# -- badges -----------------------------------------------------------------------------


def test_badges_issue_replace_revoke(services: Services, staff: Staff) -> None:
    users = services.users
    first = users.issue_badge(staff.cashier.user_id)
    assert first.startswith("STAFF-") and len(first) == 22
    assert set(first[6:]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert users.user_by_badge(first) == staff.cashier
    assert users.user_by_badge(f" {first.lower()} ") == staff.cashier  # a scanner in lowercase
    with services.engine.connect() as conn:
        stored = conn.execute(text("SELECT badge_hash FROM user WHERE name = 'Ayşe'")).scalar()
        everything = " ".join(
            str(row) for row in conn.execute(text("SELECT * FROM audit_entry")).all()
        )
    assert stored and first not in stored and first[6:] not in everything
    assert users.badge_issued(staff.cashier.user_id) is not None

    second = users.issue_badge(staff.cashier.user_id)
    assert second != first
    with pytest.raises(UserError) as replaced:
        users.user_by_badge(first)
    assert replaced.value.code == "badge.unknown"
    assert users.user_by_badge(second) == staff.cashier

    users.revoke_badge(staff.cashier.user_id)
    with pytest.raises(UserError) as revoked:
        users.user_by_badge(second)
    assert revoked.value.code == "badge.unknown"
    assert users.badge_issued(staff.cashier.user_id) is None
    with pytest.raises(UserError) as none:
        users.revoke_badge(staff.cashier.user_id)
    assert none.value.code == "badge.none"
    with pytest.raises(UserError) as never:
        users.user_by_badge("STAFF-AAAAAAAAAAAAAAAA")
    assert never.value.code == "badge.unknown"

    third = users.issue_badge(staff.supervisor.user_id)
    with services.engine.begin() as conn:
        conn.execute(
            update(table("user"))
            .where(table("user").c.id == staff.supervisor.user_id)
            .values(active=False)
        )
    with pytest.raises(UserError) as inactive:
        users.user_by_badge(third)
    assert inactive.value.code == "users.inactive"
    assert [a["replaced"] for a in audit_rows(services, "user.badge_issued")] == [
        False,
        True,
        False,
    ]


def test_cli_badge_png_print_and_revoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    from pos_app.cli import app

    monkeypatch.delenv("POS_DATA_DIR", raising=False)
    monkeypatch.delenv("POS_PRINTER", raising=False)
    runner = CliRunner()
    data = tmp_path / "data"

    def pos(*args: str | Path, printer: str = "") -> Any:
        arguments = [str(a) for a in (*args, "--data-dir", data)]
        return runner.invoke(app, arguments, env={"POS_PRINTER": printer})

    assert pos("init").exit_code == 0
    assert pos("users", "add", "Ayşe Kaya", "--pin", "4826").exit_code == 0
    shown = pos("users", "badge", "Ayşe Kaya")
    assert shown.exit_code == 0, shown.output
    assert "Badge of Ayşe Kaya: STAFF-" in shown.stdout and "--print" in shown.stdout

    card = tmp_path / "ayse.png"
    written = pos("users", "badge", "Ayşe Kaya", "--png", card)
    assert written.exit_code == 0, written.output
    assert "STAFF-" not in written.stdout
    with Image.open(card) as image:
        assert image.format == "PNG" and image.width == 800 and image.height > 100

    no_printer = pos("users", "badge", "Ayşe Kaya", "--print")
    assert no_printer.exit_code == 2 and "--png FILE" in no_printer.stderr
    paper = tmp_path / "printer.bin"
    printed = pos("users", "badge", "Ayşe Kaya", "--print", printer=f"file:{paper}")
    assert printed.exit_code == 0, printed.output
    assert "Badge of Ayşe Kaya printed" in printed.stdout
    sent = paper.read_bytes()
    assert b"\x1dk" in sent and b"{BSTAFF-" in sent  # ESC/POS CODE128 (GS k), set B
    with sqlite3.connect(data / "pos.db") as db:  # printed alone: nothing queued, no code kept
        assert db.execute("SELECT count(*) FROM print_job").fetchone() == (0,)
    bad = pos("users", "badge", "Ayşe Kaya", "--png", tmp_path / "missing" / "x.png")
    assert bad.exit_code == 2 and "is not a folder" in bad.stderr
    assert pos("users", "badge", "Ayşe Kaya", "--revoke").exit_code == 0
    again = pos("users", "badge", "Ayşe Kaya", "--revoke")
    assert again.exit_code == 2 and "has no badge" in again.stderr
    unknown = pos("users", "badge", "Nobody")
    assert unknown.exit_code == 2 and "No user Nobody" in unknown.stderr
