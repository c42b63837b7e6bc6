"""Reference data as the terminal pulls it: ``Change.data`` and snapshot items, one model
per collection (``sync.protocol.envelope.COLLECTIONS``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from sync.protocol.fields import MAX_MIN_AGE, RESTRICTION_PATTERN, WireLine, is_image_name


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _image_or_none(name: str | None) -> str | None:
    # A picture is cosmetic: a name that is no file name is dropped, never a refused pull.
    return name if name is not None and is_image_name(name) else None


ImageName = Annotated[str | None, AfterValidator(_image_or_none)]


class ProductData(_Wire):
    id: str
    sku: str
    name: WireLine
    names: dict[str, WireLine] = {}
    category: WireLine | None = None
    category_names: dict[str, WireLine] = {}
    price_minor: int
    vat_rate: int
    sold_by_weight: bool = False
    plu: str | None = None
    barcodes: list[str] = []
    active: bool = True
    version: int = 1
    # Variants: products sharing a model code are one product in several sizes and colours.
    model: str | None = None
    variant: dict[str, WireLine] = {}  # "size", "colour"
    # Kiosk (absent from older backends, and left out by the backend while at their
    # defaults): the produce-grid picture, the minimum age, the sale-hours rule group. An
    # out-of-range age or a garbled group is refused (never silently lifted).
    image: ImageName = None
    min_age: int = Field(default=0, ge=0, le=MAX_MIN_AGE)
    restriction: str | None = Field(default=None, pattern=RESTRICTION_PATTERN)


class StockData(_Wire):
    """Per product: levels at every store and online (``key`` is the product id)."""

    product_id: str
    sku: str
    stores: dict[
        str, dict[str, int]
    ]  # store code -> on_hand_milli, reserved_milli, available_milli
    online_available_milli: int
    updated_at: datetime | None


class CustomerData(_Wire):
    """A customer as every till holds it (docs/loyalty.md): what a cashier needs to find
    and serve them, never an address or a birth date. An erased customer is a deleted key.

    ``loyalty_points`` is the ledger's sum, pending points included; ``pending_points``
    maps each future vesting day (ISO date) to the points that vest then, so a till
    computes today's spendable balance offline. ``consents`` holds each purpose's current
    state (``sync.protocol.facts.customers.CONSENT_PURPOSES``); ``loyalty_code_hash`` the
    hash of the code in their loyalty QR (``sync.protocol.loyalty_qr``).
    """

    id: str
    name: WireLine
    phone: WireLine = ""
    email: WireLine = ""
    loyalty_points: int = 0
    merged_into: str | None = None
    pending_points: dict[str, int] = {}
    consents: dict[str, bool] = {}
    loyalty_code_hash: str | None = None


class ValueCardData(_Wire):
    """A gift card or store-credit balance as tills hold it (collection ``value_card``, key
    ``code_hash``): enough to redeem offline within ``offline_limit_minor`` (docs/loyalty.md)."""

    code_hash: str
    kind: Literal["gift", "store_credit"]
    state: Literal["active", "blocked", "expired"]
    balance_minor: int
    offline_limit_minor: int = 0
    last4: str = ""
    currency: str = "TRY"


class LegalTextData(_Wire):
    """A versioned legal text tills show (collection ``legal_text``, key ``purpose``): the
    KVKK notice (aydınlatma metni) and the consent wordings, in each language."""

    purpose: str
    version: str = Field(min_length=1, max_length=64)
    texts: dict[str, str]  # language -> text


class PickupLine(_Wire):
    product_id: str
    sku: str
    name: WireLine
    qty_milli: int
    unit_price_minor: int
    bin: str = ""


class PickupOrderData(_Wire):
    id: str
    number: str
    store_code: str
    state: str  # placed | prepared | ready | collected | cancelled
    customer_name: WireLine
    phone: WireLine = ""
    pickup_code: str
    qr_payload: str
    paid: bool
    total_minor: int
    currency: str = "TRY"
    lines: list[PickupLine]
    created_at: datetime
    pickup_by: datetime | None = None
    version: int = 1


class StockExceptionData(_Wire):
    """An open negative-stock exception of a store (scope ``store:<code>``, ``key`` is its
    id); resolved ones are pulled as deletes."""

    id: str
    store_code: str
    product_id: str
    sku: str
    kind: str = "negative_stock"
    on_hand_milli: int
    raised_at: datetime


class WebOrderLine(_Wire):
    """A line of a returnable web order. ``qty_milli`` is what the customer took (ordered
    less what was refused at pickup); ``returned_milli`` what stores took back so far."""

    product_id: str
    sku: str
    name: WireLine
    qty_milli: int
    unit_price_minor: int
    returned_milli: int = 0
    returnable: bool = True  # False: not taken back in stores without a manager's override


class WebOrderData(_Wire):
    """A web order that may be returned in any store (collection ``web_order``, scope
    ``global``, ``key`` is its id): a collected pickup or a delivered delivery order, from
    ``returnable_from`` (its collection or delivery) while its return window lasts
    (``return_by``; sync.server.returns). Pulled as a delete once it is no longer returnable.
    """

    id: str
    number: str
    fulfilment: str  # pickup | delivery
    store_code: str = ""  # a pickup order's store
    state: str  # collected | delivered
    customer_name: WireLine
    phone: WireLine = ""
    pickup_code: str = ""  # the customer's QR is f"POSPICKUP:{number}:{pickup_code}"
    paid: bool
    payment_method: str = "online"  # online | in_store (paid at a till, nothing to refund online)
    currency: str = "TRY"
    total_minor: int
    refunded_minor: int = 0  # owed back to the online payment so far (refusals, returns)
    lines: list[WebOrderLine]
    returnable_from: datetime
    return_by: datetime
    return_ids: list[str] = []  # returns in stores the backend has applied (their ids)
    version: int = 1
