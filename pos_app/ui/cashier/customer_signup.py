"""Signing a customer up at the till: name, phone and/or e-mail, the KVKK notice (aydınlatma
metni) shown and acknowledged, and the optional consents, each separate and unticked.

KVKK and the e-commerce law ask for explicit consent (açık rıza) given freely, per purpose
and per channel: so no consent is pre-ticked, none is bundled with another or with the
membership, and the notice acknowledgement (required) is not a consent.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from pos_app.errors import UserError
from pos_app.ui.cashier.customer_dialogs import (
    DeskDialog,
    Language,
    consent_name,
    loyalty_note,
)
from pos_app.ui.cashier.customer_ports import CONSENTS, CustomerDesk, CustomerView
from pos_app.ui.widgets import button, named, set_label


def starting_fields(query: str) -> tuple[str, str, str]:
    """(name, phone, e-mail) to prefill from what the cashier searched for in vain."""
    text = query.strip()
    if "@" in text:
        return "", "", text
    if text and all(c.isdigit() or c in " +-()" for c in text):
        return "", text, ""
    return text, "", ""


class SignUpDialog(DeskDialog):
    """A new customer; on success they are attached to the sale (``attached``). A duplicate
    phone or e-mail offers the customer who has it instead."""

    def __init__(
        self,
        desk: CustomerDesk,
        language: Language,
        parent: QWidget | None,
        *,
        query: str = "",
    ) -> None:
        super().__init__(desk, language, "customer_sign_up", parent)
        self.setMinimumWidth(900)
        self.attached: CustomerView | None = None
        self.existing_id: str | None = None
        fields = QGridLayout()
        fields.setHorizontalSpacing(12)
        fields.setVerticalSpacing(8)
        self.name = named(QLineEdit(), "customer_sign_up_name")
        self.name.setMaxLength(120)
        self.phone = named(QLineEdit(), "customer_sign_up_phone")
        self.phone.setMaxLength(32)
        self.email = named(QLineEdit(), "customer_sign_up_email")
        self.email.setMaxLength(254)
        fields.addWidget(self.name, 0, 0, 1, 2)
        fields.addWidget(self.phone, 1, 0)
        fields.addWidget(self.email, 1, 1)
        self.body.addLayout(fields)
        name, phone, email = starting_fields(query)
        self.name.setText(name)
        self.phone.setText(phone)
        self.email.setText(email)

        self.notice_caption = QLabel()
        self.notice_caption.setProperty("kind", "subtitle")
        self.notice_caption.setWordWrap(True)
        self.body.addWidget(self.notice_caption)
        self.notice = named(QPlainTextEdit(), "customer_sign_up_notice")
        self.notice.setReadOnly(True)
        self.notice.setMinimumHeight(120)
        self.body.addWidget(self.notice, 1)
        self.acknowledged = named(QCheckBox(), "customer_sign_up_ack")
        self.body.addWidget(self.acknowledged)

        self.consents_caption = QLabel()
        self.consents_caption.setProperty("kind", "subtitle")
        self.body.addWidget(self.consents_caption)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setProperty("kind", "muted")
        self.body.addWidget(self.note)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(0)
        self.consents: dict[str, QCheckBox] = {}
        for index, purpose in enumerate(CONSENTS):
            box = named(QCheckBox(), f"customer_sign_up_consent_{purpose}")
            box.setChecked(False)  # never pre-ticked: a consent is an act of the customer
            grid.addWidget(box, index // 2, index % 2)
            self.consents[purpose] = box
        self.body.addLayout(grid)

        self.use_existing = button("customer_sign_up_use_existing", on_click=self._use_existing)
        self.use_existing.hide()
        self.buttons.insertWidget(1, self.use_existing)
        self._notice = desk.notice(language())
        self.retranslate()
        (self.phone if phone else self.name).setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("New customer"))
        self.title.setText(self.tr("New customer"))
        set_label(self.name, self.tr("Name and surname"))
        set_label(self.phone, self.tr("Mobile phone"))
        set_label(self.email, self.tr("E-mail"))
        self._notice = self.desk.notice(self.language())
        if self._notice is None:
            self.notice_caption.setText(self.tr("KVKK notice"))
            self.notice.setPlainText("")
            self.show_error(
                self.tr(
                    "This till has no KVKK notice yet, so nobody can be signed up here: "
                    "sync the till and try again."
                )
            )
            self.ok_button.setEnabled(False)
        else:
            version, text = self._notice
            self.notice_caption.setText(
                self.tr("KVKK notice, version {version}: show it to the customer").format(
                    version=version
                )
            )
            self.notice.setPlainText(text)
        self.notice.setAccessibleName(self.tr("KVKK notice"))
        shown = self.tr("I have informed the customer and shown the notice (required)")
        self.acknowledged.setText(shown)
        self.acknowledged.setAccessibleName(shown)
        self.consents_caption.setText(self.tr("Optional consents, ask for each one"))
        self.note.setText(loyalty_note())
        for purpose, box in self.consents.items():
            box.setText(consent_name(purpose))
            box.setAccessibleName(consent_name(purpose))
        set_label(self.use_existing, self.tr("Use the existing customer"))
        set_label(self.ok_button, self.tr("Sign up (Enter)"), self.tr("Sign up"))

    def showEvent(self, event: QShowEvent) -> None:
        # On a tall screen the notice gets the room, so less of it hides behind the scroll bar.
        super().showEvent(event)
        parent = self.parentWidget()
        if parent is not None:
            tall = min(parent.window().height() - 80, 940)
            if tall > self.height():
                self.resize(self.width(), tall)

    def validate(self) -> bool:
        self.use_existing.hide()
        self.existing_id = None
        name = self.name.text().strip()
        phone = self.phone.text().strip()
        email = self.email.text().strip()
        if self._notice is None:
            return False
        if not name:
            self.show_error(self.tr("Type the customer's name."))
            self.name.setFocus()
            return False
        if not phone and not email:
            self.show_error(self.tr("Type a mobile phone number or an e-mail address."))
            self.phone.setFocus()
            return False
        if not self.acknowledged.isChecked():
            self.show_error(
                self.tr("Show the customer the KVKK notice and tick that it has been shown.")
            )
            self.acknowledged.setFocus()
            return False
        choices = {purpose: box.isChecked() for purpose, box in self.consents.items()}
        try:
            created = self.desk.sign_up(name, phone, email, self._notice[0], choices)
        except UserError as error:
            existing = error.params.get("existing_id")
            if existing:
                self.existing_id = str(existing)
                self.use_existing.show()
                self.use_existing.setFocus()
            raise
        self.attached = self.desk.attach(created.id)
        return True

    def _use_existing(self) -> None:
        if self.existing_id is None:
            return
        try:
            self.attached = self.desk.attach(self.existing_id)
        except UserError as error:
            self.show_user_error(error)
            return
        self.accept()
