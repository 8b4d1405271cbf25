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
    "BIDI_CONTROLS",
    "CODES_AS_OF",
    "COUNTRIES",
    "COUNTRY_CODES",
    "CURRENCIES",
    "CURRENCY_CODES",
    "FILLERS",
    "FORMAT_CHARACTERS",
    "HIDDEN_CHARACTERS",
    "HIDDEN_CHARACTERS_PATTERN",
    "ID_MAX_LENGTH",
    "ID_PATTERN",
    "INVISIBLE_CATEGORIES",
    "JOINERS",
    "JOINER_NEIGHBOURS",
    "LINE_CONTROLS_PATTERN",
    "PARTIAL_DATE_PATTERN",
    "TAG_CHARACTERS",
    "TEXT_CONTROLS_PATTERN",
    "USER_ASSIGNED_COUNTRY_CODES",
    "VARIATION_SELECTORS",
    "ZERO_WIDTH",
    "CountryCode",
    "CurrencyCode",
    "hidden_character",
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
    r"(?P<inferred>\?)?(?P<year>[0-9]{4}|XXXX)"
    r"(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?"
    r"(?P<qualifier>[?~%])?"
)
"""The syntax of a partial date, the EDTF subset that `PartialDate` reads (ranges checked apart).

``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, with ``XXXX`` for a year not known
(then a month is needed), ``?`` before the year for a year inferred (then the
year is needed), and ``?``, ``~`` or ``%`` after the date for uncertain,
approximate or both. `PartialDate.parse` refuses ``XXXX`` alone and ``?XXXX``.
"""

LINE_CONTROLS_PATTERN: re.Pattern[str] = re.compile(
    r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff]"
)
"""Finds what single-line text never holds: a character that cannot be stored in a UTF-8
file (a surrogate) or that no person types into a record (a C0 or C1 control, a line or
paragraph separator, a byte-order mark). Rule ``control-character``."""

TEXT_CONTROLS_PATTERN: re.Pattern[str] = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff]"
)
"""As `LINE_CONTROLS_PATTERN`, for text that may span lines: tab and newline are allowed."""

INVISIBLE_CATEGORIES: frozenset[str] = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})
"""The Unicode categories that show nothing: spaces, separators, controls and formats."""


def is_blank(text: str) -> bool:
    """True when text shows nothing: only spaces and invisible characters (a zero-width space).

    Names, titles and descriptions must show something, so the model refuses such text.
    """
    return all(unicodedata.category(c) in INVISIBLE_CATEGORIES for c in text)


# Characters that hide or reorder what a single line of text shows. A name that
# holds one looks like another name (or like nothing) and compares unlike it:
# 'UNODC' with a zero-width space inside is a second UNODC, and a right-to-left
# override makes 'cod.exe' show as 'exe.doc'.

BIDI_CONTROLS: frozenset[str] = frozenset(
    "\u061c\u200e\u200f"  # the Arabic letter mark, left-to-right and right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, overrides and their end
    "\u2066\u2067\u2068\u2069"  # isolates and their end
    "\u206a\u206b\u206c\u206d\u206e\u206f"  # deprecated: swapping, shaping, digit shapes
)
"""Characters that change the direction in which text is shown, without showing themselves.

A display lays out a name's direction from its letters; a record has no need
to steer it, and an override can make a name show as something else.
"""

ZERO_WIDTH: frozenset[str] = frozenset(
    "\u00ad"  # soft hyphen: shows only where a line breaks
    "\u17b4\u17b5"  # Khmer inherent vowels, which Unicode says not to use
    "\u200b"  # zero-width space
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\ufeff"  # zero-width no-break space (a byte-order mark)
)
"""Characters of no width that a name never needs: two names that differ by one look alike."""

FILLERS: frozenset[str] = frozenset(
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers
    "\u2800"  # braille pattern blank
)
"""Letters and symbols that show as nothing, so that a blank name seems to hold text.

They are letters to Unicode (U+3164 HANGUL FILLER is ``Lo``), so they pass
any test for white space; no name written in Hangul or braille needs them.
"""

JOINERS: frozenset[str] = frozenset(
    "\u200c\u200d"  # zero-width non-joiner and joiner
    "\u034f"  # combining grapheme joiner
    "\u180e"  # Mongolian vowel separator
)
"""Invisible characters that scripts need, but only after a letter of their own.

Persian writes ``نمی‌خواهم`` with a non-joiner, Indic scripts choose a
conjunct's form with a joiner after a virama (Malayalam in its older spelling
ends a word so: ``ഇന്ത്യന്‍``), and emoji sequences (``👩‍💻``) join pictures
with one. So a joiner is accepted after a character of `JOINER_NEIGHBOURS`
that is not ASCII, and refused at the start of a name, after a space, or
after an ASCII character (where it changes nothing that shows: ``UN‍ODC``
with a joiner inside would be a second UNODC).
"""

JOINER_NEIGHBOURS: frozenset[str] = frozenset(
    {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "So", "Sk"}
)
"""The Unicode categories that a joiner may follow: letters, marks, digits, symbols."""

VARIATION_SELECTORS: frozenset[str] = frozenset(
    "\u180b\u180c\u180d\u180f"  # Mongolian free variation selectors
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)
"""Invisible characters that choose a form of the character before them.

An emoji's picture (``❤️``), an ideograph's variant in a place name
(``葛󠄀飾``): accepted after a character that is not ASCII. After an ASCII
one they change nothing that shows (``UNODC️`` would be a second UNODC), so
they are refused, except U+FE0F in a keycap (``1️⃣``: a digit, ``#`` or
``*``, the selector, then U+20E3).
"""

