"""A stand-in for the customer core behind ``pos_app.ui.cashier.customer_ports.CustomerDesk``:
customers in memory, every call recorded, so the customer screens are tested (and shot)
without the replica. It checks what the core checks that the screens must show: a phone or an
e-mail, an acknowledged notice of the current version, duplicates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from pos_app.domain.text import fold
from pos_app.errors import UserError
from pos_app.ui.cashier.customer_ports import CONSENTS, CustomerDesk
from sync.protocol import loyalty_qr

NOTICE_VERSION = "2026-11"
NOTICES = {
    "en": (
        "KVKK notice (information under Law No. 6698 on the Protection of Personal Data)\n\n"
        "Data controller: Örnek Market A.Ş. We process your name, mobile phone number and "
        "e-mail address to run the loyalty programme: to recognise you at the till, the kiosk "
        "and the web shop, to keep your points and to send you receipts. The legal grounds are "
        "the performance of the membership contract and our legal obligations (tax records).\n\n"
        "Your data is kept on our servers in Turkey and on our stores' tills, for as long as "
        "you are a member and then as long as the law requires. You may ask what we hold, "
        "have it corrected or erased, and object, at any store or at kvkk@example.com.\n\n"
        "Personalised offers and commercial messages need your separate, explicit consent, "
        "which you may give or withdraw at any time."
    ),
    "tr": (
        "KVKK Aydınlatma Metni (6698 sayılı Kişisel Verilerin Korunması Kanunu)\n\n"
        "Veri sorumlusu: Örnek Market A.Ş. Adınızı, cep telefonu numaranızı ve e-posta "
        "adresinizi sadakat programını yürütmek için işliyoruz: sizi kasada, kioskta ve web "
        "mağazada tanımak, puanlarınızı tutmak ve fişlerinizi göndermek. Hukuki sebepler "
        "üyelik sözleşmesinin ifası ve yasal yükümlülüklerimizdir (vergi kayıtları).\n\n"
        "Verileriniz Türkiye'deki sunucularımızda ve mağazalarımızın kasalarında, üyeliğiniz "
        "süresince ve sonrasında kanunun öngördüğü süre boyunca saklanır. Hangi verilerinizin "
        "tutulduğunu öğrenebilir, düzeltilmesini veya silinmesini isteyebilir ve itiraz "
        "edebilirsiniz: her mağazada veya kvkk@example.com adresinde.\n\n"
        "Kişiye özel teklifler ve ticari elektronik iletiler için ayrıca açık rızanız "
        "gerekir; bu rızayı dilediğiniz zaman verebilir veya geri alabilirsiniz."
    ),
}


@dataclass(frozen=True)
class Customer:
    """A ``CustomerView`` (what the screens see) plus what only the stand-in keeps."""

    id: str
    name: str
    short_no: str
    points_balance: int = 0
    spendable_points: int = 0
    pending_points: int = 0
    next_vesting: date | None = None
    phone_tail: str = ""
    has_email: bool = False
    consents: Mapping[str, bool | None] = field(default_factory=dict)
    has_loyalty_qr: bool = False
    phone: str = ""
    email: str = ""
    qr_code: str = ""


def digits(text: str) -> str:
    """The national number of a Turkish phone typed in any form (10 digits)."""
    only = "".join(c for c in text if c.isdigit())
    return only[-10:]


@dataclass
class StandInDesk:
    customers: dict[str, Customer] = field(default_factory=dict)
    attached: str | None = None
    calls: list[tuple[str, Any]] = field(default_factory=list)
    has_notice: bool = True
    fail_next: UserError | None = None

    def add(self, name: str, phone: str = "", email: str = "", **more: Any) -> Customer:
        number = len(self.customers) + 1
        customer_id = f"019a6b2c-0000-7000-8000-00003f7a{number:04d}"
        customer = Customer(
            id=customer_id,
            name=name,
            short_no=customer_id[-8:].upper(),
            phone_tail=digits(phone)[-2:],
            has_email=bool(email),
            phone=digits(phone),
            email=email,
            consents={purpose: more.pop(purpose, None) for purpose in CONSENTS},
            **more,
        )
        self.customers[customer_id] = customer
        return customer

    def _check(self) -> None:
        if self.fail_next is not None:
            error, self.fail_next = self.fail_next, None
            raise error

    def find(self, query: str) -> list[Customer]:
        self.calls.append(("find", query))
        self._check()
        if loyalty_qr.is_loyalty_qr(query):
            code = loyalty_qr.code_of(query)
            return [c for c in self.customers.values() if c.qr_code and c.qr_code == code]
        number = digits(query) if len(digits(query)) == 10 else digits(query).lstrip("0")
        if len(number) >= 4 and not any(c.isalpha() for c in query):
            return [c for c in self.customers.values() if number in c.phone]
        folded = fold(query.strip())
        return [c for c in self.customers.values() if folded in fold(c.name)]

    def current(self) -> Customer | None:
        return self.customers.get(self.attached) if self.attached else None

    def attach(self, customer_id: str) -> Customer:
        self.calls.append(("attach", customer_id))
        self._check()
        if customer_id not in self.customers:
            raise UserError("customer.unknown", "no such customer")
        self.attached = customer_id
        return self.customers[customer_id]

    def detach(self) -> None:
        self.calls.append(("detach", None))
        self._check()
        self.attached = None

    def notice(self, language: str) -> tuple[str, str] | None:
        if not self.has_notice:
            return None
        return NOTICE_VERSION, NOTICES.get(language, NOTICES["en"])

    def sign_up(
        self,
        name: str,
        phone: str,
        email: str,
        acknowledged_notice_version: str,
        consents: Mapping[str, bool],
    ) -> Customer:
        self.calls.append(
            ("sign_up", (name, phone, email, acknowledged_notice_version, dict(consents)))
        )
        self._check()
        if acknowledged_notice_version != NOTICE_VERSION:
            raise UserError("customer.notice_version", "the notice shown is not the current one")
        if set(consents) != set(CONSENTS):
            raise UserError("customer.consents", "every consent must be answered")
        if phone and len(digits(phone)) != 10:
            raise UserError("customer.bad_phone", "The mobile phone number is not valid.")
        for other in self.customers.values():
            if (phone and other.phone == digits(phone)) or (email and other.email == email):
                raise UserError(
                    "customer.duplicate",
                    "A customer with this phone number or e-mail already exists.",
                    existing_id=other.id,
                )
        return self.add(name, phone, email, **dict(consents))

    def change_consent(self, customer_id: str, purpose: str, granted: bool) -> Customer:
        self.calls.append(("change_consent", (customer_id, purpose, granted)))
        self._check()
        customer = self.customers[customer_id]
        changed = replace(customer, consents={**customer.consents, purpose: granted})
        self.customers[customer_id] = changed
        return changed


def _fits(desk: StandInDesk) -> CustomerDesk:
    return desk  # mypy checks here that the stand-in fits the port


def demo_desk() -> StandInDesk:
    """Three customers, two of them namesakes, one with pending points."""
    desk = StandInDesk()
    desk.add(
        "Ayşe Yılmaz",
        "0532 123 45 67",
        "ayse@example.com",
        points_balance=1325,
        spendable_points=1240,
        pending_points=85,
        next_vesting=date(2026, 12, 14),
        loyalty_profiling=True,
        marketing_sms=True,
        marketing_email=False,
        has_loyalty_qr=True,
        qr_code=loyalty_qr.new_code(),
    )
    desk.add("Ayşe Yılmaz", "0555 987 65 43", points_balance=40, spendable_points=40)
    desk.add("Işıl Çelik", email="isil@example.com", points_balance=0)
    return desk
