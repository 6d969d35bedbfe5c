"""Single-file caches keep one copy: a rebuilt copy removes the copies of older stamps."""

from __future__ import annotations

from pathlib import Path

import pytest

from geomap._io.cache import prune_stale_files


def test_prune_keeps_the_current_copy_and_other_caches(tmp_path: Path) -> None:
    current = tmp_path / "basemap-towns-10-200.json"
    old = tmp_path / "basemap-towns-10-100.json"
    other = tmp_path / "basemap-world-10-100.parquet"
    writing = tmp_path / ".basemap-towns-10-300.json.123.abc.tmp"
    for p in (current, old, other, writing):
        p.write_text("x", encoding="utf-8")
    assert prune_stale_files(current, "basemap-towns-") == [old]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (current, other, writing))


def test_prune_of_a_missing_folder_is_nothing(tmp_path: Path) -> None:
    assert prune_stale_files(tmp_path / "gone" / "x-1.json", "x-") == []


def test_basemap_towns_rebuilt_under_a_new_stamp_remove_the_old_copy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from geomap.render import basemap

    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    stale = tmp_path / "basemap-towns-1-1.json"
    stale.write_text("[]", encoding="utf-8")
    basemap._cities.cache_clear()
    try:
        towns = basemap._cities()
    finally:
        basemap._cities.cache_clear()
    assert towns
    names = [p.name for p in tmp_path.iterdir()]
    assert len([n for n in names if n.startswith("basemap-towns-")]) == 1
    assert stale.name not in names


def test_index_prune_keeps_the_newest_other_version(tmp_path: Path) -> None:
    # Two installs sharing one cache (a venv and a notebook kernel) each keep finding their
    # own index; older versions go. Builds in progress and other datasets are never touched.
    import os

    from geomap.gazetteer.gazetteer import prune_stale_indexes

    def index(key: str, mtime: float, complete: bool = True) -> Path:
        folder = tmp_path / f"gazetteer-cities500-{key}"
        folder.mkdir()
        if complete:
            (folder / "meta.json").write_text("{}", encoding="utf-8")
            os.utime(folder / "meta.json", (mtime, mtime))
        return folder

    current = index("c" * 16, 400)
    newest_other = index("b" * 16, 300)
    oldest = index("a" * 16, 100)
    older = index("d" * 16, 200)
    building = index("e" * 16, 0, complete=False)
    other_dataset = tmp_path / ("gazetteer-cities15000-" + "f" * 16)
    other_dataset.mkdir()
    (other_dataset / "meta.json").write_text("{}", encoding="utf-8")
    removed = prune_stale_indexes(current)
    assert sorted(removed) == sorted([oldest, older])
    assert {p.name for p in tmp_path.iterdir()} == {
        p.name for p in (current, newest_other, building, other_dataset)}
