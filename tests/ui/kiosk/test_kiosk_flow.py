"""A customer's session at the kiosk window, in each language: scans, the produce grid and
the scale, an age check approved by a badge while the customer goes on, refusals, help,
card payment, the e-receipt QR, and the idle wipe."""

from __future__ import annotations

import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtGui import QCloseEvent, QContextMenuEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QBoxLayout, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from pos_app.checkout.kiosk.payment import CardOutcome
from pos_app.devices.payment_terminal import (
    PaymentOutcome,
    PaymentResult,
    PaymentTerminal,
    TerminalUnavailable,
)
from pos_app.ui.kiosk.texts import progress_text
from tests.ui.kiosk.conftest import (
    APPLE_ID,
    BEER,
    BREAD,
    MILK,
    NIGHT,
    PEAR_ID,
    MakeKiosk,
    button,
    click,
    visible_texts,
)

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

LANGUAGES = ("tr", "en")


def translate(text: str, context: str = "KioskWindow") -> str:
    return QCoreApplication.translate(context, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_scan_weigh_and_an_age_check_approved_by_badge_while_scanning(
    qtbot: QtBot, make_kiosk: MakeKiosk, language: str
) -> None:
    k = make_kiosk(language)
    window, session = k.window, k.kiosk.session
    milk, bread, pear = k.product("p-milk"), k.product("p-bread"), k.product(PEAR_ID)
    beer = k.product("p-beer")
    assert window.pages.currentWidget() is window.welcome

    k.scan(MILK)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.basket)
    assert milk.name_in(language) in visible_texts(window)

    click(qtbot, window.basket.produce)
    assert window.pages.currentWidget() is window.produce
    apple_tile = window.findChild(QPushButton, f"kiosk_plu_{APPLE_ID}")
    pear_tile = window.findChild(QPushButton, f"kiosk_plu_{PEAR_ID}")
    assert apple_tile is not None and not apple_tile.has_picture  # the placeholder tile
    assert pear_tile is not None and pear_tile.has_picture
    assert pear.name_in(language) in visible_texts(window)
    k.scale.set_weight(0)
    click(qtbot, pear_tile)
    assert window.produce.message.isVisible()  # the scale's answer, in words
    assert window.produce.message.text() == translate("Put the item on the scale.", "KioskTexts")
    k.scale.set_weight(1250)
    click(qtbot, pear_tile)
    assert window.pages.currentWidget() is window.basket
    weighed = next(x for x in session.sale.cart.lines if x.product.product_id == PEAR_ID)
    assert weighed.quantity == Decimal("1.250")

    k.scan(BEER)
    assert window.basket.approvals.isVisible()
    assert beer.name_in(language) in window.basket.approvals.text()
    assert not window.basket.pay.isEnabled()  # held back while the age check waits
    assert window.basket.blocked.isVisible()
    assert window.bar.pulsing and window.bar.status.isVisible()

    k.scan(BREAD)  # the customer goes on scanning meanwhile
    assert [x.product.product_id for x in session.sale.cart.lines] == [
        milk.product_id,
        PEAR_ID,
        beer.product_id,
        bread.product_id,
    ]
    assert not window.basket.pay.isEnabled()

    k.scan(k.badges["supervisor"])
    assert window.pages.currentWidget() is window.service
    (approval,) = session.pending_approvals()
    click(qtbot, button(window, f"kiosk_service_approve_{approval.approval_id}"))
    assert session.pending_approvals() == []
    assert [(a.action, a.approver_name) for a in session.sale.cart.approvals] == [
        ("kiosk.age", "Mehmet")
    ]
    click(qtbot, window.service.leave_button)
    assert k.kiosk.attendant.user is None
    assert window.pages.currentWidget() is window.basket
    assert window.basket.pay.isEnabled()
    assert not window.basket.approvals.isVisible()
    assert not window.bar.pulsing


