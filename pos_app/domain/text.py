"""Turkish-aware text folding for search: ``istanbul`` finds ``İSTANBUL``, ``ısı`` ``ISI``."""

from __future__ import annotations

import unicodedata

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
