"""What every fact model shares: frozen, strict, and serialised to exactly the payload a
terminal hashes (``payload``).

**Unknown fields are kept, not refused**, as the backend always took them: a field it does
not know is carried along (and written back) but means nothing to it. Type checkers still
refuse an unknown field where a model is built.

**Optional fields are omitted, not null.** A payload holds the fields its writer set: a
field left out of the constructor (or absent from a received payload) is left out of
``payload()``, one set to None is written as null. So a model read from a pushed payload
writes the same canonical JSON back, and the golden test (tests/sync/test_golden_facts.py)
holds the bytes of each kind.

Field types here carry the rules the backend checked by hand before: integers that are not
booleans, non-empty identifiers, aware ISO 8601 times written back as they came.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictInt,
    StrictStr,
)
from pydantic_core import PydanticCustomError


def iso_time(value: Any) -> Any:
    """Text in ISO 8601 as a ``datetime`` (before pydantic's strict check); other values
    pass through."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"is not an ISO time: {value!r}") from None
    return value


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"has no time zone: {value.isoformat()!r}")
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"is not an ISO date: {value!r}") from None
    return value


# An aware time as ``datetime.isoformat`` writes it (``2026-11-23T09:05:00+00:00``), read
# back with ``datetime.fromisoformat``: its text stays what the terminal hashed.
FactTime = Annotated[
    datetime,
    BeforeValidator(iso_time),
    AfterValidator(_aware),
    PlainSerializer(lambda value: value.isoformat(), return_type=str, when_used="always"),
]
FactDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    PlainSerializer(lambda value: value.isoformat(), return_type=str, when_used="always"),
]
# An identifier, SKU or code: a non-empty text.
Key = Annotated[StrictStr, Field(min_length=1)]
Int = StrictInt


def _positive_qty(value: int) -> int:
    if value <= 0:
        raise ValueError(f"must be above 0, got {value}")
    return value


# A quantity in thousandths that must move something.
PositiveQty = Annotated[StrictInt, AfterValidator(_positive_qty)]


def _reference(value: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError(f"must be a non-empty string, got {value!r}")
    if len(text) > 64 or any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise ValueError(f"must be 1 to 64 printable characters, got {value!r}")
    return value


# A delivery-note number or a transfer id: 1 to 64 printable characters once stripped (the
# model keeps the text as sent; ``.strip()`` it to use it).
Reference = Annotated[StrictStr, AfterValidator(_reference)]


def non_empty(what: str) -> AfterValidator:
    """A list that must hold something: ``no <what>`` when empty."""

    def check(items: list[Any]) -> list[Any]:
        if not items:
            raise ValueError(f"must not be empty: no {what}")
        return items

    return AfterValidator(check)


def rejection(code: str, message: str) -> PydanticCustomError:
    """A validation error carrying a rejection code other than ``invalid_payload`` (the
    backend reports ``code`` and ``message`` as they are)."""
    return PydanticCustomError(code, message)


class Part(BaseModel):
    """A nested part of a fact (a line, a tender): frozen, strict, unknown fields kept."""

    model_config = ConfigDict(extra="allow", frozen=True, strict=True)

    def payload(self) -> dict[str, Any]:
        """The part as JSON data: the fields that were set (module docstring)."""
        return self.model_dump(mode="json", exclude_unset=True)


class FactModel(Part):
    """The payload of one fact kind at one version (``KIND``, ``VERSION``)."""

    KIND: ClassVar[str]
    VERSION: ClassVar[int] = 1
