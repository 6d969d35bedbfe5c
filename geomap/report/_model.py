"""What a report says, independent of its format: rows and counts gathered from Layers.

The HTML and Markdown writers only lay out a :class:`ReportData`; everything that reads the
layers (and tolerates missing columns) lives here.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from geomap.errors import GeomapError
from geomap.render.palette import canonical_actor, event_countries, event_palette
from geomap.render.payload import place_key, place_labels
from geomap.report.summary import EventSummary, display_name, summary
from geomap.report.timeline import colour_lookup

log = logging.getLogger("geomap.report")

_CONTROL_KINDS = ("control_change", "claimed_control")


@dataclass(frozen=True)
class ChangeRow:
    """One control change as the report's table shows it."""

    date: str
    precision: str
    location: str
    place: str
    country: str
    kind: str
    actor: str
    actor_name: str
    previous_actor: str
    previous_name: str
    confirmed: bool
    confidence: float | None
    evidence: str
    source: str
    n_reports: int = 1
    event_id: str = ""
    latitude: float | None = None
    longitude: float | None = None

    @property
    def date_label(self) -> str:
        """The date as readers should take it: "on or before", "(month)", "undated"."""
        if not self.date:
            return "undated"
        if self.precision == "before":
            return f"on or before {self.date}"
        if self.precision in ("", "day"):
            return self.date
        return f"{self.date} ({self.precision})"

    @property
    def status(self) -> str:
        """``confirmed`` for a control change, ``claimed`` for anything weaker."""
        return "confirmed" if self.confirmed and self.kind == "control_change" else "claimed"


@dataclass(frozen=True)
class ActorRow:
    """Per-actor counts: places gained, lost and held."""

    actor: str
    name: str
    colour: str
    gained: list[str]
    lost: list[str]
    held: list[str]


@dataclass(frozen=True)
class UnresolvedRow:
    """One name that could not be placed."""

    place: str
    reason: str
    evidence: str
    source: str
    candidates: str


@dataclass
class ReportData:
    """Everything a report shows."""

    title: str
    sources: list[str]
    cited: list[str]
    at: str | None
    summary: EventSummary
    actors: list[ActorRow]
    changes: list[ChangeRow]
    unresolved: list[UnresolvedRow]
    intervals: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: The date the summary, timeline end and map show ("" when nothing is dated).
    date: str = ""
    #: :func:`control_on` on ``date``: one row per place (status, actor, holder, before).
    state: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: :func:`control_periods` up to ``date``: what the timeline draws.
    periods: pd.DataFrame = field(default_factory=pd.DataFrame)
    n_rejected: int | None = None
    #: Longest table shown; the rest is counted in a note (large corpora make huge tables).
    max_rows: int = 2000
    run_summary: str = ""
    colour: Callable[[str], str] = field(default=lambda a: "#777777")
    name: Callable[[str], str] = field(default=lambda a: a)


def is_web_url(text: str) -> bool:
    """Whether ``text`` is an absolute http(s) URL (the only kind a report turns into a link)."""
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and text == text.strip()


def shown_source(source: str) -> str:
    """A source as a report shows it: a web URL whole, a file by its name only (an absolute
    path says where the user keeps files, which is nobody else's business)."""
    text = source.strip()
    if not text or is_web_url(text) or ("/" not in text and "\\" not in text):
        return text
    return PureWindowsPath(text).name if "\\" in text else PurePosixPath(text).name or text


