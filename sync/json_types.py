"""Request field types that accept what the API description says, and nothing more.

FastAPI decodes a JSON body and then validates it in pydantic's lax Python mode, which
converts more than the OpenAPI document (JSON Schema) admits: ``true`` or ``"12"`` as an
integer, ``1`` or ``"yes"`` as a boolean, ``0`` (a Unix time) as a date. A client relying on
that would rely on something the API never promised, and a description that says less than
the server accepts cannot be tested against it. So request models use these types:

- ``Whole``: a JSON integer. JSON Schema counts ``3.0`` as one, so a whole float is taken
  as its integer; a boolean, a string or ``3.5`` is refused.
- ``Flag``: a JSON ``true`` or ``false``; ``QueryFlag``: exactly ``true`` or ``false`` in a
  query string (lax mode also takes ``1``, ``yes``, ``on``...).
- ``IsoDate``: ``YYYY-MM-DD`` (RFC 3339 ``full-date``, JSON Schema ``format: date``).
- ``IsoDateTime``: RFC 3339 ``date-time`` with its offset (``Z`` or ``+03:00``), aware.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator, Strict

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)


def _whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value  # Strict() refuses a bool, a string and any other float


def _query_flag(value: Any) -> Any:
    if isinstance(value, str):
        if value not in ("true", "false"):
            raise ValueError("must be true or false")
        return value == "true"
    return value


def _date_text(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError("must be a date as YYYY-MM-DD")
    return value


def _date_time_text(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE_TIME.fullmatch(value):
        raise ValueError("must be a date and time as RFC 3339, with its offset (Z or +03:00)")
    return value


Whole = Annotated[int, Strict(), BeforeValidator(_whole)]
Flag = Annotated[bool, Strict()]
QueryFlag = Annotated[bool, Strict(), BeforeValidator(_query_flag)]
IsoDate = Annotated[date, BeforeValidator(_date_text)]
IsoDateTime = Annotated[AwareDatetime, BeforeValidator(_date_time_text)]
