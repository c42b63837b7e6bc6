"""Touch dialogs of the cashier screens. They open window-modal without blocking (``open``)
and report through ``accepted``; the caller reads the typed values then.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.checkout.register import Register
from pos_app.domain.roles import Approval, Role
from pos_app.errors import UserError
from pos_app.ui.i18n import format_money, format_store_when, parse_decimal
from pos_app.ui.messages import error_text
from pos_app.ui.widgets import KeyPad, button, named, set_label


def parse_amount(text: str, language: str) -> int | None:
    """Kuruş from a typed amount; None unless it is a non-negative number with <= 2 decimals."""
    value = parse_decimal(text, language)
    if value is None or value < 0 or value != value.quantize(Decimal("0.01")):
        return None
    return int(value * 100)


def typed_amount(minor: int, language: str) -> str:
    """An amount as a cashier would type it (``12,50`` in Turkish), to prefill a field."""
    separator = "," if language == "tr" else "."
    return f"{minor // 100}{separator}{minor % 100:02d}"


class FormDialog(QDialog):
    """Base of the touch dialogs: title, body, error line, Cancel/OK buttons, retranslation,
    Enter and Esc. ``language()`` is the language its error messages are written in."""

    def __init__(
        self,
        prefix: str,
        parent: QWidget | None,
        *,
        min_width: int = 520,
        body_spacing: int | None = None,
        body_stretch: int = 0,
    ) -> None:
        super().__init__(parent)
        self.prefix = prefix
        self.setObjectName(f"{prefix}_dialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(min_width)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(12)
        self.title = QLabel()
        self.title.setProperty("kind", "title")
        self.title.setWordWrap(True)
        self.layout_.addWidget(self.title)
        self.body = QVBoxLayout()
        if body_spacing is not None:
            self.body.setSpacing(body_spacing)
        self.layout_.addLayout(self.body, body_stretch)
        self.error = QLabel()
        self.error.setProperty("kind", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.layout_.addWidget(self.error)
        self.buttons = QHBoxLayout()
        self.cancel_button = button(f"{prefix}_cancel", on_click=self.reject)
        self.ok_button = button(f"{prefix}_ok", kind="primary", on_click=self.try_accept)
        self.buttons.addWidget(self.cancel_button)
        self.buttons.addWidget(self.ok_button)
        self.layout_.addLayout(self.buttons)

    def language(self) -> str:
        raise NotImplementedError

    def finish_setup(self) -> None:
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        set_label(self.cancel_button, self.tr("Cancel (Esc)"), self.tr("Cancel"))
        set_label(self.ok_button, self.tr("OK (Enter)"), self.tr("OK"))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def show_user_error(self, error: UserError) -> None:
        self.show_error(error_text(error, self.language()))

    def clear_error(self) -> None:
        self.error.hide()

    def validate(self) -> bool:
        """Check the input; show an error and return False to keep the dialog open."""
        return True

    def try_accept(self) -> None:
        # Enter and an item's activation can both arrive for one key press.
        if self.result() == QDialog.DialogCode.Accepted or not self.isVisible():
            return
        try:
            if self.validate():
                self.accept()
        except UserError as error:
            self.show_user_error(error)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.try_accept()
            return
        super().keyPressEvent(event)


class PosDialog(FormDialog):
    """A dialog of the register: its language is the register's."""

    def __init__(self, register: Register, prefix: str, parent: QWidget | None) -> None:
        super().__init__(prefix, parent)
        self.register = register

    def language(self) -> str:
        return self.register.language


