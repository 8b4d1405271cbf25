"""Amounts of money: a `Decimal` and an ISO 4217 currency, never a float."""

from __future__ import annotations

import functools
from decimal import Decimal

import attrs
import pycountry

from gloact_model.model._checks import Checked, Checker

__all__ = ["Money"]

_MAX_INTEGER_DIGITS = 18
_MAX_FRACTION_DIGITS = 6


@functools.cache
def _currency_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


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
    while exponent < 0 and digits[-1] == 0:
        digits, exponent = digits[:-1], exponent + 1
    if 0 < exponent <= _MAX_INTEGER_DIGITS:
        digits, exponent = digits + (0,) * exponent, 0
    return Decimal((sign, digits, exponent))


@attrs.frozen(kw_only=True)
class Money(Checked):
    """An amount of money in one currency, such as a budget of EUR 11 million.

    The amount is a `Decimal`, kept exactly as given but without trailing
    zeros; a float is refused because it cannot hold most decimal amounts
    exactly. The currency is an ISO 4217 code (``EUR``, ``USD``).
    """

    amount: Decimal = attrs.field(converter=_canonical)
    currency: str

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,f}"

    def _check(self, checker: Checker) -> None:
        amount = self.amount
        if not amount.is_finite():
            checker.fail("amount", "not-finite", f"must be a finite number (got {amount})")
        else:
            if amount < 0:
                checker.fail("amount", "negative", f"must not be negative (got {amount})")
            _sign, digits, exponent = amount.as_tuple()
            assert isinstance(exponent, int)
            if len(digits) + exponent > _MAX_INTEGER_DIGITS:
                checker.fail(
                    "amount",
                    "out-of-range",
                    f"must have at most {_MAX_INTEGER_DIGITS} digits before the decimal point",
                )
            if -exponent > _MAX_FRACTION_DIGITS:
                checker.fail(
                    "amount",
                    "out-of-range",
                    f"must have at most {_MAX_FRACTION_DIGITS} digits after the decimal point",
                )
        if self.currency not in _currency_codes():
            upper = self.currency.upper()
            more = f"; did you mean {upper!r}?" if upper in _currency_codes() else ""
            checker.fail(
                "currency",
                "unknown-currency",
                f"{self.currency!r} is not an ISO 4217 currency code{more}",
            )
