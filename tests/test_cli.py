"""The gloact command, as a person at a terminal uses it."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import subprocess
import sys
import threading
from pathlib import Path

import attrs
import pytest
import yaml

from gloact_model import Event, EventSeries, LoadError, dumps, load, loads, schema_text
from gloact_model.cli import _limits, _parser, main
from gloact_model.formats import Limits
from gloact_model.reports import tables
from tests.conftest import MADRID, ROOT


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(list(args))
    return status, capsys.readouterr().out


def fail(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """The status and standard error of a command that prints nothing on standard output."""
    status = main(list(args))
    captured = capsys.readouterr()
    assert captured.out == "", captured.out
    return status, captured.err


def test_check_a_good_file(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "check", str(MADRID))
    assert status == 0
    assert out == f"{MADRID}: ok (26 records)\n"
    assert run(capsys, "check", "--quiet", str(MADRID)) == (0, "")


_LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<path>\S+): (?P<rest>.+)$")


def test_check_prints_every_load_problem_as_file_line_column_path_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema_version: 1\norganisations:\n  - id: eu\n    name: false\n    seat_country: Egypt\n"
    )
    status, out = run(capsys, "check", str(MADRID), str(bad))
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == f"{MADRID}: ok (26 records)"
    assert lines[1].startswith(f"{bad}:4:11: organisations[0].name: expected text, got false")
    assert lines[2].startswith(f"{bad}:5:19: organisations[0].seat_country: 'Egypt' is not")
    assert "did you mean 'EG'?" in lines[2]
    assert lines[3] == f"{bad}: 2 problems; not loaded"
    assert len(lines) == 4


DANGLING = """schema_version: 1
events:
  - id: course
    name: Course
    kind: training_course
    organisations:
      - organisation_id: osce
        role: organiser
