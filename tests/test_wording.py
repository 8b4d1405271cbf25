"""The wording of every display: `gloact_model.model.wording`, and that it is the only one."""

from __future__ import annotations

import ast
import html
from datetime import time
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import gloact_model
from gloact_model import CountQualifier, Country, EventRole, Location
from gloact_model.model import vocabulary, wording
from gloact_model.model.wording import (
    Html,
    article,
    block,
    cell,
    clock,
    count,
    definitions,
    heading,
    in_words,
    number,
    place,
    plural,
    qualified,
    table,
    tint,
)

from .test_display import well_formed

PACKAGE = Path(gloact_model.__file__).parent

# Text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "noun", "said"),
    [
        (1, "organisation", "1 organisation"),
        (2, "organisation", "2 organisations"),
        (0, "organisation", "0 organisations"),
        (1, "person", "1 person"),
        (3, "person", "3 people"),
        (1, "event series", "1 event series"),
        (2, "event series", "2 event series"),
        (2, "country", "2 countries"),
        (2, "day", "2 days"),
        (2, "match", "2 matches"),
        (2, "address", "2 addresses"),
        (1234, "record", "1,234 records"),
        (-1, "day", "-1 days"),
    ],
)
def test_count_says_how_many_with_the_right_plural(value: int, noun: str, said: str) -> None:
    assert count(value, noun) == said


def test_count_groups_thousands_unless_told_not_to() -> None:
    assert count(1234, "record") == "1,234 records"
    assert count(1234, "record", grouped=False) == "1234 records"
    assert count(1, "record", grouped=False) == "1 record"


def test_numbers_group_thousands_and_huge_ones_are_not_spelt_out() -> None:
    assert number(0) == "0"
    assert number(999) == "999"
    assert number(1000) == "1,000"
    assert number(-1234567) == "-1,234,567"
    assert number(1234567, grouped=False) == "1234567"
    huge = "a number of more than 30 digits"
    assert number(10**30) == number(-(10**30), grouped=False) == huge
    assert number(10**5000) == huge  # Python would refuse to print its digits
    assert number(10**30 - 1, grouped=False) == "9" * 30


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Event", "an Event"),
        ("Session", "a Session"),
        ("organisation", "an organisation"),
        ("person", "a person"),
        ("event series", "an event series"),
    ],
)
def test_article(name: str, said: str) -> None:
    assert article(name) == said


def test_clock_leaves_out_zero_seconds() -> None:
    assert clock(time(9, 30)) == "09:30"
    assert clock(time(9, 30, 15)) == "09:30:15"
    assert clock(time(0, 0)) == "00:00"


def test_vocabulary_values_read_as_words() -> None:
    assert in_words(vocabulary.EventKind.TRAINING_COURSE) == "training course"
    assert in_words(EventRole.CO_ORGANISER) == "co-organiser"
    assert in_words(vocabulary.CountQualifier.LOWER_BOUND) == "lower bound"


@pytest.mark.parametrize("name", vocabulary.__all__)
def test_every_vocabulary_value_reads_without_underscores(name: str) -> None:
    vocabulary_class = getattr(vocabulary, name)
    for value in vocabulary_class:
        said = in_words(value)
        assert "_" not in said
        assert said.replace("-", " ") == value.value.replace("_", " ")


@pytest.mark.parametrize(
    ("qualifier", "said"),
    [
        (CountQualifier.EXACT, "30 people"),
        (None, "30 people"),
        (CountQualifier.LOWER_BOUND, "at least 30 people"),
        (CountQualifier.APPROXIMATE, "about 30 people"),
    ],
)
def test_a_count_says_how_sure_it_is(qualifier: CountQualifier | None, said: str) -> None:
    assert qualified("30 people", qualifier) == said


def test_a_place_is_as_much_of_a_location_as_is_known() -> None:
    vienna = Location(venue="UNODC headquarters", city="Vienna", country=Country("AT"))
    assert place(vienna) == "UNODC headquarters, Vienna, Austria"
    assert place(Location(city="Madrid", country=Country("ES"))) == "Madrid, Spain"
    assert place(Location(country=Country("EG"))) == "Egypt"
    assert place(Location(venue="Online")) == "Online"


_NOUNS = st.sampled_from(["organisation", "person", "event series", "day", "country", "issue"])
_WHOLE = st.integers(min_value=-(10**30) + 1, max_value=10**30 - 1)


@given(_WHOLE, _NOUNS, st.booleans())
def test_every_count_names_the_number(value: int, noun: str, grouped: bool) -> None:
    said = count(value, noun, grouped=grouped)
    figure, _, words = said.partition(" ")
    assert int(figure.replace(",", "")) == value
    assert figure == number(value, grouped=grouped)
    assert words == (noun if value == 1 else plural(noun))


@given(_WHOLE)
def test_grouping_changes_only_the_commas(value: int) -> None:
    assert number(value).replace(",", "") == number(value, grouped=False) == str(value)


@given(st.from_regex(r"[a-z]+( [a-z]+)?", fullmatch=True))
def test_a_plural_keeps_the_noun_it_is_made_from(noun: str) -> None:
    made = plural(noun)
    head, _, last = noun.rpartition(" ")
    assert made.startswith(head)
    assume(last not in ("person", "series"))  # the irregular nouns
    assert made.startswith(noun[:-1])
    assert len(made) > len(noun)
    assert made.endswith("s")


