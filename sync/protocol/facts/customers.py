"""``customer.upserted``: a customer's profile (insert-if-absent by id, then merged with
duplicates by phone or e-mail; sync.server.customers)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, StrictStr

from sync.protocol.facts.base import FactModel


class CustomerUpserted(FactModel):
    """``phone`` and ``email`` absent (or null) keep what the backend holds. Other fields
    are kept (as in every fact) for the backend to refuse by name: a till may change only
    the profile (``forbidden_customer_change``, sync.server.customers)."""

    KIND: ClassVar[str] = "customer.upserted"

    id: StrictStr = Field(min_length=1, max_length=64)
    name: StrictStr
    phone: StrictStr | None = None
    email: StrictStr | None = None
