"""Four small conflict inputs written for the render tests (our own words, invented evidence).

Each is a list of event records in geomap's schema: ``place`` is the spelling "as written" by
our notes, ``location`` the gazetteer's canonical name (GeoNames spellings with diacritics, as
the gazetteer returns them), so maps must label with one convention and keep the input's
spelling for the popup. Coordinates are approximate town centres.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CONFLICTS", "conflict_events"]

# (date, place as written, canonical location, lat, lon, kind, actor, previous, confirmed, note)
_Row = tuple[str, str, str, float, float, str, str, str, bool, str]

_LIBYA: list[_Row] = [
    ("2020-06-01", "Tripoli", "Tripoli", 32.885, 13.180, "control_change", "GNA", "", True,
     "our notes: the capital stays with the government"),
    ("2020-06-01", "Sabratha", "Şabrātah", 32.793, 12.488, "control_change", "GNA", "LNA", True,
     "our notes: coastal town west of the capital"),
    ("2020-06-01", "Surman", "Şurmān", 32.757, 12.571, "control_change", "GNA", "LNA", True,
     "our notes: the next coastal town along"),
    ("2020-06-02", "Qasr Bin Ghashir", "Qaşr Bin Ghashīr", 32.686, 13.180, "control_change",
     "GNA", "LNA", True, "our notes: the southern suburb returns to the government"),
    ("2020-06-03", "Tripoli airport", "Tripoli International Airport", 32.664, 13.159,
     "control_change", "GNA", "LNA", True, "our notes: the old airport changes hands"),
    ("2020-06-04", "Al Aziziyah", "Al ‘Azīzīyah", 32.532, 13.017, "control_change", "GNA", "LNA",
     True, "our notes: inland town on the road south"),
    ("2020-06-05", "Tarhuna", "Tarhūnah", 32.435, 13.634, "control_change", "GNA", "LNA", True,
     "our notes: the last stronghold in the north-west"),
    ("2020-06-05", "Al-Dawoon", "Ad Dawūn", 32.452, 13.553, "control_change", "GNA", "", True,
     "our notes: a village next to the last stronghold"),
    ("2020-06-05", "Bani Walid", "Banī Walīd", 31.756, 13.994, "contested", "", "", True,
     "our notes: fighting near the town; no side named"),
    ("2020-06-04", "Gharyan", "Gharyān", 32.172, 13.020, "control_change", "GNA", "", True,
     "our notes: mountain town held since the year before"),
    ("2020-06-04", "Misrata", "Mişrātah", 32.375, 15.092, "control_change", "GNA", "", True,
     "our notes: the port city east of the capital"),
]

_UKRAINE: list[_Row] = [
    ("2022-09-06", "Balakliia", "Balakliia", 49.462, 36.858, "control_change", "UA", "RU", True,
     "our notes: the counter-offensive reaches the town"),
    ("2022-09-08", "Shevchenkove", "Shevchenkove", 49.695, 37.172, "control_change", "UA", "RU",
     True, "our notes: a small town on the road east"),
    ("2022-09-10", "Kupiansk", "Kupiansk", 49.711, 37.615, "control_change", "UA", "RU", True,
     "our notes: the rail junction on the river"),
    ("2022-09-10", "Izium", "Izium", 49.209, 37.257, "control_change", "UA", "RU", True,
     "our notes: the garrison leaves the city"),
    ("2022-09-11", "Vovchansk", "Vovchansk", 50.291, 36.941, "claimed_control", "UA", "RU",
     False, "our notes: a claim not yet confirmed"),
    ("2022-09-12", "Kharkiv", "Kharkiv", 49.994, 36.231, "control_change", "UA", "", True,
     "our notes: the regional capital is held throughout"),
    ("2022-09-12", "Svatove", "Svatove", 49.410, 38.156, "control_change", "Russian forces", "",
     True, "our notes: the town east of the river stays with the invaders"),
    ("2022-10-01", "Lyman", "Lyman", 48.989, 37.802, "control_change", "UA", "RU", True,
     "our notes: the rail town is encircled and taken"),
    ("2022-10-01", "Sloviansk", "Sloviansk", 48.852, 37.605, "control_change", "UA", "", True,
     "our notes: held throughout"),
    ("2022-10-01", "Bakhmut", "Bakhmut", 48.595, 38.000, "contested", "", "", True,
     "our notes: heavy fighting reported"),
]

_SYRIA: list[_Row] = [
    ("2019-10-13", "Manbij", "Manbij", 36.528, 37.955, "control_change", "SAA", "SDF", True,
     "our notes: government troops enter the town under a deal"),
    ("2019-10-14", "Tal Abyad", "Tall Abyaḑ", 36.697, 38.957, "control_change", "SNA", "SDF", True,
     "our notes: the border town passes to Turkish-backed factions"),
    ("2019-10-20", "Ras al-Ain", "Ra’s al ‘Ayn", 36.851, 40.070, "control_change", "SNA", "SDF",
     True, "our notes: the second border town after a week"),
    ("2019-10-15", "Kobani", "‘Ayn al ‘Arab", 36.891, 38.354, "control_change", "RUSSIA", "", True,
     "our notes: Russian military police patrol the town"),
    ("2019-10-15", "Raqqa", "Ar Raqqah", 35.950, 39.009, "control_change", "SDF", "", True,
     "our notes: the former IS capital stays with the SDF"),
    ("2019-10-15", "Hasakah", "Al Ḩasakah", 36.502, 40.747, "control_change", "SDF", "", True,
     "our notes: held by the SDF"),
    ("2019-10-16", "Ain Issa", "‘Ayn ‘Īsá", 36.385, 38.859, "contested", "", "", True,
     "our notes: shelling around the town; no holder named"),
    ("2019-10-15", "Aleppo", "Aleppo", 36.202, 37.159, "control_change", "SAA", "", True,
     "our notes: the northern city is held by the government"),
    ("2019-10-15", "Idlib", "Idlib", 35.931, 36.633, "control_change", "HTS", "", True,
     "our notes: the north-western city is held by the jihadist alliance"),
    ("2019-10-15", "Deir ez-Zor", "Dayr az Zawr", 35.336, 40.141, "control_change", "SAA", "",
     True, "our notes: the city on the Euphrates"),
    ("2019-10-18", "Qamishli", "Al Qāmishlī", 37.052, 41.232, "control_change", "Syrian army",
     "", True, "our notes: the airport area stays with government troops"),
    ("2019-10-18", "Ras al-Ain", "Ra’s al ‘Ayn", 36.851, 40.070, "claimed_control", "SDF", "SNA",
     False, "our notes: a counter-claim nobody confirmed"),
]

_SUDAN: list[_Row] = [
    ("2023-12-15", "Wad Madani", "Wad Madanī", 14.402, 33.519, "control_change", "SAF", "", True,
     "our notes: the army holds the city on the Blue Nile"),
    ("2023-12-19", "Wad Madani", "Wad Madanī", 14.402, 33.519, "control_change", "RSF", "SAF",
     True, "our notes: the paramilitary force takes the city"),
    ("2023-11-04", "El Geneina", "Al Junaynah", 13.452, 22.448, "control_change", "RSF", "SAF",
     True, "our notes: the western city falls after a siege"),
    ("2023-10-26", "Nyala", "Nyala", 12.049, 24.881, "control_change", "RSF", "SAF", True,
     "our notes: the army base in the south-west is overrun"),
    ("2023-12-19", "El Fasher", "Al Fāshir", 13.628, 25.349, "control_change", "SAF", "", True,
     "our notes: the last army-held state capital in Darfur"),
    ("2023-12-19", "Omdurman", "Omdurman", 15.644, 32.477, "control_change", "SAF", "", True,
     "our notes: the army holds the old city"),
    ("2023-12-19", "Khartoum", "Khartoum", 15.552, 32.532, "contested", "", "", True,
     "our notes: fighting across the capital; no holder named"),
    ("2023-12-19", "Kosti", "Kūstī", 13.163, 32.664, "control_change", "SAF", "", True,
     "our notes: the river town south of the capital"),
    ("2023-12-19", "El Obeid", "Al Ubayyiḑ", 13.184, 30.217, "control_change", "SAF", "", True,
     "our notes: the army's garrison in Kordofan"),
    ("2023-12-18", "Rufaa", "Rufā‘ah", 14.765, 33.363, "claimed_control", "Rapid Support Forces",
     "SAF", False, "our notes: a claim by the paramilitary force"),
    ("2023-12-10", "Port Sudan", "Port Sudan", 19.616, 37.216, "control_change", "", "", True,
     "our notes: a change reported without naming who holds the port"),
]

#: Conflict name -> (ISO country code, rows).
CONFLICTS: dict[str, tuple[str, list[_Row]]] = {
    "libya": ("LY", _LIBYA), "ukraine": ("UA", _UKRAINE), "syria": ("SY", _SYRIA),
    "sudan": ("SD", _SUDAN),
}


def conflict_events(name: str) -> Any:
    """The events GeoDataFrame of one of the four conflicts."""
    from geomap.schema import events_frame

    country, rows = CONFLICTS[name]
    records = []
    for date, place, location, lat, lon, kind, actor, prev, confirmed, note in rows:
        records.append({
            "event_date": date, "date_precision": "day", "kind": kind, "actor": actor,
            "previous_actor": prev, "confirmed": confirmed, "confidence": 0.9, "place": place,
            "location": location, "country": country, "latitude": lat, "longitude": lon,
            "geo_precision": "town", "gazetteer_id": f"test:{name}:{location}",
            "evidence": note, "source": f"{name}-notes.txt",
        })
    return events_frame(records)
