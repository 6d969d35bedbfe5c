"""Layers: control over time as GeoDataFrames (places, changes, intervals, territory, fronts...).

::

    layers = geomap.build_layers(events)
    layers.control_at("2020-06-04")             # who held every place on that day
    layers.surface(at="2020-06-04", cell_km=2)  # who holds each cell, with p per actor
    layers.territory(at="2020-06-04")           # the surface as polygons per controller
    layers.zones, layers.fronts                 # territory per controller, and where it meets
    layers.to_file("out.gpkg")                  # one GeoPackage layer per table
"""

from __future__ import annotations

from geomap.layers.core import Layers, build_layers
from geomap.layers.surface import SurfaceParams

__all__ = ["Layers", "SurfaceParams", "build_layers"]