def gather(
    layers: Any,
    *,
    title: str | None = None,
    at: str | None = None,
    sources: Sequence[str] = (),
    run_report: Any = None,
    max_rows: int = 2000,
) -> ReportData:
    """Collect the report's content from a ``Layers`` object.

    Parameters
    ----------
    layers
        ``geomap.build_layers(...)`` result (``events``, ``changes``, ``places``, ``unresolved``,
        ``actors``, ``control_at``).
    title
        Report title; default "geomap report".
    at
        Date for the "held" column (control at that date); default: the latest state.
    sources
        Inputs read (paths or URLs), listed under the title.
    run_report
        The command's ``RunReport``, for rejected rows and its summary line.
    """
    actors = getattr(layers, "actors", None) or default_actors()
    # the map's palette, from the same events: an actor has one colour in map and report
    where = event_countries(layers.events)
    by_id = colour_lookup(actors, event_palette(layers.events, actors, where))

    def colour(actor: str) -> str:
        return by_id(canonical_actor(actor, actors, where) if actor else actor)

    def name(actor: str) -> str:
        return display_name(actors, canonical_actor(actor, actors, where) if actor else actor)

    events = layers.events
    unresolved = getattr(layers, "unresolved", None)
    # places are named as on the map (one plain-Latin spelling); the input's stays in evidence
    labels = place_labels(events) if isinstance(events, pd.DataFrame) else {}
    changes = _change_rows(getattr(layers, "changes", None), name, labels)
    date = report_date(layers, at)
    state = control_on(layers, date, labels=labels) if date else pd.DataFrame()
    held = _held(layers, state)
    return ReportData(
        title=title or "geomap report",
        sources=[shown_source(str(s)) for s in sources],
        cited=sorted({shown_source(r.source) for r in changes if r.source}
                     | {shown_source(s) for s in _sources(events)}),
        at=at,
        summary=summary(events, unresolved=unresolved, actors=actors),
        actors=_actor_rows(changes, held, colour, name),
        changes=changes,
        unresolved=_unresolved_rows(unresolved),
        intervals=_frame(getattr(layers, "intervals", None)),
        date=date,
        state=state,
        periods=control_periods(layers, date, labels=labels) if date else pd.DataFrame(),
        # A corpus report keeps samples of its lists and the full counts beside them.
        n_rejected=None if run_report is None else getattr(
            run_report, "n_rejected", len(getattr(run_report, "rejected", []))),
        run_summary="" if run_report is None else str(run_report.summary()),
        max_rows=max(1, int(max_rows)),
        colour=colour,
        name=name,
    )


def default_actors() -> Any:
    """The bundled actor sets (display names, colours), or ``None`` if they cannot load."""
    try:
        from geomap.actors import ActorSet

        return ActorSet.default()
    except (ImportError, GeomapError, OSError) as exc:
        log.debug("no default actor sets: %s", exc)
        return None


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _count(value: Any) -> int:
    if isinstance(value, int | float) and not (isinstance(value, float) and math.isnan(value)):
        return max(int(value), 1)
    return 1


def _frame(value: Any) -> pd.DataFrame:
    return value if isinstance(value, pd.DataFrame) else pd.DataFrame()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value)


def _change_rows(changes: pd.DataFrame | None, name: Callable[[str], str],
                 labels: dict[str, str] | None = None) -> list[ChangeRow]:
    if changes is None or len(changes) == 0:
        return []
    rows = []
    for rec in changes.to_dict("records"):
        if _text(rec.get("kind")) and _text(rec.get("kind")) not in _CONTROL_KINDS:
            continue
        conf = rec.get("confidence")
        try:
            confidence: float | None = float(conf) if conf is not None else None
        except (TypeError, ValueError):
            confidence = None
        if confidence is not None and math.isnan(confidence):
            confidence = None
        actor = _text(rec.get("actor"))
        prev = _text(rec.get("previous_actor"))
        n_reports = rec.get("n_reports", 1)
        location = _text(rec.get("location")) or _text(rec.get("place"))
        key = place_key(_text(rec.get("gazetteer_id")), location, _text(rec.get("country")))
        rows.append(
            ChangeRow(
                date=_text(rec.get("event_date")),
                precision=_text(rec.get("date_precision")),
                location=(labels or {}).get(key, location),
                place=_text(rec.get("place")),
                country=_text(rec.get("country")),
                kind=_text(rec.get("kind")) or "control_change",
                actor=actor,
                actor_name=name(actor),
                previous_actor=prev,
                previous_name=name(prev),
                confirmed=bool(rec.get("confirmed", True)),
                confidence=confidence,
                evidence=_text(rec.get("evidence")),
                source=_text(rec.get("source")),
                n_reports=_count(n_reports),
                event_id=_text(rec.get("event_id")),
                latitude=_float(rec.get("latitude")),
                longitude=_float(rec.get("longitude")),
            )
        )
    # Undated changes last; stable within a date by place name.
    rows.sort(key=lambda r: (r.date == "", r.date, r.location, r.actor))
    return rows


def _held(layers: Any, state: pd.DataFrame) -> dict[str, list[str]]:
    """Actor -> places held on the report's date (from :func:`control_on`, like the map)."""
    frame = state if len(state) else None
    if frame is None and not hasattr(layers, "control_at"):
        frame = getattr(layers, "places", None)  # a stand-in without a timeline
    held: dict[str, list[str]] = {}
    if frame is None or len(frame) == 0 or "actor" not in frame:
        return held
    if "status" in frame:
        frame = frame[frame["status"] == "held"]
    for actor, loc in zip(frame["actor"], frame.get("location", frame["actor"]), strict=True):
        if _text(actor):
            held.setdefault(_text(actor), []).append(_text(loc))
    return {a: sorted(set(v)) for a, v in held.items()}


