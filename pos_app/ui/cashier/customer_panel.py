"""The customer strip of the sale screen: who the sale is for, their points and consents, and
the ways to find, sign up, change the consents of or remove the customer.

A customer-facing display or the queue may see the cashier's screen, so the strip never shows
a phone number or an e-mail address; the search dialog shows a masked phone only.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pos_app.errors import UserError
from pos_app.ui.cashier.customer_dialogs import (
    ConsentDialog,
    FindCustomerDialog,
    Language,
    consent_badge,
    day_text,
    points_text,
)
from pos_app.ui.cashier.customer_ports import CONSENTS, CustomerDesk, CustomerView
from pos_app.ui.cashier.customer_signup import SignUpDialog
from pos_app.ui.messages import error_text
from pos_app.ui.widgets import FittedLabel, button, set_label
from sync.protocol.loyalty_qr import is_loyalty_qr

FIND_KEYS = "F10"  # F8 resumes a parked sale on the sale screen


class Say(Protocol):
    """``SaleScreen.show_message``: a line in the sale screen's message area."""

    def __call__(self, text: str, *, error: bool = True) -> None: ...


class CustomerPanel(QFrame):
    """The strip; ``refresh`` after anything that may change the sale's customer."""

    problem = Signal(str)  # a scanned loyalty QR that attached nobody (the screen beeps)

    def __init__(
        self, desk: CustomerDesk, language: Language, say: Say, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.language = language
        self.say = say
        self.customer: CustomerView | None = None
        self.setObjectName("customer_panel")
        self.setProperty("kind", "panel")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 6, 4)
        row.setSpacing(8)
        info = QVBoxLayout()
        info.setSpacing(0)
        # Three lines (who, points, consents): at 1024 px two would cut the points or the name.
        top = QHBoxLayout()
        top.setSpacing(10)
        self.name_label = FittedLabel()
        self.name_label.setObjectName("customer_panel_name")
        self.name_label.setProperty("kind", "customer")
        top.addWidget(self.name_label, 1)
        self.number = QLabel()
        self.number.setObjectName("customer_panel_number")
        self.number.setProperty("kind", "muted")
        top.addWidget(self.number)
        info.addLayout(top)
        self.details = FittedLabel()
        self.details.setObjectName("customer_panel_details")
        self.details.setProperty("kind", "muted")
        info.addWidget(self.details)
        badges = QHBoxLayout()
        badges.setSpacing(6)
        self.badges: dict[str, QLabel] = {}
        for purpose in CONSENTS:
            badge = QLabel()
            badge.setObjectName(f"customer_panel_badge_{purpose}")
            badge.setProperty("kind", "badge")
            policy = badge.sizePolicy()
            policy.setRetainSizeWhenHidden(True)  # the strip keeps its height without a customer
            badge.setSizePolicy(policy)
            badges.addWidget(badge)
            self.badges[purpose] = badge
        badges.addStretch(1)
        info.addLayout(badges)
        row.addLayout(info, 1)
        self.find_button = button("customer_panel_find", kind="action", on_click=self.find_customer)
        self.consents_button = button(
            "customer_panel_consents", kind="action", on_click=self.show_consents
        )
        self.detach_button = button("customer_panel_detach", kind="action", on_click=self.detach)
        self.sign_up_button = button(
            "customer_panel_sign_up", kind="action", on_click=lambda: self.sign_up()
        )
        for widget in (
            self.find_button,
            self.consents_button,
            self.detach_button,
            self.sign_up_button,
        ):
            row.addWidget(widget)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Customer of this sale"))
        set_label(self.consents_button, self.tr("Consents"))
        set_label(self.detach_button, self.tr("Remove\ncustomer"), self.tr("Remove the customer"))
        set_label(self.sign_up_button, self.tr("New\ncustomer"), self.tr("New customer"))
        self.refresh()

    # -- state ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the sale's customer as the desk has it now."""
        self.customer = self.desk.current()
        customer = self.customer
        language = self.language()
        attached = customer is not None
        for widget in (self.consents_button, self.detach_button):
            widget.setVisible(attached)
        find = self.tr("Change") if attached else self.tr("Customer")
        set_label(self.find_button, f"{find}\n{FIND_KEYS}", find)
        if customer is None:
            self.number.hide()
            self.name_label.set_full_text(self.tr("No customer"))
            self.details.set_full_text(
                self.tr("{keys}: find by phone, name or loyalty QR, or sign up").format(
                    keys=FIND_KEYS
                )
            )
            for badge in self.badges.values():
                badge.hide()
            return
        self.name_label.set_full_text(customer.name)
        self.number.setText(self.tr("No. {number}").format(number=customer.short_no))
        self.number.show()
        parts = [
            self.tr("{points} points to spend").format(
                points=points_text(customer.spendable_points, language)
            ),
        ]
        if customer.pending_points and customer.next_vesting is not None:
            parts.append(
                self.tr("{points} more on {day}").format(
                    points=points_text(customer.pending_points, language),
                    day=day_text(customer.next_vesting, language),
                )
            )
        elif customer.pending_points:
            parts.append(
                self.tr("{points} pending").format(
                    points=points_text(customer.pending_points, language)
                )
            )
        self.details.set_full_text(" · ".join(parts))
        for purpose, badge in self.badges.items():
            granted = customer.consents.get(purpose)
            mark = "✓" if granted else "✗"
            badge.setText(f"{mark} {consent_badge(purpose)}")
            badge.setAccessibleName(
                (
                    self.tr("{consent}: given") if granted else self.tr("{consent}: not given")
                ).format(consent=consent_badge(purpose))
            )
            badge.setProperty("state", "on" if granted else "off")
            badge.style().unpolish(badge)
            badge.style().polish(badge)
            badge.show()

    # -- actions --------------------------------------------------------------------------

    def take_scan(self, code: str) -> bool:
        """A scan on the sale screen: a loyalty QR (``LOY1:``) attaches its customer and is
        taken (True); anything else is the screen's (a product)."""
        if not is_loyalty_qr(code):
            return False
        try:
            found = self.desk.find(code)
            if len(found) != 1:
                text = self.tr("No customer has this loyalty QR.")
                self.say(text)
                self.problem.emit(text)
                return True
            customer = self.desk.attach(found[0].id)
        except UserError as error:
            text = error_text(error, self.language())
            self.say(text)
            self.problem.emit(text)
            return True
        self._attached(customer)
        return True

    def _attached(self, customer: CustomerView | None) -> None:
        self.refresh()
        if customer is not None:
            self.say(
                self.tr("Customer: {name}").format(name=customer.name),
                error=False,
            )

    def find_customer(self) -> None:
        dialog = FindCustomerDialog(self.desk, self.language, self.window())

        def done() -> None:
            if dialog.wants_sign_up:
                self.sign_up(dialog.query.text())
                return
            self._attached(dialog.attached)

        dialog.accepted.connect(done)
        dialog.open()

    def sign_up(self, query: str = "") -> None:
        dialog = SignUpDialog(self.desk, self.language, self.window(), query=query)
        dialog.accepted.connect(lambda: self._attached(dialog.attached))
        dialog.open()

    def show_consents(self) -> None:
        if self.customer is None:
            return
        dialog = ConsentDialog(self.desk, self.language, self.customer, self.window())
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()

    def detach(self) -> None:
        try:
            self.desk.detach()
        except UserError as error:
            self.say(error_text(error, self.language()))
        self.refresh()

    # for the screen's list of shortcuts and its F1 help
    def shortcut_help(self) -> tuple[str, str]:
        return (FIND_KEYS, self.tr("Find, sign up or change the sale's customer"))
