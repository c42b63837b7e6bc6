"""The cashier's customer dialogs over the ``CustomerDesk`` port: find a customer (typed or
scanned) and see or change their consents; the texts the customer screens share.

They open window-modal without blocking (``open``) and report through ``accepted``, as the
other cashier dialogs (``dialogs.PosDialog``), but need only the language, not the register.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial

from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from pos_app.errors import UserError
from pos_app.ui.cashier.customer_ports import CONSENTS, CustomerDesk, CustomerView
from pos_app.ui.cashier.dialogs import FormDialog
from pos_app.ui.i18n import locale_for
from pos_app.ui.widgets import button, named, set_label
from sync.protocol.loyalty_qr import is_loyalty_qr

Language = Callable[[], str]
MIN_QUERY = 2  # characters before a typed search runs (a scan always runs)


# -- texts the customer screens share ---------------------------------------------------------


def consent_name(purpose: str) -> str:
    """A consent's name in full, for the dialogs."""
    names = {
        "loyalty_profiling": QCoreApplication.translate(
            "CustomerTexts", "Loyalty profiling (personal offers from purchases)"
        ),
        "marketing_sms": QCoreApplication.translate("CustomerTexts", "Commercial messages by SMS"),
        "marketing_email": QCoreApplication.translate(
            "CustomerTexts", "Commercial messages by e-mail"
        ),
        "marketing_call": QCoreApplication.translate(
            "CustomerTexts", "Commercial messages by phone call"
        ),
    }
    return names.get(purpose, purpose)


def consent_badge(purpose: str) -> str:
    """A consent's short name, for the badges on the sale screen."""
    names = {
        "loyalty_profiling": QCoreApplication.translate("CustomerTexts", "Profiling"),
        "marketing_sms": QCoreApplication.translate("CustomerTexts", "SMS"),
        "marketing_email": QCoreApplication.translate("CustomerTexts", "E-mail"),
        "marketing_call": QCoreApplication.translate("CustomerTexts", "Call"),
    }
    return names.get(purpose, purpose)


def loyalty_note() -> str:
    return QCoreApplication.translate(
        "CustomerTexts",
        "Loyalty membership does not depend on these consents: each is optional and can be "
        "withdrawn at any time.",
    )


def masked_phone(tail: str) -> str:
    """Enough of a phone number to tell two customers apart: ``•••• ••• •• 67``."""
    return f"•••• ••• •• {tail}" if tail else ""


def points_text(points: int, language: str) -> str:
    return locale_for(language).toString(points)


def day_text(day: date, language: str) -> str:
    return locale_for(language).toString(
        QDate(day.year, day.month, day.day), locale_for(language).FormatType.ShortFormat
    )


def result_line(customer: CustomerView, language: str) -> str:
    """One row of the search results: name, masked phone, number and points."""
    parts = [customer.name]
    if customer.phone_tail:
        parts.append(masked_phone(customer.phone_tail))
    elif customer.has_email:
        parts.append(QCoreApplication.translate("CustomerTexts", "e-mail only"))
    parts.append(
        QCoreApplication.translate("CustomerTexts", "No. {number}").format(number=customer.short_no)
    )
    parts.append(
        QCoreApplication.translate("CustomerTexts", "{points} points").format(
            points=points_text(customer.spendable_points, language)
        )
    )
    return "   ·   ".join(parts)


# -- the dialogs ------------------------------------------------------------------------------


class DeskDialog(FormDialog):
    """A customer dialog: over the customer desk, in the screen's current language."""

    def __init__(
        self, desk: CustomerDesk, language: Language, prefix: str, parent: QWidget | None
    ) -> None:
        super().__init__(prefix, parent, min_width=720, body_spacing=10, body_stretch=1)
        self.desk = desk
        self._language = language

    def language(self) -> str:
        return self._language()


