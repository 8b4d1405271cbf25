"""Files written safely and read within bounds: what `dump` and `load` promise of the file.

Writing replaces only a regular file (never a FIFO or a device, also when one
takes the target's place while the text is written), and cleans up after a
write that was killed; reading allocates for the data, never for the limit.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gloact_model import Catalogue, LoadError, Organisation, dump, dump_lines, load
from gloact_model.cli import main
from gloact_model.formats import Limits, reading
from tests.conftest import MADRID
from tests.costs import peak_bytes

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")

CATALOGUE = Catalogue(organisations=(Organisation(id="eu", name="European Union"),))


def _is_fifo(path: Path) -> bool:
    return stat.S_ISFIFO(os.lstat(path).st_mode)


def _temporary_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".mode")))


# Only a regular file is replaced ---------------------------------------------


@pytest.mark.parametrize("overwrite", [False, True])
def test_dump_refuses_to_replace_a_fifo(tmp_path: Path, overwrite: bool) -> None:
    fifo = tmp_path / "catalogue.yaml"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="it is a FIFO") as caught:
        dump(CATALOGUE, fifo, overwrite=overwrite)
    # Not "the file exists; pass overwrite=True": that would not help.
    assert not isinstance(caught.value, FileExistsError)
    assert str(fifo) in str(caught.value)
    with pytest.raises(OSError, match="only a regular file is replaced"):
        dump_lines([CATALOGUE.organisations[0]], fifo, overwrite=overwrite)
    assert _is_fifo(fifo)
    assert _temporary_files(tmp_path) == []


def test_dump_through_a_link_to_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "catalogue.json"
    link.symlink_to(fifo)
    with pytest.raises(OSError, match="it is a FIFO"):
        dump(CATALOGUE, link, overwrite=True)
    assert link.is_symlink()
    assert _is_fifo(fifo)


def test_dump_replaces_a_regular_file_and_a_link_to_one(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old")
    link = tmp_path / "catalogue.yaml"
    link.symlink_to(real)
    dump(CATALOGUE, link, overwrite=True)
    assert link.is_symlink()
    assert load(real) == CATALOGUE


def test_dump_refuses_to_replace_a_device(tmp_path: Path) -> None:
    device = tmp_path / "device.json"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # as /dev/null is
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs root (CAP_MKNOD)")
    with pytest.raises(OSError, match="it is a character device"):
        dump(CATALOGUE, device, overwrite=True)
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_convert_force_refuses_a_fifo(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # The reproducer, with a FIFO for the device: gloact convert --force IN dev.json
    fifo = tmp_path / "dev.json"
    os.mkfifo(fifo)
    assert main(["convert", "--force", str(MADRID), str(fifo)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"cannot write {fifo}: it is a FIFO (a named pipe); only a regular file is replaced\n"
    )
    assert _is_fifo(fifo)


def test_a_fifo_made_while_the_text_is_written_is_not_replaced(tmp_path: Path) -> None:
    """The target is looked at again just before the new file takes its name."""
    target = tmp_path / "catalogue.jsonl"
    target.write_text("")

    def records() -> Iterator[Organisation]:
        yield CATALOGUE.organisations[0]
        # Meanwhile, another process puts a FIFO where the file was.
        target.unlink()
        os.mkfifo(target)
        yield CATALOGUE.organisations[0]

    with pytest.raises(OSError, match="it is a FIFO"):
        dump_lines(records(), target, overwrite=True)
    assert _is_fifo(target)
    assert _temporary_files(tmp_path) == []


# Temporary files left by killed writes ---------------------------------------

OLD = time.time() - 3600


def _left(path: Path, *, mtime: float = OLD) -> Path:
    path.write_text("half a document")
    os.utime(path, (mtime, mtime))
    return path


def test_a_write_removes_the_stale_temporary_files_of_its_target(tmp_path: Path) -> None:
    target = tmp_path / "madrid.yaml"
    target.write_text("old")
    stale = [
        _left(tmp_path / ".madrid.yaml.k2x_9abc.tmp"),
        _left(tmp_path / ".madrid.yaml.0aq3zzzz.mode"),
    ]
    kept = [
        _left(tmp_path / ".madrid.yaml.fresh000.tmp", mtime=time.time()),  # a write going on
        _left(tmp_path / ".vienna.yaml.k2x_9abc.tmp"),  # another target's
        _left(tmp_path / ".madrid.yaml.k2x_9abc.tmp.bak"),  # not a name that writing gives
        _left(tmp_path / ".madrid.yaml.longer_name.tmp"),
        _left(tmp_path / "madrid.yaml.k2x_9abc.tmp"),
        _left(tmp_path / ".madrid.yaml.k2x_9abc.tmp.madrid.yaml.k2x_9abc.tmp"),
    ]
    folder = tmp_path / ".madrid.yaml.folder00.tmp"
    folder.mkdir()
    os.utime(folder, (OLD, OLD))
    elsewhere = _left(tmp_path / "precious")
    link = tmp_path / ".madrid.yaml.symlink0.tmp"
    link.symlink_to(elsewhere)
    os.utime(link, (OLD, OLD), follow_symlinks=False)

    dump(CATALOGUE, target, overwrite=True)

    assert load(target) == CATALOGUE
    assert [p for p in stale if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []
    assert folder.is_dir()
    assert link.is_symlink()
    assert elsewhere.exists()


def test_a_temporary_file_in_use_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "madrid.json"
    locked = _left(tmp_path / ".madrid.json.lockedaa.tmp")
    with open(locked, "rb") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)  # as a write that is still going on holds it
        dump(CATALOGUE, target)
        assert locked.exists()
    dump(CATALOGUE, target, overwrite=True)
    assert not locked.exists()


def test_a_temporary_file_of_another_user_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "madrid.json"
    others = _left(tmp_path / ".madrid.json.othersaa.tmp")
    if os.getuid() == 0:
        os.chown(others, 4242, 4242)
    else:
        # No file of another user can be made without root: this user becomes another.
        uid = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: uid + 1)
    dump(CATALOGUE, target)
    assert others.exists()


def test_a_write_holds_the_lock_of_its_temporary_file(tmp_path: Path) -> None:
    """What keeps a slow write's file from being taken for a stale one."""
    target = tmp_path / "organisations.jsonl"
    seen: list[bool] = []

    def records() -> Iterator[Organisation]:
        (temporary,) = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        with open(temporary, "rb") as other:
            try:
                fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                seen.append(True)
            else:  # pragma: no cover - the defect
                seen.append(False)
        yield CATALOGUE.organisations[0]

    assert dump_lines(records(), target) == 1
    assert seen == [True]
    assert _temporary_files(tmp_path) == []


