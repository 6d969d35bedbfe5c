"""Places of table rows: geocoding names, the swapped-axes check and gazetteer links.

Tables name their places and often give coordinates; these helpers tie both to the gazetteer
(rows without coordinates are geocoded, rows with coordinates are linked to the gazetteer entry
of their name nearby) and catch latitude/longitude given the wrong way round.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd

from geomap.sources.tables._frame import Context
from geomap.sources.tables._rejections import Rejections, distinct

log = logging.getLogger("geomap.sources.tables")


@dataclass
class Geocoded:
    """Outcome of geocoding some rows: gazetteer fields per resolved row, reasons otherwise."""

    fields: dict[int, dict[str, Any]] = field(default_factory=dict)
    unresolved: dict[int, tuple[str, str]] = field(default_factory=dict)


def geocode(rows: Iterable[int], names: pd.Series, countries: pd.Series,
            gazetteer: Any) -> Geocoded:
    """Resolve place names of the given rows with the gazetteer (once per name+country).

    A :class:`~geomap.gazetteer.Gazetteer` resolves them all together (``geocode``, the
    column-wise path: same answers as ``lookup``); other gazetteers name by name.
    """
    out = Geocoded()
    todo = list(rows)
    pairs = [(str(names.iat[i]), str(countries.iat[i])) for i in todo]
    memo: dict[tuple[str, str], Any] = {}
    batch = getattr(gazetteer, "geocode", None)
    if callable(batch) and len(set(pairs)) > 1:
        try:
            distinct = list(dict.fromkeys(pairs))
            frame = batch([n for n, _ in distinct], country=[c or None for _, c in distinct])
            for pair, row in zip(distinct, frame.itertuples(index=False), strict=True):
                if row.resolved:
                    memo[pair] = row
        except Exception:  # the name-by-name path below still accounts for every row
            log.debug("column-wise geocoding failed; name by name", exc_info=True)
            memo.clear()
    for i, key in zip(todo, pairs, strict=True):
        if key not in memo:
            name, cc = key
            try:
                memo[key] = gazetteer.lookup(name, country=cc or None)
            except Exception as exc:  # never lose the row: it becomes unresolved
                log.debug("gazetteer failed on %r", name, exc_info=True)
                memo[key] = exc
        res = memo[key]
        if isinstance(res, Exception):
            out.unresolved[i] = (f"gazetteer error: {res}", "")
            continue
        if hasattr(res, "resolved"):  # a row of the column-wise answer
            place, confidence = res, res.confidence
            lat, lon = res.latitude, res.longitude
        else:
            place = getattr(res, "place", None)
            if place is None:
                reason = getattr(res, "reason", "") or "not in gazetteer"
                out.unresolved[i] = (reason, candidates_text(getattr(res, "candidates", [])))
                continue
            confidence, lat, lon = getattr(res, "confidence", 1.0), place.lat, place.lon
        out.fields[i] = {
            "location": place.name,
            "country": place.country or key[1],
            "latitude": float(lat),
            "longitude": float(lon),
            "geo_precision": place.geo_precision or "town",
            "gazetteer_id": place.id,
            "confidence": float(confidence or 0.0),
        }
    return out


def candidates_text(candidates: Iterable[Any], limit: int = 5) -> str:
    """``"Name (CC, source:id); ..."`` for the first candidates."""
    return "; ".join(f"{p.name} ({p.country}, {p.id})" for p in list(candidates)[:limit])


# --------------------------------------------------------------------------- swapped axes
#: Tolerance around a country's bounding box (degrees) before a point counts as outside it.
BOX_MARGIN: Final = 1.0
_BOXES_FILE: Final = "country-boxes-ne10m-v1.json"


@functools.cache
def country_boxes() -> dict[str, tuple[float, float, float, float]]:
    """ISO2 -> (min lon, min lat, max lon, max lat) of Natural Earth outlines, cached on disk.

    The outlines take seconds to load; their boxes are a few kilobytes of JSON, built once per
    cache folder. Empty (no check) if the outlines are unavailable.
    """
    import json
    import os
    from pathlib import Path

    env = os.environ.get("GEOMAP_CACHE_DIR")
    xdg = os.environ.get("XDG_CACHE_HOME")
    folder = (Path(env).expanduser() if env else
              (Path(xdg) if xdg else Path.home() / ".cache") / "geomap")
    path = folder / _BOXES_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {k: (v[0], v[1], v[2], v[3]) for k, v in data.items()}
    except (OSError, ValueError, TypeError, IndexError):
        pass
    try:
        from geomap.gazetteer.boundaries import countries

        frame = countries()
    except Exception as exc:  # the check is a help, never a reason to fail a read
        log.debug("country outlines unavailable, no swap check: %s", exc)
        return {}
    bounds = frame.geometry.bounds
    boxes = {
        code: (float(b.minx), float(b.miny), float(b.maxx), float(b.maxy))
        for code, b in zip(frame["iso_a2"], bounds.itertuples(index=False), strict=True)
        if code
    }
    try:
        from geomap._io.atomic import write_text

        write_text(path, json.dumps(boxes, sort_keys=True))
    except OSError as exc:
        log.debug("country boxes not cached: %s", exc)
    return boxes


def check_swapped(lat: np.ndarray, lon: np.ndarray, countries: Any, rej: Rejections, *,
                  lat_col: str = "latitude", values: Any = None) -> None:
    """Reject points outside their country's box whose swapped point falls inside it.

    Both values are valid coordinates, so only the stated country can reveal the swap
    (e.g. Tarhuna, Libya given as 13.63, 32.43: a point in Sudan).
    """
    codes = np.asarray(countries, dtype=object)
    known = (codes != "") & ~pd.isna(codes) & np.isfinite(lat) & np.isfinite(lon)
    if not known.any():
        return
    boxes = country_boxes()
    if not boxes:
        return
    # One test per distinct (country, point): rows repeat their places.
    groups = distinct(codes, lat, lon)
    first = groups.first
    bad = groups.spread(_outside_but_swapped_inside(codes[first], lat[first], lon[first],
                                                    boxes)) & known
    if bad.any():
        shown = values if values is not None else pd.Series(lat)
        for i in np.flatnonzero(bad).tolist():
            rej.add_one(i, lat_col, shown.iat[i] if isinstance(shown, pd.Series) else shown[i],
                        f"point ({lat[i]:g}, {lon[i]:g}) is outside {codes[i]}; latitude and "
                        f"longitude look swapped")


def _outside_but_swapped_inside(codes: np.ndarray, lat: np.ndarray, lon: np.ndarray,
                                boxes: Mapping[str, tuple[float, float, float, float]]
                                ) -> np.ndarray:
    """Whether each point lies outside its country's box while the swapped point lies inside."""
    out = np.zeros(len(codes), dtype=bool)
    box = [boxes.get(str(c)) if isinstance(c, str) and c else None for c in codes.tolist()]
    idx = np.flatnonzero([b is not None for b in box])
    if not len(idx):
        return out
    b = np.array([box[i] for i in idx.tolist()], dtype="float64")
    x, y = lon[idx], lat[idx]
    m = BOX_MARGIN
    with np.errstate(invalid="ignore"):
        inside = ((x >= b[:, 0] - m) & (x <= b[:, 2] + m) & (y >= b[:, 1] - m)
                  & (y <= b[:, 3] + m))
        swapped_inside = (y >= b[:, 0]) & (y <= b[:, 2]) & (x >= b[:, 1]) & (x <= b[:, 3])
    out[idx[~inside & swapped_inside]] = True
    return out


