"""The cashier's customer screens over a stand-in ``CustomerDesk``: the strip on the sale
screen, finding and attaching (typed, Enter, a scanned loyalty QR), signing up with the KVKK
notice and separate consents, a duplicate, and giving or withdrawing a consent."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from pos_app.checkout.events import Stage
from pos_app.errors import UserError
from pos_app.ui.cashier import main_window
from pos_app.ui.cashier.customer_dialogs import ConsentDialog, FindCustomerDialog
from pos_app.ui.cashier.customer_panel import CustomerPanel
from pos_app.ui.cashier.customer_ports import CONSENTS
from pos_app.ui.cashier.customer_signup import SignUpDialog, starting_fields
from pos_app.ui.main import CashierApp
from sync.protocol import loyalty_qr
from tests.fakes import SEED
from tests.ui.conftest import AppFactory, Till, open_shift, sign_in
from tests.ui.customer_desk import NOTICE_VERSION, StandInDesk, demo_desk
from tests.ui.test_i18n import clipped_buttons

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def styled(qapp: QApplication) -> Iterator[None]:
    """The screens as the app shows them: with the theme (pos.qss)."""
    from pos_app.ui.style import STYLE_FILE

    before = qapp.styleSheet()
    qapp.setStyleSheet(STYLE_FILE.read_text(encoding="utf-8"))
    yield
    qapp.setStyleSheet(before)


class Said:
    """``SaleScreen.show_message`` as the panel calls it."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, bool]] = []

    def __call__(self, text: str, *, error: bool = True) -> None:
        self.lines.append((text, error))


def english() -> str:
    return "en"


def make_panel(qtbot: QtBot, desk: StandInDesk) -> tuple[CustomerPanel, Said]:
    said = Said()
    panel = CustomerPanel(desk, english, said)
    qtbot.addWidget(panel)
    panel.resize(1004, 90)
    panel.show()
    qtbot.waitExposed(panel)
    return panel, said


def visible_texts(root: QWidget) -> list[str]:
    texts = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QPushButton)):
            texts.append(widget.text())
        texts.append(widget.accessibleName())
        texts.append(widget.toolTip())
    return texts


def modal(qtbot: QtBot, kind: type[QWidget]) -> QWidget:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    widget = QApplication.activeModalWidget()
    assert isinstance(widget, kind)
    return widget


# -- the strip ---------------------------------------------------------------------------------


def test_the_strip_without_a_customer_offers_to_find_or_sign_up(qtbot: QtBot) -> None:
    panel, _said = make_panel(qtbot, demo_desk())
    assert panel.name_label.full_text() == "No customer"
    assert "F10" in panel.details.full_text()
    assert panel.find_button.text() == "Customer\nF10"
    assert panel.sign_up_button.isVisible()
    assert not panel.consents_button.isVisible()
    assert not panel.detach_button.isVisible()
    assert not any(badge.isVisible() for badge in panel.badges.values())
    assert not panel.number.isVisible()


def test_the_strip_shows_who_points_and_consents_never_the_phone_or_email(
    qtbot: QtBot,
) -> None:
    desk = demo_desk()
    ayse = next(iter(desk.customers.values()))
    desk.attached = ayse.id
    panel, _said = make_panel(qtbot, desk)
    assert panel.name_label.full_text() == "Ayşe Yılmaz"
    details = panel.details.full_text()
    assert panel.number.text() == f"No. {ayse.short_no}"
    assert "1,240 points to spend" in details
    assert "85 more on 14/12/2026" in details
    badges = {purpose: panel.badges[purpose].text() for purpose in CONSENTS}
    assert badges == {
        "loyalty_profiling": "✓ Profiling",
        "marketing_sms": "✓ SMS",
        "marketing_email": "✗ E-mail",
        "marketing_call": "✗ Call",
    }
    assert panel.badges["marketing_sms"].property("state") == "on"
    assert panel.badges["marketing_call"].property("state") == "off"
    assert panel.consents_button.isVisible() and panel.detach_button.isVisible()
    assert panel.find_button.text() == "Change\nF10"
    shown = " ".join(visible_texts(panel))
    assert "4567" not in shown.replace(" ", "") and "532" not in shown
    assert "ayse@example.com" not in shown


