"""Writing a file safely: never over an existing file unasked, and never half-written.

`write_file` is what `gloact_model.formats.dump` and the command line use;
`writable` and `write_atomically` are its two steps, for a writer (such as
`dump_lines`) that streams its text into the file.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

__all__ = ["writable", "write_atomically", "write_file"]


def write_file(data: bytes, path: str | os.PathLike[str], *, overwrite: bool) -> None:
    """Write `data` to a new file at `path`, atomically; replace a file only with `overwrite`."""
    target = writable(path, overwrite=overwrite)
    write_atomically(target, lambda stream: stream.write(data), overwrite=overwrite, shown=path)


def writable(path: str | os.PathLike[str], *, overwrite: bool) -> Path:
    """The file to write for `path`, after refusing what cannot or must not be written.

    A symbolic link is followed, so that the file it points at is written and
    the link kept.
    """
    target = Path(path)
    if target.is_symlink():
        try:
            target = target.resolve()
            # Python 3.13 stops at a loop of links and returns a link; earlier ones raise.
            looped = target.is_symlink()
        except RuntimeError:
            looped = True
        if looped:
            raise OSError(errno.ELOOP, f"cannot write {path}: its links run in a loop")
    if not target.parent.is_dir():
        raise FileNotFoundError(f"cannot write {path}: the folder {target.parent} does not exist")
    if not overwrite and target.exists():
        raise _exists(path)
    return target


def _exists(path: str | os.PathLike[str]) -> FileExistsError:
    return FileExistsError(
        f"cannot write {path}: the file exists; pass overwrite=True to replace it"
    )


# Where os.link fails because the file system has no hard links.
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV}


def write_atomically(
    target: Path,
    write: Callable[[BinaryIO], object],
    *,
    overwrite: bool,
    shown: str | os.PathLike[str],
) -> None:
    """Have `write` fill a temporary file beside `target`, then put it in place in one step.

    `target` comes from `writable`; `shown` is the path as the caller gave it,
    for the message when the file turns out to exist.
    """
    directory = target.parent
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        _copy_mode(target, temporary)
        if overwrite:
            os.replace(temporary, target)
        else:
            _create(temporary, target, shown)
    finally:
        # After os.replace the name is gone; after a hard link it is a second name.
        Path(temporary).unlink(missing_ok=True)
    _sync_directory(directory)


def _create(temporary: str, target: Path, shown: str | os.PathLike[str]) -> None:
    """Give the complete temporary file the name `target`, which must not exist yet.

    A hard link fails if the name is taken, whoever took it and whenever. Where
    the file system has no hard links, the name is claimed with an empty file
    first, then replaced; only a crash between the two can leave that file empty.
    """
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise _exists(shown) from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            raise _exists(shown) from None
        try:
            os.replace(temporary, target)
        except BaseException:
            target.unlink(missing_ok=True)
            raise


def _copy_mode(target: Path, temporary: str) -> None:
    """Give the new file the permissions of the one it replaces, or the usual ones.

    mkstemp makes a private file (0600); a new document should be as readable as
    any file the user creates, so it gets what the umask allows, found without
    changing the process's umask (which other threads share).
    """
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        probe = Path(temporary).with_suffix(".mode")
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        os.close(fd)
        try:
            mode = probe.stat().st_mode & 0o777
        finally:
            probe.unlink()
    os.chmod(temporary, mode)


def _sync_directory(directory: Path) -> None:
    """Make the new name itself durable, where the platform allows it."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(fd)
