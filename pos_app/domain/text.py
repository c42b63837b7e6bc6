"""Text rules of the till: Turkish-aware folding for search (``istanbul`` finds ``İSTANBUL``,
``ısı`` ``ISI``), NFC and control characters at the inputs (``sync.protocol.text``, shared with the
backend), and the printable form of receipt text (``printable``).
"""

from __future__ import annotations

import unicodedata

# One rule for the till and the backend (sync/ never imports pos_app).
from sync.protocol.text import clean as clean
from sync.protocol.text import control_problem as control_problem
from sync.protocol.text import nfc as nfc
from sync.protocol.text import refuse_controls as refuse_controls
from sync.protocol.text import without_controls as without_controls

# After str.lower(), "İ" is "i" plus a combining dot and "I" is "i"; folding ı to i too
# makes the dotted and dotless pairs meet, whichever way a word was typed.
_TO_ASCII = str.maketrans({**dict(zip("ıçğöşüâîû", "icgosuaiu", strict=True)), "\u0307": None})


def fold(text: str) -> str:
    """Lower-case, join the dotted/dotless i pairs and drop accents, for search on both sides.

    ``ç``, ``ş`` and the other marks fold to their base letters, so a customer typing
    without them still finds the product.
    """
    folded = text.lower().translate(_TO_ASCII)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Characters text may hold that no receipt code page has, as what the printer prints instead.
_SUBSTITUTES = str.maketrans(
    {
        "₺": "TL",
        "…": "...",
        "·": "-",
        "★": "*",
        "–": "-",
        "—": "-",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "€": "EUR",
        "\u00a0": " ",  # no-break space
    }
)
# Invisible characters (category Cf: soft hyphen, zero-width space and joiners, BOM,
# direction marks): a code page has none of them, so each would print as a "?".
_INVISIBLE = {code: None for code in (0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF)}


def printable(text: str) -> str:
    """``text`` as a receipt prints it, one character per column: NFC (``Ş`` is one letter,
    not ``S`` and a cedilla), ``₺`` as ``TL``, ``…`` as ``...`` and the like, and no control
    character (a name holding ``ESC p`` must not open the drawer: tab and newline become a
    space, the others are dropped).

    The layout measures and cuts this form, the encoder prints it, the preview shows it: the
    three cannot disagree about how wide a line is.
    """
    result = without_controls(text).translate(_SUBSTITUTES)
    if result.isascii():
        return result
    # NFC last: a mark that followed a removed character composes with the letter before it.
    return nfc(result.translate(_INVISIBLE))
