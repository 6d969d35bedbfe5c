"""The legend: actor colours, place symbols, confirmed vs claimed, precision, areas.

Built in the browser from the payload (``templates/legend.js``), so it lists exactly the actors
and symbols the map uses.
"""

from __future__ import annotations

from geomap.render.elements import Plugin

__all__ = ["Legend"]


class Legend(Plugin):
    """Legend control; options: ``position`` (Leaflet corner)."""

    element_name = "GeomapLegend"
    plugin = "legend"
