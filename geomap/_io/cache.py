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
