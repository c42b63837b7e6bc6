"""The app's look: the theme's style sheet (resources/styles/pos.qss) and the rules no theme
may drop, applied to the cashier app and the manager app alike."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from pos_app.resources import style_file

STYLE_FILE = style_file()

# Every label shows its text as it is: a QLabel guesses rich text from a leading tag, so a
# customer named "<h1 style=color:red>PAID</h1>" (a web order) would render as HTML. A label
# meant to be rich says so with the property rich=true. Here, not in the theme file, so a
# theme cannot lose it; a style sheet sets the property on every label as it is polished,
# those of every screen and dialog alike.
PLAIN_TEXT_LABELS = """
QLabel { qproperty-textFormat: PlainText; }
QLabel[rich="true"] { qproperty-textFormat: RichText; }
"""


def apply_style(app: QApplication) -> None:
    """The theme and the plain-text rule on every widget of ``app``."""
    app.setStyleSheet(STYLE_FILE.read_text(encoding="utf-8") + PLAIN_TEXT_LABELS)
