"""Offline assets inlined into every map: Leaflet's script, stylesheet and images.

Leaflet comes from the ``xstatic-leaflet`` package (a PyPI package that ships the files), so
the HTML never references a CDN. Image references in the stylesheet become ``data:`` URIs and
source-map comments are removed, so a browser makes no request at all.
"""

from __future__ import annotations

import base64
import functools
import re
from importlib import resources
from pathlib import Path
from typing import Final

from geomap.errors import RenderError

__all__ = ["data_uri", "leaflet_css", "leaflet_js", "template_text"]

_SOURCEMAP_RE: Final = re.compile(r"^[ \t]*//# sourceMappingURL=.*$", re.MULTILINE)
_CSS_URL_RE: Final = re.compile(r"url\((['\"]?)images/([A-Za-z0-9_.-]+)\1\)")
_TEMPLATES: Final = "geomap.render.templates"


def _leaflet_dir() -> Path:
    try:
        from xstatic.pkg import leaflet  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise RenderError("xstatic-leaflet is not installed; it provides Leaflet offline") from exc
    return Path(leaflet.BASE_DIR)


def data_uri(path: Path, mime: str = "image/png") -> str:
    """Return the file at ``path`` as a base64 ``data:`` URI."""
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


@functools.cache
def leaflet_js() -> str:
    """Leaflet's minified script, without its source-map comment."""
    text = (_leaflet_dir() / "leaflet.js").read_text(encoding="utf-8")
    # The default attribution prefix links to leafletjs.com; geomap shows its own attribution
    # and keeps the page free of outbound links it did not ask for.
    text = text.replace('<a href="https://leafletjs.com" title=', "<a title=")
    return _SOURCEMAP_RE.sub("", text).strip()


@functools.cache
def leaflet_css() -> str:
    """Leaflet's stylesheet with every ``url(images/...)`` replaced by a ``data:`` URI."""
    base = _leaflet_dir()
    text = (base / "leaflet.css").read_text(encoding="utf-8")

    def _inline(match: re.Match[str]) -> str:
        return f'url("{data_uri(base / "images" / match.group(2))}")'

    # Comments carry URLs (bug trackers) that a strict "no http" check would flag; drop them.
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    return _CSS_URL_RE.sub(_inline, text)


@functools.cache
def marker_icons() -> dict[str, str]:
    """Leaflet's default marker images as data URIs (for markers users add with folium)."""
    images = _leaflet_dir() / "images"
    return {
        "iconUrl": data_uri(images / "marker-icon.png"),
        "iconRetinaUrl": data_uri(images / "marker-icon-2x.png"),
        "shadowUrl": data_uri(images / "marker-shadow.png"),
    }


@functools.cache
def template_text(name: str) -> str:
    """The text of a file in ``geomap/render/templates``."""
    return resources.files(_TEMPLATES).joinpath(name).read_text(encoding="utf-8")
