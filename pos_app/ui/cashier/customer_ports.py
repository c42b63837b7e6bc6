"""What the cashier's customer screens use of the Qt-free customer core, as protocols.

The screens (``customer_panel``, ``customer_dialogs``) depend on these shapes only: the
core's customer desk fits them, and so does the tests' stand-in. The port is the boundary:
nothing behind it (the replica, the facts, the Turkish-aware search) is the screens' business.

Privacy: a ``CustomerView`` carries no phone number or e-mail address, only the last two
digits of the phone, so a screen the customer or the queue can see never shows either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Protocol

# The consents a customer gives or withdraws one by one at the till, in the order the screens
# list them (``sync.protocol.facts.customers.CONSENT_PURPOSES`` without ``kvkk_notice``, which
# is the acknowledgement that the notice was shown, not a consent). Loyalty membership never
# depends on the three messaging consents.
CONSENTS = ("loyalty_profiling", "marketing_sms", "marketing_email", "marketing_call")


class CustomerView(Protocol):
    """One customer as the cashier may see them."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def short_no(self) -> str: ...  # the last 8 characters of the id, to tell namesakes apart
    @property
    def points_balance(self) -> int: ...  # the ledger's sum, pending points included
    @property
    def spendable_points(self) -> int: ...  # vested today, what a redemption may use
    @property
    def pending_points(self) -> int: ...  # earned, not yet vested (inside the returns window)
    @property
    def next_vesting(self) -> date | None: ...  # the day the next pending points vest
    @property
    def phone_tail(self) -> str: ...  # the phone's last two digits, "" without a phone
    @property
    def has_email(self) -> bool: ...
    @property
    def consents(self) -> Mapping[str, bool | None]: ...  # purpose -> state, None: never asked
    @property
    def has_loyalty_qr(self) -> bool: ...


class CustomerDesk(Protocol):
    """The customer of the sale being rung up: find, attach, sign up, consents.

    Every call may raise ``pos_app.errors.UserError`` (a code and an English message; the
    screens show ``pos_app.ui.messages.error_text`` of it) and writes nothing when it does.
    """

    def find(self, query: str) -> Sequence[CustomerView]:
        """Customers matching ``query``: a scanned loyalty QR (``LOY1:...``), a phone number
        in any form (``0532 123 45 67``, ``+90 532...``) or a name (Turkish-aware: "IŞIK"
        finds "ışık"). The core decides which; best matches first, a short list."""
        ...

    def current(self) -> CustomerView | None:
        """The customer attached to the sale being rung up, if any."""
        ...

    def attach(self, customer_id: str) -> CustomerView:
        """Attach the customer to the current sale (replacing another)."""
        ...

    def detach(self) -> None:
        """The current sale has no customer again."""
        ...

    def notice(self, language: str) -> tuple[str, str] | None:
        """The KVKK notice (aydınlatma metni) as (version, text) in ``language`` (or the
        text's other language when it lacks that one); None when this till holds none yet,
        and then nobody can be signed up here."""
        ...

    def sign_up(
        self,
        name: str,
        phone: str,
        email: str,
        acknowledged_notice_version: str,
        consents: Mapping[str, bool],
    ) -> CustomerView:
        """A new customer (not attached: the screens attach them). ``phone`` and/or ``email``
        ("" for none); ``acknowledged_notice_version`` the version of the notice shown;
        ``consents`` each purpose of ``CONSENTS`` given (True) or not (False), each its own
        fact. A duplicate phone or e-mail raises a ``UserError`` whose ``params`` carry
        ``existing_id``, the customer who already has it."""
        ...

    def change_consent(self, customer_id: str, purpose: str, granted: bool) -> CustomerView:
        """Give (``granted``) or withdraw one consent of ``CONSENTS``; the customer after it."""
        ...