TAG_CHARACTERS: frozenset[str] = frozenset(
    chr(code) for code in (0xE0001, *range(0xE0020, 0xE0080))
)
"""Invisible tag characters: accepted only in an emoji flag such as Scotland's (🏴 + tags).

Anywhere else they carry text that no display shows.
"""

FORMAT_CHARACTERS: frozenset[str] = frozenset(
    "\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2"  # number signs
    "\U000110bd\U000110cd"  # Kaithi number signs
    "\ufff9\ufffa\ufffb"  # interlinear annotation: text that most displays hide
    + "".join(map(chr, range(0x13430, 0x13440)))  # Egyptian hieroglyph format controls
    + "".join(map(chr, range(0x1BCA0, 0x1BCA4)))  # shorthand format controls
    + "".join(map(chr, range(0x1D173, 0x1D17B)))  # musical beams, ties, slurs, phrases
    # Code points that Unicode keeps for invisible characters yet to come.
    + "\u2065"
    + "".join(map(chr, range(0xFFF0, 0xFFF9)))
    + "\U000e0000"
    + "".join(map(chr, range(0xE0002, 0xE0020)))
    + "".join(map(chr, range(0xE0080, 0xE0100)))
    + "".join(map(chr, range(0xE01F0, 0xE1000)))
)
"""The other format characters (Unicode category ``Cf``), and the code points reserved for more.

They steer how text is laid out or carry text that is not shown, and no name
needs them. With the other sets, they make every format character and every
code point that Unicode says to show as nothing (``Default_Ignorable_Code_Point``).
"""

HIDDEN_CHARACTERS: frozenset[str] = (
    BIDI_CONTROLS
    | ZERO_WIDTH
    | FILLERS
    | JOINERS
    | VARIATION_SELECTORS
    | TAG_CHARACTERS
    | FORMAT_CHARACTERS
)
"""Every character that single-line text refuses, or accepts only in its place.

Its place: a joiner after a letter (`JOINERS`), a variation selector after a
character that has variants (`VARIATION_SELECTORS`), a tag in an emoji flag
(`TAG_CHARACTERS`). Every format character (``Cf``) is here.
"""


def _character_class(characters: frozenset[str]) -> str:
    """A regular expression's class of `characters`, in ranges (quick to compile)."""
    codes = sorted(map(ord, characters))
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return (
        "["
        + "".join(
            re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
            for low, high in ranges
        )
        + "]"
    )


HIDDEN_CHARACTERS_PATTERN: re.Pattern[str] = re.compile(_character_class(HIDDEN_CHARACTERS))
"""Finds a character of `HIDDEN_CHARACTERS` (see `hidden_character` for which are refused)."""

_TAG_FLAG_RE = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")
"""An emoji flag of a region (🏴 then tags, then the cancel tag): the one place for tags."""
_KEYCAP_BASES = frozenset("0123456789#*")
_VARIANT_BASES = frozenset("LMNSP")  # the first letters of the categories that have variants


def hidden_character(text: str) -> int | None:
    """The index of the first character of `text` that hides or reorders what it shows, or None.

    Such are the characters of `HIDDEN_CHARACTERS`, except a joiner after a
    letter (or mark, digit, symbol) that is not ASCII, a variation selector
    after a character that is not ASCII (or in a keycap), and the tags of an
    emoji flag. Names, titles and other single-line text refuse them (rule
    ``invisible-character``).
    """
    search = HIDDEN_CHARACTERS_PATTERN.search
    found = search(text)
    if found is None:
        return None
    flags = [m.span() for m in _TAG_FLAG_RE.finditer(text)] if "\U000e007f" in text else []
    flag = 0
    while found is not None:
        index = found.start()
        character = text[index]
        if character in TAG_CHARACTERS:
            while flag < len(flags) and flags[flag][1] <= index:
                flag += 1
            if not (flag < len(flags) and flags[flag][0] < index):
                return index
        elif not _in_its_place(text, index, character):
            return index
        found = search(text, index + 1)
    return None


def _in_its_place(text: str, index: int, character: str) -> bool:
    """Whether the joiner or variation selector at `index` follows what it belongs to.

    What comes before it was accepted already (the search goes left to right),
    so a joiner after an emoji's variation selector (``🏳️‍🌈``) is in its place,
    and two joiners in a row are not (a joiner is no letter).
    """
    if index == 0:
        return False
    before = text[index - 1]
    if character in JOINERS:
        return (
            not before.isascii()
            and unicodedata.category(before) in JOINER_NEIGHBOURS
            and (before not in HIDDEN_CHARACTERS or before in VARIATION_SELECTORS)
        )
    if character in VARIATION_SELECTORS:
        if before.isascii():
            return (
                character == "\ufe0f"
                and before in _KEYCAP_BASES
                and text[index + 1 : index + 2] == "\u20e3"
            )
        return before not in HIDDEN_CHARACTERS and unicodedata.category(before)[0] in _VARIANT_BASES
    return False


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
        for code, alpha3, name, withdrawn in sorted(
            _code_table.COUNTRIES + _code_table.USER_ASSIGNED_COUNTRIES
        )
    }
)
"""Every country code that records may hold, current and historic, by its alpha-2 code.

Besides ISO's codes, the user-assigned ``XK`` for Kosovo (`USER_ASSIGNED_COUNTRY_CODES`).
"""

USER_ASSIGNED_COUNTRY_CODES: frozenset[str] = frozenset(
    code for code, *_ in _code_table.USER_ASSIGNED_COUNTRIES
)
"""Codes that ISO 3166-1 leaves to its users but that records may hold: ``XK`` (Kosovo)."""

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
