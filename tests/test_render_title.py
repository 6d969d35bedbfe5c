"""The default title names the countries where control is reported, not every place named."""

from __future__ import annotations

from geomap.render.naming import default_title
from geomap.schema import events_frame


def _ev(kind: str, place: str, country: str, lat: float, lon: float) -> dict[str, object]:
    return {"kind": kind, "place": place, "country": country, "latitude": lat,
            "longitude": lon, "event_date": "2023-08-16", "source": "own words",
            "evidence": "Invented for this test."}


def test_a_capital_named_as_a_speaker_is_not_a_country_of_the_title() -> None:
    # "Kyiv's troops retook two villages; Moscow did not comment": one country of control.
    events = events_frame([
        _ev("control_change", "Northfield", "UA", 47.6, 36.7),
        _ev("contested", "Southfield", "UA", 47.5, 36.8),
        _ev("mention", "Moscow", "RU", 55.75, 37.62),
        _ev("mention", "Kremlin", "RU", 55.75, 37.62),
    ])
    title = default_title(events)
    assert "Ukraine" in title and "Russia" not in title, title


def test_without_control_events_the_places_named_still_give_the_country() -> None:
    events = events_frame([_ev("mention", "Moscow", "RU", 55.75, 37.62)])
    assert "Russia" in default_title(events)
