"""The kiosk's checkout sessions over the till's services, sharing one flow: the sale and
payment sessions a till has (sold by the kiosk's own user, no drawer), the customer's
``KioskSession`` (with pickup QRs read by ``KioskPickups``), its endless aisle
(``KioskAisle``) and staff's ``AttendantSession``. The composition root
(``pos_app.app.build_kiosk``) adds the payment terminal and the status reporter."""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.checkout.aisle import sync_online
from pos_app.checkout.events import Flow
from pos_app.checkout.kiosk.aisle import KioskAisle
from pos_app.checkout.kiosk.attendant import AttendantSession
from pos_app.checkout.kiosk.pickup import KioskPickups
from pos_app.checkout.kiosk.seller import KioskSeller
from pos_app.checkout.kiosk.session import (
    KioskSession,
    SaleHours,
    StateListener,
    WeightSource,
)
from pos_app.checkout.payment import PaymentSession
from pos_app.checkout.sale import SaleSession
from pos_app.devices.drawer import NoDrawer
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.checkout_records import CheckoutRecords


@dataclass
class KioskSessions:
    """One kiosk's sessions; ``payment`` is the till's ``PaymentSession`` the kiosk's card
    payment completes the sale through."""

    flow: Flow
    seller: KioskSeller
    sale: SaleSession
    payment: PaymentSession
    session: KioskSession
    attendant: AttendantSession
    records: CheckoutRecords
    aisle: KioskAisle


def build_kiosk_sessions(
    services: Services,
    *,
    scale: WeightSource | None,
    on_state: StateListener | None = None,
    language: str = "tr",
) -> KioskSessions:
    """The kiosk's sessions over ``services``, the draft of an interrupted basket restored
    and the stage set from the kiosk's day (``KioskSession.restore``)."""
    settings = services.settings
    clock = services.clock
    flow = Flow(language=language)
    records = CheckoutRecords(services.engine, clock)
    seller = KioskSeller(services.users, services.shifts, services.terminal.terminal_code)
    hours = SaleHours(clock, settings.timezone, settings.restricted_hours)
    sale = SaleSession(
        flow,
        seller,
        services.catalog,
        services.drafts,
        records,
        services.new_cart,
        merge_scans=True,  # the same item scanned again adds to its line, wherever it is
        merge_any_line=True,
        receipt_default=settings.receipt_default,
        sync=services.sync,
        admit=hours.check,
    )
    payment = PaymentSession(
        flow,
        seller,
        sale,
        services.sales,
        services.printing,
        records,
        NoDrawer(),
        cash_rounding_step=settings.cash_rounding_step,
        ereceipt_base_url=settings.ereceipt_base_url,
        no_sale_role=services.policy.no_sale_role,
        loyalty=services.loyalty,
    )
    session = KioskSession(
        flow,
        seller,
        sale,
        services.catalog,
        clock,
        hours,
        scale=scale,
        plu_products=lambda: services.catalog.plu_products(settings.kiosk_grid_categories),
        images_dir=settings.images_dir,
        removal_needs_attendant=settings.kiosk_removal_needs_attendant,
        basket_limit_minor=settings.kiosk_basket_limit_minor,
        default_language=language,
        on_state=on_state,
        name_of=lambda user_id: _name_of(services, user_id),
        pickups=KioskPickups(services.pickup).notice,
    )
    attendant = AttendantSession(flow, session, services.users, services.printing, records, clock)
    aisle = KioskAisle(
        session,
        services.catalog,
        services.stock_lookup,
        clock,
        own_store=services.terminal.store_code,
        online=lambda: sync_online(services.sync),
    )
    session.restore()
    return KioskSessions(flow, seller, sale, payment, session, attendant, records, aisle)


def _name_of(services: Services, user_id: str) -> str:
    try:
        return services.users.find(user_id).name
    except UserError:
        return user_id
