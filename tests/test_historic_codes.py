"""Historic country and currency codes: accepted, marked, warned of, and never pycountry's say.

Which codes are valid comes from the table shipped in `gloact_model.model.codes`,
so a file that loads today loads after pycountry is upgraded: a 2018 budget in
Croatian kuna stays valid, and the published JSON Schema stays the same text.
"""

from __future__ import annotations

import ast
import json
import types
from datetime import date
from decimal import Decimal
from pathlib import Path

import pycountry
import pytest
from hypothesis import Phase, find, given, settings

from gloact_model import (
    Catalogue,
    Country,
    Event,
    EventKind,
    Funder,
    InvariantError,
    Location,
    Money,
    Organisation,
    PartialDate,
    Participation,
    Period,
    Programme,
    Session,
    SessionKind,
    dumps,
    loads,
)
from gloact_model import schema as schema_module
from gloact_model.cli import main
from gloact_model.model import codes
from gloact_model.model.codes import COUNTRIES, COUNTRY_CODES, CURRENCIES
from gloact_model.schema import json_schema, schema_text
from gloact_model.testing import consistent_catalogues, countries, money
from gloact_model.testing._records import _in_use
from tests.conftest import ROOT

SRC = ROOT / "src" / "gloact_model"


# The table ---------------------------------------------------------------------


def test_a_historic_country_code_constructs_and_says_since_when() -> None:
    antilles = Country("AN")
    assert antilles.is_historic
    assert antilles.withdrawn == PartialDate.parse("2010-12-15")
    assert (antilles.name, antilles.official_name, antilles.alpha3) == (
        "Netherlands Antilles",
        "Netherlands Antilles",
        "ANT",
    )
    assert antilles.label == "Netherlands Antilles (historic code, withdrawn 2010-12-15)"
    assert str(antilles) == "AN"


def test_a_current_country_code_is_not_historic_and_keeps_pycountrys_names() -> None:
    egypt = Country("EG")
    assert not egypt.is_historic
    assert egypt.withdrawn is None
    assert (egypt.name, egypt.official_name, egypt.label) == (
        "Egypt",
        "Arab Republic of Egypt",
        "Egypt",
    )


@pytest.mark.parametrize(
    ("code", "name", "withdrawn"),
    [
        ("CS", "Serbia and Montenegro", "2006-09-26"),  # its last meaning, not Czechoslovakia
        ("YU", "Yugoslavia", "2003-07-23"),
        ("SU", "USSR", "1992-08-30"),
        ("FQ", "French Southern and Antarctic Territories", "1979"),  # known to the year only
    ],
)
def test_historic_country_codes_have_their_names_and_dates(
    code: str, name: str, withdrawn: str
) -> None:
    country = Country(code)
    assert (country.name, str(country.withdrawn)) == (name, withdrawn)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("BY", "Belarus"),
        ("GE", "Georgia"),
        ("SK", "Slovakia"),
        ("AI", "Anguilla"),
        ("BQ", "Bonaire, Sint Eustatius and Saba"),
    ],
)
def test_codes_that_iso_gave_to_another_country_mean_the_current_one(code: str, name: str) -> None:
    country = Country(code)
    assert not country.is_historic
    assert country.name == name


def test_a_historic_alpha3_code_that_is_current_again_finds_the_current_country() -> None:
    # ATF was FQ's alpha-3 code, and is the French Southern Territories' now.
    assert Country.lookup("ATF") == Country("TF")
    assert Country.lookup("ANT") == Country("AN")
    assert Country.lookup("Netherlands Antilles") == Country("AN")
    for name, code in [
        ("Yugoslavia", "YU"),
        ("Soviet Union", "SU"),
        ("USSR", "SU"),
        ("East Germany", "DD"),
        ("Zaire", "ZR"),
        ("Upper Volta", "HV"),
    ]:
        assert Country.lookup(name) == Country(code), name
    assert Country.lookup("Burma") == Country("MM")  # today's name of Myanmar, not BU


def test_a_historic_currency_constructs_and_says_since_when() -> None:
    kuna = Money(amount=Decimal("1500000"), currency="HRK")
    assert kuna.currency_is_historic
    assert kuna.currency_withdrawn == PartialDate.parse("2023-01-01")
    assert kuna.label == "HRK 1,500,000 (historic currency, withdrawn 2023-01-01)"
    assert str(kuna) == "HRK 1,500,000"  # text for data stays as it was
    euros = Money(amount=Decimal("1500000"), currency="EUR")
    assert not euros.currency_is_historic
    assert euros.currency_withdrawn is None
    assert str(euros) == "EUR 1,500,000"


