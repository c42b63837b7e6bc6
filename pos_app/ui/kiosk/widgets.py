"""Building blocks of the kiosk screens: touch buttons and labels, the flags of the language
buttons (painted here, no image files), product tiles and the top bar that pulses while help
is on the way."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pos_app.ui.kiosk.texts import LANGUAGE_NAMES

PULSE_MS = 600


def kbutton(
    object_name: str,
    k: str = "",
    *,
    on_click: Callable[[], object] | None = None,
    parent: QWidget | None = None,
) -> QPushButton:
    """A touch button (style ``k``); it never takes the keyboard: a kiosk has only a
    scanner, and its Enter must not press whatever button was touched last."""
    widget = QPushButton(parent)
    widget.setObjectName(object_name)
    if k:
        widget.setProperty("k", k)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    if on_click is not None:
        widget.clicked.connect(lambda _checked=False: on_click())
    return widget


def klabel(
    object_name: str = "",
    k: str = "",
    *,
    align: Qt.AlignmentFlag | None = None,
    wrap: bool = True,
) -> QLabel:
    label = QLabel()
    if object_name:
        label.setObjectName(object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names come from the catalog
    if k:
        label.setProperty("k", k)
    label.setWordWrap(wrap)
    if align is not None:
        label.setAlignment(align)
    return label


def set_text(widget: QPushButton | QLabel, text: str, accessible: str | None = None) -> None:
    """Visible text and accessible name together; "&" is no mnemonic on a kiosk."""
    if isinstance(widget, QPushButton):
        widget.setText(text.replace("&", "&&"))
    else:
        widget.setText(text)
    widget.setAccessibleName((accessible or text).replace("\n", " "))


# -- flags -------------------------------------------------------------------------------------


def _star(center: QPointF, radius: float, pointing: float) -> QPolygonF:
    """A five-pointed star with one point at angle ``pointing`` (radians)."""
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.382
        angle = pointing + i * math.pi / 5
        points.append(QPointF(center.x() + r * math.cos(angle), center.y() + r * math.sin(angle)))
    return QPolygonF(points)


def paint_turkish_flag(painter: QPainter, rect: QRectF) -> None:
    """Red field, white crescent and star (proportions of the flag law, simplified)."""
    h = rect.height()
    painter.fillRect(rect, QColor("#e30a17"))
    white = QColor("#ffffff")
    red = QColor("#e30a17")
    cy = rect.top() + h / 2
    outer = QPointF(rect.left() + h / 2, cy)
    inner = QPointF(outer.x() + h * 0.0625, cy)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(white)
    painter.drawEllipse(outer, h / 4, h / 4)
    painter.setBrush(red)
    painter.drawEllipse(inner, h * 0.2, h * 0.2)
    painter.setBrush(white)
    star_center = QPointF(inner.x() + h * 0.2 + h * 0.083 + h * 0.125 * 0.8, cy)
    painter.drawPolygon(_star(star_center, h * 0.125, math.pi))


def paint_uk_flag(painter: QPainter, rect: QRectF) -> None:
    """The Union Flag: blue field, white and red saltires, white and red crosses."""
    w, h = rect.width(), rect.height()
    painter.save()
    painter.setClipRect(rect)
    painter.fillRect(rect, QColor("#012169"))
    corners = (
        (rect.topLeft(), rect.bottomRight()),
        (rect.bottomLeft(), rect.topRight()),
    )
    for color, width in (("#ffffff", h / 5), ("#c8102e", h / 15)):
        painter.setPen(QPen(QColor(color), width))
        for start, end in corners:
            painter.drawLine(start, end)
    painter.setPen(Qt.PenStyle.NoPen)
    center = rect.center()
    for color, width in (("#ffffff", h / 3), ("#c8102e", h / 5)):
        painter.fillRect(QRectF(rect.left(), center.y() - width / 2, w, width), QColor(color))
        painter.fillRect(QRectF(center.x() - width / 2, rect.top(), width, h), QColor(color))
    painter.restore()


FLAG_PAINTERS = {"tr": paint_turkish_flag, "en": paint_uk_flag}


def flag_pixmap(language: str, height: int) -> QPixmap:
    pixmap = QPixmap(round(height * 1.5), height)
    pixmap.fill(QColor("#ffffff"))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        FLAG_PAINTERS[language](painter, QRectF(0, 0, pixmap.width(), height))
    finally:
        painter.end()
    return pixmap


def flag_button(language: str, object_name: str, height: int = 72) -> QPushButton:
    """A big language button: the flag and the language's own name."""
    widget = kbutton(object_name, "flag")
    widget.setCheckable(True)
    widget.setIcon(QIcon(flag_pixmap(language, height)))
    widget.setIconSize(QSize(round(height * 1.5), height))
    set_text(widget, LANGUAGE_NAMES[language])
    return widget


