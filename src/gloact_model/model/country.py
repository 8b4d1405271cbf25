"""Countries, by their ISO 3166-1 alpha-2 code.

Records hold the code (``EG``). Which codes are valid, and their alpha-3
codes, come from the table in `gloact_model.model.codes`, which holds historic
codes too (``AN``, ``YU``); names come from pycountry where the code is
current, from the table otherwise. Sources name countries as the UN, the
World Bank or the press do ("Lao PDR", "Kyrgyz Republic", "Egypt, Arab
Rep."), so `Country.lookup` understands those names as well as ISO's, and
suggests the nearest names for a misspelt one ("Kenia": did you mean Kenya?).
Kosovo is ``XK``, the user-assigned code that the EU, IOM and the World Bank
use, though ISO 3166-1 has no code for it.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from typing import Any

import attrs
import pycountry

from gloact_model.errors import InvariantError, Problem
from gloact_model.model._checks import Checked, Checker
from gloact_model.model.codes import COUNTRIES, COUNTRY_CODES
from gloact_model.model.dates import PartialDate, shared_date

__all__ = ["Country", "shared_countries"]

# Names in common use that pycountry does not know, normalised as `_normalise` does.
# UN (M49, UNTERM) and World Bank short names first, then everyday ones.
_ALIASES: dict[str, str] = {
    "lao pdr": "LA",
    "laos": "LA",
    "kyrgyz republic": "KG",
    "egypt arab rep": "EG",
    "yemen rep": "YE",
    "iran islamic rep": "IR",
    "iran": "IR",
    "syria": "SY",
    "gambia the": "GM",
    "the gambia": "GM",
    "bahamas the": "BS",
    "the bahamas": "BS",
    "congo dem rep": "CD",
    "congo rep": "CG",
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "drc": "CD",
    "republic of the congo": "CG",
    "korea rep": "KR",
    "republic of korea": "KR",
    "south korea": "KR",
    "korea dem people s rep": "KP",
    "democratic people s republic of korea": "KP",
    "north korea": "KP",
    "micronesia fed sts": "FM",
    "venezuela rb": "VE",
    "venezuela": "VE",
    "bolivia": "BO",
    "hong kong sar china": "HK",
    "macao sar china": "MO",
    "slovak republic": "SK",
    "czech republic": "CZ",
    "turkiye": "TR",
    "turkey": "TR",
    "russia": "RU",
    "vietnam": "VN",
    "viet nam": "VN",
    "tanzania": "TZ",
    "united republic of tanzania": "TZ",
    "moldova": "MD",
    "republic of moldova": "MD",
    "north macedonia": "MK",
    "macedonia": "MK",
    "cape verde": "CV",
    "cabo verde": "CV",
    "ivory coast": "CI",
    "cote d ivoire": "CI",
    "swaziland": "SZ",
    "eswatini": "SZ",
    "burma": "MM",
    "myanmar": "MM",
    "palestine": "PS",
    "state of palestine": "PS",
    "west bank and gaza": "PS",
    "united states": "US",
    "united states of america": "US",
    "usa": "US",
    "united kingdom": "GB",
    "uk": "GB",
    "great britain": "GB",
    "brunei": "BN",
    "holy see": "VA",
    "vatican": "VA",
    "st lucia": "LC",
    "st kitts and nevis": "KN",
    "st vincent and the grenadines": "VC",
    "sao tome and principe": "ST",
    "curacao": "CW",
    "micronesia": "FM",
    "netherlands kingdom of the": "NL",
    "china hong kong sar": "HK",
    "china macao sar": "MO",
    "taiwan china": "TW",
    "taiwan": "TW",
    "the former yugoslav republic of macedonia": "MK",
    "former yugoslav republic of macedonia": "MK",
    "rep of korea": "KR",
    "dem rep of the congo": "CD",
    "dem people s rep of korea": "KP",
    "lao people s dem rep": "LA",
    "united rep of tanzania": "TZ",
    "rep of moldova": "MD",
    "iran islamic rep of": "IR",
    "syrian arab rep": "SY",
    "central african rep": "CF",
    "dominican rep": "DO",
    "czech rep": "CZ",
    # Kosovo (XK, a user-assigned code): the names that the EU, the UN and the press use.
    "republic of kosovo": "XK",
    "kosova": "XK",
    "kosovo under unscr 1244": "XK",
    "kosovo under unsc resolution 1244": "XK",
    "kosovo under un security council resolution 1244": "XK",
    "kosovo under united nations security council resolution 1244": "XK",
    # Historic countries, by the names people use for them.
    "soviet union": "SU",
    "east germany": "DD",
    "north vietnam": "VD",
    "south yemen": "YD",
}


def _normalise(name: str) -> str:
    """Fold case, accents and punctuation so that spellings of a name compare equal."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("&", " and ")
    folded = re.sub(r"\bsaint\b", "st", folded)
    return " ".join(re.findall(r"[a-z0-9]+", folded))