# Reading: memory for the data, never for the limit ---------------------------


@pytest.mark.parametrize("max_bytes", [10**11, 2**62])
def test_load_with_a_large_max_bytes_allocates_for_the_data(tmp_path: Path, max_bytes: int) -> None:
    # The reproducer: load(path, limits=Limits(max_bytes=10**11)) raised MemoryError.
    path = tmp_path / "madrid.yaml"
    path.write_bytes(MADRID.read_bytes())
    limits = Limits(max_bytes=max_bytes)
    assert len(load(path, limits=limits)) == 26
    # The file is 14 KB; reading and parsing it takes a few hundred KB.
    assert peak_bytes(lambda _: load(path, limits=limits), b"") < 5_000_000
    read = peak_bytes(lambda _: reading.read_bytes(path, limits=limits), b"")
    assert read < 2 * path.stat().st_size + 100_000


def _feed(fifo: Path, data: bytes) -> threading.Thread:
    """A thread that writes `data` into the FIFO once, as a pipe from another program would."""

    def write() -> None:
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as stream:
            stream.write(data)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def test_a_fifo_is_read_a_chunk_at_a_time_up_to_the_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "catalogue.yaml"
    os.mkfifo(fifo)
    text = MADRID.read_bytes()
    feeding = _feed(fifo, text)
    assert len(load(fifo)) == 26
    feeding.join(5)
    # Beyond the limit, a pipe is refused once it has given one byte more than the limit.
    feeding = _feed(fifo, b"#" * 3_000_000)
    with pytest.raises(LoadError, match="at least 2,000,001 bytes") as caught:
        reading.read_bytes(fifo, limits=Limits(max_bytes=2_000_000))
    assert caught.value.problems[0].code == "too-large"
    feeding.join(5)