def test_unknown_codes_are_still_refused() -> None:
    with pytest.raises(InvariantError, match="is not an ISO 3166-1 alpha-2 code"):
        Country("XX")
    with pytest.raises(InvariantError, match="is not an ISO 4217 currency code"):
        Money(amount=Decimal(1), currency="XYZ")


# The codes that the installed pycountry lists as current at the floor the
# package allows (23.12.11) but not since: files that held them stay valid.
CURRENT_AT_THE_PYCOUNTRY_FLOOR = ("ANG", "BGN", "CUC", "HRK", "SLL", "ZWL")


@pytest.mark.parametrize("code", CURRENT_AT_THE_PYCOUNTRY_FLOOR)
def test_currencies_that_an_older_pycountry_knew_are_accepted_as_historic(code: str) -> None:
    assert Money(amount=Decimal(1), currency=code).currency_is_historic


def test_the_current_codes_are_pycountrys_at_the_date_of_the_table() -> None:
    # pycountry 26.2.16 is the source of the current codes; the table's date says so.
    assert date(2026, 2, 16) == codes.CODES_AS_OF
    current = {code for code, known in COUNTRIES.items() if not known.is_historic}
    # ISO's 249, and Kosovo's user-assigned XK, which pycountry does not list.
    assert current - codes.USER_ASSIGNED_COUNTRY_CODES == {c.alpha_2 for c in pycountry.countries}
    assert len(current) == 250
    assert {"AN", "CS", "YU", "SU", "DD", "ZR", "TP"} <= COUNTRY_CODES - current
    assert {"EUR", "USD", "XCG", "ZWG"} <= {c for c, k in CURRENCIES.items() if not k.is_historic}
    assert {"HRK", "DEM", "XEU", "BGN"} <= {c for c, k in CURRENCIES.items() if k.is_historic}


def test_every_withdrawal_date_is_a_partial_date_and_every_code_is_well_formed() -> None:
    for code, country in COUNTRIES.items():
        assert len(code) == 2
        assert code.isupper()
        assert len(country.alpha3) == 3
        if country.withdrawn is not None:
            PartialDate.parse(country.withdrawn)
    for code, currency in CURRENCIES.items():
        assert len(code) == 3
        assert code.isupper()
        if currency.withdrawn is not None:
            PartialDate.parse(currency.withdrawn)


def test_the_code_table_does_not_read_pycountry() -> None:
    for module in ("codes.py", "_code_table.py"):
        tree = ast.parse((SRC / "model" / module).read_text(encoding="utf-8"))
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        } | {
            (node.module or "").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
        }
        assert "pycountry" not in imported, module


def test_validity_does_not_change_with_the_installed_pycountry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As if pycountry were upgraded to one that dropped Egypt and the euro.
    monkeypatch.setattr(pycountry, "countries", [])
    monkeypatch.setattr(pycountry, "currencies", [])
    assert Money(amount=Decimal(1), currency="EUR").currency == "EUR"
    assert Country("EG").code == "EG"
    assert Country("AN").name == "Netherlands Antilles"


def test_a_current_code_that_pycountry_no_longer_knows_keeps_the_tables_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = types.SimpleNamespace(get=lambda **_: None)
    monkeypatch.setattr(pycountry, "countries", empty)
    assert Country("EG").name == Country("EG").official_name == "Egypt"


# Files --------------------------------------------------------------------------


OLD_RECORDS = """\
schema_version: 1
organisations:
  - id: ministry
    name: Ministry of the Interior
    seat_country: YU
programmes:
  - id: border-programme
    name: Border Cooperation Programme
    period:
      start: '2008'
      end: '2011'
    budget:
      amount: '1500000'
      currency: HRK
    countries:
      - HR
      - AN
"""


def test_old_records_load_round_trip_and_validate_clean() -> None:
    catalogue = loads(OLD_RECORDS)
    assert catalogue.programmes[0].budget == Money(amount=Decimal(1_500_000), currency="HRK")
    assert catalogue.organisations[0].seat_country == Country("YU")
    assert loads(dumps(catalogue)) == catalogue
    assert loads(dumps(catalogue, format="json")) == catalogue
    # Right for their time: the kuna and the Netherlands Antilles were current in 2008.
    assert catalogue.validate().codes() == ()


# The rule ------------------------------------------------------------------------


def _programme(start: str | None, *, currency: str = "HRK", country: str = "HR") -> Programme:
    return Programme(
        id="p",
        name="Border Cooperation Programme",
        period=None if start is None else Period(start=PartialDate.parse(start)),
        budget=Money(amount=Decimal(100), currency=currency),
        funders=(
            Funder(organisation_id="o", contribution=Money(amount=Decimal(5), currency=currency)),
        ),
        countries=(Country(country),),
    )