class ApprovalDialog(PosDialog):
    """A supervisor or manager chooses their name and types their PIN."""

    def __init__(
        self,
        register: Register,
        action: str,
        minimum: Role,
        parent: QWidget | None,
        percent: Decimal | None = None,
    ) -> None:
        super().__init__(register, "approval", parent)
        self.action = action
        self.minimum = minimum
        self.approval: Approval | None = None
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.body.addWidget(self.reason)
        tiles = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.approvers = register.staff.approvers(minimum, reduction_percent=percent)
        for approver in self.approvers:
            tile = button(f"approval_user_{approver.user_id}", kind="user")
            tile.setCheckable(True)
            tile.setText(approver.name)
            tile.setAccessibleName(approver.name)
            self.group.addButton(tile)
            tiles.addWidget(tile)
        if self.approvers:
            self.group.buttons()[0].setChecked(True)
        self.body.addLayout(tiles)
        self.pin = named(QLineEdit(), "approval_pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setProperty("kind", "pin")
        self.pin.setMaxLength(8)
        self.body.addWidget(self.pin)
        self.body.addWidget(KeyPad(self.pin, "approval", decimal=False))
        self.finish_setup()
        self.pin.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Approval"))
        self.title.setText(
            self.tr("Manager approval")
            if self.minimum is Role.MANAGER
            else self.tr("Supervisor approval")
        )
        texts = {
            "discount.line": self.tr("A discount above your limit on this line."),
            "discount.cart": self.tr("A discount above your limit on the whole sale."),
            "price.override": self.tr("A price change above your limit."),
            "return.receiptless": self.tr("A return without a receipt."),
            "drawer.no_sale": self.tr("Opening the drawer without a sale."),
            "app.quit": self.tr(
                "Closing the cash register app: nobody is signed in, or a sale is open."
            ),
            "shift.close_variance": self.tr(
                "Closing the shift on a cash count that is still far from the expected cash "
                "after a recount."
            ),
            "web_return.override": self.tr(
                "Taking back a web order after its return window, or an item that is not "
                "returnable (manager)."
            ),
        }
        self.reason.setText(texts.get(self.action, self.action))
        set_label(self.pin, self.tr("PIN"), self.tr("Approver PIN"))
        if not self.approvers:
            self.show_error(self.tr("No supervisor or manager is set up on this terminal."))

    def selected_user_id(self) -> str | None:
        checked = self.group.checkedButton()
        if checked is None:
            return None
        return checked.objectName().removeprefix("approval_user_")

    def validate(self) -> bool:
        user_id = self.selected_user_id()
        if user_id is None:
            self.show_error(self.tr("Choose who approves."))
            return False
        try:
            self.approval = self.register.staff.approve(user_id, self.pin.text(), self.action)
        except UserError:
            self.pin.clear()
            raise
        return True


class AmountDialog(PosDialog):
    """One number with a keypad: a quantity, a weight, an amount or a percentage."""

    def __init__(
        self,
        register: Register,
        prefix: str,
        title: str,
        prompt: str,
        parent: QWidget | None,
        *,
        initial: str = "",
        decimal: bool = True,
    ) -> None:
        super().__init__(register, prefix, parent)
        self._title, self._prompt = title, prompt
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.body.addWidget(self.prompt)
        self.edit = named(QLineEdit(initial), f"{prefix}_value")
        self.edit.setProperty("kind", "amount")
        self.edit.selectAll()
        self.body.addWidget(self.edit)
        self.body.addWidget(KeyPad(self.edit, prefix, decimal=decimal))
        self.value: Decimal | None = None
        self.finish_setup()
        self.edit.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self._title)
        self.title.setText(self._title)
        self.prompt.setText(self._prompt)
        set_label(self.edit, "", self._prompt)

    def validate(self) -> bool:
        value = parse_decimal(self.edit.text(), self.register.language)
        if value is None:
            self.show_error(self.tr("Type a number."))
            return False
        self.value = value
        return True


class CodeDialog(AmountDialog):
    """A code typed from another device (a card terminal's approval code)."""

    def __init__(
        self, register: Register, prefix: str, title: str, prompt: str, parent: QWidget | None
    ) -> None:
        super().__init__(register, prefix, title, prompt, parent, decimal=False)
        self.edit.setMaxLength(20)

    def validate(self) -> bool:
        if not self.edit.text().strip():
            self.show_error(self.tr("Type the code."))
            return False
        return True