@given(st.text(), st.sampled_from([None, *CountQualifier]))
def test_a_qualified_count_ends_with_the_count(
    amount: str, qualifier: CountQualifier | None
) -> None:
    said = qualified(amount, qualifier)
    assert said.endswith(amount)
    assert said[: len(said) - len(amount)] in ("", "at least ", "about ")


# HTML -------------------------------------------------------------------------------------


def test_a_cell_escapes_text_but_not_html() -> None:
    assert cell("<b>") == "&lt;b&gt;"
    assert cell(Html(markup="<b>bold</b>")) == "<b>bold</b>"
    assert cell(None) == ""
    assert cell(EventRole.CO_ORGANISER) == "co-organiser"
    assert cell(("a&b", EventRole.HOST, Html(markup="<i>x</i>"))) == "a&amp;b, host, <i>x</i>"
    assert cell(1234) == "1234"
    assert str(tint("<x>", "#b00")) == '<span style="color:#b00">&lt;x&gt;</span>'


@given(st.text())
def test_escaping_holds_for_any_text(text: str) -> None:
    shown = cell(text)
    assert not set(shown) & set("<>\"'")
    assert html.unescape(shown) == text


def test_a_long_table_says_how_many_rows_it_leaves_out() -> None:
    rows = [(str(i), i) for i in range(1500)]
    markup = table(("name", "n"), rows, limit=2, what="events", numeric=(False, True)).markup
    assert markup.count("<tr>") == 3
    assert markup.endswith("<p>&hellip; and 1,498 more events</p>")
    assert '<td style="text-align:right">1</td>' in markup


def test_a_table_shows_its_last_row_below_the_rows_it_leaves_out() -> None:
    markup = table(("n",), [("1",), ("2",)], total=5, last=("sum",), caption="T<>").markup
    assert markup.startswith("<table><caption>T&lt;&gt;</caption>")
    assert '<td style="text-align:left" colspan="1">&hellip; and 3 more rows</td>' in markup
    assert markup.endswith('<tr><td style="text-align:left">sum</td></tr></tbody></table>')


def test_an_empty_table_says_so_when_asked() -> None:
    assert "(no rows)" in table(("a", "b"), [], empty="(no rows)").markup
    assert "<tbody></tbody>" in table(("a", "b"), []).markup


def test_definitions_leave_out_what_is_not_known() -> None:
    markup = definitions([("id", "x"), ("acronym", None), ("countries", ()), ("name", "")])
    assert markup.markup.count("<dt>") == 1
    assert definitions([("acronym", None)]).markup == ""


def test_a_block_and_a_heading() -> None:
    shown = block("Event", "<Madrid>", heading("Sessions", 1234)).markup
    assert shown == (
        "<div><p><strong>Event</strong> &lt;Madrid&gt;</p>"
        "<p><strong>Sessions</strong> (1,234)</p></div>"
    )


@given(
    st.lists(st.text(), min_size=1, max_size=4),
    st.lists(st.lists(st.text() | st.none() | st.integers(), min_size=4, max_size=4), max_size=5),
    st.text(),
)
def test_any_table_and_definitions_are_well_formed_and_show_the_text(
    headers: list[str], rows: list[list[object]], text: str
) -> None:
    width = len(headers)
    cut = [row[:width] for row in rows]
    shown = well_formed(table(headers, cut, limit=3, caption=text).markup)
    assert all(h in shown for h in headers)
    assert text in shown
    terms = [(h, text) for h in headers]
    assert text in well_formed(block("Record", text, definitions(terms)).markup)


# One home (tests/test_layers.py also refuses any import of another layer's private names) ----


def _source_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _imports(path: Path) -> list[tuple[str, set[str]]]:
    """Each module that `path` imports, with the names it takes from it."""
    found: list[tuple[str, set[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, set()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, {alias.name for alias in node.names}))
    return found


def test_the_wording_module_needs_no_record_class() -> None:
    # So that the model's own `_repr_html_` methods, and every layer above, can use it.
    for module, _ in _imports(PACKAGE / "model" / "wording.py"):
        if module.startswith("gloact_model"):
            assert module == "gloact_model.model.vocabulary", module


def test_count_qualifiers_are_worded_only_in_the_wording_module() -> None:
    said = {"at least ", "about "}
    found = []
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in said:
                found.append((path.name, node.value))
    assert sorted(found) == [("wording.py", "about "), ("wording.py", "at least ")]


def test_no_plural_is_made_by_hand() -> None:
    # ``f"{n} day{'s' if n != 1 else ''}"`` and its kind: `count` says how many.
    found = []
    # errors.py lies below the model, which imports it, so it cannot use the wording.
    for path in set(_source_files()) - {PACKAGE / "errors.py"}:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.IfExp) and "s" in (
                getattr(node.body, "value", None),
                getattr(node.orelse, "value", None),
            ):
                found.append((path.name, node.lineno))
    assert found == []


def test_the_wording_module_lists_everything_it_defines() -> None:
    defined = {
        name
        for name, value in vars(wording).items()
        if not name.startswith("_") and getattr(value, "__module__", None) == wording.__name__
    }
    assert defined == set(wording.__all__)
