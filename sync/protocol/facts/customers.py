"""``customer.upserted``: a customer's profile (insert-if-absent by id, then merged with
duplicates by phone or e-mail; sync.server.customers); ``customer.consent_changed``: one
consent given or withdrawn (docs/loyalty.md)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, StrictBool, StrictStr

from sync.protocol.facts.base import FactModel, FactTime, Key


class CustomerUpserted(FactModel):
    """``phone`` and ``email`` absent (or null) keep what the backend holds. Other fields
    are kept (as in every fact) for the backend to refuse by name: a till may change only
    the profile (``forbidden_customer_change``, sync.server.customers)."""

    KIND: ClassVar[str] = "customer.upserted"

    id: StrictStr = Field(min_length=1, max_length=64)
    name: StrictStr
    phone: StrictStr | None = None
    email: StrictStr | None = None


# What a customer can consent to, each given or withdrawn on its own (docs/loyalty.md
# "Consent"). ``kvkk_notice`` is the acknowledgement that the KVKK notice (aydınlatma metni)
# was shown, not a consent; loyalty never depends on the three messaging consents.
CONSENT_PURPOSES = (
    "kvkk_notice",
    "loyalty_profiling",
    "marketing_sms",
    "marketing_email",
    "marketing_call",
)
ConsentPurpose = Literal[
    "kvkk_notice", "loyalty_profiling", "marketing_sms", "marketing_email", "marketing_call"
]
# Where the customer gave or withdrew it.
ConsentChannel = Literal["store", "kiosk", "web", "admin"]


class CustomerConsentChanged(FactModel):
    """``customer.consent_changed``: one consent given (``granted``) or withdrawn, with the
    version of the text the customer saw, when, where and at which till. The backend keeps
    every event (the history the law asks for) and lists them for the national consent
    registry (İYS) integration."""

    KIND: ClassVar[str] = "customer.consent_changed"

    id: Key  # the event's UUIDv7: applying it twice records it once
    customer_id: Key
    purpose: ConsentPurpose
    granted: StrictBool
    text_version: Key
    at: FactTime
    channel: ConsentChannel = "store"
    terminal_code: StrictStr | None = None
