"""What a dead letter keeps of a rejected fact's payload.

A payload is stored whole up to ``MAX_STORED_CHARS`` characters of JSON. A larger one (a push
body may hold 8 MiB) is stored as ``{"truncated": {...}}``: its size and SHA-256, an outline
of its top-level fields (their kind and size) and the first characters of its JSON as text,
so the table, and a page of ``GET /api/v1/dead-letters``, stay small. The till still holds the
full fact in its outbox.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

MAX_STORED_CHARS = 64 * 1024
_OUTLINE_KEYS = 50
_OUTLINE_ROOM = 8 * 1024


def _dumps(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: stored escaped, as JSON allows
        text = json.dumps(value, ensure_ascii=True, sort_keys=True)
    return text


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return f"object of {len(value)} fields"
    if isinstance(value, list):
        return f"list of {len(value)} items"
    if isinstance(value, str):
        return f"text of {len(value)} characters"
    return type(value).__name__


def _outline(payload: Any) -> Any:
    if not isinstance(payload, dict):
        return _kind(payload)
    keys = sorted(payload)[:_OUTLINE_KEYS]
    outline: dict[str, Any] = {str(k)[:64]: _kind(payload[k]) for k in keys}
    if len(payload) > len(keys):
        outline["…"] = f"{len(payload) - len(keys)} more fields"
    return outline


def dead_letter_json(payload: Any) -> str:
    """``payload`` as the JSON a dead letter stores: whole, or summarised past the cap."""
    text = _dumps(payload)
    if len(text) <= MAX_STORED_CHARS:
        return text
    # Escaping in the summary at most doubles a character, so half the room fits; a lone
    # surrogate in a field name makes it all ASCII escapes, hence the loop.
    room = (MAX_STORED_CHARS - _OUTLINE_ROOM) // 2
    while True:
        stored = _dumps(
            {
                "truncated": {
                    "chars": len(text),
                    "sha256": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                    "outline": _outline(payload),
                    "head": text[:room],
                }
            }
        )
        if len(stored) <= MAX_STORED_CHARS or room == 0:
            return stored
        room //= 2