def _issues(catalogue: Catalogue) -> list[tuple[str, str]]:
    return [
        (issue.path, issue.message)
        for issue in catalogue.validate().issues
        if issue.code == "historic-code"
    ]


def test_a_budget_in_kuna_for_a_programme_that_starts_after_the_euro_is_warned_of() -> None:
    report = Catalogue(programmes=(_programme("2023-03"),)).validate()
    found = [i for i in report.issues if i.code == "historic-code"]
    assert [(i.path, i.severity.value) for i in found] == [
        ("programmes[0].budget.currency", "warning"),
        ("programmes[0].funders[0].contribution.currency", "warning"),
    ]
    assert found[0].message == (
        "HRK is a historic currency, withdrawn 2023-01-01, but the programme starts 2023-03"
    )


@pytest.mark.parametrize(
    ("start", "warned"),
    [
        ("2018", False),
        ("2022-12-31", False),
        ("2022", False),  # may be any day of 2022
        ("2023", True),  # its first day is already the euro's
        ("2023-01-01", True),
        (None, False),  # no start: nothing certain
    ],
)
def test_the_rule_warns_only_when_the_start_is_certainly_after_the_withdrawal(
    start: str | None, warned: bool
) -> None:
    assert bool(_issues(Catalogue(programmes=(_programme(start),)))) is warned


def test_a_withdrawal_known_to_the_year_only_warns_from_the_year_after() -> None:
    # FQ was withdrawn in 1979, on a day ISO 3166-3 does not give.
    during = _programme("1979-06", currency="EUR", country="FQ")
    after = _programme("1980", currency="EUR", country="FQ")
    assert _issues(Catalogue(programmes=(during,))) == []
    assert _issues(Catalogue(programmes=(after,))) == [
        (
            "programmes[0].countries[0]",
            "FQ (French Southern and Antarctic Territories) is a historic code, withdrawn 1979, "
            "but the programme starts 1980",
        )
    ]


def test_an_event_in_the_netherlands_antilles_in_2019_is_warned_of_where_it_says_so() -> None:
    event = Event(
        id="e",
        name="Workshop",
        kind=EventKind.WORKSHOP,
        period=Period.parse("2019-03-04/2019-03-05"),
        location=Location(country=Country("AN")),
        participation=Participation(total=3, countries=(Country("AN"), Country("NL"))),
        sessions=(
            Session(
                id="s1",
                kind=SessionKind.TRAINING,
                participation=Participation(total=1, countries=(Country("AN"),)),
            ),
            Session(
                id="s2",
                kind=SessionKind.TRAINING,
                period=Period.on("2019-03-05"),
                participation=Participation(total=1, countries=(Country("CS"),)),
            ),
        ),
    )
    found = _issues(Catalogue(events=(event,)))
    assert [path for path, _ in found] == [
        "events[0].location.country",
        "events[0].participation.countries[0]",
        "events[0].sessions[0].participation.countries[0]",
        "events[0].sessions[1].participation.countries[0]",
    ]
    assert found[0][1] == (
        "AN (Netherlands Antilles) is a historic code, withdrawn 2010-12-15, "
        "but the event starts 2019-03-04"
    )
    assert found[3][1].endswith("but the session starts 2019-03-05")


def test_records_of_their_time_and_undated_ones_are_not_warned_of() -> None:
    event = Event(
        id="e",
        name="Workshop",
        kind=EventKind.WORKSHOP,
        period=Period.on("2009"),
        location=Location(country=Country("AN")),
    )
    undated = Event(
        id="u", name="Workshop", kind=EventKind.WORKSHOP, location=Location(country=Country("YU"))
    )
    seat = Organisation(id="o", name="Ministry", seat_country=Country("YU"))
    assert _issues(Catalogue(events=(event, undated), organisations=(seat,))) == []


# Displays -------------------------------------------------------------------------


def test_displays_mark_historic_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(OLD_RECORDS, encoding="utf-8")
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "countries: Croatia, Netherlands Antilles (historic code, withdrawn 2010-12-15)" in out
    assert "budget HRK 1,500,000 (historic currency, withdrawn 2023-01-01)" in out
    markup = loads(OLD_RECORDS).programmes[0]._repr_html_()
    assert "Netherlands Antilles (historic code, withdrawn 2010-12-15)" in markup
    assert "HRK 1,500,000 (historic currency, withdrawn 2023-01-01)" in markup


def test_displays_of_current_codes_are_unchanged() -> None:
    programme = _programme("2018", currency="EUR", country="EG")
    markup = programme._repr_html_()
    assert "Egypt" in markup
    assert "historic" not in markup


# The schema -----------------------------------------------------------------------