"""


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_check_validates_and_places_each_issue_in_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"course{suffix}"
    text = DANGLING if suffix == ".yaml" else json.dumps(yaml.safe_load(DANGLING), indent=2)
    path.write_text(text)
    status, out = run(capsys, "check", str(path))
    assert status == 1
    first, last = out.splitlines()
    match = _LOCATED.match(first)
    assert match, first
    assert match["path"] == "events[0].organisations[0].organisation_id"
    assert match["rest"].endswith("[error dangling-reference]")
    line = text.splitlines()[int(match["line"]) - 1]
    assert line[int(match["column"]) - 1 :].startswith(("osce", '"osce"'))
    assert last == f"{path}: 1 error, 0 warnings (1 record)"


def test_warnings_change_the_status_only_when_strict(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "speaker.yaml"
    path.write_text(
        "schema_version: 1\npeople:\n  - id: speaker\n    name: A. Speaker\nevents:\n"
        "  - id: course\n    name: Course\n    kind: workshop\n    sessions:\n"
        "      - id: opening\n        kind: opening\n        speaker_ids:\n          - speaker\n"
    )
    status, out = run(capsys, "check", str(path))
    assert status == 0
    assert out.splitlines()[0] == (
        f"{path}:3:5: people[0].affiliation_id: A. Speaker speaks at events[0].sessions[0] "
        "but has neither an affiliation_id nor a programme_id [warning speaker-affiliation]"
    )
    assert run(capsys, "check", "--strict", str(path))[0] == 1
    assert run(capsys, "check", "--strict", str(MADRID))[0] == 0


def test_check_files_that_cannot_be_read_at_all_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "folder.yaml").mkdir()
    for name, expected in [
        ("missing.yaml", "cannot read the file"),
        ("notes.txt", "cannot tell the format"),
        ("folder.yaml", "cannot read the file"),
    ]:
        path = str(tmp_path / name)
        status, out = run(capsys, "check", "--quiet", path, str(MADRID))
        assert status == 2
        assert out.startswith(f"{path}: "), out
        assert expected in out, out


def test_check_files_that_are_not_documents_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "empty.yaml").write_text("")
    (tmp_path / "binary.json").write_bytes(b"\x80\x81\x00")
    for name, expected in [("empty.yaml", "the document is empty"), ("binary.json", "UTF-8")]:
        path = str(tmp_path / name)
        status, out = run(capsys, "check", path)
        assert status == 1
        assert out.startswith(f"{path}:"), out
        assert expected in out, out


def test_check_as_json_for_other_tools(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    course = tmp_path / "course.yaml"
    course.write_text(DANGLING)
    missing = tmp_path / "missing.yaml"
    status, out = run(capsys, "check", "--format", "json", str(MADRID), str(course), str(missing))
    assert status == 2
    report = json.loads(out)
    assert (report["status"], report["errors"], report["warnings"]) == (2, 1, 0)
    good, bad, unreadable = report["files"]
    assert good == {
        "file": str(MADRID),
        "status": "ok",
        "records": 26,
        "errors": 0,
        "more": False,
        "warnings": 0,
        "reason": None,
        "issues": [],
    }
    assert bad["status"] == "errors"
    (issue,) = bad["issues"]
    assert issue["code"] == "dangling-reference"
    assert issue["severity"] == "error"
    assert (issue["line"], issue["column"]) == (7, 26)
    assert unreadable["status"] == "unreadable"
    assert "cannot read the file" in unreadable["reason"]


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "show", str(MADRID))
    assert status == 0
    assert "GLO.ACT: Global Action to Prevent and Address Trafficking" in out
    assert "budget EUR 11,000,000" in out
    assert "funders: European Union (EU)" in out
    assert "United Nations Office on Drugs and Crime (UNODC) (lead)" in out
    assert "Fifth Border Security and Management Workshop" in out
    assert "dates 2018-10 (5 days)" in out
    assert "place: Madrid, Spain (in person)" in out
    assert "participants: 22 from Algeria, Egypt, Israel, Jordan, Morocco, Tunisia" in out
    assert "training [glo-act-training], 2018-10-23: Mr. Aleksander Piecyk" in out


def test_show_a_broken_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "events": 3}')
    status, err = fail(capsys, "show", str(bad))
    assert status == 1
    assert err.startswith(f"{bad}:1:33: events: expected a list")


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["check"])
    assert caught.value.code == 2


@pytest.mark.parametrize("command", [["gloact"], [sys.executable, "-m", "gloact_model"]])
def test_installed_commands(command: list[str]) -> None:
    if command == ["gloact"]:
        script = Path(sys.executable).with_name("gloact")
        if not script.exists():
            pytest.skip("the console script is not installed beside this interpreter")
        command = [str(script)]
    result = subprocess.run(
        [*command, "check", str(MADRID)], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert "ok" in result.stdout
    help_text = subprocess.run(
        [*command, "--help"], capture_output=True, text=True, check=False
    ).stdout
    assert "check" in help_text
    assert "show" in help_text


# gloact convert -----------------------------------------------------------------------


def test_convert_yaml_to_json_and_back_loses_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    as_json, as_yaml = tmp_path / "madrid.json", tmp_path / "madrid.yaml"
    status, out = run(capsys, "convert", str(MADRID), str(as_json))
    assert status == 0
    assert out == f"{as_json}: wrote 26 records as JSON from {MADRID}\n"
    assert as_json.read_text(encoding="utf-8") == dumps(load(MADRID), "json")
    assert run(capsys, "convert", str(as_json), str(as_yaml))[0] == 0
    assert as_yaml.read_bytes() == MADRID.read_bytes()


def test_convert_never_overwrites_unless_forced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "madrid.json"
    target.write_text("weeks of work\n", encoding="utf-8")
    status, err = fail(capsys, "convert", str(MADRID), str(target))
    assert status == 2
    assert err == f"{target}: the file exists; pass --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "weeks of work\n"
    assert run(capsys, "convert", "--force", str(MADRID), str(target))[0] == 0
    assert load(target) == load(MADRID)


def test_convert_a_file_that_does_not_load_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad, target = tmp_path / "bad.yaml", tmp_path / "bad.json"
    bad.write_text("schema_version: 1\norganisations:\n  - id: eu\n    name: false\n")
    status, err = fail(capsys, "convert", str(bad), str(target))
    assert status == 1
    assert err.splitlines() == [
        f"{bad}:4:11: organisations[0].name: expected text, got false [error type]",
        f"{bad}: 1 problem; not loaded",
    ]
    assert not target.exists()


def test_convert_names_what_cannot_be_read_or_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.yaml"
    assert fail(capsys, "convert", str(missing), str(tmp_path / "x.json")) == (
        2,
        f"{missing}: cannot read the file: No such file or directory\n",
    )
    text_file = tmp_path / "madrid.txt"
    assert fail(capsys, "convert", str(MADRID), str(text_file)) == (
        2,
        f"{text_file}: cannot tell the format from the suffix '.txt': use .yaml, .yml or .json\n",
    )
    nowhere = tmp_path / "no-such-folder" / "madrid.json"
    status, err = fail(capsys, "convert", str(MADRID), str(nowhere))
    assert status == 2
    assert err == f"cannot write {nowhere}: the folder {nowhere.parent} does not exist\n"
    assert not text_file.exists()


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_convert_and_schema_to_a_folder_say_it_is_a_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, force: list[str]
) -> None:
    # Not "the file exists; pass --force", which --force cannot mend.
    folder = tmp_path / "madrid.json"
    folder.mkdir()
    said = f"{folder}: is a folder; name the file to write\n"
    assert fail(capsys, "convert", *force, str(MADRID), str(folder)) == (2, said)
    assert fail(capsys, "schema", *force, "-o", str(folder)) == (2, said)
    link = tmp_path / "link.json"
    link.symlink_to(folder)
    assert fail(capsys, "convert", *force, str(MADRID), str(link))[0] == 2
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "madrid.json"]


def test_convert_in_and_out_the_same_file_needs_force_and_keeps_it_whole(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "madrid.yaml"
    path.write_bytes(MADRID.read_bytes())
    assert fail(capsys, "convert", str(path), str(path))[0] == 2
    assert run(capsys, "convert", "--force", str(path), str(path))[0] == 0
    assert path.read_bytes() == MADRID.read_bytes()


def test_convert_through_a_symbolic_link_writes_the_file_it_points_at(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    real = tmp_path / "real.json"
    real.write_text("{}\n", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert fail(capsys, "convert", str(MADRID), str(link))[0] == 2
    assert run(capsys, "convert", "--force", str(MADRID), str(link))[0] == 0
    assert link.is_symlink()
    assert load(real) == load(MADRID)


def test_a_json_lines_file_is_named_as_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = tmp_path / "events.jsonl"
    lines.write_text(dumps(load(MADRID), "json").replace("\n", "") + "\n", encoding="utf-8")
    status, err = fail(capsys, "convert", str(lines), str(tmp_path / "events.yaml"))
    assert status == 2
    assert err == (
        f"{lines}: cannot tell the format from the suffix '.jsonl': use .yaml, .yml or .json "
        "(a JSON Lines file holds a document per line: read it with gloact_model.iter_load)\n"
    )
    assert not (tmp_path / "events.yaml").exists()


def test_convert_does_not_validate_drafts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text(DANGLING, encoding="utf-8")
    assert run(capsys, "check", "-q", str(draft))[0] == 1
    assert run(capsys, "convert", str(draft), str(tmp_path / "draft.json"))[0] == 0
    assert load(tmp_path / "draft.json") == load(draft)


# help ---------------------------------------------------------------------------------

COMMANDS = ("check", "show", "convert", "report", "schema")


def help_text(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as caught:
        main([*args, "--help"])
    assert caught.value.code == 0
    return capsys.readouterr().out


def test_help_lists_every_command_with_examples(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_text(capsys)
    for command in COMMANDS:
        assert re.search(rf"^    {command} +\w", text, re.MULTILINE), command
        assert re.search(rf"^  gloact {command} ", text, re.MULTILINE), command
    assert "Exit status" in text


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_description_and_an_example_that_parses(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    text = help_text(capsys, command)
    assert text.startswith(f"usage: gloact {command} ")
    description = text.split("\n\n")[1]
    assert len(description.split()) >= 15, description
    example = text.rsplit("example:\n  ", 1)[1].strip()
    assert example.startswith(f"gloact {command} ")
    args = _parser().parse_args(shlex.split(example)[1:])
    assert args.run.__name__ == f"_{command}"


# gloact report ------------------------------------------------------------------------


def test_report_prints_every_table_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "report", str(MADRID))
    assert status == 0
    assert out == "\n".join(table.to_text() for table in tables(load(MADRID)))
    titles = [block.splitlines()[0] for block in out.split("\n\n")]
    assert titles == [
        "Events by country and year",
        "Events by kind",
        "Participants by sex",
        "Programmes, funders and budgets",
    ]
    assert "Spain (ES)       2018     1        0          0\n" in out


def test_report_one_table_as_csv_for_a_spreadsheet(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(
        capsys, "report", "--format", "csv", "--table", "events-by-country-year", str(MADRID)
    )
    assert status == 0
    assert out == (
        "country,country_name,year,held,planned,cancelled\r\n"
        "AT,Austria,,0,1,0\r\n"
        "ES,Spain,2018,1,0,0\r\n"
        ",,,2,0,0\r\n"
    )


def test_report_every_table_as_csv_each_after_an_empty_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out = run(capsys, "report", "--format", "csv", str(MADRID))
    assert status == 0
    blocks = out.split("\r\n\r\n")
    expected = tables(load(MADRID))
    assert len(blocks) == len(expected)
    for block, table in zip(blocks, expected, strict=True):
        rows = list(csv.DictReader(io.StringIO(block)))
        assert rows == [{k: _csv_cell(v) for k, v in r.items()} for r in table.records()]
    two = run(
        capsys,
        "report",
        "--format",
        "csv",
        "--table",
        "events-by-kind",
        "--table",
        "participants-by-sex",
        str(MADRID),
    )[1]
    assert two == "\r\n".join([expected[1].to_csv(), expected[2].to_csv()])


def _csv_cell(value: object) -> str:
    return "" if value is None else str(value)


def test_report_on_a_catalogue_with_errors_says_so_on_standard_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text(DANGLING, encoding="utf-8")
    assert main(["report", "--table", "events-by-kind", str(draft)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Events by kind\n")
    assert captured.err == (
        f"{draft}: note: the catalogue has 1 error; the tables may be wrong (see gloact check)\n"
    )


def test_report_on_a_file_that_does_not_load(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\norganisations:\n  - id: eu\n    name: false\n")
    assert main(["report", "--format", "csv", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[-1] == f"{bad}: 1 problem; not loaded"
    assert main(["report", str(tmp_path / "missing.yaml")]) == 2
    with pytest.raises(SystemExit) as caught:
        main(["report", "--table", "events-by-month", str(MADRID)])
    assert caught.value.code == 2
    assert "invalid choice: 'events-by-month'" in capsys.readouterr().err


# gloact schema ------------------------------------------------------------------------


def test_schema_prints_the_published_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "schema")
    assert status == 0
    assert out == schema_text()
    published = Path(__file__).parent.parent / "docs" / "schema" / "catalogue.schema.json"
    assert out == published.read_text(encoding="utf-8")
    assert json.loads(out)["$id"] == "urn:gloact-model:schema:1:catalogue"


def test_schema_of_one_class(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("EventSeries", "event-series", "event_series"):
        assert run(capsys, "schema", "--class", name) == (0, schema_text(EventSeries))
    assert main(["schema", "--class", "meeting"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("gloact schema: there is no record class 'meeting'; ")
    assert "Catalogue, Affiliation, Budget, Event, EventOrganisation" in captured.err


def test_schema_to_a_file_never_overwrites_unless_forced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "catalogue.schema.json"
    assert run(capsys, "schema", "-o", str(target)) == (0, "")
    assert target.read_text(encoding="utf-8") == schema_text()
    target.write_text("{}\n", encoding="utf-8")
    assert fail(capsys, "schema", "--output", str(target)) == (
        2,
        f"{target}: the file exists; pass --force to replace it\n",
    )
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert run(capsys, "schema", "--force", "-o", str(target), "--class", "Event")[0] == 0
    assert target.read_text(encoding="utf-8") == schema_text(Event)
    nowhere = tmp_path / "missing" / "x.json"
    assert fail(capsys, "schema", "-o", str(nowhere)) == (
        2,
        f"cannot write {nowhere}: the folder {nowhere.parent} does not exist\n",
    )


# the output itself -------------------------------------------------------------------


@pytest.mark.parametrize("columns", ["60", "80", "100"])
def test_help_never_breaks_a_name_at_its_hyphens(columns: str) -> None:
    # argparse's wrapping would print "events-by-" and "kind" on two lines.
    result = subprocess.run(
        [sys.executable, "-m", "gloact_model", "report", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": columns},
    )
    for name in ("events-by-country-year", "events-by-kind", "participants-by-sex"):
        assert name in result.stdout, result.stdout
    assert not re.search(r"[\w-]-\n", result.stdout), result.stdout


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    # `gloact schema | head -1`: the pipe closes before the schema is all written.
    with subprocess.Popen(
        [sys.executable, "-m", "gloact_model", "schema"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        process.stdout.close()
        _, error = process.communicate()
    assert (process.returncode, error) == (141, b"")


def test_a_full_disk_is_a_message_not_a_traceback() -> None:
    full = Path("/dev/full")
    if not full.exists():
        pytest.skip("no /dev/full on this system")
    with full.open("w") as stdout:
        result = subprocess.run(
            [sys.executable, "-m", "gloact_model", "schema"],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert (result.returncode, result.stderr) == (
        2,
        "gloact: cannot write the output: No space left on device\n",
    )


# Inputs read once, names that could forge a line, and limits ------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_check_reads_a_fifo_once(tmp_path: Path) -> None:
    # The issue's reproducer: `gloact check` on a FIFO hung, opening it again to place issues.
    fifo = tmp_path / "course.yaml"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as stream:  # waits for the command to open it
            stream.write(DANGLING)

    feeding = threading.Thread(target=feed, daemon=True)
    feeding.start()
    with subprocess.Popen(
        [sys.executable, "-m", "gloact_model", "check", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            out, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            pytest.fail("gloact check did not finish: it waited to read the FIFO a second time")
        finally:
            if feeding.is_alive():  # the command never opened the FIFO: let the writer go
                os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
            feeding.join(5)
    assert (process.returncode, err) == (1, "")
    first, verdict = out.splitlines()
    assert first.startswith(f"{fifo}:7:26: events[0].organisations[0].organisation_id: refers")
    assert verdict == f"{fifo}: 1 error, 0 warnings (1 record)"


FORGED = "x.yaml\nforged.yaml:1:1: all is well [error none]\ncourse.yaml"


def test_file_names_are_escaped_in_every_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A name with a newline forged a problem line of its own in `gloact check` output.
    path = tmp_path / FORGED
    path.write_text(DANGLING)
    shown = str(tmp_path / FORGED.replace("\n", "\\n"))
    status, out = run(capsys, "check", str(path))
    assert status == 1
    first, verdict = out.splitlines()
    assert first.startswith(f"{shown}:7:26: events[0].organisations[0]")
    assert verdict == f"{shown}: 1 error, 0 warnings (1 record)"
    status, out = run(capsys, "check", "--format", "json", str(path))
    assert json.loads(out)["files"][0]["file"] == shown
    assert main(["report", str(path)]) == 0
    assert capsys.readouterr().err.startswith(f"{shown}: note: the catalogue has 1 error")
    copy = tmp_path / "copy\x1b[2J.json"
    assert run(capsys, "convert", str(path), str(copy)) == (
        0,
        f"{tmp_path / 'copy'}\\x1b[2J.json: wrote 1 record as JSON from {shown}\n",
    )
    status, err = fail(capsys, "convert", str(path), str(copy))
    assert err == f"{tmp_path / 'copy'}\\x1b[2J.json: the file exists; pass --force to replace it\n"

    path.write_text("schema_version: 1\nevents: 3\n")
    status, err = fail(capsys, "show", str(path))
    assert status == 1
    assert err.splitlines()[0].startswith(f"{shown}:2:9: events: expected a list")
    with pytest.raises(LoadError) as caught:
        load(path)
    assert str(caught.value).splitlines()[0] == f"{shown}: 1 problem"
    assert caught.value.source == str(path)  # the name itself is kept, for programs

    report = loads(DANGLING).validate()
    assert report.to_text(str(path)).startswith(f"{shown}: events[0].organisations[0]")
    assert json.loads(report.to_json(str(path)))["source"] == shown


def test_a_name_that_is_not_utf8_is_shown_byte_for_byte(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / os.fsdecode(b"caf\xe9\xe2\x80\xae.yaml")  # Latin-1, then U+202E
    path.write_text(DANGLING)
    status, out = run(capsys, "check", str(path))
    assert status == 1
    assert (
        out.splitlines()[-1] == f"{tmp_path}/caf\\xe9\\u202e.yaml: 1 error, 0 warnings (1 record)"
    )
    assert json.loads(run(capsys, "check", "--format", "json", str(path))[1])["files"][0][
        "file"
    ] == (f"{tmp_path}/caf\\xe9\\u202e.yaml")


LIMIT_NAMES = [field.name for field in attrs.fields(Limits)]
READING = {
    "check": ["FILE"],
    "show": ["FILE"],
    "convert": ["FILE", "out.json"],
    "report": ["FILE"],
}


@pytest.mark.parametrize("command", READING)
def test_every_limit_has_an_option_on_every_command_that_reads(command: str) -> None:
    parser = _parser()
    for name in LIMIT_NAMES:
        option = "--" + name.replace("_", "-")
        args = parser.parse_args([command, option, "1,000", *READING[command]])
        assert _limits(args) == Limits(**{name: 1000})
    assert _limits(parser.parse_args([command, *READING[command]])) == Limits()
    documented = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert all(f"`--{name.replace('_', '-')} N`" in documented for name in LIMIT_NAMES)


def test_limits_from_the_command_line_apply(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out = run(capsys, "check", "--max-records", "3", str(MADRID))
    assert status == 1
    assert "more than the limit of 3 (Limits.max_records) [error too-many-records]" in out
    status, out = run(capsys, "check", "--max-bytes", "1000", str(MADRID))
    assert (status, "(Limits.max_bytes) [error too-large]" in out) == (1, True)
    assert main(["show", "--max-depth", "2", str(MADRID)]) == 1
    assert "(Limits.max_depth)" in capsys.readouterr().err
    out_file = tmp_path / "out.json"
    assert main(["convert", "--max-text", "5", str(MADRID), str(out_file)]) == 1
    assert "(Limits.max_text)" in capsys.readouterr().err
    assert not out_file.exists()
    assert main(["report", "--max-values", "10", str(MADRID)]) == 1
    assert "(Limits.max_values)" in capsys.readouterr().err
    big = str(sys.maxsize)
    assert run(capsys, "check", "--max-bytes", big, "--max-depth", big, str(MADRID))[0] == 0


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("0", "must be at least 1, not 0"),
        ("-5", "must be at least 1, not -5"),
        ("many", "expected a whole number from 1 to"),
        ("1.5", "expected a whole number from 1 to"),
        ("", "expected a whole number from 1 to"),
        (str(sys.maxsize + 1), "must be at most"),
        ("9" * 5000, "expected a whole number from 1 to"),
    ],
)
def test_a_bad_limit_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], value: str, said: str
) -> None:
    for name in LIMIT_NAMES:
        option = "--" + name.replace("_", "-")
        with pytest.raises(SystemExit) as caught:
            main(["check", f"{option}={value}", str(MADRID)])
        assert caught.value.code == 2
        err = capsys.readouterr().err
        assert f"error: argument {option}: " in err, err
        assert said in err, err
        assert "Traceback" not in err
