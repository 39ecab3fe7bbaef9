"""One currency per comparison: course prices converted with an explicit rate table.

The catalog may price courses in several currencies and a learner may state a budget in
another one. Amounts are only ever compared or added in one currency; a price in another
is converted with the table below, and every reply that used a conversion names the rate
(``RateTable.describe``), so nobody is misled by a silent exchange. The table is
configuration (``FX_RATES``, ``FX_RATES_DATE``), not live data: nothing is fetched at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from bot.config import env_value
from bot.vocabulary import DEFAULT_CURRENCY

#: US dollars per unit of each currency. Approximate, rounded, and dated: set ``FX_RATES``
#: to your organisation's rates.
DEFAULT_RATES = {"USD": Decimal("1"), "EUR": Decimal("1.08"), "GBP": Decimal("1.27")}
DEFAULT_RATES_DATE = "2026-11"
CENT = Decimal("0.01")


class RateError(ValueError):
    """A rate table that cannot be used (a malformed ``FX_RATES``)."""


@dataclass(frozen=True)
class RateTable:
    """Value in ``base`` of one unit of each currency (``rates["GBP"] = 1.27``: 1 GBP = 1.27 USD)."""

    rates: Mapping[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_RATES))
    as_of: str = DEFAULT_RATES_DATE
    base: str = DEFAULT_CURRENCY

    def knows(self, currency: str) -> bool:
        return currency.upper() in self.rates

    def convert(self, amount: Decimal, source: str, target: str) -> Decimal:
        """``amount`` of ``source`` in ``target``, to the cent; raises KeyError for an unknown one."""
        source, target = source.upper(), target.upper()
        if source == target:
            return amount
        in_base = amount * self.rates[source]
        return (in_base / self.rates[target]).quantize(CENT, rounding=ROUND_HALF_UP)

    def rate_text(self, source: str, target: str) -> str:
        """``"1 GBP = 1.18 EUR"``."""
        rate = (self.rates[source.upper()] / self.rates[target.upper()]).quantize(Decimal("0.0001"))
        return f"1 {source.upper()} = {rate.normalize():f} {target.upper()}"

    def describe(self, pairs: Iterable[tuple[str, str]]) -> str:
        """The sentence a reply adds when it converted (``pairs``: (from, to) currencies)."""
        rates = sorted({self.rate_text(source, target) for source, target in pairs if source != target})
        if not rates:
            return ""
        return f"Prices in other currencies are converted at {', '.join(rates)} (rates of {self.as_of})."


def parse_rates(text: str | None, as_of: str | None = None) -> RateTable:
    """``FX_RATES`` as a table: ``"EUR=1.08,GBP=1.27"`` (US dollars per unit; USD is always 1).

    Empty or unset gives the defaults; a malformed entry raises :class:`RateError` naming it,
    so a typo is found at start-up and never turns into a wrong price."""
    if not text or not text.strip():
        return RateTable(dict(DEFAULT_RATES), as_of or DEFAULT_RATES_DATE)
    rates = {DEFAULT_CURRENCY: Decimal("1")}
    for entry in text.replace(";", ",").split(","):
        if not entry.strip():
            continue
        code, _, value = entry.partition("=")
        code = code.strip().upper()
        try:
            rate = Decimal(value.strip())
        except InvalidOperation:
            raise RateError(f"FX_RATES: {entry.strip()!r} is not CODE=number") from None
        if len(code) != 3 or not code.isalpha() or rate <= 0:
            raise RateError(f"FX_RATES: {entry.strip()!r} is not CODE=positive number")
        rates[code] = rate
    return RateTable(rates, as_of or "your configuration")


def configured_rates() -> RateTable:
    """The table set by ``FX_RATES`` / ``FX_RATES_DATE`` (the defaults when unset)."""
    return parse_rates(env_value("FX_RATES"), env_value("FX_RATES_DATE"))