def change_counts(changes: Sequence[ChangeRow]) -> str:
    """"N (C confirmed, K claimed or unconfirmed)": the rows of the control-changes table.

    The total is every row of the table, claims included, so that the summary and the table
    agree (a reader counts the rows).
    """
    confirmed = sum(1 for c in changes if c.kind == "control_change" and c.confirmed)
    claimed = len(changes) - confirmed
    if not claimed:
        return str(len(changes))
    return f"{len(changes)} ({confirmed} confirmed, {claimed} claimed or unconfirmed)"


def state_lists(data: ReportData) -> list[tuple[str, list[str]]]:
    """("Contested on D", places) and ("Unknown on D", places) when there are any."""
    state = data.state
    if not len(state) or "status" not in state:
        return []
    out = []
    for status in ("contested", "unknown"):
        places = sorted({_text(v) for v in state.loc[state["status"] == status, "location"]})
        if places:
            out.append((f"{status.capitalize()} on {data.date}", places))
    return out


# --------------------------------------------------------------- control on a date
#: Most dates at which the timeline asks for the state (the chart is ~640 units wide).
MAX_TIMELINE_DATES = 240


def report_date(layers: Any, at: str | None) -> str:
    """The date a report shows: ``at``, else the last date of the control timeline."""
    if at:
        return str(at)[:10]
    dates = layers.dates() if hasattr(layers, "dates") else []
    return str(dates[-1]) if dates else ""


def first_evidence(layers: Any) -> dict[str, str]:
    """Place key -> date of its first dated control evidence (from ``places.history``)."""
    places = getattr(layers, "places", None)
    out: dict[str, str] = {}
    if places is None or len(places) == 0 or "history" not in places:
        return out
    for key, history in zip(places["place_key"], places["history"], strict=True):
        try:
            dates = [str(h[0])[:10] for h in json.loads(history) if h and h[0]]
        except (TypeError, ValueError):
            continue
        if dates:
            out[str(key)] = min(dates)
    return out


