"""geopy adapter of the gazetteer."""

from __future__ import annotations

from geopy.location import Location

from geomap.gazetteer.geopy_adapter import GeomapGeocoder


def test_geocode_returns_location_with_provenance() -> None:
    loc = GeomapGeocoder().geocode("Tarhunah, Libya")
    assert isinstance(loc, Location)
    assert abs(loc.latitude - 32.435) < 0.1 and abs(loc.longitude - 13.633) < 0.1
    assert loc.raw["id"].startswith("geonames:") and loc.raw["licence"]


def test_geocode_unknown_and_bad() -> None:
    g = GeomapGeocoder()
    assert g.geocode("Qwxzvbnm Plrkt") is None
    assert g.geocode("") is None


def test_geopandas_geocode() -> None:
    from geopandas.tools import geocode

    gdf = geocode(["Benghazi", "Misrata"], provider=GeomapGeocoder)
    assert list(gdf.geometry.y.round(0)) == [32.0, 32.0]
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
