"""The HTML report: one self-contained document (map, timeline, tables) that works offline.

Layout only: content comes from :class:`geomap.report._model.ReportData`. Every piece of text
from the input goes through :func:`_e` (HTML escaping); URLs become links only when they are
absolute http(s) URLs. The document carries no script of its own; the map's scripts live inside
the map's ``<iframe srcdoc>``, and the Content-Security-Policy lets nothing load from elsewhere.
"""

from __future__ import annotations

import base64

import pandas as pd

import geomap
from geomap.render.escape import escape_html
from geomap.report._model import (
    ActorRow,
    ChangeRow,
    ReportData,
    UnresolvedRow,
    change_counts,
    is_web_url,
    state_lists,
)
from geomap.report.timeline import safe_colour, timeline_svg

#: Inline scripts only (those of the embedded map, which inherits this policy); no network.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; frame-src 'self' about: data:; "
    "base-uri 'none'; form-action 'none'"
)

_STYLE = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
       color: #1d1d1f; background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.7rem; margin: 0 0 .4rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; border-bottom: 1px solid #ddd;
     padding-bottom: .2rem; }
.muted { color: #666; }
.sources li { word-break: break-all; }
dl.counts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.counts dt { font-weight: 600; }
dl.counts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid #ddd; padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #f3f3f3; }
td.num { text-align: right; white-space: nowrap; }
td.date { white-space: nowrap; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px;
          margin-right: .35em; vertical-align: -.05em; border: 1px solid rgba(0,0,0,.3); }
.claimed { font-style: italic; color: #8a4b00; }
.evidence { min-width: 18rem; max-width: 36rem; }
#changes-table td:not(.evidence), #unresolved-table td:not(.evidence) { font-size: .85rem; }
.map-screen iframe { width: 100%; height: 560px; border: 1px solid #ccc; display: block; }
.map-print { display: none; }
.map-print img { max-width: 100%; border: 1px solid #ccc; }
.placeholder { border: 1px dashed #999; padding: 2rem; text-align: center; color: #555; }
svg.timeline { border: 1px solid #eee; background: #fff; }
footer { margin-top: 2.5rem; font-size: .8rem; color: #666; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .map-screen { display: none !important; }
  .map-print { display: block; }
  h2 { break-after: avoid; }
  tr, svg.timeline, .map-print { break-inside: avoid; }
  a { color: inherit; }
  a[href]::after { content: " <" attr(href) ">"; font-size: .8em; color: #555;
                   word-break: break-all; }
}
"""

#: Credits every data set the report's map draws (the map's own attribution line names the
#: same), not only the gazetteer's: rivers (GSHHG) are LGPL and must be credited.
_ATTRIBUTION = (
    "Place names and coordinates: GeoNames (CC BY 4.0), OurAirports (public domain), ISO 3166 "
    "via pycountry; country outlines and first-level boundaries: Natural Earth (public domain); "
    "rivers: GSHHG (LGPL-3.0); map: Leaflet (BSD-2-Clause). Zones and fronts are approximate."
)


def _e(text: object) -> str:
    return escape_html(text)


def _link(text: str, label: str | None = None) -> str:
    """A link when ``text`` is an http(s) URL, otherwise the escaped text."""
    shown = _e(label if label is not None else text)
    if is_web_url(text):
        return f'<a href="{_e(text)}" rel="noopener noreferrer nofollow">{shown}</a>'
    return shown


def render_html(
    data: ReportData,
    *,
    map_embed: str | None,
    png: bytes | None,
    png_note: str = "",
) -> str:
    """Lay out a report as one HTML document.

    Parameters
    ----------
    data
        The report content.
    map_embed
        The map's ``<iframe srcdoc=...>`` fragment from ``GeomapMap.embed()`` (trusted: made by
        the renderer, which escapes its own content); ``None`` for no map.
    png
        A PNG of the map for the print stylesheet; ``None`` prints a text placeholder instead.
    png_note
        Why there is no PNG (shown in the placeholder).
    """
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f'<meta name="generator" content="geomap {_e(geomap.__version__)}">',
        f"<title>{_e(data.title)}</title>",
        f"<style>{_STYLE}</style></head><body><main>",
        f'<header><h1 id="title">{_e(data.title)}</h1>',
        _sources_html(data),
        "</header>",
        _summary_html(data),
        _map_html(data, map_embed, png, png_note),
        '<section id="timeline"><h2>Timeline of control</h2>',
        '<p class="muted">One row per place, from its first evidence on (before it: unknown, '
        "pale hatching); bars show who held it, grey hatching where it was contested "
        "(dashed outline: claimed, not confirmed; short faded lead-in: the holder it was taken "
        "from, or a start date that is an upper bound). Same state as the summary and the map "
        f"on {_e(data.date or 'the last date')}.</p>",
        timeline_svg(_timeline_rows(data), colour=data.colour, name=data.name,
                     end=data.date or data.at),
        "</section>",
        _changes_html(data.changes, data),
        _unresolved_html(data.unresolved, data.max_rows),
        f"<footer><p>{_e(_ATTRIBUTION)}</p>",
        f"<p>Made with geomap {_e(geomap.__version__)}."
        + (f" {_e(data.run_summary)}" if data.run_summary else "")
        + "</p></footer>",
        "</main></body></html>",
        "",
    ]
    return "\n".join(parts)


def _timeline_rows(data: ReportData) -> pd.DataFrame:
    """The runs the timeline draws: the report's periods, else the intervals up to its date.

    With ``--at`` before every piece of evidence there are no periods; the whole history must
    not be drawn then, squeezed against the axis end as if it had happened by that date.
    """
    if len(data.periods):
        return data.periods
    intervals = data.intervals
    if not (data.date and len(intervals) and "valid_from" in intervals):
        return intervals
    starts = intervals["valid_from"].fillna("").astype(str).str[:10]
    ends = (intervals["valid_to"].fillna("").astype(str).str[:10]
            if "valid_to" in intervals else starts)
    # A place's first evidence is its earliest dated bound: the holder a place was taken from
    # has an undated start and ends at the change. Before that evidence the place is unknown.
    known = starts.where(starts != "", ends).replace("", "9999-12-31")
    place = intervals["place_key"] if "place_key" in intervals else intervals.index.to_series()
    first = known.groupby(place.to_numpy()).transform("min")
    return intervals[(first <= data.date) & (starts <= data.date)]


def _sources_html(data: ReportData) -> str:
    out = []
    if data.sources:
        items = "".join(f"<li>{_link(s)}</li>" for s in data.sources)
        out.append(
            f'<p class="muted">Sources read:</p><ul class="sources" id="sources">{items}</ul>'
        )
    cited = [c for c in data.cited if c not in data.sources]
    if cited:
        items = "".join(f"<li>{_link(s)}</li>" for s in cited[:50])
        more = f"<li>… and {len(cited) - 50} more</li>" if len(cited) > 50 else ""
        out.append(
            '<p class="muted">Documents cited by events:</p>'
            f'<ul class="sources" id="cited">{items}{more}</ul>'
        )
    if data.at:
        out.append(f'<p>Control shown as of <strong>{_e(data.at)}</strong>.</p>')
    return "".join(out)


def _summary_html(data: ReportData) -> str:
    s = data.summary
    kinds = ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in s.kinds.items()) or "none"
    counts = [
        ("Date range", s.date_range),
        ("Events", f"{s.n_events} ({kinds})"),
        ("Control changes", change_counts(data.changes)),
        ("Places", f"{_n_changed(data)} changed hands ({s.n_places} named in events)"),
        ("Unresolved names", str(len(data.unresolved))),
    ]
    if data.n_rejected is not None:
        counts.append(("Rejected rows", str(data.n_rejected)))
    counts.append(("Sources", str(s.n_sources)))
    for label, places in state_lists(data):
        counts.append((label, _plain_names(places)))
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in counts)
    held_head = f"held on {data.date}" if data.date else "held (latest)"
    rows = "".join(_actor_row(a) for a in data.actors)
    table = (
        '<table id="actors"><thead><tr><th>Actor</th><th>Places gained</th><th>Places lost</th>'
        f"<th>Places {_e(held_head)}</th></tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else '<p class="muted">No control changes.</p>'
    )
    return f'<section id="summary"><h2>Summary</h2><dl class="counts">{dl}</dl>{table}</section>'


def _plain_names(places: list[str]) -> str:
    shown = ", ".join(places[:12]) + (f", … (+{len(places) - 12})" if len(places) > 12 else "")
    return f"{len(places)}: {shown}"


def _n_changed(data: ReportData) -> int:
    return len({(c.location, c.country) for c in data.changes})


def _names(places: list[str]) -> str:
    if not places:
        return "0"
    shown = ", ".join(places[:12]) + (f", … (+{len(places) - 12})" if len(places) > 12 else "")
    return f"{len(places)}: {_e(shown)}"


def _actor_row(row: ActorRow) -> str:
    label = _e(row.name) if row.name == row.actor else f"{_e(row.name)} ({_e(row.actor)})"
    return (
        f'<tr><th><span class="swatch" style="background:{safe_colour(row.colour)}"></span>'
        f"{label}</th><td>{_names(row.gained)}</td><td>{_names(row.lost)}</td>"
        f"<td>{_names(row.held)}</td></tr>"
    )


def _map_html(data: ReportData, map_embed: str | None, png: bytes | None, note: str) -> str:
    screen = (
        f'<div class="map-screen" id="map">{map_embed}</div>'
        if map_embed
        else '<div class="map-screen placeholder">No map: nothing to draw.</div>'
    )
    if png:
        uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        printed = f'<div class="map-print"><img alt="{_e("Map: " + data.title)}" src="{uri}"></div>'
    else:
        text = "The interactive map is not available in print"
        text += f" ({note})." if note else "; open this file in a browser to see it."
        printed = f'<div class="map-print placeholder">{_e(text)}</div>'
    return f'<section id="map-section"><h2>Map</h2>{screen}{printed}</section>'


def _changes_html(rows: list[ChangeRow], data: ReportData) -> str:
    if not rows:
        return (
            '<section id="changes"><h2>Control changes</h2>'
            '<p class="muted">None found.</p></section>'
        )
    body = []
    for r in rows[: data.max_rows]:
        what = r.status
        status = "" if what == "confirmed" else ' class="claimed"'
        conf = f"{r.confidence:.2f}" if r.confidence is not None else ""
        reports = f" <small>({r.n_reports} reports)</small>" if r.n_reports > 1 else ""
        place = _e(r.location)
        if r.place and r.place != r.location:
            place += f' <small class="muted">(“{_e(r.place)}”)</small>'
        where = (
            f' data-lat="{r.latitude:.5f}" data-lon="{r.longitude:.5f}"'
            if r.latitude is not None and r.longitude is not None
            else ""
        )
        body.append(
            f'<tr{status} data-event-id="{_e(r.event_id)}" data-actor="{_e(r.actor)}"'
            f' data-date="{_e(r.date)}" data-precision="{_e(r.precision)}"{where}>'
            f"<td class=\"date\">{_e(r.date_label)}</td><td>{place}</td>"
            f'<td class="actor"><span class="swatch" '
            f'style="background:{safe_colour(data.colour(r.actor))}"></span>'
            f"{_e(r.actor_name or '—')}</td><td>{_e(r.previous_name or '—')}</td>"
            f"<td>{what}</td><td class=\"num\">{conf}</td>"
            f'<td class="evidence">{_e(r.evidence)}</td><td>{_link(r.source)}{reports}</td></tr>'
        )
    return (
        '<section id="changes"><h2>Control changes</h2><table id="changes-table"><thead><tr>'
        "<th>Date</th><th>Place</th><th>Actor</th><th>Previous actor</th><th>Status</th>"
        "<th>Confidence</th><th>Evidence</th><th>Source</th></tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
        + _more(len(rows), data.max_rows)
        + "</section>"
    )


def _more(n: int, shown: int) -> str:
    if n <= shown:
        return ""
    return f'<p class="muted">… and {n - shown:,} more rows, not shown (see the events file).</p>'


def _unresolved_html(rows: list[UnresolvedRow], max_rows: int) -> str:
    head = '<section id="unresolved"><h2>Unresolved names</h2>'
    if not rows:
        return head + '<p class="muted">Every place name was resolved.</p></section>'
    body = "".join(
        f"<tr><td>{_e(r.place)}</td><td>{_e(r.reason)}</td><td>{_e(r.candidates)}</td>"
        f'<td class="evidence">{_e(r.evidence)}</td><td>{_link(r.source)}</td></tr>'
        for r in rows[:max_rows]
    )
    return (
        head
        + '<p class="muted">Names in the sources that could not be placed on the map, '
        "with the reason.</p>"
        '<table id="unresolved-table"><thead><tr><th>Name</th><th>Reason</th><th>Candidates</th>'
        "<th>Evidence</th><th>Source</th></tr></thead><tbody>"
        + body
        + "</tbody></table>"
        + _more(len(rows), max_rows)
        + "</section>"
    )
