"""Writing a file safely: never over an existing file unasked, and never half-written.

`write_file` is what `gloact_model.formats.dump` and the command line use;
`writable` and `write_atomically` are its two steps, for a writer (such as
`dump_lines`) that streams its text into the file.

Only a regular file is ever replaced: a FIFO, a device or a socket at the
target's name is refused, when the target is checked and again just before the
new file takes its name. A write that is killed leaves its temporary file
(``.NAME.XXXXXXXX.tmp`` beside the target); the next write to that target that
succeeds removes those that are stale (see `_remove_stale`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from gloact_model.errors import printable_name

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no locks, so stale files are left alone
    fcntl = None  # type: ignore[assignment]

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
            raise OSError(errno.ELOOP, f"cannot write {_shown(path)}: its links run in a loop")
    if not target.parent.is_dir():
        raise FileNotFoundError(
            f"cannot write {_shown(path)}: the folder {_shown(target.parent)} does not exist"
        )
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    _check_replaceable(mode, path)
    if not overwrite:
        raise _exists(path)
    return target


def _shown(path: str | os.PathLike[str]) -> str:
    return printable_name(os.fsdecode(path))


def _exists(path: str | os.PathLike[str]) -> FileExistsError:
    return FileExistsError(
        f"cannot write {_shown(path)}: the file exists; pass overwrite=True to replace it"
    )


_KINDS = {
    stat.S_IFIFO: "a FIFO (a named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
    stat.S_IFLNK: "a symbolic link",
}


def _check_replaceable(mode: int, path: str | os.PathLike[str]) -> None:
    """Refuse to replace anything but a regular file, with or without ``overwrite``.

    Replacing a device's or a FIFO's name with a file breaks whatever used it.
    The error is an `OSError` (`IsADirectoryError` for a folder) whose message
    names the path; it is never a `FileExistsError`, which would suggest passing
    ``overwrite=True``, in vain.
    """
    if stat.S_ISREG(mode):
        return
    kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
    message = f"cannot write {_shown(path)}: it is {kind}; only a regular file is replaced"
    raise IsADirectoryError(message) if stat.S_ISDIR(mode) else OSError(message)


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
            if fcntl is not None:
                # Held while the file is written: `_remove_stale` leaves a locked file alone,
                # however long the writing (a slow generator for dump_lines) takes. Where
                # the file system has no locks (NFS without a lock daemon), the write goes
                # on without: only the cleanup needs the lock, and it is best effort.
                with contextlib.suppress(OSError):
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        _copy_mode(target, temporary)
        if overwrite:
            _check_still_replaceable(target, shown)
            os.replace(temporary, target)
        else:
            _create(temporary, target, shown)
    finally:
        # After os.replace the name is gone; after a hard link it is a second name.
        Path(temporary).unlink(missing_ok=True)
    _sync_directory(directory)
    _remove_stale(target)


def _check_still_replaceable(target: Path, shown: str | os.PathLike[str]) -> None:
    """Refuse, just before the new file takes the name, what took the target's place meanwhile.

    `writable` looked at the target before the text was written, which may take
    long; a FIFO or a device made since is refused all the same. (A symbolic
    link made since is refused too: `target` is already the file a link pointed at.)
    """
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    _check_replaceable(mode, shown)


_STALE_SECONDS = 60
"""How long a temporary file must have been left untouched before another write removes it."""


def _remove_stale(target: Path) -> None:
    """Remove the temporary files that killed writes to `target` left, and nothing else.

    A file is removed only if its name is one that `write_atomically` gives for
    this target (``.NAME.`` and mkstemp's eight characters, then ``.tmp``, or
    ``.mode`` for the probe of `_copy_mode`), it is a regular file of this
    user, it has not been modified for `_STALE_SECONDS`, and no write holds its
    lock: a write that is still going on keeps its file. Where there are no
    locks (Windows), nothing is removed. Nothing here can fail the write that
    has just succeeded.
    """
    if fcntl is None:  # pragma: no cover - Windows
        return
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}\.(?:tmp|mode)")
    prefix = f".{target.name}."
    try:
        with os.scandir(target.parent) as entries:
            names = [e.name for e in entries if e.name.startswith(prefix)]
    except OSError:  # pragma: no cover - the folder cannot be listed
        return
    now = time.time()
    for name in names:
        if pattern.fullmatch(name):
            # Taken, changed or removed meanwhile: left as it is.
            with contextlib.suppress(OSError):
                _remove_if_stale(target.parent / name, now)


def _remove_if_stale(path: Path, now: float) -> None:
    """Remove one temporary file left by a killed write, if it is stale, ours and not in use."""
    assert fcntl is not None
    before = os.lstat(path)
    if (
        not stat.S_ISREG(before.st_mode)
        or before.st_uid != os.getuid()
        or now - before.st_mtime < _STALE_SECONDS
    ):
        return
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # a write is still filling it
        opened = os.fstat(fd)
        now_there = os.lstat(path)
        if (
            (opened.st_dev, opened.st_ino)
            == (before.st_dev, before.st_ino)
            == (
                now_there.st_dev,
                now_there.st_ino,
            )
        ):
            os.unlink(path)
    finally:
        os.close(fd)


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
