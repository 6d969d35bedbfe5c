"""``geomap.render``: layers or events -> a self-contained, offline folium map.

The map is a :class:`folium.Map` subclass whose page inlines Leaflet and geomap's own script;
all data travel in one JSON payload drawn by that script (canvas layers, clustering when
crowded), so the HTML references no network resource unless tiles are asked for.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any, ClassVar

import folium
import pandas as pd

from geomap._io.atomic import write_text
from geomap.errors import RenderError
from geomap.layers import build_layers
from geomap.render._element import assign_ids
from geomap.render.elements import MapData, OfflineAssets, Start, TitleBox, UnresolvedPanel
from geomap.render.escape import escape_html
from geomap.render.export import embed_html, html_to_png
from geomap.render.legend import Legend
from geomap.render.payload import build_payload
from geomap.render.timeslider import TimeSlider

log = logging.getLogger("geomap.render")

__all__ = ["GeomapMap", "render", "tile_layer"]


class GeomapMap(folium.Map):
    """A folium map that is offline, self-contained and deterministic.

    Folium's CDN scripts and styles (Leaflet, jQuery, Bootstrap, awesome-markers...) are
    replaced by inlined Leaflet; element ids are numbered instead of random; :meth:`save`
    writes atomically.
    """

    default_js: ClassVar[list[tuple[str, str]]] = []  # type: ignore[misc]
    default_css: ClassVar[list[tuple[str, str]]] = []  # type: ignore[misc]

    def __init__(self, *, title: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("location", [0.0, 0.0])
        kwargs.setdefault("zoom_start", 2)
        kwargs.setdefault("tiles", None)
        kwargs.setdefault("prefer_canvas", True)
        kwargs.setdefault("attribution_control", False)
        # fractional zoom lets the data fill the view instead of the nearest power of two
        kwargs.setdefault("zoom_snap", 0.25)
        kwargs.setdefault("zoom_delta", 0.5)
        super().__init__(**kwargs)
        self._name = "Map"
        self.geomap_title = title or ""
        if title:
            # Figure puts its title into <title> verbatim.
            self.get_root().title = escape_html(title)  # type: ignore[attr-defined]
        self.payload_size = 0

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Render into the figure, after numbering every element (deterministic output)."""
        assign_ids(self.get_root())
        super().render(**kwargs)

    def to_html(self) -> str:
        """The whole page as a string (self-contained HTML)."""
        return str(self.get_root().render())

    def save(self, outfile: str | os.PathLike[str], close_file: bool = True, **kwargs: Any) -> None:  # type: ignore[override]
        """Write the page to ``outfile`` atomically (byte-identical for the same input)."""
        if not isinstance(outfile, (str, os.PathLike)):
            raise RenderError("GeomapMap.save needs a file path")
        write_text(outfile, self.to_html())

    def embed(self, *, height: int | str = 600, width: str = "100%") -> str:
        """An ``<iframe srcdoc>`` fragment showing this map inside another HTML page."""
        return embed_html(self.to_html(), height=height, width=width,
                          title=self.geomap_title or "map")

    def to_png(self, path: str | os.PathLike[str], *, width: int = 1200, height: int = 800,
               timeout: float = 20.0) -> Path:
        """Write a PNG of the map through headless Chromium (needs Chromium + chromedriver)."""
        offline = not getattr(self, "_geomap_tiles", False)
        return html_to_png(self.to_html(), path, width=width, height=height, timeout=timeout,
                           offline=offline)

    def _repr_html_(self, **kwargs: Any) -> str:
        """Rich display in Jupyter: the embed fragment."""
        return self.embed(height=520)


def tile_layer(name: Any) -> folium.TileLayer | None:
    """A tile layer for an xyzservices provider name (``"CartoDB.Positron"``); ``None`` for none.

    Raises
    ------
    RenderError
        When the name is not an xyzservices provider.
    """
    if name is None or (isinstance(name, str) and name.strip().lower() in {"", "none"}):
        return None
    if isinstance(name, folium.TileLayer):
        return name
    import xyzservices

    if isinstance(name, xyzservices.TileProvider):
        provider = name
    else:
        try:
            provider = xyzservices.providers.query_name(str(name))
        except ValueError as exc:
            raise RenderError(f"unknown tile provider {name!r} (an xyzservices name, e.g. "
                              f"CartoDB.Positron, or 'none')") from exc
    if provider.requires_token():
        provider = provider.copy()
        url = str(provider.get("url", ""))
        if provider.name.startswith("CartoDB") and url.endswith("?key={apikey}"):
            # CARTO's basemaps serve light use without a key (xyzservices drops the key too):
            # no key parameter and nothing to warn about.
            provider["url"] = url.removesuffix("?key={apikey}")
            provider.pop("apikey", None)
        else:
            # Some providers work without a key for light use; say so rather than refuse.
            log.warning("tile provider %s may need an API key (xyzservices says so)",
                        provider.name)
            provider["apikey"] = ""
    return folium.TileLayer(tiles=provider, name=provider.name, overlay=False, control=True)


