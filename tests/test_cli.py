"""The gloact command, as a person at a terminal uses it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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


def test_check_prints_every_problem_as_file_path_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema_version: 1\norganisations:\n  - id: eu\n    name: false\n    seat_country: Egypt\n"
    )
    status, out = run(capsys, "check", str(MADRID), str(bad))
    assert status == 1
    lines = out.splitlines()
    assert lines[0].endswith("ok (26 records)")
    assert lines[1].startswith(f"{bad}: organisations[0].name: expected text, got false")
    assert lines[2].startswith(f"{bad}: organisations[0].seat_country: 'Egypt' is not")
    assert "did you mean 'EG'?" in lines[2]
    assert len(lines) == 3


def test_check_files_that_cannot_be_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "empty.yaml").write_text("")
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00")
    (tmp_path / "folder.yaml").mkdir()
    for name, expected in [
        ("missing.yaml", "cannot read the file"),
        ("notes.txt", "cannot tell the format"),
        ("empty.yaml", "the document is empty"),
        ("binary.json", "not UTF-8"),
        ("folder.yaml", "cannot read the file"),
    ]:
        path = str(tmp_path / name)
        status, out = run(capsys, "check", path)
        assert status == 1
        assert out.startswith(f"{path}: "), out
        assert expected in out, out


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
    assert out.startswith(f"{bad}: events: expected a list")


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
