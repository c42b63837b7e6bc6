"""Loyalty and gift cards at the kiosk window over the real core: the loyalty QR scanned
anywhere attaches the customer (first name and points only), a garbled or unknown QR gets a
note and no attendant call, points before the card (reserved online through a fake backend,
refused offline beyond the bound with the core's words), a gift card paying part, the done
screen's points, and the idle wipe forgetting the customer and giving the holds back."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, text

from pos_app.services.bundle import Services
from pos_app.services.loyalty import LoyaltyService
from pos_app.services.value_cards import ValueCards
from pos_app.storage.tables import table
from pos_app.ui.kiosk.loyalty import KioskLoyaltyNote
from sync.protocol import giftcards, loyalty_qr
from sync.protocol.loyalty import EarningRules
from tests.integration.test_gift_cards import FakeBackend
from tests.integration.test_loyalty_till import FakeReserver, hello, pull_rules
from tests.ui.kiosk.conftest import MILK, KioskRig, MakeKiosk, button, click, visible_texts

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

TEA = "TEA1KG"  # 299.90 TL (a SKU scans too)
RULES = EarningRules(points_per_try=1, vesting_days=14, point_value_minor=1, version=1)
ELIF_CODE = loyalty_qr.new_code()
ELIF_QR = loyalty_qr.qr_text(ELIF_CODE)
ELIF_PHONE = "5321234567"


def seed_elif(reserver: FakeReserver) -> Callable[[Services], None]:
    """Rules pulled, Elif Şahin with 1,240 points and a loyalty QR, the kiosk's points
    reserved through ``reserver`` (a fake backend; ``down``: unreachable)."""

    def prepare(services: Services) -> None:
        pull_rules(services, RULES.payload())
        with services.engine.begin() as conn:
            conn.execute(
                insert(table("customer")),
                {
                    "id": "C-ELIF",
                    "name": "Elif Şahin",
                    "phone": ELIF_PHONE,
                    "phone_norm": ELIF_PHONE,
                    "email": "elif@example.com",
                    "loyalty_points": 1240,
                    "loyalty_code_hash": loyalty_qr.code_hash(ELIF_CODE),
                    "synced_at": services.clock.now(),
                },
            )
        services.loyalty = LoyaltyService(services.engine, lambda: reserver)

    return prepare


def translate(source: str, context: str) -> str:
    return QCoreApplication.translate(context, source)


def all_texts(k: KioskRig) -> str:
    """Every text of every label and button, shown or not: nothing of a customer may stay."""
    widgets = k.window.findChildren(QLabel) + k.window.findChildren(QPushButton)
    return " ".join(w.text() for w in widgets)


@pytest.fixture
def reserver() -> FakeReserver:
    return FakeReserver(available=10_000)


@pytest.mark.parametrize("language", ["tr", "en"])
def test_a_loyalty_qr_attaches_the_customer_by_first_name(
    qtbot: QtBot, make_kiosk: MakeKiosk, reserver: FakeReserver, language: str
) -> None:
    k = make_kiosk(language, prepare=seed_elif(reserver))
    window, session = k.window, k.kiosk.session
    assert window.pages.currentWidget() is window.welcome

    k.scan(ELIF_QR)  # first thing, before any goods
    assert session.sale.cart.customer_id == "C-ELIF"
    assert session.sale.cart.lines == []  # never looked up as a product
    assert window.pages.currentWidget() is window.basket
    panel = window.loyalty.panel
    points = "1.240" if language == "tr" else "1,240"
    expected = translate("Hello, {name} — {points} points", "LoyaltyPanel")
    assert panel.hello.text() == expected.format(name="Elif", points=points)
    assert panel.remove.isVisible() and not panel.scan.isVisible()
    shown = " ".join(visible_texts(window))
    assert "Şahin" not in shown and ELIF_PHONE not in shown and "elif@" not in shown

    k.scan(MILK)  # shopping goes on; the customer stays
    assert len(session.sale.cart.lines) == 1 and session.sale.cart.customer_id == "C-ELIF"

    click(qtbot, panel.remove)  # "Not you? Remove"
    assert session.sale.cart.customer_id is None
    assert not panel.hello.isVisible() and panel.scan.isVisible() and panel.hint.isVisible()
    assert "Elif" not in " ".join(visible_texts(window))


def test_a_garbled_or_unknown_qr_gets_a_note_not_an_attendant(
    qtbot: QtBot, make_kiosk: MakeKiosk, reserver: FakeReserver
) -> None:
    k = make_kiosk("en", prepare=seed_elif(reserver))
    window, session = k.window, k.kiosk.session
    note = window.loyalty.note
    k.scan(MILK)

    k.scan("LOY1:" + ELIF_CODE[:-1] + ("0" if ELIF_CODE[-1] != "0" else "1"))  # a bad check
    assert window.pages.currentWidget() is note and note.kind == KioskLoyaltyNote.UNREADABLE
    assert note.title.text() == "We couldn't read this loyalty QR"
    assert session.help_reason is None and not window.bar.pulsing and k.beeps == []
    assert "web shop" in note.sign_up.text()
    click(qtbot, note.ok)
    assert window.pages.currentWidget() is window.basket

    k.scan(loyalty_qr.qr_text(loyalty_qr.new_code()))  # well formed, nobody's
    assert window.pages.currentWidget() is note and note.kind == KioskLoyaltyNote.UNKNOWN
    assert session.help_reason is None
    click(qtbot, note.ok)
    assert [line.product.product_id for line in session.sale.cart.lines] == ["p-milk"]
    assert session.sale.cart.customer_id is None

    click(qtbot, window.loyalty.panel.scan)  # the button: how to scan, and where to sign up
    assert window.pages.currentWidget() is note and note.kind == KioskLoyaltyNote.HOW
    click(qtbot, note.ok)
    assert window.pages.currentWidget() is window.basket


def test_points_reserved_online_then_the_card_pays_the_rest(
    qtbot: QtBot, make_kiosk: MakeKiosk, reserver: FakeReserver
) -> None:
    k = make_kiosk("en", prepare=seed_elif(reserver))
    window, session = k.window, k.kiosk.session
    tenders = window.loyalty.tenders
    k.scan(TEA)
    k.scan(ELIF_QR)

    click(qtbot, window.basket.pay)  # points to use: the step before the card
    assert window.pages.currentWidget() is tenders
    assert tenders.points_box.isVisible()
    assert tenders.points_title.text() == "Use your points: 1,240 points = ₺12.40"
    assert tenders.points_keep.isChecked()
    click(qtbot, tenders.points_use)
    (asked,) = reserver.asked
    assert (asked.kind, asked.amount, asked.customer_id) == ("points", 1240, "C-ELIF")
    assert tenders.points_title.text() == "Points used: 1,240 points = ₺12.40"
    assert tenders.due.text() == "₺287.50" and tenders.points_use.isChecked()

    click(qtbot, tenders.points_keep)  # changed their mind: given back
    assert reserver.released == [asked.id] and k.kiosk.customer.points_used() == 0
    assert tenders.due.text() == "₺299.90"
    click(qtbot, tenders.points_use)

    click(qtbot, tenders.pay)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.done, timeout=10_000)
    result = session.sale.last_result
    assert result is not None
    assert result.sale.points_summary["spent"] == 1240
    done = window.done
    assert done.points.isVisible()
    assert "Points spent: 1,240" in done.points.text()
    assert f"Points earned: {result.sale.points_summary['earned']}" in done.points.text()
    with k.services.engine.connect() as conn:
        (payload,) = conn.execute(text("SELECT payload_json FROM outbox")).scalars()
        document = conn.execute(
            text("SELECT document_json FROM print_job WHERE kind = 'receipt'")
        ).scalar_one()
    fact = json.loads(payload)
    assert [(t["kind"], t["amount_minor"]) for t in fact["tenders"]] == [
        ("loyalty", 1240),
        ("card", 29990 - 1240),
    ]
    assert fact["customer_id"] == "C-ELIF"
    # The receipt (paper and e-receipt) carries the same figures.
    assert json.loads(document)["points_summary"] == dict(result.sale.points_summary)


def test_points_refused_offline_beyond_the_bound_with_the_cores_words(
    qtbot: QtBot, make_kiosk: MakeKiosk, reserver: FakeReserver
) -> None:
    def prepare(services: Services) -> None:
        seed_elif(reserver)(services)
        hello(services, budget=500, cap=200)  # what the last hello allowed offline

    reserver.down = True
    k = make_kiosk("en", prepare=prepare)
    window = k.window
    tenders = window.loyalty.tenders
    k.scan(TEA)
    k.scan(ELIF_QR)
    click(qtbot, window.basket.pay)
    click(qtbot, tenders.points_use)
    assert tenders.message.isVisible()
    assert tenders.message.text() == (
        "We can't reach our loyalty system right now: at most 200 points can be used."
    )
    assert k.kiosk.customer.points_used() == 0 and not tenders.points_use.isChecked()
    assert tenders.due.text() == "₺299.90"
    assert k.kiosk.session.help_reason is None


def test_a_gift_card_pays_part_and_can_be_taken_off(
    qtbot: QtBot, make_kiosk: MakeKiosk, reserver: FakeReserver
) -> None:
    k = make_kiosk("en", prepare=seed_elif(reserver))
    window, session = k.window, k.kiosk.session
    backend = FakeBackend()
    k.kiosk.payment.cards = ValueCards(k.services.engine, k.services.clock, backend)
    code = giftcards.new_code()
    backend.add(code, 10_000)
    tenders = window.loyalty.tenders
    k.scan(TEA)
    assert not tenders.isVisible()
    click(qtbot, window.loyalty.gift)  # no customer: the gift card button leads there
    assert window.pages.currentWidget() is tenders and not tenders.points_box.isVisible()

    k.scan(code)
    (hold,) = k.kiosk.payment.card_holds.values()
    row = window.findChild(QLabel, f"kiosk_gift_text_{hold.tender_id}")
    assert row is not None
    assert row.text() == f"Gift card {giftcards.last4(code)}: ₺100.00 paid, ₺0.00 left on the card"
    assert tenders.due.text() == "₺199.90"

    click(qtbot, button(window, f"kiosk_gift_remove_{hold.tender_id}"))
    assert k.kiosk.payment.card_holds == {} and len(backend.released) == 1
    assert tenders.due.text() == "₺299.90"

    k.scan("not-a-card")
    assert tenders.message.text() == "We couldn't read this gift card. Please scan it again."
    k.scan(giftcards.display(code))  # the printed form scans too
    assert tenders.due.text() == "₺199.90"
    click(qtbot, tenders.pay)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.done, timeout=10_000)
    with k.services.engine.connect() as conn:
        (payload,) = conn.execute(text("SELECT payload_json FROM outbox")).scalars()
    fact = json.loads(payload)
    assert [(t["kind"], t["amount_minor"]) for t in fact["tenders"]] == [
        ("gift_card", 10_000),
        ("card", 19_990),
    ]
    assert not window.done.points.isVisible()  # no customer: no points
    assert session.sale.last_result is not None


def test_the_idle_wipe_forgets_the_customer_and_gives_the_points_back(
    qtbot: QtBot, make_kiosk: MakeKiosk, reserver: FakeReserver
) -> None:
    k = make_kiosk("en", prepare=seed_elif(reserver))
    window, session = k.window, k.kiosk.session
    k.scan(ELIF_QR)
    k.scan(TEA)
    click(qtbot, window.basket.pay)
    click(qtbot, window.loyalty.tenders.points_use)
    (asked,) = reserver.asked
    assert "Elif" in all_texts(k)

    # Nobody answers "Are you still there?": wiped.
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.still_there, timeout=5000)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.welcome, timeout=5000)
    assert session.sale.cart.customer_id is None and session.sale.cart.lines == []
    assert reserver.released == [asked.id]  # the hold given back at once
    assert k.kiosk.customer.points_used() == 0 and k.kiosk.payment.card_due_minor() == 0
    texts = all_texts(k)
    assert "Elif" not in texts and "1,240" not in texts
    assert not window.loyalty.panel.hello.isVisible()
