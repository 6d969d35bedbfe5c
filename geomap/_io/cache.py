"""Where geomap keeps what it builds once and reuses (indexes, boundaries, basemap towns)."""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """Folder of built caches: ``$GEOMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/geomap``, else
    ``~/.cache/geomap``. It is not created here; writers create it when they first need it."""
    env = os.environ.get("GEOMAP_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "geomap"


def prune_stale_files(current: Path, prefix: str) -> list[Path]:
    """Remove the files of the cache folder named ``<prefix>…`` other than *current*.

    The single-file caches (boundaries, basemap) are stamped with their source file's size and
    time, so every reinstall of a data package left the previous copy behind (a few MB each).
    Called once a new copy is written. A process still using an old copy has read it whole
    already; a file that cannot be removed is left (it is only disk space).
    """
    removed: list[Path] = []
    try:
        siblings = list(current.parent.glob(prefix + "*"))
    except OSError:
        return removed
    for old in siblings:
        if old.name == current.name or not old.is_file():
            continue
        try:
            old.unlink()
        except OSError:
            continue
        removed.append(old)
    return removed
