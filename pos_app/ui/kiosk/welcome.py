"""The screen between customers: "Scan an item to start", the language, larger text; or
"Closed" when no kiosk day is open."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QPushButton, QVBoxLayout, QWidget

from pos_app.ui.kiosk.texts import LANGUAGE_NAMES
from pos_app.ui.kiosk.widgets import flag_button, kbutton, klabel, set_text

_CENTER = Qt.AlignmentFlag.AlignCenter


class KioskScreen(QWidget):
    """A kiosk page: texts set in ``retranslate``, arrangement in ``relayout``."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every visible text (at start and after each language switch)."""

    def relayout(self, portrait: bool) -> None:
        """Arrange for a tall (``portrait``) or a wide screen."""


class KioskWelcome(KioskScreen):
    language_chosen = Signal(str)
    accessibility_toggled = Signal(bool)
    produce_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_welcome")
        self.closed = False
        self.hero = klabel("kiosk_welcome_hero", "hero", align=_CENTER)
        self.hint = klabel("kiosk_welcome_hint", "muted", align=_CENTER)
        self.produce = kbutton("kiosk_welcome_produce", on_click=self.produce_clicked.emit)
        self.produce.setMinimumHeight(96)
        message = QVBoxLayout()
        message.setSpacing(24)
        message.addStretch(1)
        message.addWidget(self.hero)
        message.addWidget(self.hint)
        message.addWidget(self.produce)
        message.addStretch(1)

        self.choose = klabel("kiosk_welcome_choose", "title", align=_CENTER)
        self.flags: dict[str, QPushButton] = {}
        flags = QVBoxLayout()
        flags.setSpacing(20)
        flags.addStretch(1)
        flags.addWidget(self.choose)
        for language in LANGUAGE_NAMES:
            choice = flag_button(language, f"kiosk_flag_{language}")
            choice.clicked.connect(lambda _c=False, lang=language: self.language_chosen.emit(lang))
            self.flags[language] = choice
            flags.addWidget(choice)
        self.accessible = kbutton("kiosk_accessible")
        self.accessible.setCheckable(True)
        self.accessible.setMinimumHeight(96)
        self.accessible.toggled.connect(self.accessibility_toggled.emit)
        flags.addWidget(self.accessible)
        flags.addStretch(1)

        self.box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.box.setContentsMargins(48, 32, 48, 32)
        self.box.setSpacing(48)
        self.box.addLayout(message, 3)
        self.box.addLayout(flags, 2)
        self.retranslate()

    def retranslate(self) -> None:
        if self.closed:
            set_text(self.hero, self.tr("Closed — please use a staffed till"))
            set_text(self.hint, self.tr("This self-checkout is not open at the moment."))
        else:
            set_text(self.hero, self.tr("Scan an item to start"))
            set_text(self.hint, self.tr("Hold the barcode under the scanner."))
        set_text(self.produce, self.tr("Fruit & veg without a barcode"))
        set_text(self.choose, self.tr("Choose your language"))
        set_text(
            self.accessible,
            self.tr("Larger text and high contrast"),
            self.tr("Larger text and high contrast, on or off"),
        )

    def show_state(self, *, closed: bool, language: str, accessible: bool) -> None:
        self.closed = closed
        self.produce.setVisible(not closed)
        self.choose.setVisible(not closed)
        for lang, choice in self.flags.items():
            choice.setVisible(not closed)
            choice.setChecked(lang == language)
        self.accessible.blockSignals(True)
        self.accessible.setChecked(accessible)
        self.accessible.blockSignals(False)
        self.retranslate()

    def relayout(self, portrait: bool) -> None:
        self.box.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
