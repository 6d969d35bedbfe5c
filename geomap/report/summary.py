"""A compact summary of an events table: counts per actor and kind, date range, unresolved.

``geomap.summary(events)`` is what a notebook shows instead of a wall of rows: its
``_repr_html_`` is a small, fully escaped table and its ``__repr__`` a few lines of text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from geomap.render.escape import escape_html
from geomap.schema import KINDS

#: Order in which event kinds appear in summaries.
_KIND_ORDER = KINDS
#: Kinds that say who controls a place (their dates make a report's date range).
_CONTROL = frozenset({"control_change", "claimed_control", "contested", "held"})


@dataclass(frozen=True)
class EventSummary:
    """Counts that describe an events table at a glance.

    Attributes
    ----------
    n_events
        Rows in the table.
    by_actor
        Actor id -> kind -> number of events (actor ``""`` = no actor).
    kinds
        Kind -> number of events.
    date_min, date_max
        First and last ``event_date`` ("" when no event is dated).
    n_undated
        Events without a date.
    n_places
        Distinct places (gazetteer id, else location).
    n_sources
        Distinct sources.
    n_confirmed, n_claimed
        Events reported as confirmed / as claims (``confirmed`` false).
    n_unresolved
        Names that could not be placed (``None`` when unknown).
    actor_names
        Actor id -> display name, for the actors in ``by_actor``.
    """

    n_events: int
    by_actor: dict[str, dict[str, int]]
    kinds: dict[str, int]
    date_min: str = ""
    date_max: str = ""
    n_undated: int = 0
    n_places: int = 0
    n_sources: int = 0
    n_confirmed: int = 0
    n_claimed: int = 0
    n_unresolved: int | None = None
    actor_names: dict[str, str] = field(default_factory=dict)

    @property
    def date_range(self) -> str:
        """``"first – last"`` (or one date, or "undated")."""
        if not self.date_min:
            return "undated"
        if self.date_min == self.date_max:
            return self.date_min
        return f"{self.date_min} – {self.date_max}"

    def _headline(self) -> str:
        parts = [
            f"{self.n_events} events",
            f"{self.n_places} places",
            f"{self.n_sources} sources",
            self.date_range,
        ]
        if self.n_undated:
            parts.append(f"{self.n_undated} undated")
        if self.n_claimed:
            parts.append(f"{self.n_claimed} claimed")
        if self.n_unresolved is not None:
            parts.append(f"{self.n_unresolved} unresolved")
        return ", ".join(parts)

    def __repr__(self) -> str:
        lines = [f"EventSummary({self._headline()})"]
        for actor, kinds in self.by_actor.items():
            name = self.actor_names.get(actor, actor) or "(no actor)"
            counts = ", ".join(f"{k} {n}" for k, n in kinds.items())
            lines.append(f"  {name}: {counts}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = _escape
        kinds = list(self.kinds)
        head = "".join(f"<th>{e(k.replace('_', ' '))}</th>" for k in kinds)
        rows = []
        for actor, counts in self.by_actor.items():
            name = self.actor_names.get(actor, actor) or "(no actor)"
            label = e(name) if name == actor else f"{e(name)} <small>({e(actor)})</small>"
            cells = "".join(f"<td>{counts.get(k, 0)}</td>" for k in kinds)
            rows.append(f"<tr><th>{label}</th>{cells}</tr>")
        table = (
            f"<table><thead><tr><th>actor</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            if rows
            else ""
        )
        return (
            '<div class="geomap-summary"><p><strong>geomap events</strong>: '
            f"{e(self._headline())}</p>{table}</div>"
        )


def summary(
    data: Any,
    *,
    unresolved: pd.DataFrame | None = None,
    actors: Any = None,
) -> EventSummary:
    """Summarise an events table (or anything with ``.events``, like Layers or Extraction).

    Parameters
    ----------
    data
        An events (Geo)DataFrame with the schema's columns, or an object with an ``events``
        attribute (``Layers``, ``Extraction``, ``Loaded``); its ``unresolved`` and ``actors``
        attributes are used when the keyword arguments are not given.
    unresolved
        The unresolved names table, to count them.
    actors
        An ``ActorSet`` (anything with ``name(actor_id)``) for display names.

    Returns
    -------
    EventSummary
        Counts per actor and kind, date range, unresolved count; shows compactly in Jupyter.
    """
    events = data
    if not isinstance(data, pd.DataFrame) and hasattr(data, "events"):
        events = data.events
        if unresolved is None:
            unresolved = getattr(data, "unresolved", None)
        if actors is None:
            actors = getattr(data, "actors", None)
    if not isinstance(events, pd.DataFrame):
        raise TypeError(f"expected an events DataFrame, got {type(events).__name__}")
    actor_col = _text_column(events, "actor")
    kind_col = _text_column(events, "kind")
    by_actor: dict[str, dict[str, int]] = {}
    for (actor, kind), n in sorted(Counter(zip(actor_col, kind_col, strict=True)).items()):
        by_actor.setdefault(actor, {})[kind] = n
    kind_counts = Counter(kind_col)
    kinds = {k: kind_counts[k] for k in _KIND_ORDER if k in kind_counts}
    kinds.update({k: n for k, n in sorted(kind_counts.items()) if k not in kinds})
    for actor in by_actor:
        by_actor[actor] = {k: by_actor[actor][k] for k in kinds if k in by_actor[actor]}
    dates = [d for d in _text_column(events, "event_date") if d]
    # The range covers dated control evidence: "held since 2015" (year precision) or a mere
    # mention must not stretch a week of fighting back to 1 January 2015.
    precise = [d for d, k, p in zip(_text_column(events, "event_date"), kind_col,
                                    _text_column(events, "date_precision"), strict=True)
               if d and k in _CONTROL and p not in ("year", "unknown")]
    confirmed = events["confirmed"].astype(bool) if "confirmed" in events else None
    return EventSummary(
        n_events=len(events),
        by_actor=by_actor,
        kinds=kinds,
        date_min=min(precise or dates) if dates else "",
        date_max=max(precise or dates) if dates else "",
        n_undated=len(events) - len(dates),
        n_places=len(set(place_keys(events))),
        n_sources=len({s for s in _text_column(events, "source") if s}),
        n_confirmed=int(confirmed.sum()) if confirmed is not None else len(events),
        n_claimed=int((~confirmed).sum()) if confirmed is not None else 0,
        n_unresolved=None if unresolved is None else len(unresolved),
        actor_names={a: display_name(actors, a) for a in by_actor if a},
    )


def place_keys(events: pd.DataFrame) -> list[str]:
    """One key per row identifying its place: gazetteer id, else ``location|country``."""
    gids = _text_column(events, "gazetteer_id")
    locs = _text_column(events, "location")
    countries = _text_column(events, "country")
    places = _text_column(events, "place")
    return [
        g or (f"{loc or p}|{c}" if (loc or p) else "")
        for g, loc, c, p in zip(gids, locs, countries, places, strict=True)
    ]


def display_name(actors: Any, actor_id: str) -> str:
    """The display name of ``actor_id`` from an ActorSet, else the id itself."""
    if not actor_id or actors is None:
        return actor_id
    try:
        return str(actors.name(actor_id)) or actor_id
    except Exception:  # noqa: BLE001 - a user actor set must not break a summary
        return actor_id


def _text_column(frame: pd.DataFrame, column: str) -> list[str]:
    if column not in frame:
        return [""] * len(frame)
    return ["" if _missing(v) else str(v) for v in frame[column]]


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _escape(text: str) -> str:
    return escape_html(text)
