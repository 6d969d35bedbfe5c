"""geomap: maps of territorial control over time from conflict reporting.

Public API (see DESIGN.md)::

    import geomap
    gaz = geomap.Gazetteer.default()
    events = geomap.extract(text, date="2020-06-05", source="article-1")
    events = geomap.read_events("acled_export.csv")
    layers = geomap.build_layers(events)
    m = geomap.render(layers)

Names are imported lazily so that ``import geomap`` and the CLI start fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> module that defines it.
_EXPORTS: dict[str, str] = {
    "Gazetteer": "geomap.gazetteer",
    "Place": "geomap.gazetteer.place",
    "Resolution": "geomap.gazetteer.place",
    "extract": "geomap.extract",
    "ActorSet": "geomap.actors",
    "read_events": "geomap.sources.events",
    "write_events": "geomap.sources.events",
    "merge_events": "geomap.sources.events",
    "events_frame": "geomap.schema",
    "EVENT_COLUMNS": "geomap.schema",
    "build_layers": "geomap.layers",
    "Layers": "geomap.layers",
    "render": "geomap.render",
    "GeomapMap": "geomap.render",
    "RunReport": "geomap.runreport",
    "GeomapError": "geomap.errors",
    "InputError": "geomap.errors",
    "extract_corpus": "geomap.corpus.engine",
    "make_report": "geomap.report",
    "summary": "geomap.report",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:  # pragma: no cover
    # Redundant aliases mark these as re-exports for type checkers and linters.
    from geomap.actors import ActorSet as ActorSet
    from geomap.corpus.engine import extract_corpus as extract_corpus
    from geomap.errors import GeomapError as GeomapError
    from geomap.errors import InputError as InputError
    from geomap.extract import extract as extract
    from geomap.gazetteer import Gazetteer as Gazetteer
    from geomap.gazetteer.place import Place as Place
    from geomap.gazetteer.place import Resolution as Resolution
    from geomap.layers import Layers as Layers
    from geomap.layers import build_layers as build_layers
    from geomap.render import GeomapMap as GeomapMap
    from geomap.render import render as render
    from geomap.report import make_report as make_report
    from geomap.report.summary import summary as summary
    from geomap.runreport import RunReport as RunReport
    from geomap.schema import EVENT_COLUMNS as EVENT_COLUMNS
    from geomap.schema import events_frame as events_frame
    from geomap.sources.events import merge_events as merge_events
    from geomap.sources.events import read_events as read_events
    from geomap.sources.events import write_events as write_events


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'geomap' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