def test_removing_the_customer_empties_the_strip(qtbot: QtBot) -> None:
    desk = demo_desk()
    desk.attached = next(iter(desk.customers))
    panel, _said = make_panel(qtbot, desk)
    qtbot.mouseClick(panel.detach_button, Qt.MouseButton.LeftButton)
    assert desk.attached is None
    assert panel.name_label.full_text() == "No customer"


# -- finding -----------------------------------------------------------------------------------


def test_typing_a_phone_and_enter_attaches_the_customer(qtbot: QtBot) -> None:
    desk = demo_desk()
    panel, said = make_panel(qtbot, desk)
    qtbot.mouseClick(panel.find_button, Qt.MouseButton.LeftButton)
    dialog = modal(qtbot, FindCustomerDialog)
    assert isinstance(dialog, FindCustomerDialog)
    qtbot.waitUntil(dialog.query.hasFocus)
    qtbot.keyClicks(dialog.query, "0555 987")
    qtbot.waitUntil(lambda: dialog.results.count() == 1)
    row = dialog.results.item(0).text()
    assert "Ayşe Yılmaz" in row and "•••• ••• •• 43" in row and "987" not in row
    assert "40 points" in row
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    second = list(desk.customers)[1]
    assert desk.attached == second
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert panel.name_label.full_text() == "Ayşe Yılmaz"
    assert said.lines == [("Customer: Ayşe Yılmaz", False)]


def test_enter_before_the_typing_pause_searches_first_and_up_down_choose(qtbot: QtBot) -> None:
    desk = demo_desk()
    panel, _said = make_panel(qtbot, desk)
    panel.find_customer()
    dialog = modal(qtbot, FindCustomerDialog)
    assert isinstance(dialog, FindCustomerDialog)
    dialog.query.setText("ayşe")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)  # searches, attaches nobody yet
    assert desk.attached is None
    assert dialog.results.count() == 2
    # Both namesakes; the masked phones and numbers tell them apart.
    assert dialog.results.item(0).text() != dialog.results.item(1).text()
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert desk.attached == list(desk.customers)[1]


def test_a_name_search_is_folded_and_an_empty_result_says_so(qtbot: QtBot) -> None:
    desk = demo_desk()
    panel, _said = make_panel(qtbot, desk)
    panel.find_customer()
    dialog = modal(qtbot, FindCustomerDialog)
    assert isinstance(dialog, FindCustomerDialog)
    dialog.query.setText("ISIL")
    dialog.search()
    assert dialog.results.count() == 1
    assert "e-mail only" in dialog.results.item(0).text()
    dialog.query.setText("Nobody")
    dialog.search()
    assert dialog.results.count() == 0
    assert dialog.status.text().startswith("No customer found")
    dialog.try_accept()
    assert desk.attached is None and dialog.isVisible()


def test_new_customer_from_a_vain_search_starts_with_what_was_typed(qtbot: QtBot) -> None:
    desk = demo_desk()
    panel, _said = make_panel(qtbot, desk)
    panel.find_customer()
    dialog = modal(qtbot, FindCustomerDialog)
    assert isinstance(dialog, FindCustomerDialog)
    dialog.query.setText("0533 111 22 33")
    qtbot.mouseClick(dialog.sign_up_button, Qt.MouseButton.LeftButton)
    signup = modal(qtbot, SignUpDialog)
    assert isinstance(signup, SignUpDialog)
    assert signup.phone.text() == "0533 111 22 33" and signup.name.text() == ""
    assert starting_fields("a@b.tr") == ("", "", "a@b.tr")
    assert starting_fields("Işıl") == ("Işıl", "", "")


