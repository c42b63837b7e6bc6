"""A customer's session at the kiosk window, in each language: scans, the produce grid and
the scale, an age check approved by a badge while the customer goes on, refusals, help,
card payment, the e-receipt QR, and the idle wipe."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtGui import QCloseEvent, QContextMenuEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QBoxLayout, QPushButton
from pytestqt.qtbot import QtBot

from pos_app.ui.kiosk.texts import progress_text
from tests.ui.kiosk.conftest import MakeKiosk, button, click, visible_texts
from tests.ui.kiosk.fake_kiosk import BANANA, BEER, BREAD, MILK, RAKI

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

MILK_EAN, BREAD_EAN, BEER_EAN, RAKI_EAN = (
    "8690000000017",
    "8690000000024",
    "8690000000031",
    "8690000000048",
)
SUPERVISOR_BADGE = "STAFF-MEHMET0000000000"
MANAGER_BADGE = "STAFF-ZEYNEP0000000000"
LANGUAGES = ("tr", "en")


def translate(text: str, context: str = "KioskWindow") -> str:
    return QCoreApplication.translate(context, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_scan_weigh_and_an_age_check_approved_by_badge_while_scanning(
    qtbot: QtBot, make_kiosk: MakeKiosk, language: str
) -> None:
    k = make_kiosk(language)
    window, session = k.window, k.kiosk.session
    assert window.pages.currentWidget() is window.welcome

    k.scan(MILK_EAN)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.basket)
    assert MILK.name_in(language) in visible_texts(window)

    click(qtbot, window.basket.produce)
    assert window.pages.currentWidget() is window.produce
    tile = window.findChild(QPushButton, f"kiosk_plu_{BANANA.product_id}")
    assert tile is not None and not tile.has_picture  # no picture: the placeholder tile
    assert BANANA.name_in(language) in visible_texts(window)
    click(qtbot, tile)
    assert window.pages.currentWidget() is window.basket
    banana = next(x for x in session.sale.cart.lines if x.product == BANANA)
    assert banana.quantity == 1.25

    k.scan(BEER_EAN)
    assert window.basket.approvals.isVisible()
    assert BEER.name_in(language) in window.basket.approvals.text()
    assert not window.basket.pay.isEnabled()  # held back while the age check waits
    assert window.basket.blocked.isVisible()
    assert window.bar.pulsing and window.bar.status.isVisible()

    k.scan(BREAD_EAN)  # the customer goes on scanning meanwhile
    assert [x.product for x in session.sale.cart.lines] == [MILK, BANANA, BEER, BREAD]
    assert not window.basket.pay.isEnabled()

    k.scan(SUPERVISOR_BADGE)
    assert window.pages.currentWidget() is window.service
    (approval,) = session.pending_approvals()
    click(qtbot, button(window, f"kiosk_service_approve_{approval.approval_id}"))
    assert session.pending_approvals() == []
    assert k.kiosk.attendant.approved == [("age", "Mehmet")]
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
    k.scan(MILK_EAN)
    line = session.sale.cart.lines[0]
    click(qtbot, button(window, f"kiosk_line_more_{line.line_id}"))
    assert line.quantity == 2
    click(qtbot, button(window, f"kiosk_line_less_{line.line_id}"))
    assert line.quantity == 1
    click(qtbot, button(window, f"kiosk_line_remove_{line.line_id}"))
    assert session.removal_pending(line.line_id)
    assert window.basket.message.isVisible()
    assert window.basket.message.text() == translate(
        "An attendant will confirm the removal.", "KioskBasket"
    )
    assert not button(window, f"kiosk_line_remove_{line.line_id}").isEnabled()
    assert not window.basket.pay.isEnabled()


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
    session.forbidden_groups = {"alcohol"}
    k.scan(MILK_EAN)
    k.scan(RAKI_EAN)
    assert window.pages.currentWidget() is window.notice
    expected = QCoreApplication.translate(
        "KioskTexts", "{what} cannot be sold between {start} and {end}."
    ).format(what=QCoreApplication.translate("KioskTexts", "Alcohol"), start="22:00", end="06:00")
    assert window.notice.text.text() == expected
    if language == "en":
        assert expected == "Alcohol cannot be sold between 22:00 and 06:00."
    assert RAKI not in [x.product for x in session.sale.cart.lines]
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
    window, payment = k.window, k.kiosk.payment
    k.scan(MILK_EAN)
    k.scan(BREAD_EAN)

    payment.mode = "decline"
    click(qtbot, window.basket.pay)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.basket, timeout=5000)
    assert window.basket.message.text() == translate(
        "Your card was declined. Try another card or ask for help."
    )
    assert len(k.kiosk.session.sale.cart.lines) == 2  # the basket stays

    payment.mode = "approve"
    payment.gate.clear()  # the terminal waits in "processing" until the test goes on
    click(qtbot, window.basket.pay)
    assert window.pages.currentWidget() is window.paying
    processing = progress_text("processing")
    qtbot.waitUntil(lambda: window.paying.step.text() == processing, timeout=5000)
    assert window.paying.title.text() == translate(
        "Follow the instructions on the card terminal", "KioskPaying"
    )
    k.scan(MILK_EAN)  # no scan while the terminal has the customer
    assert len(k.kiosk.session.sale.cart.lines) == 2
    payment.gate.set()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.done, timeout=5000)

    url = payment.receipt_url()
    assert url is not None and window.done.url == url
    png = tmp_path / "qr.png"
    assert window.done.qr.pixmap().save(str(png))
    assert window.done.qr.width() >= 400  # big: the default receipt is the phone's
    assert decode_qr(png) == [url]

    click(qtbot, window.done.print)
    assert payment.printed == 1
    assert window.done.printed.isVisible()
    click(qtbot, window.done.done)
    assert window.pages.currentWidget() is window.welcome


def test_lost_terminal_answer_waits_with_help(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    k = make_kiosk("en")
    window = k.window
    k.scan(MILK_EAN)
    k.kiosk.payment.mode = "lost"
    click(qtbot, window.basket.pay)
    qtbot.waitUntil(lambda: window.paying.state == window.paying.CHECKING, timeout=5000)
    assert window.pages.currentWidget() is window.paying
    assert k.kiosk.session.help_reason == "payment_problem"
    assert window.paying.help.isVisible() and window.paying.retry.isVisible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_idle_wipe_leaves_nothing_of_the_customer(
    qtbot: QtBot, make_kiosk: MakeKiosk, language: str
) -> None:
    k = make_kiosk(language)
    window, session = k.window, k.kiosk.session
    other = "en" if language == "tr" else "tr"
    k.scan(MILK_EAN)
    k.scan(BEER_EAN)
    click(qtbot, window.bar.languages[other])
    assert session.language == other
    window.set_accessible(True)
    names = {MILK.name_in(lang) for lang in LANGUAGES} | {BEER.name_in(lang) for lang in LANGUAGES}
    assert names & set(visible_texts(window))

    # "Are you still there?": Yes keeps everything.
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.still_there, timeout=3000)
    assert window.still_there.countdown.text()
    click(qtbot, window.still_there.yes)
    assert window.pages.currentWidget() is window.basket
    assert len(session.sale.cart.lines) == 2 and session.wipes == []

    # No answer: wiped.
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.still_there, timeout=3000)
    qtbot.waitUntil(lambda: session.wipes == ["idle"], timeout=3000)
    assert window.pages.currentWidget() is window.welcome
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

    k.scan(SUPERVISOR_BADGE)  # a supervisor may not close the app
    assert not window.service.quit.isVisible()
    click(qtbot, window.service.leave_button)
    k.scan(MANAGER_BADGE)
    assert window.service.quit.isVisible()
    with qtbot.waitSignal(window.closed, timeout=2000):
        click(qtbot, window.service.quit)
    assert not window.isVisible()


def test_staff_pin_pad_opens_service_mode(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    k = make_kiosk("en")
    window = k.window
    click(qtbot, window.staff_button)
    assert window.pages.currentWidget() is window.service
    click(qtbot, button(window, "kiosk_service_user_u-mehmet"))
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
    assert "1" in window.service.result.text()  # the Z report's number
    click(qtbot, window.service.leave_button)
    assert window.welcome.closed
    assert window.welcome.hero.text() == translate(
        "Closed — please use a staffed till", "KioskWelcome"
    )
    k.scan(MILK_EAN)
    assert k.kiosk.session.sale.cart.lines == []


@pytest.mark.parametrize(("size", "portrait"), [((1080, 1920), True), ((1920, 1080), False)])
def test_layouts_and_touch_targets(
    qtbot: QtBot, make_kiosk: MakeKiosk, size: tuple[int, int], portrait: bool
) -> None:
    k = make_kiosk("en", size=size)
    window = k.window
    assert window.portrait is portrait
    assert (window.width(), window.height()) == size
    k.scan(MILK_EAN)
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