def control_on(layers: Any, date: str, *, first: dict[str, str] | None = None,
               labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Who held every place on ``date``: ``Layers.control_at`` as the report reads it.

    The one control-at-date function of a report: the summary's "held" column, the timeline's
    bars and the date the embedded map opens on all come from it. ``status`` is held,
    contested or unknown and ``actor`` the holder when held (both from ``control_at``), except
    that a place is *unknown* before its first dated evidence: a holder implied by a later
    change ("taken from X on D") is kept in ``before`` instead of being painted back in time.
    ``location`` is the map's label of the place (``labels``: place key -> label, default
    :func:`geomap.render.payload.place_labels` of the layers' events).
    """
    frame = pd.DataFrame(layers.control_at(date)).drop(columns="geometry", errors="ignore")
    for col in ("place_key", "location", "status", "actor", "holder", "since"):
        frame[col] = frame[col].fillna("").astype(str) if col in frame else ""
    if "confirmed" not in frame:
        frame["confirmed"] = True
    first = first_evidence(layers) if first is None else first
    if labels is None:
        events = getattr(layers, "events", None)
        labels = place_labels(events) if isinstance(events, pd.DataFrame) else {}
    if labels:
        frame["location"] = frame["place_key"].map(labels).fillna(frame["location"])
    start = frame["place_key"].map(first).fillna("")
    early = (start != "") & (start > date[:10])
    frame["before"] = ""
    frame.loc[early & (frame["status"] != "unknown"), "before"] = frame["holder"]
    frame.loc[early, ["status", "actor"]] = ["unknown", ""]
    frame.loc[early, "confirmed"] = False
    frame["first_evidence"] = start
    return frame.reset_index(drop=True)


def _timeline_dates(layers: Any, end: str) -> list[str]:
    """Dates where a state can change, up to ``end``: event dates and claim expiries."""
    window = int(getattr(layers, "contested_window_days", 7))
    days: set[dt.date] = set()
    for text in layers.dates():
        try:
            day = dt.date.fromisoformat(str(text)[:10])
        except ValueError:
            continue
        days.update((day, day + dt.timedelta(days=window)))
    stop = dt.date.fromisoformat(end[:10])
    out = sorted(d for d in days if d <= stop)
    if len(out) > MAX_TIMELINE_DATES:  # a large corpus: every change is a pixel wide anyway
        keep = {round(i * (len(out) - 1) / (MAX_TIMELINE_DATES - 1))
                for i in range(MAX_TIMELINE_DATES)}
        out = [d for i, d in enumerate(out) if i in keep]
    return [d.isoformat() for d in out]


def control_periods(layers: Any, end: str, *,
                    labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Per place, runs of the same state from :func:`control_on` up to ``end``.

    Columns: place_key, location, status, actor, confirmed, valid_from, valid_to ("" = open at
    ``end``), before (holder implied before the first evidence). A place's runs start at its
    first evidence; before it the place is unknown (no row).
    """
    columns = ["place_key", "location", "status", "actor", "confirmed", "valid_from",
               "valid_to", "from_precision", "before"]
    if not end or not hasattr(layers, "control_at"):
        return pd.DataFrame(columns=columns)
    first = first_evidence(layers)
    if labels is None:
        events = getattr(layers, "events", None)
        labels = place_labels(events) if isinstance(events, pd.DataFrame) else {}
    runs: dict[str, dict[str, Any]] = {}
    rows: list[dict[str, Any]] = []
    before = _implied_holders(layers)
    for date in _timeline_dates(layers, end):
        state = control_on(layers, date, first=first, labels=labels)
        if "since_precision" not in state:
            state["since_precision"] = ""
        for rec in state[["place_key", "location", "status", "actor", "confirmed", "since",
                          "since_precision"]].to_dict("records"):
            key = rec["place_key"]
            if key not in first or first[key] > date:
                continue  # before its first evidence: unknown, not drawn as a bar
            look = (rec["status"], rec["actor"], bool(rec["confirmed"]))
            run = runs.get(key)
            if run is not None and run["_look"] == look:
                continue
            if run is not None:
                run["valid_to"] = date
            run = {"place_key": key, "location": rec["location"], "status": look[0],
                   "actor": look[1], "confirmed": look[2], "valid_from": date, "valid_to": "",
                   "from_precision": _text(rec["since_precision"]) if rec["since"] == date
                   else "",
                   "before": before.get(key, "") if run is None else "", "_look": look}
            runs[key] = run
            rows.append(run)
    frame = pd.DataFrame(rows, columns=[*columns, "_look"])
    return frame.drop(columns="_look")


def _implied_holders(layers: Any) -> dict[str, str]:
    """Place key -> the holder its first change says it was taken from (if named)."""
    iv = getattr(layers, "intervals", None)
    if iv is None or len(iv) == 0 or "implied" not in iv:
        return {}
    rows = iv[iv["implied"].astype(bool)]
    return {str(k): _text(a) for k, a in zip(rows["place_key"], rows["actor"], strict=True)
            if _text(a)}


def _actor_rows(
    changes: list[ChangeRow],
    held: dict[str, list[str]],
    colour: Callable[[str], str],
    name: Callable[[str], str],
) -> list[ActorRow]:
    gained: dict[str, set[str]] = {}
    lost: dict[str, set[str]] = {}
    for row in changes:
        if row.actor:
            gained.setdefault(row.actor, set()).add(row.location)
        if row.previous_actor:
            lost.setdefault(row.previous_actor, set()).add(row.location)
    ids = sorted(set(gained) | set(lost) | set(held))
    return [
        ActorRow(
            actor=a,
            name=name(a),
            colour=colour(a),
            gained=sorted(gained.get(a, ())),
            lost=sorted(lost.get(a, ())),
            held=held.get(a, []),
        )
        for a in ids
    ]


def _unresolved_rows(unresolved: pd.DataFrame | None) -> list[UnresolvedRow]:
    if unresolved is None or len(unresolved) == 0:
        return []
    return [
        UnresolvedRow(
            place=_text(rec.get("place")),
            reason=_text(rec.get("reason")),
            evidence=_text(rec.get("evidence")),
            source=_text(rec.get("source")),
            candidates=_candidates(rec.get("candidates")),
        )
        for rec in unresolved.to_dict("records")
    ]


def _candidates(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return _text(value)


def _sources(events: pd.DataFrame) -> set[str]:
    if "source" not in events:
        return set()
    return {_text(s) for s in events["source"] if _text(s)}