class FindCustomerDialog(DeskDialog):
    """One field for a phone number or a name, a scanned loyalty QR, the matches; Enter
    attaches the chosen one (``attached`` then holds them). "New customer" closes this dialog
    with ``wants_sign_up`` set and ``query`` kept, for the sign-up to start from."""

    def __init__(self, desk: CustomerDesk, language: Language, parent: QWidget | None) -> None:
        super().__init__(desk, language, "customer_find", parent)
        self.attached: CustomerView | None = None
        self.wants_sign_up = False
        self._found: Sequence[CustomerView] = []
        self.query = named(QLineEdit(), "customer_find_query")
        self.query.setClearButtonEnabled(True)
        self.body.addWidget(self.query)
        self.results = named(QListWidget(), "customer_find_results")
        self.results.setMinimumHeight(300)
        self.results.itemActivated.connect(lambda _item: self.try_accept())
        self.results.itemClicked.connect(lambda _item: self.try_accept())
        self.body.addWidget(self.results, 1)
        self.status = QLabel()
        self.status.setProperty("kind", "muted")
        self.status.setWordWrap(True)
        self.body.addWidget(self.status)
        self.sign_up_button = button("customer_find_sign_up", on_click=self._sign_up)
        self.buttons.insertWidget(1, self.sign_up_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.search)
        self.query.textChanged.connect(lambda _text: self._timer.start())
        self.query.installEventFilter(self)
        self.retranslate()
        self.query.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Customer"))
        self.title.setText(self.tr("Find the customer"))
        set_label(
            self.query,
            self.tr("Phone number or name, or scan the loyalty QR"),
            self.tr("Customer search"),
        )
        self.results.setAccessibleName(self.tr("Customers found"))
        set_label(self.sign_up_button, self.tr("New customer"))
        set_label(self.ok_button, self.tr("Attach (Enter)"), self.tr("Attach to the sale"))
        self._show_status()

    def _show_status(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.status.setText(
                self.tr("The customer's loyalty QR is on their account page and e-receipts.")
            )
        elif len(text) < MIN_QUERY:
            self.status.setText(self.tr("Type a little more."))
        elif not self._found:
            self.status.setText(self.tr("No customer found. Sign them up as a new customer?"))
        else:
            self.status.setText(self.tr("Choose the customer and press Enter."))

    def eventFilter(self, watched: object, event: QEvent) -> bool:
        # Up and Down move in the results while the cursor stays in the field.
        if (
            watched is self.query
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        ):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = self.results.currentRow() + step
            if 0 <= row < self.results.count():
                self.results.setCurrentRow(row)
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def search(self) -> None:
        """Look up what is typed (at least ``MIN_QUERY`` characters)."""
        self._timer.stop()
        text = self.query.text().strip()
        self._found = []
        if len(text) >= MIN_QUERY:
            self._run_find(text)
        self._fill()

    def _run_find(self, text: str) -> bool:
        try:
            self._found = self.desk.find(text)
        except UserError as error:
            self._found = []
            self.show_user_error(error)
            return False
        self.clear_error()
        return True

    def _fill(self) -> None:
        self.results.clear()
        language = self.language()
        for customer in self._found:
            item = QListWidgetItem(result_line(customer, language))
            item.setData(Qt.ItemDataRole.UserRole, customer.id)
            self.results.addItem(item)
        if self._found:
            self.results.setCurrentRow(0)
        self._show_status()

    def scan(self, code: str) -> None:
        """A scan while the dialog is open (``MainWindow.on_scan``): a loyalty QR attaches its
        customer at once; the code itself never shows in the field."""
        if not is_loyalty_qr(code):
            self.query.setText(code)
            self.search()
            return
        if not self._run_find(code):
            return
        self._fill()
        if len(self._found) == 1:
            self.try_accept()
        elif not self._found:
            self.show_error(self.tr("No customer has this loyalty QR."))

    def _sign_up(self) -> None:
        self.wants_sign_up = True
        self.accept()

    def validate(self) -> bool:
        if self._timer.isActive() or (
            not self._found and len(self.query.text().strip()) >= MIN_QUERY
        ):
            self.search()  # Enter before the typing pause: search first
            return False
        row = self.results.currentRow()
        if not 0 <= row < len(self._found):
            self.show_error(self.tr("Find the customer first."))
            return False
        self.attached = self.desk.attach(self._found[row].id)
        return True


class ConsentDialog(DeskDialog):
    """Each consent of the attached customer with its state and one button that gives or
    withdraws it: withdrawing is as easy as giving. ``customer`` is the latest state."""

    def __init__(
        self,
        desk: CustomerDesk,
        language: Language,
        customer: CustomerView,
        parent: QWidget | None,
    ) -> None:
        super().__init__(desk, language, "customer_consents", parent)
        self.customer = customer
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setProperty("kind", "muted")
        self.body.addWidget(self.note)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(0, 1)
        self.names: dict[str, QLabel] = {}
        self.states: dict[str, QLabel] = {}
        self.toggles: dict[str, QPushButton] = {}
        for row, purpose in enumerate(CONSENTS):
            name = QLabel()
            name.setWordWrap(True)
            state = named(QLabel(), f"customer_consents_state_{purpose}")
            state.setProperty("kind", "badge")
            toggle = button(
                f"customer_consents_toggle_{purpose}",
                on_click=partial(self.toggle, purpose),
            )
            grid.addWidget(name, row, 0)
            grid.addWidget(state, row, 1)
            grid.addWidget(toggle, row, 2)
            self.names[purpose], self.states[purpose] = name, state
            self.toggles[purpose] = toggle
        self.body.addLayout(grid)
        self.cancel_button.hide()
        self.retranslate()
        self.ok_button.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Consents"))
        self.title.setText(self.tr("Consents of {name}").format(name=self.customer.name))
        self.note.setText(loyalty_note())
        set_label(self.ok_button, self.tr("Close (Enter)"), self.tr("Close"))
        self._show()

    def _show(self) -> None:
        for purpose in CONSENTS:
            granted = self.customer.consents.get(purpose)
            name = consent_name(purpose)
            self.names[purpose].setText(name)
            state = self.states[purpose]
            if granted:
                state.setText(self.tr("✓ Given"))
            elif granted is None:
                state.setText(self.tr("Not asked"))
            else:
                state.setText(self.tr("✗ Not given"))
            state.setProperty("state", "on" if granted else "off")
            state.style().unpolish(state)
            state.style().polish(state)
            toggle = self.toggles[purpose]
            if granted:
                set_label(
                    toggle,
                    self.tr("Withdraw"),
                    self.tr("Withdraw: {consent}").format(consent=name),
                )
            else:
                set_label(toggle, self.tr("Give"), self.tr("Give: {consent}").format(consent=name))

    def toggle(self, purpose: str) -> None:
        granted = not self.customer.consents.get(purpose)
        try:
            self.customer = self.desk.change_consent(self.customer.id, purpose, granted)
        except UserError as error:
            self.show_user_error(error)
            return
        self.clear_error()
        self._show()
