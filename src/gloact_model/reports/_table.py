"""A report table: typed rows, and the views analysts read them in.

A `Table` holds frozen row records of one `Row` class. Each row class says
which columns its records have (name and type) and how it reads as text; the
table turns that into plain dicts, CSV, aligned text, HTML and DataFrames, so
every view of every table follows the same rules.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

import attrs

from gloact_model.model.wording import count
from gloact_model.model.wording import table as html_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Column", "Plain", "Row", "Table", "TextColumn", "Value", "display_width"]

Plain = str | int | float | None
"""A value of a record: what JSON and CSV hold. None is unknown."""

Value = Plain | Decimal
"""A value as a row gives it: a plain value, or an exact amount of money."""

_WIDEST = 48
"""The widest that a text cell is shown in `Table.to_text`; longer text is shortened."""

_UNKNOWN = "unknown"
"""How `to_text` and HTML show a value that the catalogue does not give."""

_HTML_ROWS = 50
"""The most rows that a table shows in Jupyter: the first ones and the last (a sum, often)."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP's list for CSV injection)."""

_PANDAS_MISSING = (
    "Table.to_dataframe needs pandas, which is not installed: pip install 'gloact_model[pandas]'"
)


@attrs.frozen(kw_only=True)
class Column:
    """A column of a table's records and CSV: its name and the type of its values.

    `type` is `str`, `int`, `float` or `Decimal` (an amount of money: exact in
    CSV, a number in records). Every column may hold None, for unknown.
    """

    name: str
    type: type


@attrs.frozen(kw_only=True)
class TextColumn:
    """A column of a table's text and HTML forms: its heading, and whether it holds numbers.

    Numbers are aligned to the right, text to the left.
    """

    heading: str
    numeric: bool = False


class Row:
    """The base of every table's row class.

    A subclass is a frozen attrs class of typed fields (countries, money,
    qualifiers) and says how it shows: `_columns` and `_values` for records and
    CSV, `_text_columns` and `_texts` for reading.
    """

    __slots__ = ()

    _columns: ClassVar[tuple[Column, ...]]
    _text_columns: ClassVar[tuple[TextColumn, ...]]

    def _values(self) -> tuple[Value, ...]:
        """The row's value in each of `_columns`, in order."""
        raise NotImplementedError  # pragma: no cover - every row class defines it

    def _texts(self) -> tuple[str, ...]:
        """The row's cell in each of `_text_columns`, in order, formatted for reading."""
        raise NotImplementedError  # pragma: no cover - every row class defines it


RowT_co = TypeVar("RowT_co", bound=Row, covariant=True)
"""The row class of a table. Covariant, so that every table is a ``Table[Row]``."""


def _show_count(rows: tuple[Row, ...]) -> str:
    return f"<{count(len(rows), 'row', grouped=False)}>"


