"""VAT (KDV): per-rate breakdowns that sum exactly to the total, kuruş for kuruş."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pos_app.domain.money import round_half_up

TURKISH_VAT_RATES = (1, 10, 20)


class PricingMode(StrEnum):
    """Whether shelf prices include VAT (retail in Turkey) or exclude it (B2B)."""

    INCLUSIVE = "inclusive"
    EXCLUSIVE = "exclusive"


@dataclass(frozen=True, slots=True)
class TaxBand:
    """One line of the receipt's VAT table."""

    rate_percent: int
    net_minor: int
    tax_minor: int

    @property
    def gross_minor(self) -> int:
        return self.net_minor + self.tax_minor


def tax_of_gross(gross_minor: int, rate_percent: int) -> int:
    """The VAT contained in a tax-inclusive amount, rounded half up."""
    return round_half_up(Decimal(gross_minor) * rate_percent / (100 + rate_percent))


def tax_of_net(net_minor: int, rate_percent: int) -> int:
    """The VAT to add to a tax-exclusive amount, rounded half up."""
    return round_half_up(Decimal(net_minor) * rate_percent / 100)


def breakdown(amounts_by_rate: dict[int, int], mode: PricingMode) -> list[TaxBand]:
    """Group line amounts per rate and compute tax once per rate.

    In inclusive mode ``amounts_by_rate`` are gross sums and the bands' gross equals them;
    in exclusive mode they are net sums and tax is added. Rounding once per rate (not per
    line) keeps the table consistent with the total by construction.
    """
    bands = []
    for rate in sorted(amounts_by_rate):
        amount = amounts_by_rate[rate]
        if mode is PricingMode.INCLUSIVE:
            tax = tax_of_gross(amount, rate)
            bands.append(TaxBand(rate, amount - tax, tax))
        else:
            bands.append(TaxBand(rate, amount, tax_of_net(amount, rate)))
    return bands
