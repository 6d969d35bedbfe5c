"""Atomic file writes: write to a temporary file in the same folder, then rename.

A reader of the target sees either the previous file or the complete new one, never a half
written one, even if the writer crashes or is killed. Temporary files must not pile up either:

* :func:`atomic_open` (text, JSON, CSV, HTML, reports) writes to an anonymous file
  (Linux ``O_TMPFILE``) that the kernel frees if the process dies, even by SIGKILL; it is given
  a name only when complete, just before the rename.
* :func:`atomic_path` (writers that need a file name: GDAL, pyarrow, Chromium) uses a named
  temporary file ``.<name>.<pid>.<random>.tmp``. A SIGKILL can leave one behind; the next atomic
  write into the same folder removes temporary files whose process is gone.
* :func:`temp_dir` and :func:`replace_dir` do the same for folders (partitioned datasets, index
  folders): a temporary folder named the same way, swapped with the previous folder in one
  step (Linux ``renameat2(RENAME_EXCHANGE)``), so readers never find the target missing.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Final

_TEMP_NAME: Final = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$")
_AT_FDCWD: Final = -100
_AT_SYMLINK_FOLLOW: Final = 0x400


def _temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: exists but belongs to someone else
        return True
    return True


def cleanup_stale(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove temporary files left in ``folder`` by atomic writers that died; return them.

    Only names of the form ``.<name>.<pid>.<8 hex>.tmp`` whose process no longer exists are
    removed, so a concurrent live writer is never disturbed.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match and not _pid_alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def temp_path(target: str | os.PathLike[str]) -> Path:
    """A temporary file name beside ``target`` for a writer that renames it into place itself.

    Named like :func:`atomic_path`'s files, so the next atomic write into the folder removes
    it if the writer dies; stale ones are removed now. The file is not created.
    """
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    cleanup_stale(path.parent)
    return _temp_name(path)


def temp_dir(target: str | os.PathLike[str]) -> Path:
    """Create and return an empty temporary folder beside ``target`` (for :func:`replace_dir`).

    Named ``.<name>.<pid>.<random>.tmp``: if the process dies before :func:`replace_dir`, the
    next atomic write into the parent folder removes it. Stale ones are removed now.
    """
    tmp = temp_path(target)
    tmp.mkdir()
    return tmp


_RENAME_EXCHANGE: Final = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux); False where not supported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def replace_dir(tmp: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Move the complete folder ``tmp`` (from :func:`temp_dir`) onto ``target``.

    An existing ``target`` is swapped out in one step where the system allows it (readers see
    the old folder or the new one, never none) and then deleted; elsewhere it is renamed aside
    first. Either way nothing but ``target`` is left once this returns.
    """
    src, dst = Path(tmp), Path(target)
    if dst.exists() and _exchange(src, dst):
        shutil.rmtree(src, ignore_errors=True)  # src now holds the previous folder
    else:
        old = None
        if dst.exists():
            old = _temp_name(dst)  # removed as stale if we die before the rmtree below
            os.replace(dst, old)
        os.replace(src, dst)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(dst.parent)


def _fsync_dir(folder: Path) -> None:
    # Make the rename durable; not possible on every platform/file system.
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` on success.

    Use this for writers that want a file name (GDAL, pyarrow, Chromium). On any exception the
    temporary file is removed and ``path`` keeps its previous content. The temporary path does
    not exist yet when yielded (some writers, like GDAL, refuse to overwrite an empty file).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    cleanup_stale(target.parent)
    tmp_path = _temp_name(target)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
        _fsync_dir(target.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()
        raise


def _open_anonymous(folder: Path) -> int | None:
    """An unnamed file in ``folder`` (freed by the kernel if we die), or None if unsupported."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o666)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None
        raise


def _name_anonymous(fd: int, name: Path) -> None:
    """Link the anonymous file ``fd`` to ``name`` (copy it there if linking is not possible)."""
    proc = f"/proc/self/fd/{fd}"
    # os.link does not pass AT_SYMLINK_FOLLOW, which /proc/self/fd needs: call linkat directly.
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.linkat(_AT_FDCWD, os.fsencode(proc), _AT_FDCWD, os.fsencode(name),
                       _AT_SYMLINK_FOLLOW) == 0:
            return
    with open(proc, "rb") as src, open(name, "xb") as dst:
        shutil.copyfileobj(src, dst)
        dst.flush()
        os.fsync(dst.fileno())


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8", **kwargs: Any
) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` for writing; rename it onto ``path`` on success."""
    if "b" in mode:
        encoding = None
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    cleanup_stale(target.parent)
    fd = _open_anonymous(target.parent)
    if fd is None:
        with atomic_path(target) as tmp, open(tmp, mode, encoding=encoding, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        return
    with os.fdopen(fd, mode, encoding=encoding, **kwargs) as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())
        tmp_path = _temp_name(target)
        # Give the complete file a name, then move it over the target in one step.
        _name_anonymous(fh.fileno(), tmp_path)
        try:
            os.replace(tmp_path, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp_path.unlink()
            raise
    _fsync_dir(target.parent)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` atomically (UTF-8)."""
    with atomic_open(path, "w", newline="") as fh:
        fh.write(text)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path, "wb") as fh:
        fh.write(data)