def _as_layers(data: Any, unresolved: pd.DataFrame | None, actors: Any) -> Any:
    """Layers from layers, an events frame or a loaded/extracted result."""
    if hasattr(data, "events") and (hasattr(data, "places") or hasattr(data, "changes")):
        return data
    events = data.events if hasattr(data, "events") else data
    if unresolved is None:
        unresolved = getattr(data, "unresolved", None)
    if not isinstance(events, pd.DataFrame):
        raise TypeError(f"render needs Layers or an events frame, got {type(data).__name__}")
    return build_layers(events, unresolved=unresolved, actors=actors)


def _number(kwds: dict[str, Any] | None, key: str, low: float, high: float) -> float | None:
    if not kwds or key not in kwds:
        return None
    try:
        value = float(kwds[key])
    except (TypeError, ValueError) as exc:
        raise RenderError(f"{key} must be a number, got {kwds[key]!r}") from exc
    return min(max(value, low), high)


def render(
    layers_or_events: Any,
    *,
    m: folium.Map | None = None,
    title: str | None = None,
    at: str | None = None,
    tiles: Any = None,
    tooltip: bool = True,
    popup: bool = True,
    marker_kwds: dict[str, Any] | None = None,
    zone_kwds: dict[str, Any] | None = None,
    front_kwds: dict[str, Any] | None = None,
    route_kwds: dict[str, Any] | None = None,
    actors: Any = None,
    unresolved: pd.DataFrame | None = None,
    basemap: bool = True,
    height: str = "100%",
    inputs: int | None = None,
) -> GeomapMap:
    """Draw layers (or events) as an offline, self-contained interactive map.

    Parameters
    ----------
    layers_or_events
        :class:`geomap.layers.Layers`, an events GeoDataFrame, or a result with ``.events``
        (and ``.unresolved``) such as ``load_inputs(...)``.
    m
        Add to this map instead of a new :class:`GeomapMap` (a plain folium map keeps its own
        CDN assets; geomap then adds only its script).
    title
        Title shown on the map and in the page's ``<title>``; by default one is made from the
        places and dates ("Control changes in western Libya, 1–5 June 2020").
    at
        ISO date shown first (default: the latest change).
    tiles
        xyzservices provider name (``"CartoDB.Positron"``) for a tile background; ``None`` or
        ``"none"`` (default) keeps the map offline with its vector basemap.
    tooltip, popup
        Show hover tooltips / click popups.
    marker_kwds
        ``radius`` of place symbols in pixels.
    zone_kwds, front_kwds, route_kwds
        ``fill_opacity`` (zones), ``weight`` (fronts and routes).
    actors
        An ActorSet for names and colours.
    unresolved
        Unresolved names (when passing plain events).
    basemap
        Draw the offline country outlines and towns.
    height
        CSS height of the map.
    inputs
        Number of inputs read (files, documents), for the message of a map with nothing on it.

    Returns
    -------
    GeomapMap
        ``.save(path)``, ``.to_html()``, ``.embed()``, ``.to_png(path)``.
    """
    started = time.perf_counter()
    layers = _as_layers(layers_or_events, unresolved, actors)
    payload = build_payload(layers, at=at, title=title, actors=actors, basemap=basemap,
                            inputs=inputs)
    title = payload["title"] or None
    tile = tile_layer(tiles)
    bounds = payload["bounds"]
    if m is None:
        centre = ([(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
                  if bounds else [0.0, 0.0])
        m = GeomapMap(title=title, location=centre, zoom_start=6 if bounds else 2, height=height)
    if tile is not None:
        tile.add_to(m)
        m._geomap_tiles = True  # type: ignore[attr-defined]  # noqa: SLF001
    options: dict[str, Any] = {"tooltip": bool(tooltip), "popup": bool(popup),
                               "tiles": tile is not None}
    for key, kwds, name, low, high in (
        ("radius", marker_kwds, "radius", 2.0, 30.0),
        ("zoneOpacity", zone_kwds, "fill_opacity", 0.0, 1.0),
        ("frontWeight", front_kwds, "weight", 0.5, 12.0),
        ("routeWeight", route_kwds, "weight", 0.5, 12.0),
    ):
        value = _number(kwds, name, low, high)
        if value is not None:
            options[key] = value
    OfflineAssets(with_leaflet=isinstance(m, GeomapMap)).add_to(m)
    data = MapData(payload)
    data.add_to(m)
    TitleBox().add_to(m)
    TimeSlider().add_to(m)
    Legend().add_to(m)
    UnresolvedPanel().add_to(m)
    Start(data, options).add_to(m)
    if isinstance(m, GeomapMap):
        m.payload_size = data.payload_size
    log.debug("map built in %.3f s (%d places, %d events, payload %d chars)",
              time.perf_counter() - started, len(payload["places"]["name"]),
              len(payload["events"]["place"]), data.payload_size)
    return m  # type: ignore[return-value]
