"""Layers: control over time as GeoDataFrames (places, changes, intervals, zones, fronts...).

::

    layers = geomap.build_layers(events)
    layers.control_at("2020-06-04")   # who held every place on that day
    layers.zones, layers.fronts        # approximate areas of control and where they meet
    layers.to_file("out.gpkg")         # one GeoPackage layer per table
"""

from __future__ import annotations

from geomap.layers.core import Layers, build_layers

__all__ = ["Layers", "build_layers"]
