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
- **Lone surrogates** (U+D800-U+DFFF on their own, which JSON can spell as ``\ud800`` and a
  command line can carry for an undecodable byte) are not text: no UTF-8 encodes them, so
  neither database can store them nor can a response carry them. Refused and cleaned as the
  control characters are (``surrogate_problem``; ``lone_surrogate_at`` finds one in decoded
  JSON and names where, ``escape_surrogates`` shows it as its escape).
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

# Category Cc exactly: C0, DEL and C1.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
# Controls that separate words become a space; the others (ESC, GS, NUL...) are dropped.
_SPACING = "\t\n\v\f\r"
# A surrogate code point in a Python str is always a lone one: decoding pairs them up.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_REPLACEMENT = "\ufffd"
# Either of the two above: text without any is clean once in NFC.
_UNCLEAN = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


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


def surrogate_problem(text: str) -> str | None:
    """``contains a lone surrogate (U+D800), which is not text``, or None."""
    found = _SURROGATE.search(text)
    if found is None:
        return None
    return f"contains a lone surrogate (U+{ord(found.group()):04X}), which is not text"


def _key_path(path: str, key: str) -> str:
    if _IDENTIFIER.match(key):
        return f"{path}.{key}"
    # json.dumps escapes a surrogate: the path itself stays text.
    return f"{path}[{json.dumps(key)}]"


def lone_surrogate_at(value: object, path: str = "payload") -> str | None:
    """Where decoded JSON holds a lone surrogate, in a key or a string (``payload.lines[0]
    .name``, escaped so the path itself is text), or None when it holds none."""
    if isinstance(value, str):
        return path if _SURROGATE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            here = _key_path(path, str(key))
            if isinstance(key, str) and _SURROGATE.search(key):
                return here
            found = lone_surrogate_at(item, here)
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = lone_surrogate_at(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def escape_surrogates(value: Any) -> Any:
    """Decoded JSON with each lone surrogate written as its escape (``\\ud800``, six
    characters), in keys and strings: what a parked payload shows staff, as text."""
    if isinstance(value, str):
        return _SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", value)
    if isinstance(value, dict):
        return {escape_surrogates(key): escape_surrogates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [escape_surrogates(item) for item in value]
    return value


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
    """NFC, no control characters and a lone surrogate as U+FFFD: received text made safe to
    store and print."""
    if _UNCLEAN.search(text) is None:
        # Almost all text: one search instead of three passes (a customer snapshot cleans
        # millions of names, phones and e-mails).
        return nfc(text)
    # NFC last: a mark that followed a removed character composes with the letter before it.
    return nfc(_SURROGATE.sub(_REPLACEMENT, without_controls(text, multiline=multiline)))


def refuse_controls(text: str, *, multiline: bool = False) -> str:
    """``text`` in NFC; ValueError naming the control character or lone surrogate when it
    has one."""
    if multiline:
        text = _newlines(text)
    problem = control_problem(text, multiline=multiline) or surrogate_problem(text)
    if problem is not None:
        raise ValueError(problem)
    return nfc(text)
