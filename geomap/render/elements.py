"""The map's elements: offline assets, the data payload, title, unresolved panel and start.

The time slider and the legend have modules of their own (:mod:`geomap.render.timeslider`,
:mod:`geomap.render.legend`). Each element's template is a file in ``templates/``.
"""

from __future__ import annotations

import base64
import gzip
import json
from typing import Any, Final

from geomap.render import assets
from geomap.render._element import TemplateElement
from geomap.render.escape import escape_js

__all__ = ["COMPRESS_OVER", "MapData", "OfflineAssets", "Plugin", "Start", "TitleBox",
           "UnresolvedPanel"]

#: Payloads larger than this (characters of JSON) are gzipped and base64-encoded; the page
#: inflates them with the browser's own DecompressionStream.
COMPRESS_OVER: Final = 256 * 1024


class OfflineAssets(TemplateElement):
    """Leaflet (unless the map already brings it) and geomap's script and styles, inline."""

    template_file = "assets.html"
    element_name = "GeomapAssets"

    def __init__(self, *, with_leaflet: bool = True) -> None:
        super().__init__()
        self.with_leaflet = with_leaflet
        self.leaflet_css = assets.leaflet_css() if with_leaflet else ""
        self.leaflet_js = assets.leaflet_js() if with_leaflet else ""
        self.icon_fix = assets.template_text("icon_fix.js").strip()
        self.icons = escape_js(assets.marker_icons())
        self.geomap_css = assets.template_text("geomap.css")
        self.core_js = assets.template_text("geomap_core.js")


class MapData(TemplateElement):
    """The payload in a ``<script type="application/json">`` element (inert data)."""

    template_file = "data.html"
    element_name = "GeomapData"

    def __init__(self, payload: dict[str, Any], *, compress: bool | None = None) -> None:
        super().__init__()
        # The string table (evidence, sources) is most of a large payload and only popups
        # need it, so a compressed payload carries it apart, inflated after the map is drawn.
        core = dict(payload)
        strs = core.pop("strs", [])
        core["strs"] = None
        core_text = json.dumps(core, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        strs_text = json.dumps(strs, ensure_ascii=False, separators=(",", ":"))
        if compress is None:
            compress = len(core_text) + len(strs_text) > COMPRESS_OVER
        self.strs_text = ""
        if compress:
            self.payload_text = _pack(core_text)
            self.strs_text = _pack(strs_text)
            self.encoding = "gzip-base64"
        else:
            self.payload_text = escape_js(payload)
            self.encoding = "json"
        self.payload_size = len(self.payload_text) + len(self.strs_text)

    @property
    def node_id(self) -> str:
        """The id of the script element holding the payload."""
        return self.get_name().lower()

    @property
    def strs_id(self) -> str:
        """The id of the script element holding the string table, when it travels apart."""
        return self.node_id + "-strs" if self.strs_text else ""


def _pack(text: str) -> str:
    """gzip (deterministic: no timestamp) then base64, which is inert inside ``<script>``.

    Large payloads use a fast level: the build-time budget matters more than ~15 % size.
    """
    level = 6 if len(text) < 4 * COMPRESS_OVER else 1
    raw = gzip.compress(text.encode("utf-8"), compresslevel=level, mtime=0)
    return base64.b64encode(raw).decode("ascii")


class Plugin(TemplateElement):
    """A piece of the map's user interface written as a plugin of the core script.

    Every plugin shares ``templates/plugin.html``; what differs is its script,
    ``templates/<plugin>.js``, and its options.
    """

    template_file = "plugin.html"
    plugin: str = ""

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.options = options or {}
        self.js = assets.template_text(f"{self.plugin}.js")


class TitleBox(Plugin):
    """The title, the date of the state shown, and the attribution."""

    element_name = "GeomapTitle"
    plugin = "title"


class UnresolvedPanel(Plugin):
    """A side panel listing names that could not be placed, with reasons."""

    element_name = "GeomapPanel"
    plugin = "panel"


class Start(TemplateElement):
    """Starts the map after every plugin registered: decode, draw, show the date."""

    template_file = "start.html"
    element_name = "GeomapStart"

    def __init__(self, data: MapData, options: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.data = data
        self.options = options or {}

    @property
    def data_id(self) -> str:
        """The id of the payload element."""
        return self.data.node_id
