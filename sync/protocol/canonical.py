"""Canonical JSON: the bytes a terminal stores and hashes a fact payload as, and the hash
the backend checks it against."""

from __future__ import annotations

import hashlib
import json
from types import ModuleType
from typing import Any

_orjson: ModuleType | None
try:  # the backend's extra: its push hot path encodes payloads with it
    import orjson as _orjson
except ImportError:  # pragma: no cover - a terminal without the server extra
    _orjson = None


def canonical_json(payload: dict[str, Any]) -> str:
    """A payload as the terminal stores and hashes it: sorted keys, no spaces, UTF-8."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_hash(payload_json: str) -> str:
    """``Mutation.payload_hash``: sha256 of the canonical JSON, hex."""
    return hashlib.sha256(payload_json.encode()).hexdigest()


def canonical_matching(payload: dict[str, Any], expected_hash: str) -> str | None:
    """The canonical JSON of ``payload`` when it hashes to ``expected_hash``, else None.

    The backend's hot path: orjson writes the same bytes as ``canonical_json`` for what
    terminals send, several times faster; anything it cannot encode, or encodes differently
    (so the hash does not match), is checked again with ``canonical_json`` itself, so the
    rule stays exactly "the hash of ``canonical_json``".
    """
    if _orjson is not None:
        try:
            fast: str = _orjson.dumps(payload, option=_orjson.OPT_SORT_KEYS).decode()
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            fast = ""
        if fast and payload_hash(fast) == expected_hash:
            return fast
    text = canonical_json(payload)
    try:
        return text if payload_hash(text) == expected_hash else None
    except UnicodeEncodeError:  # a lone surrogate cannot be the UTF-8 a terminal hashed
        return None