# --------------------------------------------------------------------------- gazetteer links
#: A table row's place is linked to a gazetteer entry of the same name at most this far away.
LINK_MAX_KM: Final = 10.0


def link_places(names: pd.Series, countries: Any, lat: np.ndarray, lon: np.ndarray,
                ctx: Context, skip: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gazetteer id and canonical name for table rows whose named place is where the row says.

    Tables with coordinates (ACLED, UCDP) name their place too; linking it to the gazetteer
    gives the row the same ``gazetteer_id`` and ``location`` as an article that names the same
    place, so the same change from both merges into one event. Each distinct
    (name, country, ~1 km cell) is looked up once; a candidate farther than
    :data:`LINK_MAX_KM` from the row's point is not linked (another place of that name).

    Returns
    -------
    (gazetteer_id, location)
        Object arrays; ``""`` / the name as written where not linked.
    """
    n = len(names)
    ids = np.full(n, "", dtype=object)
    location = names.to_numpy(dtype=object).copy()
    ok = ~skip & np.isfinite(lat) & np.isfinite(lon) & (names != "").to_numpy()
    if not ok.any():
        return ids, location
    try:
        gazetteer = ctx.gazetteer()
    except Exception as exc:  # linking is a help: without a gazetteer rows keep their names
        log.debug("no gazetteer for linking table places: %s", exc)
        return ids, location
    idx = np.flatnonzero(ok)
    name_ = names.iloc[idx].reset_index(drop=True)
    cc = np.asarray(countries, dtype=object)[idx]
    la_, lo_ = np.round(lat[idx], 2), np.round(lon[idx], 2)
    groups = distinct(name_, cc, la_, lo_)
    codes, first = groups.codes, groups.first
    found_id = np.full(len(first), "", dtype=object)
    found_name = np.full(len(first), "", dtype=object)
    uniques = zip(name_.iloc[first].tolist(), cc[first].tolist(), la_[first].tolist(),
                  lo_[first].tolist(), strict=True)
    for k, (name, code, la, lo) in enumerate(uniques):
        try:
            res = gazetteer.lookup(name, country=code or None, near=(la, lo))
        except Exception:  # never lose a row over a lookup
            log.debug("gazetteer lookup failed for %r", name, exc_info=True)
            continue
        place = getattr(res, "place", None)
        if place is not None and _km(la, lo, place.lat, place.lon) <= LINK_MAX_KM:
            found_id[k], found_name[k] = place.id, place.name
    linked = found_id[codes] != ""
    ids[idx[linked]] = found_id[codes][linked]
    location[idx[linked]] = found_name[codes][linked]
    return ids, location


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
