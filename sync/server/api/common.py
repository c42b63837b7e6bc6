"""What the admin API's routers share: input patterns, paging, the refusal texts.

Authentication and the server context are FastAPI dependencies in ``sync.server.deps``
(the request guard and the push use them too); this module holds the admin API's request
vocabulary only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Path, Query
from pydantic import BaseModel, ConfigDict
from sqlalchemy import Connection

from sync.server import terminals

T = TypeVar("T")

# PostgreSQL text cannot hold NUL; refuse it at the edge instead of failing in the database.
NO_NUL = r"^[^\x00]*$"
# Patterns are checked by pydantic (Rust's regex) and read by clients as ECMA-262, where
# \s, \S and \d mean other characters: spelled out, they mean the same to both. No NUL
# and no white space (Rust's \s: Unicode White_Space).
SPACE = r"\x09-\x0d\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SKU_PATTERN = rf"^[^\x00{SPACE}]{{1,64}}$"
STORE_PATTERN = r"^S[0-9]{2,3}$"
# Lists are pages of at most MAX_PAGE (dead letters and price histories have their own caps).
MAX_PAGE = 1000

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size (at most {MAX_PAGE})")]
After = Annotated[
    str | None, Query(max_length=64, pattern=NO_NUL, description="keyset: the last key seen")
]
StoreQuery = Annotated[
    str | None, Query(alias="store", max_length=16, pattern=NO_NUL, description="store code")
]
SkuPath = Annotated[str, Path(max_length=64, pattern=SKU_PATTERN)]
IdPath = Annotated[str, Path(max_length=64, pattern=NO_NUL)]

# Extra JSON Schema for rules of the validators, so the description states them too.
NOT_ZERO: dict[str, Any] = {"not": {"const": 0}}
CLOSED: dict[str, Any] = {"additionalProperties": False}  # only the keys the pattern admits

# What the routes' refusals mean, for the API description (``openapi.refusals``).
NO_STORE = "no store with this code (unknown_store)"
NO_SKU = "no product with this SKU (unknown_sku)"
BUSY = "the database kept aborting the transaction; try again later (busy)"


class InputModel(BaseModel):
    """A request body: a key the model does not name is refused."""

    model_config = ConfigDict(extra="forbid")


class Page(BaseModel, Generic[T]):
    """One page of a list; pass ``next_after`` as ``?after=`` for the next (None: done)."""

    items: list[T]
    next_after: str | None = None


def page(items: Sequence[T], limit: int, key: str) -> Page[T]:
    """A full page names its last item's ``key`` as where the next one starts."""
    last = items[-1] if len(items) == limit and items else None
    next_after = None if last is None else str(getattr(last, key))
    return Page[T](items=list(items), next_after=next_after)


def find_store_id(conn: Connection, code: str) -> str:
    """The id of the store with ``code`` (404 ``unknown_store`` when there is none)."""
    return str(terminals.find_store(conn, code).id)
