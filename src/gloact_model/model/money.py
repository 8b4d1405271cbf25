"""Amounts of money: a `Decimal` and an ISO 4217 currency, never a float."""

from __future__ import annotations

from decimal import Decimal

import attrs

from gloact_model.model._checks import Checked, Checker
from gloact_model.model.codes import (
    AMOUNT_MAX_FRACTION_DIGITS,
    AMOUNT_MAX_INTEGER_DIGITS,
    CURRENCIES,
    CURRENCY_CODES,
)
from gloact_model.model.dates import PartialDate, shared_date

__all__ = ["Money"]


def _canonical(amount: Decimal) -> Decimal:
    """The same value without trailing zeros, so equal amounts are written alike.

    ``Decimal("11000000.00")`` equals ``Decimal("11000000")`` but prints
    differently; files must not change because a value was typed another way.
    """
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return amount
    if amount.is_zero():
        return Decimal(0)
    # Work on the digits, not with Decimal arithmetic, whose results depend on the
    # caller's decimal context (its precision would round the amount).
    sign, digits, exponent = amount.as_tuple()
    assert isinstance(exponent, int)
    if exponent < 0 and digits[-1] == 0:
        # Count the trailing zeros in one pass and cut them in one slice: stripping
        # them one at a time copies the digits once per zero.
        zeros = len(digits) - len(bytes(digits).rstrip(b"\0"))
        cut = min(zeros, -exponent)
        digits, exponent = digits[:-cut], exponent + cut
    if 0 < exponent <= AMOUNT_MAX_INTEGER_DIGITS:
        digits, exponent = digits + (0,) * exponent, 0
    return Decimal((sign, digits, exponent))


@attrs.frozen(kw_only=True)
class Money(Checked):
    """An amount of money in one currency, such as a budget of EUR 11 million.

    The amount is a `Decimal`, kept exactly as given but without trailing
    zeros; a float is refused because it cannot hold most decimal amounts
    exactly. The currency is an ISO 4217 code (``EUR``, ``USD``), current or
    historic: a 2018 budget in Croatian kuna (``HRK``, withdrawn 2023-01-01)
    stays valid, and `currency_withdrawn` says since when it is historic.
    """

    amount: Decimal = attrs.field(converter=_canonical)
    currency: str

    @property
    def currency_is_historic(self) -> bool:
        """True for a currency that has been withdrawn, such as ``HRK`` or ``DEM``."""
        return CURRENCIES[self.currency].is_historic

    @property
    def currency_withdrawn(self) -> PartialDate | None:
        """When the currency was withdrawn (``2023-01-01`` for ``HRK``); None if current.

        ISO 4217 list three gives most dates to the month, so this is a `PartialDate`.
        """
        withdrawn = CURRENCIES[self.currency].withdrawn
        return None if withdrawn is None else shared_date(withdrawn)

    def __str__(self) -> str:
        """``EUR 11,000,000``: the currency code and the amount, as people write it."""
        return f"{self.currency} {self.amount:,f}"

    @property
    def label(self) -> str:
        """The amount as displays show it, with a historic currency marked as such.

        ``"EUR 11,000,000"``; ``"HRK 1,500,000 (historic currency, withdrawn 2023-01-01)"``.
        """
        withdrawn = self.currency_withdrawn
        if withdrawn is None:
            return str(self)
        return f"{self} (historic currency, withdrawn {withdrawn})"

    def _check(self, checker: Checker) -> None:
        amount = self.amount
        if not amount.is_finite():
            checker.fail("amount", "not-finite", f"must be a finite number (got {amount})")
        else:
            if amount < 0:
                checker.fail("amount", "negative", f"must not be negative (got {amount})")
            _sign, digits, exponent = amount.as_tuple()
            assert isinstance(exponent, int)
            if len(digits) + exponent > AMOUNT_MAX_INTEGER_DIGITS:
                checker.fail(
                    "amount",
                    "out-of-range",
                    f"must have at most {AMOUNT_MAX_INTEGER_DIGITS} digits "
                    "before the decimal point",
                )
            if -exponent > AMOUNT_MAX_FRACTION_DIGITS:
                checker.fail(
                    "amount",
                    "out-of-range",
                    f"must have at most {AMOUNT_MAX_FRACTION_DIGITS} digits "
                    "after the decimal point",
                )
        if self.currency not in CURRENCY_CODES:
            upper = self.currency.upper()
            more = f"; did you mean {upper!r}?" if upper in CURRENCY_CODES else ""
            checker.fail(
                "currency",
                "unknown-currency",
                f"{self.currency!r} is not an ISO 4217 currency code{more}",
            )
