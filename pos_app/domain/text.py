"""Turkish-aware text folding for search: ``istanbul`` finds ``İSTANBUL``, ``ısı`` ``ISI``."""

from __future__ import annotations

import unicodedata

_TURKISH_LOWER = str.maketrans({"I": "ı", "İ": "i"})


def fold(text: str) -> str:
    """Lower-case the Turkish way, then drop the dot/dotless distinction and accents.

    Both sides of a search are folded, so the i/ı and İ/I pairs meet; ``ç``, ``ş`` and the
    other marks fold to their base letters, so a customer typing without them still finds.
    """
    lowered = text.translate(_TURKISH_LOWER).lower().replace("ı", "i")
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
