"""The codes, patterns and limits of what a file may hold, in one place for every layer.

The model checks records against them, the JSON Schema publishes them and the
hypothesis strategies draw from them, so all three read these names and agree.

Country and currency codes come from a table shipped with the package (see
``_code_table.py`` for its sources), not from pycountry: which codes are valid
must not change when pycountry is upgraded. The table holds the current codes
and the historic ones, each with the date it was withdrawn, because records
outlive codes: a 2018 budget in Croatian kuna (``HRK``) was right in 2018.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

import attrs

from gloact_model.model import _code_table

__all__ = [
    "AMOUNT_MAX_FRACTION_DIGITS",
    "AMOUNT_MAX_INTEGER_DIGITS",
    "AMOUNT_MAX_LENGTH",
    "AMOUNT_RANGE",
    "CODES_AS_OF",
    "COUNTRIES",
    "COUNTRY_CODES",
    "CURRENCIES",
    "CURRENCY_CODES",
    "ID_MAX_LENGTH",
    "ID_PATTERN",
    "INVISIBLE_CATEGORIES",
    "PARTIAL_DATE_PATTERN",
    "CountryCode",
    "CurrencyCode",
    "is_blank",
]

ID_PATTERN = r"[a-z0-9]+(?:[._-][a-z0-9]+)*"
"""Record ids: lowercase letters and digits, in words joined by ``-``, ``_`` or ``.``.

Ids appear in files, URLs and git diffs, so they are kept to one unambiguous
spelling: ``unodc``, ``glo-act``, ``osce-bsm-workshop-5``.
"""

ID_MAX_LENGTH = 100
"""The most characters an id may have."""

# ASCII digits only: \d would also read other scripts' digits, silently rewritten.
PARTIAL_DATE_PATTERN = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?"
)
"""The syntax of a partial date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (ranges checked apart)."""

INVISIBLE_CATEGORIES: frozenset[str] = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})
"""The Unicode categories that show nothing: spaces, separators, controls and formats."""


def is_blank(text: str) -> bool:
    """True when text shows nothing: only spaces and invisible characters (a zero-width space).

    Names, titles and descriptions must show something, so the model refuses such text.
    """
    return all(unicodedata.category(c) in INVISIBLE_CATEGORIES for c in text)


AMOUNT_MAX_INTEGER_DIGITS = 18
"""The most digits an amount of `Money` may have before the decimal point."""

AMOUNT_MAX_FRACTION_DIGITS = 6
"""The most digits an amount of `Money` may have after the decimal point (trailing zeros aside)."""

AMOUNT_MAX_LENGTH = 40
"""The most characters in which a file may write an amount, sign and trailing zeros included.

The longest amount that `Money` holds takes 25 (18 digits, the point and 6
more); the rest leaves room for trailing zeros as spreadsheets write them
(``'2500000.000000'``). Without a bound, a reader would take in a hundred
thousand zeros only to strip them again.
"""

AMOUNT_RANGE = (
    f"at most {AMOUNT_MAX_INTEGER_DIGITS} digits before the decimal point "
    f"and {AMOUNT_MAX_FRACTION_DIGITS} after it"
)
"""What an amount may hold, as messages say it (trailing zeros after the point aside)."""

CODES_AS_OF: date = _code_table.CODES_AS_OF
"""The day of the data that the current codes come from; a code withdrawn later is current here."""


@attrs.frozen(kw_only=True)
class CountryCode:
    """An ISO 3166-1 alpha-2 code that records may hold: current, or historic (ISO 3166-3)."""

    code: str
    """The alpha-2 code, such as ``"EG"`` or ``"AN"``."""
    alpha3: str
    """The alpha-3 code, such as ``"EGY"`` or ``"ANT"``."""
    name: str
    """ISO's short name, such as ``"Egypt"`` or ``"Netherlands Antilles"``."""
    withdrawn: str | None = None
    """When ISO withdrew the code, in ISO 8601 (``"2010-12-15"``, ``"1977"``); None if current."""

    @property
    def is_historic(self) -> bool:
        """True for a code that ISO has withdrawn."""
        return self.withdrawn is not None


@attrs.frozen(kw_only=True)
class CurrencyCode:
    """An ISO 4217 currency code that records may hold: current, or historic (list three)."""

    code: str
    """The code, such as ``"EUR"`` or ``"HRK"``."""
    name: str
    """ISO's name, such as ``"Euro"`` or ``"Kuna"``."""
    withdrawn: str | None = None
    """When it was withdrawn, in ISO 8601 (``"2023-01-01"``, ``"2002-03"``); None if current."""

    @property
    def is_historic(self) -> bool:
        """True for a currency that has been withdrawn."""
        return self.withdrawn is not None


COUNTRIES: Mapping[str, CountryCode] = MappingProxyType(
    {
        code: CountryCode(code=code, alpha3=alpha3, name=name, withdrawn=withdrawn)
        for code, alpha3, name, withdrawn in sorted(_code_table.COUNTRIES)
    }
)
"""Every country code that records may hold, current and historic, by its alpha-2 code."""

CURRENCIES: Mapping[str, CurrencyCode] = MappingProxyType(
    {
        code: CurrencyCode(code=code, name=name, withdrawn=withdrawn)
        for code, name, withdrawn in sorted(_code_table.CURRENCIES)
    }
)
"""Every currency code that records may hold, current and historic, by its code."""

COUNTRY_CODES: frozenset[str] = frozenset(COUNTRIES)
"""The alpha-2 codes that `Country` accepts: current and historic."""

CURRENCY_CODES: frozenset[str] = frozenset(CURRENCIES)
"""The codes that `Money` accepts as its currency: current and historic."""
