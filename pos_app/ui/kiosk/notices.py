"""Full-screen messages: an item we could not sell (unknown, refused at this hour) with a
"Call for help", and "Are you still there?" before the idle wipe."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from pos_app.ui.kiosk.welcome import KioskScreen
from pos_app.ui.kiosk.widgets import kbutton, klabel, set_text

_CENTER = Qt.AlignmentFlag.AlignCenter


class KioskNotice(KioskScreen):
    """A problem with an item, said plainly, with help one touch away."""

    help_clicked = Signal()
    ok_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_notice")
        self.help_reason = "help"  # what the attendant is told when the customer calls
        self.title = klabel("kiosk_notice_title", "hero", align=_CENTER)
        self.text = klabel("kiosk_notice_text", "title", align=_CENTER)
        self.help = kbutton("kiosk_notice_help", "help", on_click=self.help_clicked.emit)
        self.help.setMinimumHeight(96)
        self.ok = kbutton("kiosk_notice_ok", "primary", on_click=self.ok_clicked.emit)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.help)
        buttons.addWidget(self.ok)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 32, 64, 48)
        layout.setSpacing(32)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        set_text(self.help, self.tr("Call for help"))
        set_text(self.ok, self.tr("OK"), self.tr("OK, go back"))

    def show_problem(self, title: str, text: str, *, help_reason: str) -> None:
        set_text(self.title, title)
        set_text(self.text, text)
        self.text.setVisible(bool(text))
        self.help_reason = help_reason
        self.help.setEnabled(True)

    def clear(self) -> None:
        self.title.clear()
        self.text.clear()


class KioskStillThere(KioskScreen):
    """ "Are you still there?" with the seconds left and a big "Yes"."""

    yes_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_still_there")
        self.seconds = 0
        self.question = klabel("kiosk_still_there_question", "hero", align=_CENTER)
        self.countdown = klabel("kiosk_still_there_countdown", "title", align=_CENTER)
        self.yes = kbutton("kiosk_still_there_yes", "primary", on_click=self.yes_clicked.emit)
        self.yes.setMinimumHeight(160)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(96, 48, 96, 96)
        layout.setSpacing(40)
        layout.addStretch(1)
        layout.addWidget(self.question)
        layout.addWidget(self.countdown)
        layout.addWidget(self.yes)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        set_text(self.question, self.tr("Are you still there?"))
        set_text(self.yes, self.tr("Yes"), self.tr("Yes, I am still here"))
        self.set_seconds(self.seconds)

    def set_seconds(self, seconds: int) -> None:
        self.seconds = seconds
        set_text(
            self.countdown,
            self.tr(
                "Touch Yes to continue. Otherwise we start again in %n second(s).", "", seconds
            ),
        )
