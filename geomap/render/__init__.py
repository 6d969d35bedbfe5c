"""Render: layers or events -> offline, self-contained HTML map, PNG, embed snippet.

::

    m = geomap.render(layers, title="Libya, June 2020", at="2020-06-04")
    m.save("output/map.html"); m.to_png("output/map.png"); html = m.embed()
"""

from __future__ import annotations

import sys
import types
from typing import Any

from geomap.render.escape import escape_html, escape_js, safe_url
from geomap.render.map import GeomapMap, render, tile_layer

__all__ = ["GeomapMap", "escape_html", "escape_js", "render", "safe_url", "tile_layer"]


class _CallableModule(types.ModuleType):
    """``geomap.render`` is both this package and the function: importing the package binds the
    name ``render`` on :mod:`geomap` to the module, so the module forwards calls to
    :func:`render`."""

    def __call__(self, *args: Any, **kwargs: Any) -> GeomapMap:
        return render(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