@functools.cache
def _names() -> dict[str, str]:
    """Every known name of every country, normalised, to its alpha-2 code.

    pycountry's names first (short, official and common), then the table's for
    the codes that the installed pycountry does not know (historic ones), then
    the aliases. Only codes that `Country` accepts are found.
    """
    names: dict[str, str] = {}
    for entry in pycountry.countries:
        if entry.alpha_2 not in COUNTRY_CODES:
            continue
        for attr in ("name", "official_name", "common_name"):
            value = getattr(entry, attr, None)
            if value:
                names.setdefault(_normalise(value), entry.alpha_2)
    for known in COUNTRIES.values():
        names.setdefault(_normalise(known.name), known.code)
    names.update(_ALIASES)
    return names


@functools.cache
def _codes() -> dict[str, str]:
    """Alpha-2 and alpha-3 codes, to the alpha-2 code."""
    codes: dict[str, str] = {}
    # Current codes first: a historic alpha-3 code may be a current one now
    # (ATF was the French Southern and Antarctic Territories', FQ).
    for known in sorted(COUNTRIES.values(), key=lambda known: known.is_historic):
        codes.setdefault(known.code, known.code)
        codes.setdefault(known.alpha3, known.code)
    return codes


def _resolve(name: str) -> str | None:
    """The alpha-2 code for a code or a name in any common spelling, or None."""
    # A code in capitals ("EG", "EGY"), or two letters in any case ("eg"); a word
    # such as "and" is not taken for Andorra's alpha-3 code.
    stripped = name.strip()
    if stripped.isupper() or len(stripped) == 2:
        code = _codes().get(stripped.upper())
        if code is not None:
            return code
    key = _normalise(name)
    code = _names().get(key)
    if code is None and "the" in key.split():
        code = _names().get(" ".join(w for w in key.split() if w != "the"))
    return code


def suggest_code(text: str) -> str | None:
    """The alpha-2 code that `text` most likely means, for error messages."""
    code = _resolve(text)
    if code is not None:
        return code
    close = suggest_codes(text)
    return close[0] if close else None


@functools.lru_cache(maxsize=256)
def suggest_codes(text: str, most: int = 3) -> tuple[str, ...]:
    """The codes of the countries whose names are nearest to `text`, nearest first.

    For a misspelt name ("Kenia" gives ``("KE",)``): names that differ by a
    letter or two, at most `most` countries, none when nothing is near.
    """
    key = _normalise(text)
    if not key:
        return ()
    close = difflib.get_close_matches(key, list(_names()), n=4 * most, cutoff=0.75)
    return tuple(dict.fromkeys(_names()[name] for name in close))[:most]


def did_you_mean(text: str) -> str:
    """The end of an error message that suggests what `text` means, or "" for no guess.

    ``"; did you mean 'EG'?"`` for a name or code that is known exactly (``Egypt``,
    ``eg``); ``"; did you mean 'KE' (Kenya)?"`` for a misspelt name (``Kenia``),
    with up to three countries where several are near.
    """
    code = _resolve(text)
    if code is not None:
        return f"; did you mean {code!r}?"
    close = suggest_codes(text)
    if not close:
        return ""
    named = [f"{code!r} ({Country(code).name})" for code in close]
    return "; did you mean " + " or ".join(named) + "?"


