"""Render: layers or events -> offline, self-contained HTML map, PNG, embed snippet.

::

    m = geomap.render(layers, title="Libya, June 2020", at="2020-06-04")
    m.save("output/map.html"); m.to_png("output/map.png"); html = m.embed()
"""

from __future__ import annotations

from geomap.render.escape import escape_html, escape_js, safe_url
from geomap.render.map import GeomapMap, render, tile_layer

__all__ = ["GeomapMap", "escape_html", "escape_js", "render", "safe_url", "tile_layer"]