# -- product tiles -----------------------------------------------------------------------------


def placeholder_pixmap(name: str, size: int) -> QPixmap:
    """A neutral box with the item's initial letter, for an item without a picture."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor("#e5e7eb"))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        painter.setPen(QPen(QColor("#9ca3af"), 4))
        painter.drawRoundedRect(QRectF(2, 2, size - 4, size - 4), 12, 12)
        font = QFont("DejaVu Sans")
        font.setPixelSize(size // 2)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#374151"))
        initial = name.strip()[:1].upper() or "?"
        painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, initial)
    finally:
        painter.end()
    return pixmap


def product_pixmap(image: Path | None, name: str, size: int) -> tuple[QPixmap, bool]:
    """The item's picture scaled to ``size``, or the placeholder (then ``False``): a missing
    or unreadable file is shown as the placeholder too."""
    if image is not None:
        loaded = QPixmap(str(image))
        if not loaded.isNull():
            scaled = loaded.scaled(
                size,
                size,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            return scaled, True
    return placeholder_pixmap(name, size), False


def rounded_clip(pixmap: QPixmap, radius: float) -> QPixmap:
    out = QPixmap(pixmap.size())
    out.fill(Qt.GlobalColor.transparent)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        path = QPainterPath()
        path.addRoundedRect(QRectF(out.rect()), radius, radius)
        painter.setClipPath(path)
        painter.drawPixmap(0, 0, pixmap)
    finally:
        painter.end()
    return out


# -- the top bar -------------------------------------------------------------------------------


class KioskTopBar(QFrame):
    """Store name, "Help is on the way" while it is, the language switch and the Help
    button. While help is awaited the bar pulses (its colour toggles)."""

    help_clicked = Signal()
    cancel_help_clicked = Signal()
    language_chosen = Signal(str)

    def __init__(self, store_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_topbar")
        self.setProperty("pulse", "off")
        self.store_name = store_name
        self.store = klabel("kiosk_store", wrap=False)
        self.store.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status = klabel("kiosk_help_status", align=Qt.AlignmentFlag.AlignCenter)
        self.status.hide()
        self.languages: dict[str, QPushButton] = {}
        rows = QVBoxLayout(self)
        rows.setContentsMargins(16, 8, 16, 8)
        rows.setSpacing(4)
        row = QHBoxLayout()
        row.setSpacing(12)
        rows.addLayout(row)
        rows.addWidget(self.status)  # a line of its own: it must be seen from afar
        row.addWidget(self.store, 1)
        for language in LANGUAGE_NAMES:
            choice = kbutton(f"kiosk_bar_lang_{language}", "bar")
            choice.setCheckable(True)
            choice.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            set_text(choice, LANGUAGE_NAMES[language])
            choice.clicked.connect(lambda _c=False, lang=language: self.language_chosen.emit(lang))
            self.languages[language] = choice
            row.addWidget(choice)
        self.cancel_help = kbutton(
            "kiosk_cancel_help", "bar", on_click=self.cancel_help_clicked.emit
        )
        self.cancel_help.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.cancel_help.hide()
        self.help = kbutton("kiosk_help", "help", on_click=self.help_clicked.emit)
        self.help.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.help.setMinimumWidth(160)
        row.addWidget(self.cancel_help)
        row.addWidget(self.help)
        self._pulse = QTimer(self)
        self._pulse.setInterval(PULSE_MS)
        self._pulse.timeout.connect(self._toggle)
        self.retranslate()

    def retranslate(self) -> None:
        set_text(self.store, self.store_name or self.tr("Self-checkout"))
        set_text(self.status, self.tr("Help is on the way"))
        set_text(self.help, self.tr("Help"), self.tr("Call for help"))
        set_text(self.cancel_help, self.tr("Cancel help"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_languages(self, shown: bool, current: str) -> None:
        for language, choice in self.languages.items():
            choice.setVisible(shown)
            choice.setChecked(language == current)

    def set_waiting(self, waiting: bool, *, cancellable: bool) -> None:
        """Help called or an approval waiting: pulse and say so; ``cancellable`` when the
        customer called it (and may call it off)."""
        self.status.setVisible(waiting)
        self.cancel_help.setVisible(waiting and cancellable)
        if waiting and not self._pulse.isActive():
            self._pulse.start()
        elif not waiting:
            self._pulse.stop()
            self._set_pulse("off")

    @property
    def pulsing(self) -> bool:
        return self._pulse.isActive()

    def _toggle(self) -> None:
        self._set_pulse("off" if self.property("pulse") == "on" else "on")

    def _set_pulse(self, state: str) -> None:
        if self.property("pulse") == state:
            return
        self.setProperty("pulse", state)
        # A dynamic property reaches the style sheet only when the widget is polished again.
        self.style().unpolish(self)
        self.style().polish(self)
        self.update()