class DiscountDialog(PosDialog):
    """A percentage or an amount off a line or the whole sale (0 removes the discount)."""

    def __init__(self, register: Register, prefix: str, title: str, parent: QWidget | None):
        super().__init__(register, prefix, parent)
        self._title = title
        kinds = QHBoxLayout()
        self.percent_button = button(f"{prefix}_percent", kind="category")
        self.amount_button = button(f"{prefix}_amount", kind="category")
        self.group = QButtonGroup(self)
        for kind_button in (self.percent_button, self.amount_button):
            kind_button.setCheckable(True)
            self.group.addButton(kind_button)
            kinds.addWidget(kind_button)
        self.percent_button.setChecked(True)
        self.body.addLayout(kinds)
        self.edit = named(QLineEdit(), f"{prefix}_value")
        self.edit.setProperty("kind", "amount")
        self.body.addWidget(self.edit)
        self.body.addWidget(KeyPad(self.edit, prefix))
        self.percent: Decimal | None = None
        self.amount_minor: int | None = None
        self.finish_setup()
        self.edit.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self._title)
        self.title.setText(self._title)
        set_label(self.percent_button, self.tr("Percent (%)"))
        set_label(self.amount_button, self.tr("Amount (₺)"))
        set_label(self.edit, self.tr("0 removes the discount"), self.tr("Discount"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Percent:
            self.percent_button.setChecked(True)
            return
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            target = self.amount_button if self.percent_button.isChecked() else self.percent_button
            target.setChecked(True)
            return
        super().keyPressEvent(event)

    def validate(self) -> bool:
        language = self.register.language
        if self.percent_button.isChecked():
            value = parse_decimal(self.edit.text(), language)
            if value is None or value < 0 or value > 100:
                self.show_error(self.tr("Type a percentage from 0 to 100."))
                return False
            self.percent, self.amount_minor = value, None
            return True
        amount = parse_amount(self.edit.text(), language)
        if amount is None:
            self.show_error(self.tr("Type an amount, for example 12,50."))
            return False
        self.percent, self.amount_minor = None, amount
        return True


class OverrideDialog(PosDialog):
    """A new unit price and the reason for it (the reason is on the receipt and the audit)."""

    def __init__(self, register: Register, product_name: str, parent: QWidget | None):
        super().__init__(register, "override", parent)
        self._product = product_name
        self.name_label = QLabel()
        self.name_label.setProperty("kind", "subtitle")
        self.name_label.setWordWrap(True)
        self.body.addWidget(self.name_label)
        self.price = named(QLineEdit(), "override_price")
        self.price.setProperty("kind", "amount")
        self.body.addWidget(self.price)
        self.reason = named(QLineEdit(), "override_reason")
        reasons = QGridLayout()
        self.reason_buttons: list[QPushButton] = []
        for index, key in enumerate(("damaged", "price_match", "manager_offer")):
            reason_button = button(f"override_reason_{key}", kind="category")
            reason_button.setCheckable(True)
            reason_button.clicked.connect(
                lambda _c=False, b=reason_button: self.reason.setText(b.text())
            )
            reasons.addWidget(reason_button, 0, index)
            self.reason_buttons.append(reason_button)
        self.body.addLayout(reasons)
        self.body.addWidget(self.reason)
        self.body.addWidget(KeyPad(self.price, "override"))
        self.price_minor: int | None = None
        self.finish_setup()
        self.price.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Price override"))
        self.title.setText(self.tr("Price override"))
        self.name_label.setText(self._product)
        set_label(self.price, self.tr("New unit price"))
        set_label(self.reason, self.tr("Reason"))
        labels = (self.tr("Damaged"), self.tr("Price match"), self.tr("Manager offer"))
        for reason_button, text in zip(self.reason_buttons, labels, strict=True):
            set_label(reason_button, text)

    def validate(self) -> bool:
        amount = parse_amount(self.price.text(), self.register.language)
        if amount is None:
            self.show_error(self.tr("Type the new price, for example 12,50."))
            return False
        if not self.reason.text().strip():
            self.show_error(self.tr("Choose or type a reason."))
            return False
        self.price_minor = amount
        return True


class CardDialog(PosDialog):
    """External card terminal: key in the amount there, then type its approval code here."""

    def __init__(self, register: Register, amount_minor: int, parent: QWidget | None):
        super().__init__(register, "card", parent)
        self.amount_label = QLabel()
        self.amount_label.setProperty("kind", "big")
        self.body.addWidget(self.amount_label)
        self.amount = named(QLineEdit(), "card_amount")
        self.amount.setProperty("kind", "amount")
        self.amount.setText(typed_amount(amount_minor, register.language))
        self.body.addWidget(self.amount)
        self.instructions = QLabel()
        self.instructions.setWordWrap(True)
        self.body.addWidget(self.instructions)
        self.code = named(QLineEdit(), "card_code")
        self.code.setProperty("kind", "amount")
        self.code.setMaxLength(20)
        self.body.addWidget(self.code)
        self.body.addWidget(KeyPad(self.code, "card", decimal=False))
        self.amount_minor: int | None = None
        self.finish_setup()
        self.code.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Card payment"))
        self.title.setText(self.tr("Card payment"))
        self.amount_label.setText(self.tr("Amount to charge on the card terminal:"))
        set_label(self.amount, self.tr("Card amount"))
        self.instructions.setText(
            self.tr("When the terminal approves, type its approval code. Cancel if declined.")
        )
        set_label(self.code, self.tr("Approval code"))

    def validate(self) -> bool:
        amount = parse_amount(self.amount.text(), self.register.language)
        if amount is None or amount == 0:
            self.show_error(self.tr("Type the amount charged on the card."))
            return False
        if not self.code.text().strip():
            self.show_error(self.tr("Type the approval code from the card terminal."))
            return False
        self.amount_minor = amount
        return True


class VoucherDialog(PosDialog):
    """Pay with a store-credit voucher: its code and the amount to use."""

    def __init__(self, register: Register, due_minor: int, parent: QWidget | None):
        super().__init__(register, "voucher", parent)
        self.code = named(QLineEdit(), "voucher_code")
        self.code.setProperty("kind", "amount")
        self.body.addWidget(self.code)
        self.amount = named(QLineEdit(), "voucher_amount")
        self.amount.setProperty("kind", "amount")
        self.amount.setText(typed_amount(due_minor, register.language))
        self.body.addWidget(self.amount)
        self.balance = QLabel()
        self.body.addWidget(self.balance)
        self.amount_minor: int | None = None
        self.code.editingFinished.connect(self._show_balance)
        self.finish_setup()
        self.code.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Store credit voucher"))
        self.title.setText(self.tr("Store credit voucher"))
        set_label(self.code, self.tr("Voucher code (SC-...)"), self.tr("Voucher code"))
        set_label(self.amount, self.tr("Amount to use"))

    def _show_balance(self) -> None:
        code = self.code.text().strip()
        if code:
            balance = self.register.payment.voucher_balance(code)
            self.balance.setText(
                self.tr("Balance: {amount}").format(
                    amount=format_money(balance, self.register.language)
                )
            )

    def validate(self) -> bool:
        amount = parse_amount(self.amount.text(), self.register.language)
        if amount is None or amount == 0 or not self.code.text().strip():
            self.show_error(self.tr("Type the voucher code and the amount."))
            return False
        self.amount_minor = amount
        return True


class ParkedDialog(PosDialog):
    """The parked sales of this terminal; pick one to resume."""

    def __init__(
        self, register: Register, parent: QWidget | None, *, now: datetime, zone: str
    ) -> None:
        """``now`` and ``zone`` (the store's time zone) date the parked sales."""
        super().__init__(register, "parked", parent)
        self.list = named(QListWidget(), "parked_list")
        self.body.addWidget(self.list)
        names = {user.user_id: user.name for user in register.staff.active_staff()}
        language = register.language
        for info in register.sale.parked():
            when = format_store_when(info.parked_at, now, language, zone)
            text = f"{when}  ·  {names.get(info.user_id, '?')}  ·  {info.label}  ·  " + (
                self.tr("{count} items").format(count=info.item_count)
                + f"  ·  {format_money(info.total_minor, language)}"
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, info.parked_id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.try_accept())
        self.parked_id: str | None = None
        self.finish_setup()
        self.list.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Parked sales"))
        self.title.setText(self.tr("Parked sales"))
        self.list.setAccessibleName(self.tr("Parked sales"))
        set_label(self.ok_button, self.tr("Resume (Enter)"), self.tr("Resume"))
        if self.list.count() == 0:
            self.show_error(self.tr("No parked sales."))

    def validate(self) -> bool:
        item = self.list.currentItem()
        if item is None:
            self.show_error(self.tr("No parked sales."))
            return False
        self.parked_id = str(item.data(Qt.ItemDataRole.UserRole))
        return True


class ConfirmDialog(PosDialog):
    """A yes/no question with an optional reason line."""

    def __init__(
        self,
        register: Register,
        prefix: str,
        title: str,
        question: str,
        parent: QWidget | None,
        *,
        ask_reason: bool = False,
    ):
        super().__init__(register, prefix, parent)
        self._title, self._question = title, question
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.body.addWidget(self.question)
        self.reason: QLineEdit | None = None
        if ask_reason:
            self.reason = named(QLineEdit(), f"{prefix}_reason")
            self.body.addWidget(self.reason)
        self.finish_setup()
        self.ok_button.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self._title)
        self.title.setText(self._title)
        self.question.setText(self._question)
        if self.reason is not None:
            set_label(self.reason, self.tr("Reason (optional)"))


class HelpDialog(PosDialog):
    """F1: every shortcut of the cashier screens."""

    def __init__(
        self, register: Register, shortcuts: list[tuple[str, str]], parent: QWidget | None
    ):
        super().__init__(register, "help", parent)
        self.table = named(QTableWidget(len(shortcuts), 2), "help_shortcuts")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, action) in enumerate(shortcuts):
            native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.PortableText) or keys
            self.table.setItem(row, 0, QTableWidgetItem(native))
            self.table.setItem(row, 1, QTableWidgetItem(action))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(440)
        self.table.resizeColumnToContents(0)
        self.body.addWidget(self.table)
        self.cancel_button.hide()
        self.setMinimumWidth(700)
        self.finish_setup()
        self.ok_button.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.title.setText(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action")])
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        set_label(self.ok_button, self.tr("Close (Enter)"), self.tr("Close"))


def with_approval(
    parent: QWidget,
    register: Register,
    attempt: Callable[[Approval | None], object],
    on_error: Callable[[UserError], None],
    on_done: Callable[[], None] | None = None,
) -> None:
    """Run ``attempt``; if it needs an approval, ask for one and run it again with it."""
    try:
        attempt(None)
    except UserError as error:
        if error.code != "approval.required":
            on_error(error)
            return
        action = str(error.params.get("action", ""))
        percent = error.params.get("percent")
        dialog = ApprovalDialog(
            register,
            action,
            register.staff.approver_role(action),
            parent,
            Decimal(str(percent)) if percent is not None else None,
        )

        def approved() -> None:
            try:
                attempt(dialog.approval)
            except UserError as again:
                on_error(again)
                return
            if on_done is not None:
                on_done()

        dialog.accepted.connect(approved)
        dialog.open()
        return
    if on_done is not None:
        on_done()
