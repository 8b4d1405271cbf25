"""Records stay cheap and honest under hostile values (issue 11).

An amount with a hundred thousand trailing zeros is refused before it is read;
a catalogue of n records is built in time proportional to n; names refuse the
characters that hide or reorder what they show; and sets of texts compare in
one normal form. Costs are judged as ratios (see tests/costs.py), never as
absolute times.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gloact_model import (
    Catalogue,
    Format,
    InvariantError,
    LoadError,
    Money,
    Organisation,
    Session,
    SessionKind,
    dumps,
    loads,
)
from gloact_model.model.codes import (
    AMOUNT_MAX_LENGTH,
    BIDI_CONTROLS,
    FILLERS,
    JOINERS,
    ZERO_WIDTH,
    hidden_character,
)
from gloact_model.testing import lines
from tests.costs import assert_linear, seconds

FORMATS: tuple[Format, ...] = ("yaml", "json")

# Amounts (defect 2) --------------------------------------------------------------


def _budget(amount: str, fmt: Format) -> str:
    """The issue's reproducer: a programme whose budget has the given amount."""
    if fmt == "json":
        return (
            '{"schema_version": 1, "programmes": [{"id": "p", "name": "P", '
            f'"budget": {{"amount": "{amount}", "currency": "EUR"}}}}]}}'
        )
    return (
        "schema_version: 1\nprogrammes: [{id: p, name: P, "
        f"budget: {{amount: '{amount}', currency: EUR}}}}]\n"
    )


def _description(text: str, fmt: Format) -> str:
    """The same document with the long text where any text may be: the cheap reference."""
    if fmt == "json":
        return (
            '{"schema_version": 1, "programmes": [{"id": "p", "name": "P", '
            f'"description": "{text}", "budget": {{"amount": "1", "currency": "EUR"}}}}]}}'
        )
    return (
        "schema_version: 1\nprogrammes: [{id: p, name: P, "
        f"description: '{text}', budget: {{amount: '1', currency: EUR}}}}]\n"
    )


def _amount_problems(document: str, fmt: Format) -> list[tuple[str, str, str]]:
    with pytest.raises(LoadError) as caught:
        loads(document, format=fmt)
    return [(p.path, p.code, p.message) for p in caught.value.problems]


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_amount_of_many_trailing_zeros_is_refused_as_cheaply_as_any_long_text(
    fmt: Format,
) -> None:
    zeros = "0" * 50_000
    hostile = _budget("1." + zeros, fmt)
    [(path, code, message)] = _amount_problems(hostile, fmt)
    assert (path, code) == ("programmes[0].budget.amount", "amount")
    assert f"at most {AMOUNT_MAX_LENGTH} characters" in message
    assert "18 digits before the decimal point and 6 after it" in message
    # Reading the same text as a description is the floor; a refusal costs a few times
    # that (it places the problem in the text), where stripping zeros one at a time
    # cost thousands of times.
    reference = _description("1." + zeros, fmt)
    for _attempt in range(2):  # a burst of load elsewhere is not a defect: measure twice
        ratio = seconds(lambda d: loads(d, format=fmt), hostile) / seconds(
            lambda d: loads(d, format=fmt), reference
        )
        if ratio < 10:
            break
    assert ratio < 10, f"the long amount cost {ratio:.1f} times reading the same text"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_cost_of_a_long_amount_grows_at_most_linearly(fmt: Format) -> None:
    assert_linear(lambda d: loads(d, format=fmt), lambda n: _budget("1." + "0" * n, fmt), 2_000)


