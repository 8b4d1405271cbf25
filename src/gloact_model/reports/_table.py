"""A report table: typed rows, and the views analysts read them in.

A `Table` holds frozen row records of one `Row` class. Each row class says
which columns its records have (name and type) and how it reads as text; the
table turns that into plain dicts, CSV, aligned text, HTML and DataFrames, so
every view of every table follows the same rules.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

import attrs

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Column", "Plain", "Row", "Table", "TextColumn", "Value"]

Plain = str | int | float | None
"""A value of a record: what JSON and CSV hold. None is unknown."""

Value = Plain | Decimal
"""A value as a row gives it: a plain value, or an exact amount of money."""

_WIDEST = 48
"""The widest that a text cell is shown in `Table.to_text`; longer text is shortened."""

_UNKNOWN = "unknown"
"""How `to_text` and HTML show a value that the catalogue does not give."""

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


RowT = TypeVar("RowT", bound=Row)


def _show_count(rows: tuple[Row, ...]) -> str:
    return f"<{len(rows)} row{'' if len(rows) == 1 else 's'}>"


@attrs.frozen(kw_only=True)
class Table(Generic[RowT]):
    """One report table: a stable `name`, a `title`, and its rows.

    ``list(table)`` and ``table.rows`` give the typed row records; `records`
    gives plain dicts for JSON and CSV; `to_text`, `to_csv`, `to_dataframe` and
    the HTML that Jupyter shows are views of the same rows. A table without
    rows still has its columns, so every view still shows its headers.
    """

    name: str
    """The table's name on the command line (``gloact report --table NAME``)."""
    title: str
    row_type: type[RowT]
    """The class of the rows, which gives the columns even when there are no rows."""
    rows: tuple[RowT, ...] = attrs.field(repr=_show_count)

    @property
    def columns(self) -> tuple[str, ...]:
        """The names of the columns of `records` and `to_csv`, in order."""
        return tuple(column.name for column in self.row_type._columns)

    def __iter__(self) -> Iterator[RowT]:
        return iter(self.rows)

    def records(self) -> list[dict[str, Plain]]:
        """Each row as a dict of column name to plain value, for JSON and CSV.

        Unknown is None. Amounts of money are numbers (an `int` when whole, a
        `float` otherwise), with their currency in a column of its own.
        """
        names = self.columns
        return [dict(zip(names, map(_plain, row._values()), strict=True)) for row in self.rows]

    def to_csv(self) -> str:
        """The table as CSV (RFC 4180): a header, then a line per row.

        Numbers are not formatted (``11000000``, ``0.5``); amounts are exact
        decimals; an unknown value is an empty cell.
        """
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.columns)
        writer.writerows(tuple(map(_csv_cell, row._values())) for row in self.rows)
        return out.getvalue()

    def to_text(self) -> str:
        """The table for a terminal: its title, then aligned columns with a heading line.

        Numbers are formatted for reading (``EUR 11,000,000``, ``at least 30``,
        ``45%``), unknown values read ``unknown``, and text longer than 48
        characters is shortened with ``…``. Every line ends with a newline.
        """
        columns = self.row_type._text_columns
        headings = tuple(column.heading for column in columns)
        body = [tuple(map(_shorten, row._texts())) for row in self.rows]
        widths = [max(map(len, cells)) for cells in zip(headings, *body, strict=True)]

        def line(cells: tuple[str, ...]) -> str:
            return "  ".join(
                cell.rjust(width) if column.numeric else cell.ljust(width)
                for cell, width, column in zip(cells, widths, columns, strict=True)
            ).rstrip()

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
        """A concise HTML table for Jupyter, every value escaped."""
        columns = self.row_type._text_columns

        def cells(tag: str, texts: tuple[str, ...]) -> str:
            return "".join(f"<{tag}>{html.escape(text)}</{tag}>" for text in texts)

        head = cells("th", tuple(column.heading for column in columns))
        rows = "".join(f"<tr>{cells('td', row._texts())}</tr>" for row in self.rows)
        if not self.rows:
            rows = f"<tr><td colspan={len(columns)}>(no rows)</td></tr>"
        return (
            f"<table><caption>{html.escape(self.title)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        )


def _plain(value: Value) -> Plain:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)  # a float's str is its shortest exact form, as repr


def _shorten(text: str) -> str:
    return text if len(text) <= _WIDEST else text[: _WIDEST - 1] + "…"


def unknown_or(text: str | None) -> str:
    """A text cell, or ``unknown`` when the catalogue does not give it."""
    return _UNKNOWN if text is None else text
