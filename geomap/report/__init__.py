"""Reports: one self-contained HTML document (or Markdown) to share, attach or embed.

``geomap.make_report(layers)`` returns the document as text; ``geomap report`` writes it.
``geomap.summary(events)`` is the compact display of an events table in Jupyter.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from geomap.errors import GeomapError, InputError
from geomap.report._model import ReportData, gather
from geomap.report.markdown import escape_md, render_markdown
from geomap.report.summary import EventSummary, summary
from geomap.report.timeline import timeline_svg

__all__ = [
    "EventSummary",
    "ReportData",
    "escape_md",
    "make_report",
    "summary",
    "timeline_svg",
]

log = logging.getLogger("geomap.report")

#: Height of the embedded map in CSS pixels.
_MAP_HEIGHT = 560


def make_report(
    data: Any,
    *,
    title: str | None = None,
    at: str | None = None,
    sources: Sequence[str] = (),
    format: Literal["html", "md"] = "html",
    png: bool | None = None,
    run_report: Any = None,
    actors: Any = None,
    unresolved: pd.DataFrame | None = None,
    max_rows: int = 2000,
) -> str:
    """Make a report of control changes: summary, map, timeline, evidence, unresolved names.

    Parameters
    ----------
    data
        A ``Layers`` object, or an events GeoDataFrame (layers are built from it).
    title
        Title of the document (default "geomap report").
    at
        ISO date: the map and the "held" counts show control on that date.
    sources
        Inputs read (paths or URLs), listed under the title; http(s) URLs become links.
    format
        ``"html"``: one self-contained document (interactive map in an ``<iframe srcdoc>``,
        inline SVG timeline, print stylesheet); ``"md"``: summary and tables in Markdown.
    png
        HTML only: embed a PNG of the map for printing. ``None`` (default) tries when Chromium
        is installed and falls back to a text placeholder; ``False`` never tries.
    run_report
        The ``RunReport`` of the command, for rejected-row counts.
    actors
        ``ActorSet`` used when ``data`` is an events frame.
    unresolved
        Unresolved names when ``data`` is an events frame.
    max_rows
        Longest table shown (changes, unresolved names); further rows are counted in a note.

    Returns
    -------
    str
        The document.

    Raises
    ------
    InputError
        ``at`` is not an ISO date or ``format`` is unknown.
    """
    if format not in ("html", "md"):
        raise InputError(f"unknown report format {format!r} (use html or md)")
    if at is not None:
        from geomap.report.timeline import parse_date

        if parse_date(at) is None or len(at) != 10:
            raise InputError(f"--at must be an ISO date YYYY-MM-DD, got {at!r}")
    layers = _as_layers(data, actors=actors, unresolved=unresolved)
    content = gather(
        layers, title=title, at=at, sources=sources, run_report=run_report, max_rows=max_rows
    )
    if format == "md":
        return render_markdown(content)
    from geomap.report.html import render_html

    embed, png_bytes, note = _map_parts(layers, content, png=png)
    return render_html(content, map_embed=embed, png=png_bytes, png_note=note)


def _as_layers(data: Any, *, actors: Any, unresolved: pd.DataFrame | None) -> Any:
    if isinstance(data, pd.DataFrame):
        from geomap.layers import build_layers

        return build_layers(data, unresolved=unresolved, actors=actors)
    if hasattr(data, "changes") and hasattr(data, "events"):
        return data
    if hasattr(data, "events"):  # Loaded / Extraction
        from geomap.layers import build_layers

        return build_layers(
            data.events,
            unresolved=unresolved if unresolved is not None else getattr(data, "unresolved", None),
            actors=actors,
        )
    raise TypeError(f"make_report needs Layers or an events frame, got {type(data).__name__}")


def _map_parts(
    layers: Any, content: ReportData, *, png: bool | None
) -> tuple[str | None, bytes | None, str]:
    """The map's embed fragment and (maybe) its PNG, plus why there is no PNG."""
    from geomap.render import render
    from geomap.render._chrome import find_chromium

    if len(layers.events) == 0:
        return None, None, "no events"
    # The map opens on the report's date: the one the summary and the timeline end on.
    m = render(layers, title=content.title, at=content.date or content.at)
    embed = m.embed(height=_MAP_HEIGHT)
    if png is False:
        return embed, None, "PNG export was switched off"
    if png is None and find_chromium() is None:
        return embed, None, "Chromium is not installed, so no picture of the map was made"
    with tempfile.TemporaryDirectory(prefix="geomap-report-") as tmp:
        path = Path(tmp) / "map.png"
        export_log = logging.getLogger("geomap.render.export")
        level = export_log.level
        # The renderer logs the temporary PNG path at INFO: noise for the report's user.
        export_log.setLevel(max(level, logging.WARNING))
        try:
            m.to_png(path)
            return embed, path.read_bytes(), ""
        except (GeomapError, OSError) as exc:
            if png:
                raise
            log.warning("no PNG of the map for print: %s", exc)
            return embed, None, "the picture of the map could not be made"
        finally:
            export_log.setLevel(level)