@pytest.mark.parametrize("language", LANGUAGES)
def test_quantity_buttons_and_a_removal_waiting_for_an_attendant(
    qtbot: QtBot, make_kiosk: MakeKiosk, language: str
) -> None:
    k = make_kiosk(language)
    window, session = k.window, k.kiosk.session
    k.scan(MILK)
    line = session.sale.cart.lines[0]
    click(qtbot, button(window, f"kiosk_line_more_{line.line_id}"))
    assert session.sale.cart.lines[0].quantity == 2
    # Fewer items: taking goods off needs an attendant (kiosk_removal_needs_attendant).
    click(qtbot, button(window, f"kiosk_line_less_{line.line_id}"))
    assert session.sale.cart.lines[0].quantity == 2
    assert window.basket.message.text() == translate(
        "To take items off, press Remove: an attendant will confirm.", "KioskTexts"
    )
    click(qtbot, button(window, f"kiosk_line_remove_{line.line_id}"))
    assert session.removal_pending(line.line_id)
    assert window.basket.message.isVisible()
    assert window.basket.message.text() == translate(
        "An attendant will confirm the removal.", "KioskBasket"
    )
    assert not button(window, f"kiosk_line_remove_{line.line_id}").isEnabled()
    assert not window.basket.pay.isEnabled()

    k.scan(k.badges["supervisor"])
    (removal,) = session.pending_approvals()
    click(qtbot, button(window, f"kiosk_service_approve_{removal.approval_id}"))
    assert session.sale.cart.lines == []
    click(qtbot, window.service.leave_button)
    assert window.pages.currentWidget() is window.welcome


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_item_beeps_and_calls_for_help(
    qtbot: QtBot, make_kiosk: MakeKiosk, language: str
) -> None:
    k = make_kiosk(language)
    window, session = k.window, k.kiosk.session
    k.scan("8690000009999")
    assert window.pages.currentWidget() is window.notice
    assert window.notice.title.text() == translate("We couldn't find this item")
    assert k.beeps == [1]
    click(qtbot, window.notice.help)
    assert session.help_reason == "unknown_item"
    assert window.bar.pulsing
    assert window.bar.status.text() == translate("Help is on the way", "KioskTopBar")
    click(qtbot, window.notice.ok)
    assert window.pages.currentWidget() is window.welcome
    click(qtbot, window.bar.cancel_help)
    assert session.help_reason is None
    assert not window.bar.pulsing and not window.bar.status.isVisible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_restricted_item_refused_in_words(
    qtbot: QtBot, make_kiosk: MakeKiosk, language: str
) -> None:
    k = make_kiosk(language)
    window, session = k.window, k.kiosk.session
    k.scan(MILK)
    k.clock.advance(seconds=(NIGHT - k.clock.now()).total_seconds())
    k.scan(BEER)
    assert window.pages.currentWidget() is window.notice
    assert k.beeps == [1]
    expected = QCoreApplication.translate(
        "KioskTexts", "{what} cannot be sold between {start} and {end}."
    ).format(what=QCoreApplication.translate("KioskTexts", "Alcohol"), start="22:00", end="06:00")
    assert window.notice.text.text() == expected
    if language == "en":
        assert expected == "Alcohol cannot be sold between 22:00 and 06:00."
    assert "p-beer" not in [x.product.product_id for x in session.sale.cart.lines]
    click(qtbot, window.notice.ok)
    assert window.pages.currentWidget() is window.basket


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_button_calls_and_cancels(qtbot: QtBot, make_kiosk: MakeKiosk, language: str) -> None:
    k = make_kiosk(language)
    window, session = k.window, k.kiosk.session
    click(qtbot, window.bar.help)
    assert session.help_reason == "help"
    assert window.bar.pulsing and window.bar.cancel_help.isVisible()
    before = window.bar.property("pulse")
    qtbot.waitUntil(lambda: window.bar.property("pulse") != before, timeout=2000)
    click(qtbot, window.bar.cancel_help)
    assert session.help_reason is None
    assert window.bar.property("pulse") == "off"


def decode_qr(path: Path) -> list[str]:
    if shutil.which("zbarimg") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("zbarimg (zbar-tools) is missing: .ci/run installs it")
        pytest.skip("zbarimg (Debian zbar-tools) is not installed: QR not decoded")
    done = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return done.stdout.split()


@pytest.mark.parametrize("language", LANGUAGES)
def test_declined_then_approved_card_payment_and_the_receipt_qr(
    qtbot: QtBot, make_kiosk: MakeKiosk, language: str, tmp_path: Path
) -> None:
    k = make_kiosk(language)
    window, payment, session = k.window, k.kiosk.payment, k.kiosk.session
    k.scan(MILK)
    k.scan(BREAD)

    k.sim.set_mode("decline")
    click(qtbot, window.basket.pay)
    qtbot.waitUntil(lambda: not window.payer.busy, timeout=10_000)
    assert window.pages.currentWidget() is window.basket
    assert window.basket.message.text() == translate(
        "Your card was declined. Try another card or ask for help."
    )
    assert len(session.sale.cart.lines) == 2  # the basket stays

    k.sim.set_mode("slow")
    heard: list[str] = []
    window.payer.progress.connect(heard.append)
    click(qtbot, window.basket.pay)
    assert window.pages.currentWidget() is window.paying
    assert window.paying.title.text() == translate(
        "Follow the instructions on the card terminal", "KioskPaying"
    )
    qtbot.waitUntil(lambda: "processing" in heard, timeout=10_000)
    k.scan(MILK)  # no scan while the terminal has the customer
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.done, timeout=10_000)
    assert heard == ["present_card", "enter_pin", "processing", "remove_card"]
    assert progress_text("enter_pin") == QCoreApplication.translate(
        "KioskTexts", "Enter your PIN on the terminal"
    )
    assert window.paying.step.text() == progress_text("remove_card")

    url = payment.receipt_url()
    assert url is not None and url.startswith("https://pos.example.com/r/")
    assert window.done.url == url
    png = tmp_path / "qr.png"
    assert window.done.qr.pixmap().save(str(png))
    assert window.done.qr.width() >= 400  # big: the default receipt is the phone's
    assert decode_qr(png) == [url]
    assert session.sale.last_result is not None
    assert session.sale.last_result.sale.total_minor == 4550 + 1500  # not the third scan

    click(qtbot, window.done.print)
    assert window.done.printed.isVisible()
    click(qtbot, window.done.done)
    assert window.pages.currentWidget() is window.welcome
    k.scan(BREAD)  # the next customer
    assert [x.product.product_id for x in session.sale.cart.lines] == ["p-bread"]
    assert window.pages.currentWidget() is window.basket


