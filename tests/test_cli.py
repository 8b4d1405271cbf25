"""The gloact command, as a person at a terminal uses it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gloact_model.cli import main
from tests.conftest import MADRID


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(list(args))
    return status, capsys.readouterr().out


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
    status, out = run(capsys, "show", str(bad))
    assert status == 1
    assert out.startswith(f"{bad}:1:33: events: expected a list")


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
