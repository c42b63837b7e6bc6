"""Sign-in: staff tiles and a PIN pad; wrong PINs count towards a lock-out (audited)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pos_app.checkout.register import Register
from pos_app.errors import UserError
from pos_app.ui.messages import error_text
from pos_app.ui.widgets import KeyPad, Screen, button, named, set_label


class SignInScreen(Screen):
    def __init__(
        self,
        register: Register,
        *,
        zone: str,
        pin_max_attempts: int,
        parent: QWidget | None = None,
    ) -> None:
        """``zone``: the store's time zone (a lock-out's end); ``pin_max_attempts``: wrong PINs
        before the lock-out (``Settings.pin_max_attempts``), to say how many tries are left."""
        super().__init__(parent)
        self.register = register
        self.zone = zone
        self.pin_max_attempts = pin_max_attempts
        self.setObjectName("signin_screen")
        root = QHBoxLayout(self)
        root.setContentsMargins(32, 24, 32, 24)
        root.setSpacing(32)

        left = QVBoxLayout()
        self.title = QLabel()
        self.title.setProperty("kind", "title")
        self.subtitle = QLabel()
        self.subtitle.setProperty("kind", "muted")
        self.subtitle.setWordWrap(True)
        left.addWidget(self.title)
        left.addWidget(self.subtitle)
        self.tiles_host = QWidget()
        self.tiles = QGridLayout(self.tiles_host)
        self.tiles.setSpacing(12)
        left.addWidget(self.tiles_host)
        left.addStretch(1)
        root.addLayout(left, 3)

        right = QVBoxLayout()
        self.who = QLabel()
        self.who.setProperty("kind", "subtitle")
        self.who.setWordWrap(True)
        right.addWidget(self.who)
        self.pin = named(QLineEdit(), "signin_pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setProperty("kind", "pin")
        self.pin.setMaxLength(8)
        self.pin.returnPressed.connect(self.submit)
        right.addWidget(self.pin)
        right.addWidget(KeyPad(self.pin, "signin", decimal=False))
        self.message = QLabel()
        self.message.setProperty("kind", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        right.addWidget(self.message)
        self.submit_button = button("signin_submit", kind="primary", on_click=self.submit)
        right.addWidget(self.submit_button)
        root.addLayout(right, 2)

        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.buttonClicked.connect(lambda _b: self._user_chosen())
        self.reload_users()
        self.retranslate()

    def reload_users(self) -> None:
        for tile in self.group.buttons():
            self.group.removeButton(tile)
            tile.deleteLater()
        for index, user in enumerate(self.register.staff.active_staff()):
            tile = button(f"signin_user_{user.user_id}", kind="user")
            tile.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            tile.setCheckable(True)
            tile.setProperty("user_id", user.user_id)
            tile.setProperty("role", user.role.value)
            tile.setProperty("user_name", user.name)
            self.group.addButton(tile)
            self.tiles.addWidget(tile, index // 3, index % 3)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Sign in"))
        self.subtitle.setText(self.tr("Tap your name, then type your PIN."))
        roles = {
            "cashier": self.tr("Cashier"),
            "supervisor": self.tr("Supervisor"),
            "manager": self.tr("Manager"),
        }
        for tile in self.group.buttons():
            name = str(tile.property("user_name"))
            role = roles.get(str(tile.property("role")), "")
            set_label(tile, f"{name}\n{role}", f"{name}, {role}")
        set_label(self.pin, self.tr("PIN"), self.tr("PIN"))
        set_label(self.submit_button, self.tr("Sign in (Enter)"), self.tr("Sign in"))
        self._user_chosen()

    def activate(self) -> None:
        self.reload_users()
        self.retranslate()
        self.pin.clear()
        self.message.hide()
        buttons = self.group.buttons()
        if len(buttons) == 1:
            buttons[0].setChecked(True)
            self._user_chosen()
        if buttons:
            (self.group.checkedButton() or buttons[0]).setFocus()

    def scan_target(self) -> QWidget | None:
        """Where the keyboard goes after a dialog: the PIN once a name is chosen."""
        if self._checked() is not None:
            return self.pin
        buttons = self.group.buttons()
        return buttons[0] if buttons else None

    def choose(self, user_id: str) -> None:
        for tile in self.group.buttons():
            if tile.property("user_id") == user_id:
                tile.setChecked(True)
        self._user_chosen()

    def _checked(self) -> QPushButton | None:
        checked = self.group.checkedButton()
        return checked if isinstance(checked, QPushButton) else None

    def _user_chosen(self) -> None:
        checked = self._checked()
        if checked is None:
            self.who.setText(self.tr("Who is signing in?"))
            return
        self.who.setText(self.tr("PIN for {name}").format(name=str(checked.property("user_name"))))
        self.message.hide()
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        checked = self._checked()
        if checked is None:
            self.message.setText(self.tr("Tap your name first."))
            self.message.show()
            return
        pin = self.pin.text()
        self.pin.clear()
        try:
            self.register.sign_in(str(checked.property("user_id")), pin)
        except UserError as error:
            text = error_text(error, self.register.language, self.zone)
            if error.code == "users.wrong_pin":
                left = self.pin_max_attempts - int(error.params.get("attempts", 0))
                if left > 0:
                    text += " " + self.tr("{count} tries left.").format(count=left)
            self.message.setText(text)
            self.message.show()
            self.pin.setFocus()
            return
        self.message.hide()
