"""The time slider: scrub or play through the dates of control changes.

Places recolour to their controller on the date shown; changes appear on their date. The
JavaScript is ``templates/timeslider.js``; the template is the one all plugins share,
``templates/plugin.html``.
"""

from __future__ import annotations

from geomap.render.elements import Plugin

__all__ = ["TimeSlider"]


class TimeSlider(Plugin):
    """Slider control; options: ``position`` (Leaflet corner), ``interval`` (ms per step)."""

    element_name = "GeomapTimeSlider"
    plugin = "timeslider"
