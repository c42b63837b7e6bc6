"""Error kinds the app distinguishes: user mistakes, environment problems and bugs."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """An expected problem caused by input; the UI maps ``code`` to translated text."""

    def __init__(self, code: str, message: str, /, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return self.message


class KnownError(Exception):
    """An environment problem (disk, printer, network, incompatible database)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class BugError(Exception):
    """An internal inconsistency that should never happen."""