def test_a_scanned_loyalty_qr_in_the_find_dialog_attaches_at_once(qtbot: QtBot) -> None:
    desk = demo_desk()
    ayse = next(iter(desk.customers.values()))
    panel, _said = make_panel(qtbot, desk)
    panel.find_customer()
    dialog = modal(qtbot, FindCustomerDialog)
    assert isinstance(dialog, FindCustomerDialog)
    dialog.scan(loyalty_qr.qr_text(ayse.qr_code))
    assert desk.attached == ayse.id
    assert dialog.query.text() == ""  # the QR's code never shows
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def test_a_desk_error_shows_in_the_find_dialog(qtbot: QtBot) -> None:
    desk = demo_desk()
    panel, _said = make_panel(qtbot, desk)
    panel.find_customer()
    dialog = modal(qtbot, FindCustomerDialog)
    assert isinstance(dialog, FindCustomerDialog)
    desk.fail_next = UserError("customer.bad_qr", "The loyalty QR is damaged: scan it again.")
    dialog.scan("LOY1:XXXX")
    assert dialog.error.isVisible()
    assert dialog.error.text() == (  # the code's translated text (pos_app.ui.messages)
        "The loyalty QR could not be read. Scan it again or search by phone."
    )
    assert desk.attached is None


# -- signing up --------------------------------------------------------------------------------


def open_sign_up(qtbot: QtBot, desk: StandInDesk) -> tuple[CustomerPanel, SignUpDialog]:
    panel, _said = make_panel(qtbot, desk)
    qtbot.mouseClick(panel.sign_up_button, Qt.MouseButton.LeftButton)
    dialog = modal(qtbot, SignUpDialog)
    assert isinstance(dialog, SignUpDialog)
    return panel, dialog


def sign_up_calls(desk: StandInDesk) -> list[object]:
    return [args for name, args in desk.calls if name == "sign_up"]


def test_sign_up_shows_the_notice_and_every_consent_unticked(qtbot: QtBot) -> None:
    _panel, dialog = open_sign_up(qtbot, demo_desk())
    assert NOTICE_VERSION in dialog.notice_caption.text()
    assert dialog.notice.toPlainText().startswith("KVKK notice")
    assert dialog.notice.isReadOnly()
    assert not dialog.acknowledged.isChecked()
    assert [box.isChecked() for box in dialog.consents.values()] == [False] * 4
    assert list(dialog.consents) == list(CONSENTS)
    assert "does not depend" in dialog.note.text()


def test_sign_up_refuses_without_the_acknowledgement_or_a_phone_or_email(qtbot: QtBot) -> None:
    desk = demo_desk()
    _panel, dialog = open_sign_up(qtbot, desk)
    dialog.try_accept()
    assert dialog.error.text() == "Type the customer's name."
    dialog.name.setText("Can Demir")
    dialog.try_accept()
    assert dialog.error.text() == "Type a mobile phone number or an e-mail address."
    dialog.email.setText("can@example.com")
    qtbot.keyClick(dialog.email, Qt.Key.Key_Return)
    assert "KVKK notice" in dialog.error.text()
    assert sign_up_calls(desk) == []
    assert dialog.isVisible()