@attrs.frozen(kw_only=True)
class Table(Generic[RowT_co]):
    """One report table: a stable `name`, a `title`, and its rows.

    ``list(table)`` and ``table.rows`` give the typed row records; `records`
    gives plain dicts for JSON and CSV; `to_text`, `to_csv`, `to_dataframe` and
    the HTML that Jupyter shows are views of the same rows. A table without
    rows still has its columns, so every view still shows its headers.
    """

    name: str
    """The table's name on the command line (``gloact report --table NAME``)."""
    title: str
    row_type: type[RowT_co]
    """The class of the rows, which gives the columns even when there are no rows."""
    rows: tuple[RowT_co, ...] = attrs.field(repr=_show_count)

    @property
    def columns(self) -> tuple[str, ...]:
        """The names of the columns of `records` and `to_csv`, in order."""
        return tuple(column.name for column in self.row_type._columns)

    def __iter__(self) -> Iterator[RowT_co]:
        return iter(self.rows)

    def __len__(self) -> int:
        """The number of rows, as ``len(table.rows)``; a table without rows is false."""
        return len(self.rows)

    def records(self) -> list[dict[str, Plain]]:
        """Each row as a dict of column name to plain value, for JSON and CSV.

        Unknown is None. Amounts of money are numbers (an `int` when whole, a
        `float` otherwise), with their currency in a column of its own.
        """
        names = self.columns
        return [dict(zip(names, map(_plain, row._values()), strict=True)) for row in self.rows]

    def to_csv(self, *, escape_formulas: bool = True) -> str:
        """The table as CSV (RFC 4180): a header, then a line per row.

        Numbers are not formatted (``11000000``, ``0.5``); amounts are exact
        decimals; an unknown value is an empty cell. CSV is made to be opened in
        a spreadsheet, which runs a cell that starts with ``=``, ``+``, ``-`` or
        ``@`` as a formula; names come from catalogues that anyone may write, so
        such a text cell (or one that starts with a tab or a carriage return) is
        written after a ``'`` (shown as text, as typed).
        `escape_formulas` False writes every text as it is, for programs.
        """
        kinds = tuple(column.type for column in self.row_type._columns)

        def cells(row: Row) -> tuple[str, ...]:
            return tuple(
                _csv_cell(value, as_text=escape_formulas and kind is str)
                for value, kind in zip(row._values(), kinds, strict=True)
            )

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.columns)
        writer.writerows(map(cells, self.rows))
        return out.getvalue()

    def to_text(self) -> str:
        """The table for a terminal: its title, then aligned columns with a heading line.

        Numbers are formatted for reading (``EUR 11,000,000``, ``at least 30``,
        ``45%``), unknown values read ``unknown``, and text wider than 48
        columns is shortened with ``…``. Widths are counted as a terminal shows
        them (a Chinese or Japanese character takes two columns, an accent
        none), so that columns stay aligned in any script. Every line ends with
        a newline.
        """
        columns = self.row_type._text_columns
        headings = tuple(column.heading for column in columns)
        body = [tuple(map(_shorten, row._texts())) for row in self.rows]
        widths = [max(map(display_width, cells)) for cells in zip(headings, *body, strict=True)]

        def line(cells: tuple[str, ...]) -> str:
            padded = []
            for cell, width, column in zip(cells, widths, columns, strict=True):
                pad = " " * (width - display_width(cell))
                padded.append(pad + cell if column.numeric else cell + pad)
            return "  ".join(padded).rstrip()

        lines = [self.title, line(headings), "  ".join("-" * width for width in widths)]
        lines += map(line, body)
        if not self.rows:
            lines.append("(no rows)")
        return "\n".join(lines) + "\n"

    def to_dataframe(self) -> pd.DataFrame:
        """The records as a pandas DataFrame, with the same columns and rows.

        Whole-number columns are nullable ``Int64``, amounts and shares
        ``Float64``, text ``string``; unknown values are ``<NA>``. Needs pandas:
        ``pip install 'gloact_model[pandas]'``; `ImportError` saying so without it.
        """
        try:
            import pandas as pd  # noqa: PLC0415 - an optional extra, imported when used
        except ImportError as exc:
            raise ImportError(_PANDAS_MISSING) from exc
        dtypes = {str: "string", int: "Int64", float: "Float64", Decimal: "Float64"}
        frame = pd.DataFrame.from_records(self.records(), columns=list(self.columns))
        return frame.astype({c.name: dtypes[c.type] for c in self.row_type._columns})

    def _repr_html_(self) -> str:
        """A concise HTML table for Jupyter: the cells of `to_text`, whole and escaped.

        A long table shows its first rows and its last (the sum, in
        participants-by-sex) with a line saying how many are left out, so that a
        catalogue of 10,000 events does not fill the notebook; `to_csv` and
        `to_dataframe` hold every row.
        """
        columns = self.row_type._text_columns
        rows = [row._texts() for row in self.rows[: _HTML_ROWS - 1]]
        last = self.rows[-1]._texts() if len(self.rows) > len(rows) else None
        return html_table(
            [column.heading for column in columns],
            rows,
            total=len(self.rows) - (last is not None),
            what="rows (to_csv() and to_dataframe() have them all)",
            caption=self.title,
            numeric=[column.numeric for column in columns],
            last=last,
            empty="(no rows)",
        ).markup


def _plain(value: Value) -> Plain:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _csv_cell(value: Value, *, as_text: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    text = str(value)  # a float's str is its shortest exact form, as repr
    return "'" + text if as_text and text.startswith(_FORMULA_STARTS) else text


def display_width(text: str) -> int:
    """How many columns of a terminal `text` takes.

    East Asian wide and full-width characters take two; combining marks and
    invisible format characters (zero-width joiners, direction marks) none.
    """
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _shorten(text: str) -> str:
    """`text`, or as much of it as fits in `_WIDEST` columns with ``…`` at the end."""
    if display_width(text) <= _WIDEST:
        return text
    kept, width = [], 0
    for char in text:
        width += _char_width(char)
        if width > _WIDEST - 1:
            break
        kept.append(char)
    return "".join(kept) + "…"


def unknown_or(text: str | None) -> str:
    """A text cell, or ``unknown`` when the catalogue does not give it."""
    return _UNKNOWN if text is None else text