def test_money_strips_trailing_zeros_in_linear_time() -> None:
    # A program may hand Money any Decimal: canonicalising it must not be quadratic.
    def make(digits: int) -> str:
        return "1." + "0" * digits

    def money(data: str | bytes) -> Money:
        text = data if isinstance(data, str) else data.decode()
        return Money(amount=Decimal(text), currency="EUR")

    assert_linear(money, make, 5_000)
    assert Money(amount=Decimal(make(100_000)), currency="EUR").amount == Decimal(1)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("2500000.00", "2500000"),
        ("1.0000000", "1"),  # a seventh place that is a zero is not a seventh digit
        ("1." + "0" * (AMOUNT_MAX_LENGTH - 2), "1"),
        ("123456789012345678.123456", "123456789012345678.123456"),
        ("-0.0", "0"),
    ],
)
def test_amounts_that_earlier_releases_read_still_load(
    fmt: Format, written: str, kept: str
) -> None:
    catalogue = loads(_budget(written, fmt), format=fmt)
    assert isinstance(catalogue, Catalogue)
    budget = catalogue.programmes[0].budget
    assert budget is not None
    assert str(budget.amount) == kept
    assert loads(dumps(catalogue, format=fmt), format=fmt) == catalogue


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_amount_one_character_too_long_is_refused_with_what_is_allowed(fmt: Format) -> None:
    [(_, code, message)] = _amount_problems(_budget("1." + "0" * (AMOUNT_MAX_LENGTH - 1), fmt), fmt)
    assert code == "amount"
    assert message.startswith(f"an amount written in {AMOUNT_MAX_LENGTH + 1} characters")


# Building catalogues (defect 6) ----------------------------------------------------

_ORGANISATIONS = tuple(Organisation(id=f"o{i}", name=f"Organisation {i}") for i in range(16_000))

# Building is judged against the least that any building does: a set of the ids
# and a copy of the records. Both touch every record once, so the ratio does not
# depend on how well the records fit the processor's caches, as a comparison of
# two sizes would. A linear building costs tens of times the reference (it
# checks each record's type, and makes the catalogue); comparing each record
# with every other one (the defect) cost thousands of times it.
_MOST_TIMES_THE_REFERENCE = 100


def _reference(records: tuple[Organisation, ...]) -> object:
    return {r.id for r in records}, list(records)


def _assert_costs_like_the_reference(build: Callable[[tuple[Organisation, ...]], object]) -> None:
    records = _ORGANISATIONS
    for _attempt in range(2):  # a burst of load elsewhere is not a defect: measure twice
        ratio = seconds(lambda _: build(records), "") / seconds(lambda _: _reference(records), "")
        if ratio <= _MOST_TIMES_THE_REFERENCE:
            return
    raise AssertionError(
        f"{len(records):,} records took {ratio:.0f} times a pass over them: more than linear"
    )


def test_building_a_catalogue_from_records_costs_time_in_proportion_to_them() -> None:
    _assert_costs_like_the_reference(Catalogue.from_records)


def test_adding_records_to_a_catalogue_costs_time_in_proportion_to_them() -> None:
    def grow(records: tuple[Organisation, ...]) -> Catalogue:
        half = len(records) // 2
        return Catalogue(organisations=records[:half]).with_added(*records[half:])

    _assert_costs_like_the_reference(grow)


def test_replacing_records_costs_time_in_proportion_to_them() -> None:
    _assert_costs_like_the_reference(
        lambda records: Catalogue(organisations=records).with_replaced(*records[::2])
    )


def test_removing_records_costs_time_in_proportion_to_them() -> None:
    _assert_costs_like_the_reference(
        lambda records: Catalogue(organisations=records).without(*records[1::2])
    )


def test_a_repeated_id_is_still_refused() -> None:
    catalogue = Catalogue.from_records(_ORGANISATIONS[:100])
    with pytest.raises(ValueError, match="already holds an Organisation with id 'o7'"):
        catalogue.with_added(Organisation(id="o100", name="New"), _ORGANISATIONS[7])
    with pytest.raises(ValueError, match="with id 'o100'"):
        catalogue.with_added(*[Organisation(id="o100", name="New")] * 2)
    replaced = catalogue.with_replaced(Organisation(id="o7", name="Seven"))
    assert replaced.organisations[7].name == "Seven"
    assert len(replaced) == 100
    with pytest.raises(LookupError):
        catalogue.without(Organisation(id="o100", name="New"))


# Names that hide what they show ----------------------------------------------------

_REFUSED_ANYWHERE = sorted(BIDI_CONTROLS | ZERO_WIDTH | FILLERS | {"\U000e0041", "\U000e0001"})


def _name_problems(name: str) -> list[tuple[str, str]]:
    try:
        Organisation(id="x", name=name)
    except InvariantError as error:
        return [(p.path, p.code) for p in error.problems]
    return []


