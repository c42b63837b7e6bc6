"""The kiosk's on-screen keyboard: a Turkish Q layout (with ç ğ ı ö ş ü) and a row of
digits, or a phone pad, in big keys. A kiosk has no physical keyboard, and its fields never
take the keyboard focus (a scanner's keys must not land in them): the keys write into the
field chosen by touching it (``KioskField``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from pos_app.ui.kiosk.widgets import kbutton, set_text

KEY_PX = 72  # a key's height: larger than the kiosk's smallest touch target
KEY_MAX_PX = 120  # and no taller, whatever room the screen leaves

# Turkish Q, lower case; the digits row is always there (phone numbers, house numbers).
TEXT_ROWS = (
    "1234567890",
    "qwertyuıopğü",
    "asdfghjklşi",
    "zxcvbnmöç.",
)
PUNCTUATION = ",-/'"
PHONE_ROWS = ("123", "456", "789", "+0 ")


def upper_tr(char: str) -> str:
    """Turkish capitals: i -> İ, ı -> I (``str.upper`` would make "i" an "I")."""
    return {"i": "İ", "ı": "I"}.get(char, char.upper())


class KioskField(QLineEdit):
    """A text field filled by the on-screen keyboard; touching it chooses it."""

    touched = Signal()

    def __init__(self, object_name: str, max_length: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setMaxLength(max_length)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setProperty("k", "field")
        self.phone = False  # the phone pad instead of the letters

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.touched.emit()
        event.accept()

    def set_active(self, active: bool) -> None:
        """The field the keys write into is outlined (a dynamic property of the style)."""
        if self.property("active") == ("yes" if active else "no"):
            return
        self.setProperty("active", "yes" if active else "no")
        self.style().unpolish(self)
        self.style().polish(self)


class KioskKeyboard(QWidget):
    """Big keys writing into ``target``; ``typed`` after each change. Shift holds for one
    letter; a name or an address starts each word with a capital (``auto_caps``)."""

    typed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_keyboard")
        self.target: KioskField | None = None
        self.shift = False
        self.auto_caps = True
        self.letters: dict[str, QPushButton] = {}
        self.text_keys = QWidget()
        self.phone_keys = QWidget()
        grid = QGridLayout(self.text_keys)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        columns = max(len(row) for row in TEXT_ROWS)  # 12
        for r, row in enumerate(TEXT_ROWS):
            start = 1 if r in (0, 3) else 0  # digits centred; shift left of z
            for c, char in enumerate(row):
                grid.addWidget(self._key(char, f"kiosk_key_{ord(char):x}"), r, start + c)
        self.shift_key = self._special("kiosk_key_shift", self._toggle_shift, checkable=True)
        grid.addWidget(self.shift_key, 3, 0)
        self.back_key = self._special("kiosk_key_backspace", self.backspace)
        grid.addWidget(self.back_key, 2, columns - 1, 2, 1)
        last = len(TEXT_ROWS)
        for c, char in enumerate(PUNCTUATION):
            grid.addWidget(self._key(char, f"kiosk_key_{ord(char):x}"), last, c)
        self.space = self._special("kiosk_key_space", lambda: self.write(" "))
        grid.addWidget(self.space, last, len(PUNCTUATION), 1, columns - len(PUNCTUATION))
        for c in range(columns):
            grid.setColumnStretch(c, 1)

        pad = QGridLayout(self.phone_keys)
        pad.setContentsMargins(0, 0, 0, 0)
        pad.setSpacing(8)
        for r, row in enumerate(PHONE_ROWS):
            for c, char in enumerate(row):
                name = "space" if char == " " else f"{ord(char):x}"
                pad.addWidget(self._key(char, f"kiosk_pad_{name}"), r, c)
        self.pad_back = self._special("kiosk_pad_backspace", self.backspace)
        pad.addWidget(self.pad_back, 0, 3, len(PHONE_ROWS), 1)
        for c in range(4):
            pad.setColumnStretch(c, 1)
        self.phone_keys.hide()

        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text_keys, 0, 0)
        layout.addWidget(self.phone_keys, 0, 0)
        self.retranslate()

    # -- keys ------------------------------------------------------------------------------

    def _key(self, char: str, object_name: str) -> QPushButton:
        key = kbutton(object_name, "key", on_click=lambda: self.write(self._char(char)))
        key.setMinimumHeight(KEY_PX)
        key.setMaximumHeight(KEY_MAX_PX)
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        key.setProperty("char", char)
        set_text(key, char)
        if char.isalpha():
            self.letters[char] = key
        return key

    def _special(
        self, object_name: str, action: Callable[[], object], *, checkable: bool = False
    ) -> QPushButton:
        key = kbutton(object_name, "key", on_click=action)
        key.setMinimumHeight(KEY_PX)
        key.setMaximumHeight(KEY_MAX_PX)
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        key.setCheckable(checkable)
        return key

    def retranslate(self) -> None:
        set_text(self.shift_key, "⇧", self.tr("Capital letter"))
        set_text(self.back_key, "⌫", self.tr("Delete the last letter"))
        set_text(self.pad_back, "⌫", self.tr("Delete the last digit"))
        set_text(self.space, self.tr("space"), self.tr("Space"))
        for key in self.phone_keys.findChildren(QPushButton):
            if key.property("char") == " ":
                set_text(key, "␣", self.tr("Space"))
        self._show_case()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- writing ---------------------------------------------------------------------------

    def set_target(self, field: KioskField | None, *, auto_caps: bool = True) -> None:
        """Write into ``field`` from now on (letters or the phone pad as it needs)."""
        if self.target is not None and self.target is not field:
            self.target.set_active(False)
        self.target = field
        self.auto_caps = auto_caps
        phone = field is not None and field.phone
        self.text_keys.setVisible(not phone)
        self.phone_keys.setVisible(phone)
        if field is not None:
            field.set_active(True)
        self._caps_for_position()

    def _char(self, char: str) -> str:
        return upper_tr(char) if self.shift and char.isalpha() else char

    def write(self, text: str) -> None:
        field = self.target
        if field is None:
            return
        field.end(False)
        field.insert(text)
        if self.shift and text.strip():
            self.shift = False  # one capital, as on a phone
        self._caps_for_position()
        self.typed.emit()

    def backspace(self) -> None:
        field = self.target
        if field is None:
            return
        field.setText(field.text()[:-1])
        self._caps_for_position()
        self.typed.emit()

    def _toggle_shift(self) -> None:
        self.shift = not self.shift
        self._show_case()

    def _caps_for_position(self) -> None:
        field = self.target
        if self.auto_caps and field is not None:
            text = field.text()
            self.shift = self.shift or not text or text.endswith(" ")
        self._show_case()

    def _show_case(self) -> None:
        self.shift_key.setChecked(self.shift)
        for char, key in self.letters.items():
            shown = upper_tr(char) if self.shift else char
            set_text(key, shown, shown)