class TerminalOutOfReach:
    """The kiosk's terminal whose status cannot be asked while ``down`` (the answer to a
    payment was lost and the link stays broken for a while)."""

    def __init__(self, real: PaymentTerminal) -> None:
        self.real = real
        self.down = True

    def pay(self, reference: str, amount_minor: int, **kwargs: Any) -> PaymentResult:
        return self.real.pay(reference, amount_minor, **kwargs)

    def cancel(self, reference: str) -> None:
        self.real.cancel(reference)

    def last_transaction(self, reference: str) -> PaymentResult | None:
        if self.down:
            raise TerminalUnavailable("the card terminal cannot be reached")
        return self.real.last_transaction(reference)


@pytest.mark.parametrize("language", LANGUAGES)
def test_approved_but_the_answer_lost_completes_the_sale_once(
    qtbot: QtBot, make_kiosk: MakeKiosk, language: str
) -> None:
    k = make_kiosk(language)
    window, payment, session = k.window, k.kiosk.payment, k.kiosk.session
    k.scan(MILK)
    real = payment.terminal
    assert real is not None
    flaky = TerminalOutOfReach(real)
    payment.terminal = flaky
    k.sim.set_mode("lost_answer")  # charged, but the answer never reaches the kiosk
    click(qtbot, window.basket.pay)
    qtbot.waitUntil(lambda: not window.payer.busy, timeout=20_000)
    # Nobody can say yet whether the card was charged: the kiosk waits, with help.
    assert window.pages.currentWidget() is window.paying
    assert window.paying.state == window.paying.CHECKING
    assert session.help_reason == "payment_problem"
    assert payment.checking
    assert [t.outcome for t in k.sim.transactions()] == [PaymentOutcome.APPROVED]

    flaky.down = False  # the link is back: "Check again" finds the charge
    k.sim.set_mode("approve")
    click(qtbot, window.paying.retry)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.done, timeout=20_000)
    assert not payment.checking
    with k.services.engine.connect() as conn:
        sales = conn.execute(text("SELECT channel, total_minor FROM sale")).all()
    assert sales == [("kiosk", 4550)]  # once: the charge and its sale, one to one
    assert [t.outcome for t in k.sim.transactions()] == [PaymentOutcome.APPROVED]


def test_an_unknown_terminal_answer_waits_with_help(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    k = make_kiosk("en")
    window = k.window
    k.scan(MILK)
    # A payment whose answer was lost and could not be asked for yet (the core's outcome).
    window.show_outcome(CardOutcome(PaymentOutcome.LINK_LOST, None, "being checked"))
    assert window.pages.currentWidget() is window.paying
    assert window.paying.state == window.paying.CHECKING
    assert k.kiosk.session.help_reason == "payment_problem"
    assert window.paying.help.isVisible() and window.paying.retry.isVisible()
    assert window.paying.title.text() == translate("Your payment is being checked", "KioskPaying")


@pytest.mark.parametrize("language", LANGUAGES)
def test_idle_wipe_leaves_nothing_of_the_customer(
    qtbot: QtBot, make_kiosk: MakeKiosk, language: str
) -> None:
    k = make_kiosk(language)
    window, session = k.window, k.kiosk.session
    other = "en" if language == "tr" else "tr"
    k.scan(MILK)
    k.scan(BEER)
    click(qtbot, window.bar.languages[other])
    assert session.language == other
    window.set_accessible(True)
    products = (k.product("p-milk"), k.product("p-beer"))
    names = {p.name_in(lang) for p in products for lang in LANGUAGES}
    assert names & set(visible_texts(window))

    # "Are you still there?": Yes keeps everything.
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.still_there, timeout=3000)
    assert window.still_there.countdown.text()
    click(qtbot, window.still_there.yes)
    assert window.pages.currentWidget() is window.basket
    assert len(session.sale.cart.lines) == 2

    # No answer: wiped.
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.still_there, timeout=3000)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.welcome, timeout=3000)
    assert session.sale.cart.lines == []
    assert session.language == language and window.switcher is not None
    assert window.switcher.language == language
    assert not window.accessible
    assert window.welcome.flags[language].isChecked()
    shown = " ".join(visible_texts(window))
    assert not [name for name in names if name in shown]
    assert not window.bar.pulsing


