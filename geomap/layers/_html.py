"""Compact summary and HTML representation of :class:`~geomap.layers.Layers` (escaped)."""

from __future__ import annotations

import html
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from geomap.layers.core import Layers

_MAX_ROWS = 12


def summary(layers: Layers) -> dict[str, Any]:
    """Counts: events per kind, places per latest status and per actor, dates, unresolved."""
    places = layers.places
    dates = layers.dates()
    actors = Counter(str(a) for a in places["actor"].tolist() if a)
    return {
        "n_events": len(layers.events),
        "n_places": len(places),
        "n_unresolved": len(layers.unresolved),
        "first_date": dates[0] if dates else "",
        "last_date": dates[-1] if dates else "",
        "events_by_kind": layers.kind_counts(),
        "places_by_status": dict(sorted(Counter(places["status"].tolist()).items())),
        "places_by_actor": dict(sorted(actors.items())),
    }


def _table(title: str, counts: dict[str, int]) -> str:
    esc = html.escape
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    rows = "".join(
        f"<tr><td>{esc(str(k) or '(none)')}</td><td style='text-align:right'>{int(v)}</td></tr>"
        for k, v in items[:_MAX_ROWS]
    )
    more = len(items) - _MAX_ROWS
    if more > 0:
        rows += f"<tr><td colspan='2'>… {more} more</td></tr>"
    return (f"<table style='display:inline-table;margin-right:1em;vertical-align:top'>"
            f"<thead><tr><th colspan='2'>{esc(title)}</th></tr></thead><tbody>{rows}</tbody>"
            f"</table>")


def repr_html(layers: Layers) -> str:
    """A small HTML block: totals, date range, counts per actor, status and kind."""
    s = summary(layers)
    esc = html.escape
    span = (f"{esc(s['first_date'])} to {esc(s['last_date'])}" if s["first_date"]
            else "no dated events")
    head = (f"<b>geomap Layers</b>: {int(s['n_events'])} events, {int(s['n_places'])} places, "
            f"{span}, {int(s['n_unresolved'])} unresolved")
    body = (_table("latest controller", s["places_by_actor"])
            + _table("places by status", s["places_by_status"])
            + _table("events by kind", s["events_by_kind"]))
    return f"<div class='geomap-layers'><p>{head}</p>{body}</div>"