def test_sign_up_sends_each_consent_separately_and_attaches(qtbot: QtBot) -> None:
    desk = demo_desk()
    panel, dialog = open_sign_up(qtbot, desk)
    dialog.name.setText("Can Demir")
    dialog.phone.setText("0542 000 11 22")
    qtbot.mouseClick(dialog.acknowledged, Qt.MouseButton.LeftButton)
    assert dialog.acknowledged.isChecked()
    qtbot.mouseClick(dialog.consents["marketing_email"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert sign_up_calls(desk) == [
        (
            "Can Demir",
            "0542 000 11 22",
            "",
            NOTICE_VERSION,
            {
                "loyalty_profiling": False,
                "marketing_sms": False,
                "marketing_email": True,
                "marketing_call": False,
            },
        )
    ]
    created = desk.current()
    assert created is not None and created.name == "Can Demir"
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert panel.name_label.full_text() == "Can Demir"
    assert panel.badges["marketing_email"].text() == "✓ E-mail"
    assert panel.badges["loyalty_profiling"].text() == "✗ Profiling"


def test_a_duplicate_offers_the_existing_customer(qtbot: QtBot) -> None:
    desk = demo_desk()
    ayse = next(iter(desk.customers.values()))
    panel, dialog = open_sign_up(qtbot, desk)
    assert not dialog.use_existing.isVisible()
    dialog.name.setText("Ayşe Y.")
    dialog.phone.setText("+90 532 123 45 67")
    dialog.acknowledged.setChecked(True)
    dialog.try_accept()
    assert dialog.error.text() == (
        "A customer with this phone number or e-mail address already exists."
    )
    assert dialog.use_existing.isVisible()
    assert desk.attached is None and len(desk.customers) == 3
    qtbot.mouseClick(dialog.use_existing, Qt.MouseButton.LeftButton)
    assert desk.attached == ayse.id
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert panel.name_label.full_text() == "Ayşe Yılmaz"


def test_a_bad_phone_is_named_and_offers_no_duplicate_button(qtbot: QtBot) -> None:
    desk = demo_desk()
    _panel, dialog = open_sign_up(qtbot, desk)
    dialog.name.setText("Can Demir")
    dialog.phone.setText("12345")
    dialog.acknowledged.setChecked(True)
    dialog.try_accept()
    assert dialog.error.text() == (
        "That is not a phone number: enter 10 digits, e.g. 0532 123 45 67."
    )
    assert not dialog.use_existing.isVisible()
    assert desk.attached is None


def test_without_a_notice_on_the_till_nobody_is_signed_up(qtbot: QtBot) -> None:
    desk = demo_desk()
    desk.has_notice = False
    _panel, dialog = open_sign_up(qtbot, desk)
    assert not dialog.ok_button.isEnabled()
    assert "no KVKK notice" in dialog.error.text()
    dialog.name.setText("Can")
    dialog.email.setText("can@example.com")
    dialog.acknowledged.setChecked(True)
    dialog.try_accept()
    assert sign_up_calls(desk) == []


# -- consents ----------------------------------------------------------------------------------


def test_a_consent_is_withdrawn_and_given_with_one_tap_each(qtbot: QtBot) -> None:
    desk = demo_desk()
    ayse = next(iter(desk.customers.values()))
    desk.attached = ayse.id
    panel, _said = make_panel(qtbot, desk)
    qtbot.mouseClick(panel.consents_button, Qt.MouseButton.LeftButton)
    dialog = modal(qtbot, ConsentDialog)
    assert isinstance(dialog, ConsentDialog)
    states = {p: dialog.states[p].text() for p in CONSENTS}
    assert states == {
        "loyalty_profiling": "✓ Given",
        "marketing_sms": "✓ Given",
        "marketing_email": "✗ Not given",
        "marketing_call": "Not asked",
    }
    assert dialog.toggles["marketing_sms"].text() == "Withdraw"
    assert dialog.toggles["marketing_call"].text() == "Give"
    qtbot.mouseClick(dialog.toggles["marketing_sms"], Qt.MouseButton.LeftButton)
    assert desk.calls[-1] == ("change_consent", (ayse.id, "marketing_sms", False))
    assert dialog.states["marketing_sms"].text() == "✗ Not given"
    assert dialog.toggles["marketing_sms"].text() == "Give"
    qtbot.mouseClick(dialog.toggles["marketing_call"], Qt.MouseButton.LeftButton)
    assert desk.calls[-1] == ("change_consent", (ayse.id, "marketing_call", True))
    assert dialog.toggles["marketing_call"].accessibleName().startswith("Withdraw: ")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert panel.badges["marketing_sms"].text() == "✗ SMS"
    assert panel.badges["marketing_call"].text() == "✓ Call"


def test_a_refused_consent_change_keeps_the_state_and_says_why(qtbot: QtBot) -> None:
    desk = demo_desk()
    ayse = next(iter(desk.customers.values()))
    desk.attached = ayse.id
    panel, _said = make_panel(qtbot, desk)
    panel.show_consents()
    dialog = modal(qtbot, ConsentDialog)
    assert isinstance(dialog, ConsentDialog)
    desk.fail_next = UserError("customer.erased", "This customer has been erased.")
    dialog.toggle("loyalty_profiling")
    assert dialog.error.text() == "This customer has been erased."
    assert dialog.states["loyalty_profiling"].text() == "✓ Given"


# -- on the sale screen of the cashier window ----------------------------------------------------


@pytest.fixture
def desk(monkeypatch: pytest.MonkeyPatch) -> StandInDesk:
    """The cashier window's sale screen given the stand-in (as the composition root will)."""
    made = demo_desk()
    monkeypatch.setattr(main_window, "CustomerDesk", lambda *_args: made)
    return made


def selling(qtbot: QtBot, make_app: AppFactory, till: Till, lang: str = "en") -> CashierApp:
    cashier = make_app(lang=lang, favourites=[p.sku for p in SEED])
    sign_in(qtbot, cashier.window, till.cashier, "4826")
    qtbot.waitUntil(lambda: cashier.register.stage is Stage.NEEDS_SHIFT)
    open_shift(qtbot, cashier.window, "500")
    qtbot.waitUntil(lambda: cashier.register.stage is Stage.SELLING)
    return cashier


def test_a_loyalty_qr_scan_on_the_sale_screen_attaches_not_a_product(
    qtbot: QtBot, make_app: AppFactory, till: Till, desk: StandInDesk
) -> None:
    cashier = selling(qtbot, make_app, till)
    window = cashier.window
    panel = window.sale.customer_panel
    assert panel is not None and panel.isVisible()
    ayse = next(iter(desk.customers.values()))
    window.on_scan(loyalty_qr.qr_text(ayse.qr_code))
    assert desk.attached == ayse.id
    assert cashier.register.sale.cart.is_empty
    assert panel.name_label.full_text() == "Ayşe Yılmaz"
    # An unknown QR: a message and the alert, nobody attached, no product looked up.
    desk.attached = None
    alerts: list[str] = []
    window.sale.problem.connect(alerts.append)
    window.on_scan("LOY1:" + loyalty_qr.new_code())
    assert desk.attached is None
    assert alerts == ["No customer has this loyalty QR."]
    assert window.sale.message.text() == "No customer has this loyalty QR."
    # A product's barcode is still a product.
    window.on_scan(str(SEED[0].barcode))
    assert len(cashier.register.sale.cart.lines) == 1


def test_a_loyalty_qr_typed_in_the_search_attaches_on_enter(
    qtbot: QtBot, make_app: AppFactory, till: Till, desk: StandInDesk
) -> None:
    """A scanner too slow for the wedge decoder types the QR into the search box: Enter
    there still attaches the customer, and the box is left empty."""
    cashier = selling(qtbot, make_app, till)
    sale = cashier.window.sale
    ayse = next(iter(desk.customers.values()))
    sale.search.setText(loyalty_qr.qr_text(ayse.qr_code))
    qtbot.keyClick(sale.search, Qt.Key.Key_Return)
    assert desk.attached == ayse.id
    assert sale.search.text() == ""
    assert cashier.register.sale.cart.is_empty


def test_f10_opens_the_search_and_a_scan_there_attaches(
    qtbot: QtBot, make_app: AppFactory, till: Till, desk: StandInDesk
) -> None:
    cashier = selling(qtbot, make_app, till)
    window = cashier.window
    window.sale.table.setFocus()
    qtbot.keyClick(window.sale.table, Qt.Key.Key_F10)
    modal(qtbot, FindCustomerDialog)
    ayse = next(iter(desk.customers.values()))
    window.on_scan(loyalty_qr.qr_text(ayse.qr_code))  # routed to the modal dialog
    assert desk.attached == ayse.id
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert window.sale.customer_panel is not None
    assert window.sale.customer_panel.name_label.full_text() == "Ayşe Yılmaz"
    assert ("F10", "Find, sign up or change the sale's customer") in window.sale.shortcut_help()


def test_the_sale_screen_with_the_strip_fits_1024x768_unclipped(
    qtbot: QtBot, make_app: AppFactory, till: Till, desk: StandInDesk
) -> None:
    desk.attached = next(iter(desk.customers))
    window = selling(qtbot, make_app, till).window
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 768
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: window.width() == 1024)
    qtbot.wait(50)
    panel = window.sale.customer_panel
    assert panel is not None
    assert clipped_buttons(panel) == []
    assert not panel.name_label.is_elided()
    for button in (panel.find_button, panel.consents_button, panel.detach_button):
        assert button.height() >= 48 and button.width() >= 48  # a finger's target