def test_nothing_leaves_the_window_without_a_manager(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    k = make_kiosk("en")
    window = k.window
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert not window.close()  # nobody asked: refused
    close = QCloseEvent()
    window.closeEvent(close)
    assert not close.isAccepted()
    for key, modifiers in (
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier),
    ):
        event = QKeyEvent(QEvent.Type.KeyPress, key, modifiers)
        assert window.eventFilter(window, event)
    center = window.rect().center()
    menu = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, center, window.mapToGlobal(center))
    assert window.eventFilter(window, menu)
    right = QMouseEvent(
        QEvent.Type.MouseButtonPress,
        QPointF(10, 10),
        QPointF(10, 10),
        Qt.MouseButton.RightButton,
        Qt.MouseButton.RightButton,
        Qt.KeyboardModifier.NoModifier,
    )
    assert window.eventFilter(window, right)

    k.scan(k.badges["supervisor"])  # a supervisor may not close the app
    assert not window.service.quit.isVisible()
    click(qtbot, window.service.leave_button)
    k.scan(k.badges["manager"])
    assert window.service.quit.isVisible()
    with qtbot.waitSignal(window.closed, timeout=2000):
        click(qtbot, window.service.quit)
    assert not window.isVisible()


def test_staff_pin_pad_opens_service_mode_and_closes_the_day(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    k = make_kiosk("en")
    window = k.window
    click(qtbot, window.staff_button)
    assert window.pages.currentWidget() is window.service
    mehmet = next(u for u in k.kiosk.attendant.staff() if u.name == "Mehmet")
    click(qtbot, button(window, f"kiosk_service_user_{mehmet.user_id}"))
    for digit in "111111":
        click(qtbot, button(window, f"kiosk_service_key_{digit}"))
    click(qtbot, window.service.sign_in_button)
    assert window.service.sign_in_error.isVisible()  # a wrong PIN
    for digit in "583916":
        click(qtbot, button(window, f"kiosk_service_key_{digit}"))
    click(qtbot, window.service.sign_in_button)
    assert k.kiosk.attendant.user is not None
    assert window.service.pages.currentIndex() == 1
    click(qtbot, window.service.close_day)
    assert not k.kiosk.session.day_open
    assert window.service.result.text() == translate(
        "The kiosk's day is closed: Z report no. {number}.", "KioskService"
    ).format(number=1)
    click(qtbot, window.service.leave_button)
    assert window.welcome.closed
    assert window.welcome.hero.text() == translate(
        "Closed — please use a staffed till", "KioskWelcome"
    )
    k.scan(MILK)
    assert k.kiosk.session.sale.cart.lines == []


@pytest.mark.parametrize(("size", "portrait"), [((1080, 1920), True), ((1920, 1080), False)])
def test_layouts_and_touch_targets(
    qtbot: QtBot, make_kiosk: MakeKiosk, size: tuple[int, int], portrait: bool
) -> None:
    k = make_kiosk("en", size=size)
    window = k.window
    assert window.portrait is portrait
    assert (window.width(), window.height()) == size
    k.scan(MILK)
    direction = window.basket.box.direction()
    assert direction == (
        QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
    )
    for page in (window.welcome, window.basket):
        window.show_page(page)
        QApplication.processEvents()
        for widget in window.findChildren(QPushButton):
            if widget.isVisibleTo(window):
                assert widget.height() >= 64 and widget.width() >= 64, widget.objectName()
    window.fit(*reversed(size))
    assert window.portrait is not portrait
    # Every page shown in the other orientation, then turned back: every page (the endless
    # aisle's keyboard too) fits the screen again.
    for page in window.screens:
        window.show_page(page)
        QApplication.processEvents()
    window.orders.open_aisle()
    aisle = window.orders.aisle
    for step in range(aisle.steps.count()):
        aisle.steps.setCurrentIndex(step)
        QApplication.processEvents()
    window.fit(*size)
    assert (window.width(), window.height()) == size
    assert window.minimumSizeHint().height() <= size[1]
    # Larger text with a basket waiting for an age check still fits the screen.
    window.set_accessible(True)
    k.scan(BEER)
    window.show_customer_page()
    QApplication.processEvents()
    assert window.minimumSizeHint().height() <= size[1]