def test_the_schema_lists_historic_codes_as_deprecated_with_their_dates() -> None:
    defs = json_schema()["$defs"]
    current, *historic = defs["Country"]["oneOf"]
    assert "AN" not in current["enum"]
    assert "EG" in current["enum"]
    assert {
        "const": "AN",
        "title": "Netherlands Antilles",
        "description": "A historic country code, withdrawn 2010-12-15.",
        "deprecated": True,
    } in historic
    current, *historic = defs["Currency"]["oneOf"]
    assert "HRK" not in current["enum"]
    assert "EUR" in current["enum"]
    assert {
        "const": "HRK",
        "title": "Kuna",
        "description": "A historic currency code, withdrawn 2023-01-01.",
        "deprecated": True,
    } in historic


def test_the_schema_text_does_not_depend_on_the_installed_pycountry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    published = (ROOT / "docs" / "schema" / "catalogue.schema.json").read_text(encoding="utf-8")
    assert schema_text() == published
    # As if pycountry were upgraded to one that knows no codes at all.
    monkeypatch.setattr(pycountry, "countries", [])
    monkeypatch.setattr(pycountry, "currencies", [])
    monkeypatch.setattr(pycountry, "historic_countries", [])
    schema_module._walk.cache_clear()
    try:
        assert schema_text() == published
    finally:
        schema_module._walk.cache_clear()


def test_the_schema_accepts_old_records() -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="needs jsonschema, in the test extra")

    document = json.loads(dumps(loads(OLD_RECORDS), format="json"))
    jsonschema.Draft202012Validator(json_schema()).validate(document)


# Strategies -----------------------------------------------------------------------


@given(countries())
def test_drawn_countries_are_accepted(country: Country) -> None:
    assert country.code in COUNTRY_CODES


def test_strategies_draw_historic_codes_too() -> None:
    assert find(countries(), lambda c: c.is_historic).is_historic
    assert find(money(), lambda m: m.currency_is_historic).currency_is_historic


def test_codes_in_use_on_a_day_leave_out_those_withdrawn_by_then() -> None:
    assert "AN" in _in_use(COUNTRIES, date(2010, 12, 14))
    assert "AN" not in _in_use(COUNTRIES, date(2010, 12, 15))
    assert "HRK" in _in_use(CURRENCIES, date(2022, 12, 31))
    assert "HRK" not in _in_use(CURRENCIES, date(2023, 1, 1))
    # Known to the year only: no longer in use from the last day it may have been withdrawn.
    assert "FQ" in _in_use(COUNTRIES, date(1979, 12, 30))
    assert "FQ" not in _in_use(COUNTRIES, date(1979, 12, 31))
    assert "EG" in _in_use(COUNTRIES, date(9999, 12, 31))


@settings(max_examples=30, database=None)
@given(consistent_catalogues())
def test_consistent_catalogues_never_warn_of_historic_codes(catalogue: Catalogue) -> None:
    assert "historic-code" not in catalogue.validate().codes()


def test_consistent_catalogues_hold_historic_codes_where_the_era_allows() -> None:
    found = find(
        consistent_catalogues(max_records=2),
        lambda c: any(country.is_historic for p in c.programmes for country in p.countries),
        # The first one found will do: shrinking a catalogue takes long, and tells nothing.
        settings=settings(
            max_examples=2000, database=None, derandomize=True, phases=[Phase.generate]
        ),
    )
    assert found.validate().codes() == ()


def test_report_tables_mark_historic_codes_briefly() -> None:
    from gloact_model.reports import events_by_country_and_year, programmes_and_funders  # noqa: PLC0415

    catalogue = loads(OLD_RECORDS)
    funders = programmes_and_funders(catalogue).to_text()
    assert "HRK 1,500,000 (historic currency)" in funders
    assert "withdrawn" not in funders  # the table stays narrow; the record says when
    holder = Event(
        id="e",
        name="E",
        kind=EventKind.MEETING,
        period=Period.parse("2008"),
        location=Location(country=Country("AN")),
    )
    places = events_by_country_and_year(Catalogue(events=(holder,))).to_text()
    assert "Netherlands Antilles (AN, historic code)" in places


def test_currencies_withdrawn_since_1999_are_all_in_the_table() -> None:
    # ISO 4217 list three, withdrawals from 1999 on, as the table's source gives them.
    for code, withdrawn in [
        ("AOR", "2000-02"),
        ("ECV", "2000-09"),
        ("TJR", "2001-04"),
        ("XFO", "2006-10"),
        ("XFU", "2013-11"),
        ("USS", "2014-03"),
        ("XRE", "1999-11"),
        ("ZRN", "1999-06"),
    ]:
        assert str(CURRENCIES[code].withdrawn) == withdrawn, code