@given(lines(), st.sampled_from(_REFUSED_ANYWHERE), st.integers(min_value=0))
def test_a_hidden_or_direction_changing_character_is_refused_anywhere_in_a_name(
    name: str, hidden: str, where: int
) -> None:
    place = where % (len(name) + 1)
    assert _name_problems(name[:place] + hidden + name[place:]) == [("name", "invisible-character")]


@given(lines(), st.sampled_from(sorted(JOINERS)), st.booleans())
def test_a_joiner_at_either_end_of_a_name_is_refused(name: str, joiner: str, first: bool) -> None:
    assert _name_problems(joiner + name if first else name + joiner) == [
        ("name", "invisible-character")
    ]


@pytest.mark.parametrize(
    "name",
    [
        "\u202eexe.doc",  # shows as 'cod.exe'
        "UNODC\u200b",
        "\u3164UNODC",
        "\u2800",
        "UN\u200dODC",  # a joiner between ASCII letters changes nothing that shows
        "UNODC \u200c",
        "UNODC\U000e0041\U000e0042",  # tags outside a flag: text that no display shows
    ],
)
def test_the_issues_names_are_refused(name: str) -> None:
    assert _name_problems(name) == [("name", "invisible-character")]


@pytest.mark.parametrize(
    "name",
    [
        "سازمان\u200cهای ملل متحد",  # noqa: RUF001 - Persian needs the non-joiner
        "क्\u200dष",  # Devanagari: a joiner after the virama
        "ශ්\u200dරී ලංකා පොලිසිය",  # Sinhala: Sri Lanka Police
        "👩\u200d💻 Network",
        "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Police Scotland",
    ],
)
def test_the_invisible_characters_that_scripts_need_are_accepted(name: str) -> None:
    assert _name_problems(name) == []
    assert hidden_character(name) is None


def test_every_single_line_field_refuses_them_and_descriptions_do_not() -> None:
    with pytest.raises(InvariantError) as caught:
        Organisation(
            id="x",
            name="A",
            acronym="\u200bA",
            other_names=("B\u202e",),
            description="An Arabic name with a right-to-left mark: \u200f",
        )
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("acronym", "invisible-character"),
        ("other_names[0]", "invisible-character"),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_loaded_name_is_refused_at_its_place(fmt: Format) -> None:
    if fmt == "json":
        document = '{"schema_version": 1, "organisations": [{"id": "x", "name": "\\u202eA"}]}'
    else:
        document = 'schema_version: 1\norganisations:\n  - id: x\n    name: "\\u202eA"\n'
    with pytest.raises(LoadError) as caught:
        loads(document, format=fmt)
    [problem] = caught.value.problems
    assert (problem.path, problem.code) == ("organisations[0].name", "invisible-character")
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in problem.message


# One normal form -------------------------------------------------------------------


def test_an_id_is_ascii_so_it_has_one_normal_form() -> None:
    for form in ("NFC", "NFD"):
        with pytest.raises(InvariantError) as caught:
            Organisation(id=unicodedata.normalize(form, "café"), name="Café")
        assert caught.value.rule == "id-syntax"


@given(lines().filter(lambda t: unicodedata.normalize("NFD", t) != t))
def test_other_names_equal_in_nfc_are_a_duplicate(name: str) -> None:
    decomposed = unicodedata.normalize("NFD", name)
    composed = unicodedata.normalize("NFC", name)
    assert _other_names_problems((composed, decomposed)) == [("other_names", "duplicate")]


def _other_names_problems(names: tuple[str, ...]) -> list[tuple[str, str]]:
    try:
        Organisation(id="x", name="X", other_names=names)
    except InvariantError as error:
        return [(p.path, p.code) for p in error.problems]
    return []


def test_the_issues_pairs_of_forms_are_duplicates() -> None:
    assert _other_names_problems(("Café", "Cafe\u0301")) == [("other_names", "duplicate")]
    with pytest.raises(InvariantError) as caught:
        Session(id="s", kind=SessionKind.PANEL, topics=("Trata de personas", "Trata de personas"))
    assert caught.value.rule == "duplicate"
    with pytest.raises(InvariantError) as caught:
        Session(id="s", kind=SessionKind.PANEL, topics=("Ñandú", "N\u0303andu\u0301"))
    assert caught.value.rule == "duplicate"
