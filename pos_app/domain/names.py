"""Product names per language: the catalog keeps a default name (``product.name``) and its
translations (``product.names_json``, ``{"en": "Whole Milk 1 L"}``); every screen shows the
one of the register's language and falls back to the default."""

from __future__ import annotations

import json
from collections.abc import Mapping


def parse_names(value: object) -> dict[str, str]:
    """``names_json`` as a dict; empty for a missing or garbled value (the default name
    still shows)."""
    if isinstance(value, Mapping):
        data: object = value
    else:
        try:
            data = json.loads(str(value or "{}"))
        except ValueError:
            return {}
    if not isinstance(data, Mapping):
        return {}
    return {str(k): str(v) for k, v in data.items() if v}


def name_in(names: Mapping[str, str], language: str, default: str) -> str:
    """The name in ``language`` when the catalog has one, else ``default``."""
    return names.get(language) or default
