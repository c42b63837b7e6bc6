"""Text where it enters: one Unicode form (NFC) and no control characters.

Shared by the till (``pos_app.domain.text`` re-exports it) and the backend, because sync/
never imports pos_app.

- **NFC.** A name typed or exported decomposed (``S`` + U+0327 for ``Ş``, as some systems
  export) is stored composed: it then prints (a receipt code page has ``Ş``, not the bare
  combining cedilla), searches and compares as the same word.
- **Control characters** (Unicode category Cc: U+0000-U+001F, U+007F-U+009F) in a name would
  reach the receipt printer as commands (``ESC p`` kicks the drawer, ``GS V`` cuts, a newline
  adds a fake receipt line). Input from people and web shops refuses them (``refuse_controls``;
  the pydantic field types ``InputLine`` and ``InputText`` of ``sync.protocol``); data received
  from the other side of the sync, which the receiver cannot send back, is cleaned instead
  (``clean``; ``WireLine``, ``WireText``), so an old record never stops a terminal syncing.
"""

from __future__ import annotations

import re
import unicodedata

# Category Cc exactly: C0, DEL and C1.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
# Controls that separate words become a space; the others (ESC, GS, NUL...) are dropped.
_SPACING = "\t\n\v\f\r"


def nfc(text: str) -> str:
    """``text`` in Unicode NFC (composed: ``Ş`` is one character)."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def control_character(text: str, *, multiline: bool = False) -> str | None:
    """The first control character in ``text``, or None; ``multiline`` allows newlines."""
    found = (_CONTROL_BUT_NEWLINE if multiline else _CONTROL).search(text)
    return found.group() if found else None


def control_problem(text: str, *, multiline: bool = False) -> str | None:
    """``contains a control character (U+001B)``, or None when there is none."""
    found = control_character(text, multiline=multiline)
    if found is None:
        return None
    return f"contains a control character (U+{ord(found):04X})"


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def without_controls(text: str, *, multiline: bool = False) -> str:
    """``text`` with tab, CR, LF, VT and FF as a space (LF kept when ``multiline``, CR LF
    and CR becoming LF) and every other control character removed."""
    if multiline:
        text = _newlines(text)
    pattern = _CONTROL_BUT_NEWLINE if multiline else _CONTROL
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda found: " " if found.group() in _SPACING else "", text)


def clean(text: str, *, multiline: bool = False) -> str:
    """NFC and no control characters: received text made safe to store and print."""
    # NFC last: a mark that followed a removed character composes with the letter before it.
    return nfc(without_controls(text, multiline=multiline))


def refuse_controls(text: str, *, multiline: bool = False) -> str:
    """``text`` in NFC; ValueError naming the control character when it has one."""
    if multiline:
        text = _newlines(text)
    problem = control_problem(text, multiline=multiline)
    if problem is not None:
        raise ValueError(problem)
    return nfc(text)