@attrs.frozen
class Country(Checked):
    """A country, held as its ISO 3166-1 alpha-2 code: ``Country("EG")``.

    A value object: two countries are equal when their codes are. Build one from
    a name with `Country.lookup`. Historic codes (ISO 3166-3, such as ``AN``
    for the Netherlands Antilles) are accepted too, since records outlive codes;
    `is_historic` and `withdrawn` say which they are.
    """

    code: str

    @classmethod
    def lookup(cls, name: str) -> Country:
        """The country that `name` means: a code, an ISO name, or a UN or World Bank name.

        Raises `InvariantError` (a `ValueError`) for a name it does not know.
        """
        code = _resolve(name) if isinstance(name, str) else None
        if code is None:
            more = did_you_mean(name) if isinstance(name, str) else ""
            raise InvariantError(
                cls.__name__,
                [
                    Problem(
                        path="",
                        code="unknown-country",
                        message=f"{name!r} is not a country name or code that is known{more}",
                    )
                ],
            )
        return cls(code)

    @property
    def name(self) -> str:
        """The country's ISO 3166 short name, such as ``"Egypt"`` or ``"Netherlands Antilles"``."""
        entry = self._entry
        return COUNTRIES[self.code].name if entry is None else str(entry.name)

    @property
    def official_name(self) -> str:
        """The official name where ISO gives one, otherwise the short name (Kosovo's)."""
        entry = self._entry
        return self.name if entry is None else str(getattr(entry, "official_name", entry.name))

    @property
    def alpha3(self) -> str:
        """The ISO 3166-1 alpha-3 code, such as ``"EGY"``."""
        return COUNTRIES[self.code].alpha3

    @property
    def is_historic(self) -> bool:
        """True for a code that ISO has withdrawn (ISO 3166-3), such as ``AN`` or ``YU``.

        Records of its time hold it rightly; the rule ``historic-code`` warns when a
        record uses it for a date after `withdrawn`.
        """
        return COUNTRIES[self.code].is_historic

    @property
    def withdrawn(self) -> PartialDate | None:
        """When ISO withdrew the code (``2010-12-15`` for ``AN``); None for a current code.

        ISO 3166-3 gives some dates to the year only, so this is a `PartialDate`.
        """
        withdrawn = COUNTRIES[self.code].withdrawn
        return None if withdrawn is None else shared_date(withdrawn)

    @property
    def label(self) -> str:
        """The name as displays show it, with a historic code marked as such.

        ``"Egypt"``; ``"Netherlands Antilles (historic code, withdrawn 2010-12-15)"``.
        """
        withdrawn = self.withdrawn
        if withdrawn is None:
            return self.name
        return f"{self.name} (historic code, withdrawn {withdrawn})"

    @property
    def _entry(self) -> Any:
        """Pycountry's entry for a current code, for its names; None if it has none."""
        if self.is_historic:
            return None
        return pycountry.countries.get(alpha_2=self.code)

    def __str__(self) -> str:
        return self.code

    def _check(self, checker: Checker) -> None:
        if self.code not in COUNTRY_CODES:
            more = did_you_mean(self.code)
            checker.fail(
                "code",
                "unknown-country",
                f"{self.code!r} is not an ISO 3166-1 alpha-2 code{more}",
            )


@functools.cache
def shared_countries() -> dict[str, Country]:
    """One `Country` for each ISO 3166-1 alpha-2 code (historic ones too), by its code, made once.

    For readers that meet the same few codes tens of thousands of times in a
    large document: sharing one object per code keeps a loaded catalogue
    smaller. A shared country is an ordinary one (equal to, and hashed like,
    ``Country(code)``); only exactly the known codes are here, so a look-up
    that misses is a code that ``Country(code)`` would refuse, or not text.
    """
    return {code: Country(code) for code in sorted(COUNTRY_CODES)}
