"""A writer killed with SIGKILL mid-write leaves the previous file intact and no temporary file.

The child process writes a large file through geomap._io.atomic in slow chunks and says when it has
started; the test then kills it (SIGKILL cannot be caught, so no cleanup code runs) and looks at
the folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from geomap._io import atomic as _atomic

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

PREVIOUS = "previous content\n" * 100

_CHILD = textwrap.dedent("""
    import sys, time
    from geomap._io import atomic as _atomic
    target, how = sys.argv[1], sys.argv[2]
    chunk = b"x" * (1 << 20)

    def slow_write(fh):
        for i in range(10_000):
            fh.write(chunk)
            fh.flush()
            if i == 3:
                print("writing", flush=True)
            time.sleep(0.01)

    if how == "open":
        with _atomic.atomic_open(target, "wb") as fh:
            slow_write(fh)
    elif how == "path":
        with _atomic.atomic_path(target) as tmp, open(tmp, "wb") as fh:
            slow_write(fh)
    elif how == "text":
        _atomic.write_text(target, "y" * (1 << 30))
""")


def _kill_mid_write(target: Path, how: str) -> None:
    _kill_when_writing([sys.executable, "-c", _CHILD, str(target), how])


def _kill_when_writing(args: list[str]) -> None:
    """Run *args*, SIGKILL it once it prints "writing"."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "writing", proc.stderr.read() if proc.stderr else line
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL


def _leftovers(folder: Path, target: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != target.name)


@pytest.mark.parametrize("how", ["open", "path"])
def test_sigkill_mid_write_keeps_previous_file(tmp_path: Path, how: str) -> None:
    target = tmp_path / "map.html"
    target.write_text(PREVIOUS, encoding="utf-8")
    _kill_mid_write(target, how)
    assert target.read_text(encoding="utf-8") == PREVIOUS
    if how == "open":
        # Anonymous temporary files (O_TMPFILE) vanish with the process.
        assert _leftovers(tmp_path, target) == []
    # Whatever the kind, the next write to the folder removes a dead writer's temporary file.
    _atomic.write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert _leftovers(tmp_path, target) == []


def test_sigkill_mid_write_of_new_file_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "events.csv"
    _kill_mid_write(target, "open")
    assert not target.exists()
    assert _leftovers(tmp_path, target) == []


def test_exception_mid_write_keeps_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text(PREVIOUS, encoding="utf-8")
    with pytest.raises(RuntimeError), _atomic.atomic_open(target) as fh:
        fh.write("partial")
        raise RuntimeError("writer failed")
    assert target.read_text(encoding="utf-8") == PREVIOUS
    with pytest.raises(RuntimeError), _atomic.atomic_path(target) as tmp:
        tmp.write_text("partial", encoding="utf-8")
        raise RuntimeError("writer failed")
    assert target.read_text(encoding="utf-8") == PREVIOUS
    assert _leftovers(tmp_path, target) == []


def test_live_writer_temp_file_is_not_removed(tmp_path: Path) -> None:
    """Cleanup removes only temporary files of dead processes, not a concurrent live writer's."""
    target = tmp_path / "layers.gpkg"
    with _atomic.atomic_path(target) as tmp:
        tmp.write_bytes(b"in progress")
        _atomic.write_text(tmp_path / "other.txt", "x")  # triggers a cleanup scan of the folder
        _atomic.write_text(target, "concurrent")  # also a write to the same target
        assert tmp.exists()
    assert target.read_bytes() == b"in progress"


def test_written_file_mode_follows_umask(tmp_path: Path) -> None:
    """Outputs are meant to be shared: not the 0600 of a private temporary file."""
    old = os.umask(0o022)
    try:
        _atomic.write_text(tmp_path / "a.html", "x")
        with _atomic.atomic_path(tmp_path / "b.gpkg") as tmp:
            tmp.write_text("y", encoding="utf-8")
    finally:
        os.umask(old)
    assert (tmp_path / "a.html").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "b.gpkg").stat().st_mode & 0o777 == 0o644


def test_fallbacks_without_anonymous_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where O_TMPFILE or linkat is missing, writes still land whole and leave nothing behind."""
    target = tmp_path / "report.json"
    monkeypatch.setattr(_atomic, "_AT_SYMLINK_FOLLOW", -1)  # linkat fails: copy path
    _atomic.write_text(target, "copied\n")
    assert target.read_text(encoding="utf-8") == "copied\n"
    monkeypatch.setattr(_atomic, "_open_anonymous", lambda folder: None)  # named temp path
    _atomic.write_bytes(target, b"named\n")
    assert target.read_bytes() == b"named\n"
    assert _leftovers(tmp_path, target) == []


_DATASET_CHILD = textwrap.dedent("""
    import sys, time
    from geomap._io.partitioned import PartitionedWriter, events_to_arrow
    from geomap.schema import events_frame
    root, n = sys.argv[1], int(sys.argv[2])
    records = [{"kind": "mention", "event_date": f"20{10 + i % 3}-01-01",
                "country": ["LY", "SY"][i % 2], "location": f"p{i}", "latitude": 1.0,
                "longitude": 2.0, "source": "s"} for i in range(n)]
    writer = PartitionedWriter(root, rows_per_file=5, max_buffered_rows=5)
    writer.write(events_to_arrow(events_frame(records)))
    if len(sys.argv) > 3:  # the killed writer: files are on disk, the folder is not swapped
        print("writing", flush=True)
        time.sleep(60)
    writer.close()
""")


def _dataset(root: Path, n: int, *, kill: bool = False) -> None:
    args = [sys.executable, "-c", _DATASET_CHILD, str(root), str(n)] + (["kill"] if kill else [])
    if kill:
        _kill_when_writing(args)
    else:
        subprocess.run(args, check=True, timeout=120)


def test_sigkill_mid_dataset_write_keeps_previous_dataset(tmp_path: Path) -> None:
    from geomap._io.partitioned import read_partitioned

    root = tmp_path / "events"
    _dataset(root, 12)
    before = sorted(read_partitioned(root)["location"])
    _dataset(root, 40, kill=True)
    assert sorted(read_partitioned(root)["location"]) == before
    # The dead writer's folder is there until the next write into the parent folder.
    stale = _leftovers(tmp_path, root)
    assert len(stale) == 1 and stale[0].startswith(".events.") and stale[0].endswith(".tmp")
    assert list((tmp_path / stale[0]).rglob("*.parquet"))  # it had written files
    _dataset(root, 30)
    assert len(read_partitioned(root)) == 30
    assert _leftovers(tmp_path, root) == []


@pytest.mark.parametrize("exchange", [True, False])
def test_replace_dir_swaps_and_cleans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      exchange: bool) -> None:
    if not exchange:  # systems without renameat2: rename aside, then into place
        monkeypatch.setattr(_atomic, "_exchange", lambda a, b: False)
    target = tmp_path / "ds"
    for content in ("old", "new"):
        tmp = _atomic.temp_dir(target)
        (tmp / "part.txt").write_text(content, encoding="utf-8")
        _atomic.replace_dir(tmp, target)
        assert (target / "part.txt").read_text(encoding="utf-8") == content
        assert _leftovers(tmp_path, target) == []
