"""Control intervals as an inline SVG timeline (one row per place, bars coloured by actor).

Written by hand rather than with a plotting library so that the report stays small, text in it
stays selectable, and every piece of untrusted text (place and actor names) goes through one
escape function.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from geomap.render.escape import escape_html

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FALLBACK_COLOUR = "#777777"

#: Layout (SVG user units).
_LABEL_W = 210
_PLOT_W = 640
_RIGHT = 44
_ROW_H = 22
_TOP = 28
_AXIS_H = 34
_MAX_ROWS = 150
_MAX_LABEL = 32


#: Contested and unknown: the map's grey for contested, a pale hatch for "nobody knows".
_CONTESTED = "#5f5f5f"
_UNKNOWN = "#b8b8b8"
_DEFS = (
    "<defs>"
    '<pattern id="tl-contested" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#e4e4e4"/>'
    f'<rect width="3" height="6" fill="{_CONTESTED}"/></pattern>'
    '<pattern id="tl-unknown" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
    f'<rect width="1" height="6" fill="{_UNKNOWN}"/></pattern>'
    "</defs>"
)
#: Width of the lead-in showing who held a place just before its first evidence.
_LEAD_IN = 14.0


@dataclass(frozen=True)
class _Bar:
    row: int
    start: dt.date | None  # None: undated evidence (the whole axis)
    end: dt.date | None  # None: still open at the end of the axis
    actor: str
    precision: str
    confirmed: bool
    status: str = "held"
    before: str = ""  # holder implied before the first evidence (taken from)


def parse_date(text: object) -> dt.date | None:
    """Parse an ISO date (``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` as their first day)."""
    if not isinstance(text, str) or not text:
        return None
    value = text.strip()
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            return dt.datetime.strptime(value[: len(fmt) + 2], fmt).date()
        except ValueError:
            continue
    return None


def safe_colour(colour: object) -> str:
    """``colour`` if it is a ``#rrggbb`` literal, else a neutral grey (it may come from YAML)."""
    return colour if isinstance(colour, str) and _COLOUR.match(colour) else _FALLBACK_COLOUR


def timeline_svg(
    intervals: pd.DataFrame,
    *,
    colour: Callable[[str], str],
    name: Callable[[str], str],
    end: str | None = None,
    title: str = "Control of places over time",
) -> str:
    """Return an ``<svg>`` element drawing control intervals as a Gantt-style chart.

    Parameters
    ----------
    intervals
        ``Layers.intervals``: place_key, location, actor, valid_from, valid_to ("" = open),
        from_precision, confirmed.
    colour, name
        Actor id -> ``#rrggbb`` colour / display name.
    end
        Last date shown (e.g. the report's ``--at`` date); default: a little after the last
        date in ``intervals``.
    title
        Accessible title of the chart.

    Returns
    -------
    str
        A self-contained SVG element (no script, no external reference), all text escaped.
    """
    e = _escape
    rows, bars = _bars(intervals)
    known = [d for b in bars for d in (b.start, b.end) if d is not None]
    end_date = parse_date(end) if end else None
    if end_date is not None:
        known.append(end_date)
    if not bars or not known:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
            f'viewBox="0 0 {_LABEL_W + _PLOT_W + _RIGHT} 40" width="100%">'
            f"<title>{e(title)}</title>"
            '<text x="10" y="24" font-size="13">No control intervals to show.</text></svg>'
        )
    lo, hi = min(known), max(known)
    span = max((hi - lo).days, 1)
    pad = max(1, round(span * 0.04))
    lo, hi = lo - dt.timedelta(days=pad), (end_date or hi + dt.timedelta(days=pad))
    if hi <= lo:
        hi = lo + dt.timedelta(days=1)
    days = (hi - lo).days

    def x(day: dt.date | None, default: float) -> float:
        if day is None:
            return default
        day = min(max(day, lo), hi)
        return _LABEL_W + _PLOT_W * (day - lo).days / days

    shown = rows[:_MAX_ROWS]
    height = _TOP + _ROW_H * len(shown) + _AXIS_H + (_ROW_H if len(rows) > _MAX_ROWS else 0)
    width = _LABEL_W + _PLOT_W + _RIGHT
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" font-family="sans-serif" font-size="12">',
        f"<title>{e(title)}</title>",
        _DEFS,
    ]
    out.extend(_axis(lo, hi, x, top=_TOP, bottom=_TOP + _ROW_H * len(shown)))
    for i, label in enumerate(shown):
        y = _TOP + _ROW_H * i
        short = label if len(label) <= _MAX_LABEL else label[: _MAX_LABEL - 1] + "…"
        out.append(
            f'<text x="{_LABEL_W - 8}" y="{y + 15}" text-anchor="end">'
            f"<title>{e(label)}</title>{e(short)}</text>"
        )
    first: dict[int, dt.date] = {}
    for bar in bars:
        if bar.start is not None and (bar.row not in first or bar.start < first[bar.row]):
            first[bar.row] = bar.start
    h = _ROW_H - 6
    for row, day in first.items():
        if row >= len(shown) or x(day, _LABEL_W) <= _LABEL_W:
            continue
        y = _TOP + _ROW_H * row + 3
        # Before the first evidence nobody knows who held the place: drawn as unknown.
        out.append(
            f'<rect class="unknown" x="{_LABEL_W}" y="{y}" '
            f'width="{x(day, _LABEL_W) - _LABEL_W:.1f}" height="{h}" fill="url(#tl-unknown)">'
            "<title>"
            f"{e(rows[row])}: unknown before the first evidence ({day.isoformat()})"
            "</title></rect>"
        )
    for bar in bars:
        if bar.row >= len(shown):
            continue
        y = _TOP + _ROW_H * bar.row + 3
        x0 = x(bar.start, _LABEL_W)
        x1 = x(bar.end, _LABEL_W + _PLOT_W)
        w = max(x1 - x0, 3.0)
        since = bar.start.isoformat() if bar.start else "undated"
        until = bar.end.isoformat() if bar.end else "open"
        if bar.status == "held":
            fill = safe_colour(colour(bar.actor)) if bar.actor else _FALLBACK_COLOUR
            who = f"held by {name(bar.actor)}" if bar.actor else "held (holder not named)"
        elif bar.status == "contested":
            fill, who = "url(#tl-contested)", "contested"
        else:
            fill, who = "url(#tl-unknown)", "unknown"
        note = "" if bar.confirmed or bar.status != "held" else " (claimed)"
        if bar.precision and bar.precision not in ("day", ""):
            note += f" (start: {bar.precision})"
        tip = f"{rows[bar.row]}: {who} {since} – {until}{note}"
        dash = (' stroke="#333333" stroke-dasharray="3 2"'
                if bar.status == "held" and not bar.confirmed else "")
        out.append(
            f'<rect class="{_CLASS.get(bar.status, "unknown")}" x="{x0:.1f}" y="{y}" '
            f'width="{w:.1f}" height="{h}" rx="2" fill="{fill}" data-actor="{e(bar.actor)}"'
            f"{dash}><title>{e(tip)}</title></rect>"
        )
        if bar.before and bar.start is not None:
            # "Taken from X": X held it just before; since when is not known.
            lead = min(_LEAD_IN, x0 - _LABEL_W)
            out.append(
                f'<rect class="before" x="{x0 - lead:.1f}" y="{y + 4}" width="{lead:.1f}" '
                f'height="{h - 8}" fill="{safe_colour(colour(bar.before))}" fill-opacity="0.6">'
                f"<title>{e(rows[bar.row])}: held by {e(name(bar.before))} before "
                f"{since} (since when is not reported)</title></rect>"
            )
        elif bar.precision == "before" and bar.status == "held":
            # "On or before" the start date: a faded lead-in shows the start is an upper bound.
            out.append(
                f'<rect x="{max(x0 - 18, _LABEL_W):.1f}" y="{y}" '
                f'width="{min(18.0, x0 - _LABEL_W):.1f}" '
                f'height="{h}" fill="{fill}" fill-opacity="0.35"/>'
            )
        if bar.start is not None:
            out.append(
                f'<circle cx="{x0:.1f}" cy="{y + h / 2:.1f}" r="3.5" fill="#ffffff" '
                f'stroke="#222222"/>'
            )
    if len(rows) > _MAX_ROWS:
        y = _TOP + _ROW_H * len(shown) + _AXIS_H + 14
        out.append(f'<text x="10" y="{y}">… and {len(rows) - _MAX_ROWS} more places</text>')
    held = {b.actor for b in bars if b.status == "held"} | {b.before for b in bars if b.before}
    states = [s for s in ("contested", "unknown") if s == "unknown" or any(
        b.status == s for b in bars)]
    out.extend(_legend(held, colour=colour, name=name, width=width, states=states))
    out.append("</svg>")
    return "".join(out)


_CLASS = {"held": "held", "contested": "contested", "unknown": "unknown"}


def _bars(intervals: pd.DataFrame) -> tuple[list[str], list[_Bar]]:
    if intervals is None or len(intervals) == 0:
        return [], []
    frame = intervals.copy()
    for col in ("place_key", "location", "actor", "valid_from", "valid_to", "from_precision",
                "before"):
        if col not in frame:
            frame[col] = ""
        frame[col] = frame[col].fillna("").astype(str)
    if "confirmed" not in frame:
        frame["confirmed"] = True
    if "status" not in frame:  # plain intervals: every row is a holder
        frame["status"] = "held"
    frame["status"] = frame["status"].fillna("held").astype(str)
    frame["_start"] = [parse_date(v) for v in frame["valid_from"]]
    frame["_key"] = [k or loc for k, loc in zip(frame["place_key"], frame["location"], strict=True)]
    first: dict[str, dt.date] = {}
    labels: dict[str, str] = {}
    for key, loc, start in zip(frame["_key"], frame["location"], frame["_start"], strict=True):
        labels.setdefault(key, loc or key)
        if start is not None and (key not in first or start < first[key]):
            first[key] = start
    order = sorted(labels, key=lambda k: (first.get(k, dt.date.max), labels[k], k))
    index = {k: i for i, k in enumerate(order)}
    bars = [
        _Bar(
            row=index[key],
            start=start,
            end=parse_date(valid_to),
            actor=actor,
            precision=precision,
            confirmed=bool(confirmed),
            status=status,
            before=before,
        )
        for key, start, valid_to, actor, precision, confirmed, status, before in zip(
            frame["_key"],
            frame["_start"],
            frame["valid_to"],
            frame["actor"],
            frame["from_precision"],
            frame["confirmed"],
            frame["status"],
            frame["before"],
            strict=True,
        )
    ]
    return [labels[k] for k in order], bars


def _axis(
    lo: dt.date,
    hi: dt.date,
    x: Callable[[dt.date | None, float], float],
    *,
    top: int,
    bottom: int,
) -> list[str]:
    out = [
        f'<line x1="{_LABEL_W}" y1="{bottom}" x2="{_LABEL_W + _PLOT_W}" y2="{bottom}" '
        'stroke="#444444"/>'
    ]
    for tick in _ticks(lo, hi):
        tx = x(tick, 0.0)
        out.append(
            f'<line x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{bottom + 4}" '
            'stroke="#dddddd"/>'
            f'<text x="{tx:.1f}" y="{bottom + 18}" text-anchor="middle" font-size="11">'
            f"{tick.isoformat()}</text>"
        )
    return out


def _ticks(lo: dt.date, hi: dt.date, target: int = 6) -> list[dt.date]:
    days = (hi - lo).days
    if days <= 0:
        return [lo]
    step = max(1, round(days / target))
    # Snap long spans to month starts so that labels read naturally.
    if days > 120:
        months = max(1, round(days / 30 / target))
        out: list[dt.date] = []
        year, month = lo.year, lo.month + 1
        while True:
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
            tick = dt.date(year, month, 1)
            if tick > hi:
                return out
            out.append(tick)
            month += months
    return [lo + dt.timedelta(days=i) for i in range(step, days + 1, step)][:target + 1]


def _legend(
    actors: set[str],
    *,
    colour: Callable[[str], str],
    name: Callable[[str], str],
    width: int,
    states: Sequence[str] = (),
) -> list[str]:
    out: list[str] = []
    xpos = 10
    entries: list[tuple[str, str]] = []
    for actor in sorted(actors):  # aliases of one actor share a name and colour: one entry
        entry = (name(actor) if actor else "holder not named",
                 safe_colour(colour(actor)) if actor else _FALLBACK_COLOUR)
        if entry not in entries:
            entries.append(entry)
    entries += [(s, f"url(#tl-{s})") for s in states]
    for label, fill in entries:
        label = label if len(label) <= 40 else label[:39] + "…"
        if xpos + 20 + 7 * len(label) > width:
            break
        out.append(
            f'<rect x="{xpos}" y="8" width="12" height="12" fill="{fill}" stroke="#999999"'
            ' stroke-width="0.5"/>'
            f'<text x="{xpos + 16}" y="18">{_escape(label)}</text>'
        )
        xpos += 30 + 7 * len(label)
    return out


def colour_lookup(actors: object, palette: Mapping[str, str] | None = None) -> Callable[[str], str]:
    """Actor id -> colour from an ActorSet (``colour(id)``), a mapping, or a stable fallback."""

    def lookup(actor: str) -> str:
        if palette and actor in palette:
            return safe_colour(palette[actor])
        method = getattr(actors, "colour", None)
        if callable(method):
            try:
                return safe_colour(method(actor))
            except Exception:  # noqa: BLE001 - a user actor set must not break a report
                return _FALLBACK_COLOUR
        return _hash_colour(actor)

    return lookup


def _hash_colour(actor: str) -> str:
    palette = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2")
    return palette[sum(actor.encode("utf-8")) % len(palette)] if actor else _FALLBACK_COLOUR


def _escape(text: str) -> str:
    return escape_html(text)
