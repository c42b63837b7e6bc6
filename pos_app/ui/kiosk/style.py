"""The kiosk's look: one style sheet on the kiosk window, in a standard and an accessible
variant (larger text, high contrast). Rules select on the property ``k`` so the cashier
theme's ``kind`` rules (applied to the whole application) never reach a kiosk control.

Every touch target is at least ``TOUCH_PX`` high and wide.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.ui.style import PLAIN_TEXT_LABELS

TOUCH_PX = 64  # the smallest control a finger hits reliably


@dataclass(frozen=True, slots=True)
class Palette:
    background: str
    surface: str
    text: str
    muted: str
    bar: str
    bar_text: str
    pulse: str
    primary: str
    primary_text: str
    border: str
    warn_bg: str
    warn_border: str
    error_bg: str
    error_text: str
    disabled_bg: str
    disabled_text: str


STANDARD = Palette(
    background="#f3f4f6",
    surface="#ffffff",
    text="#111827",
    muted="#4b5563",
    bar="#1e3a8a",
    bar_text="#ffffff",
    pulse="#b45309",
    primary="#047857",
    primary_text="#ffffff",
    border="#6b7280",
    warn_bg="#fef3c7",
    warn_border="#d97706",
    error_bg="#fee2e2",
    error_text="#7f1d1d",
    disabled_bg="#e5e7eb",
    disabled_text="#6b7280",
)

# Yellow and white on black: the combination people with low vision read best.
HIGH_CONTRAST = Palette(
    background="#000000",
    surface="#000000",
    text="#ffffff",
    muted="#ffffff",
    bar="#000000",
    bar_text="#ffff00",
    pulse="#a00000",
    primary="#ffff00",
    primary_text="#000000",
    border="#ffff00",
    warn_bg="#000000",
    warn_border="#ffff00",
    error_bg="#000000",
    error_text="#ffff00",
    disabled_bg="#333333",
    disabled_text="#ffffff",
)

_TEMPLATE = """
QWidget#kiosk_central {{ background: {p.background}; }}
QWidget {{
    font-family: "DejaVu Sans", "Noto Sans", sans-serif; font-size: {body}px; color: {p.text};
}}
QFrame#kiosk_topbar {{ background: {p.bar}; border-bottom: 3px solid {p.border}; }}
QFrame#kiosk_topbar[pulse="on"] {{ background: {p.pulse}; }}
QFrame#kiosk_topbar QLabel {{ color: {p.bar_text}; font-weight: 700; font-size: {body}px; }}
QFrame#kiosk_topbar QLabel#kiosk_store {{ font-size: {title}px; }}
QFrame#kiosk_topbar QLabel#kiosk_help_status {{ font-size: {title}px; font-weight: 800; }}
QLabel[k="hero"] {{ font-size: {hero}px; font-weight: 800; }}
QLabel[k="title"] {{ font-size: {title}px; font-weight: 700; }}
QLabel[k="muted"] {{ color: {p.muted}; }}
QLabel[k="total"] {{ font-size: {hero}px; font-weight: 800; }}
QLabel[k="notice"] {{
    background: {p.warn_bg}; border: 3px solid {p.warn_border}; border-radius: 12px;
    padding: 12px 16px; font-weight: 700;
}}
QLabel[k="error"] {{
    background: {p.error_bg}; border: 3px solid {p.warn_border}; border-radius: 12px;
    padding: 12px 16px; color: {p.error_text}; font-weight: 700;
}}
QFrame[k="panel"] {{
    background: {p.surface}; border: 2px solid {p.border}; border-radius: 14px;
}}
QFrame[k="line"] {{ background: {p.surface}; border-bottom: 1px solid {p.border}; }}
QPushButton {{
    min-height: {touch}px; min-width: {touch}px; padding: 6px 18px;
    background: {p.surface}; color: {p.text}; border: 3px solid {p.border};
    border-radius: 14px; font-weight: 700; font-size: {body}px;
}}
QPushButton:pressed {{ background: {p.warn_bg}; }}
QPushButton:checked {{ border: 6px solid {p.primary}; }}
QPushButton:disabled {{
    background: {p.disabled_bg}; color: {p.disabled_text}; border-color: {p.disabled_bg};
}}
QPushButton[k="primary"] {{
    min-height: {big}px; font-size: {title}px; font-weight: 800;
    background: {p.primary}; color: {p.primary_text}; border-color: {p.primary};
}}
QPushButton[k="primary"]:disabled {{
    background: {p.disabled_bg}; color: {p.disabled_text}; border-color: {p.disabled_bg};
}}
QPushButton[k="bar"] {{
    background: transparent; color: {p.bar_text}; border-color: {p.bar_text};
}}
QPushButton[k="bar"]:checked {{ background: {p.bar_text}; color: {p.bar}; }}
QPushButton[k="help"] {{
    background: {p.warn_bg}; color: {p.text}; border-color: {p.warn_border}; font-weight: 800;
}}
QPushButton[k="flag"] {{ min-height: {flag}px; font-size: {title}px; }}
QPushButton[k="flag"]:checked {{ border: 6px solid {p.primary}; }}
QPushButton[k="tile"] {{
    min-height: {tile}px; font-size: {body}px; padding: 6px; text-align: center;
}}
QPushButton[k="staff"] {{
    background: transparent; border: 1px solid {p.disabled_bg}; color: {p.muted};
    font-size: {small}px; font-weight: 400;
}}
QPushButton[k="key"] {{ font-size: {title}px; padding: 0; min-width: 40px; }}
QPushButton[k="key"]:checked {{ background: {p.primary}; color: {p.primary_text}; }}
QPushButton[k="option"] {{
    min-height: {option}px; text-align: left; padding: 12px 28px; font-size: {title}px;
}}
QPushButton[k="offer"] {{
    background: {p.warn_bg}; border-color: {p.warn_border}; text-align: left; padding: 10px 18px;
}}
QLineEdit[active="yes"] {{ border: 5px solid {p.primary}; }}
QPushButton[k="user"]:checked {{ background: {p.bar}; color: {p.bar_text}; }}
QLineEdit {{
    min-height: {touch}px; font-size: {title}px; padding: 0 12px;
    background: {p.surface}; color: {p.text}; border: 3px solid {p.border}; border-radius: 10px;
}}
QScrollArea {{ background: transparent; border: none; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
QScrollBar:vertical {{ width: 36px; background: {p.background}; border: none; }}
QScrollBar::handle:vertical {{
    background: {p.border}; min-height: {touch}px; border-radius: 12px; margin: 4px;
}}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
"""


def kiosk_style(*, accessible: bool = False) -> str:
    """The style sheet for the kiosk window; ``accessible``: larger text, high contrast."""
    scale = 1.35 if accessible else 1.0

    def px(size: int) -> int:
        return round(size * scale)

    return (
        _TEMPLATE.format(
            p=HIGH_CONTRAST if accessible else STANDARD,
            small=px(16),
            body=px(22),
            title=px(30),
            hero=px(44),
            touch=px(TOUCH_PX),
            big=px(96),
            flag=px(150),
            tile=px(180),
            option=px(120),
        )
        + PLAIN_TEXT_LABELS
    )
