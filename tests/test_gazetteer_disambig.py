"""Document-level disambiguation rules (own snippets, none taken from the evaluation corpora)."""

from __future__ import annotations

import pytest
from conftest import km
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.gazetteer import Gazetteer, Mention, Resolution
from geomap.gazetteer import _variants as variants

Resolved = dict[str, tuple[str, str, float, float]]


def resolve(gaz: Gazetteer, text: str, names: list[str]) -> Resolved:
    """Resolve the first occurrence of each name in *text*; name -> (country, feature, lat, lon)."""
    mentions = []
    for n in names:
        i = text.index(n)
        mentions.append(Mention(i, i + len(n), n))
    out = {}
    for m, r in zip(mentions, gaz.resolve_mentions(mentions, text=text), strict=True):
        assert r.place is not None, (m.text, r.reason)
        out[m.text] = (r.place.country, r.place.feature, r.place.lat, r.place.lon)
    return out


# ---------------------------------------------------------------- query variants (pure)
def test_designator_added_to_a_bare_name() -> None:
    stripped, added = variants.designator_variants("calcasieu")
    assert stripped == []
    assert "calcasieu parish" in added and "calcasieu county" in added
    assert "province of pampanga" in variants.designator_variants("pampanga")[1]


def test_designator_written_is_dropped_or_swapped() -> None:
    stripped, added = variants.designator_variants("niigata prefecture")
    assert added == []
    assert stripped[0] == "niigata"
    assert "niigata region" in stripped
    assert variants.designator_variants("province of cebu")[0][0] == "cebu"
    assert variants.designator_variants("marion co")[0][0] == "marion county"


@pytest.mark.parametrize(("demonym", "place"), [
    ("ohioans", "ohio"), ("texans", "texas"), ("kentuckians", "kentucky"),
    ("new yorkers", "new york"), ("arizonans", "arizona"), ("michiganders", "michigan"),
    ("tasmanians", "tasmania"),
])
def test_demonym_variants(demonym: str, place: str) -> None:
    assert place in variants.demonym_variants(demonym)


def test_demonym_variants_ignore_short_and_long_keys() -> None:
    assert variants.demonym_variants("ian") == []
    assert variants.demonym_variants("a b c d ans") == []


# ---------------------------------------------------------------- designators in documents
def test_bare_parish_name_resolves_to_the_parish(gaz: Gazetteer) -> None:
    got = resolve(gaz, "Deputies from Calcasieu searched the bayou south of Lake Charles.",
                  ["Calcasieu", "Lake Charles"])
    cc, feat, lat, lon = got["Calcasieu"]
    assert (cc, feat) == ("US", "district")
    assert km(lat, lon, 30.23, -93.22) < 80  # around Lake Charles, Louisiana


def test_province_named_without_its_designator(gaz: Gazetteer) -> None:
    got = resolve(gaz, "Rain fell across Jiangxi; the river rose at Nanchang and Jiujiang.",
                  ["Jiangxi", "Nanchang", "Jiujiang"])
    cc, feat, lat, lon = got["Jiangxi"]
    assert (cc, feat) == ("CN", "region")
    assert km(lat, lon, 27.6, 115.7) < 250


def test_swapped_designator(gaz: Gazetteer) -> None:
    got = resolve(gaz, "Snow blocked passes in Niigata Prefecture near Nagaoka.",
                  ["Niigata Prefecture", "Nagaoka"])
    assert got["Niigata Prefecture"][:2] == ("JP", "region")


def test_state_demonym(gaz: Gazetteer) -> None:
    got = resolve(gaz, "Kentuckians from Lexington and Bowling Green joined the rally.",
                  ["Kentuckians", "Lexington", "Bowling Green"])
    cc, feat, lat, lon = got["Kentuckians"]
    # The state, named by its people (demonyms_regions.csv): feature ``demonym``.
    assert (cc, feat) == ("US", "demonym")
    assert km(lat, lon, 37.5, -85.3) < 150


# ---------------------------------------------------------------- containment
def test_enumeration_of_states_is_not_read_as_towns_inside_them(gaz: Gazetteer) -> None:
    # Oregon (Wisconsin), Indiana (Pennsylvania) and Nevada (Missouri) are towns inside other
    # states of the same list: the list is of states all the same.
    text = "Growers in Wisconsin, Oregon, Pennsylvania, Indiana, Missouri and Nevada sued."
    names = ["Wisconsin", "Oregon", "Pennsylvania", "Indiana", "Missouri", "Nevada"]
    got = resolve(gaz, text, names)
    assert {n: v[1] for n, v in got.items()} == dict.fromkeys(names, "region")


def test_list_peers_need_list_separators() -> None:
    from geomap.gazetteer._disambig import _list_peers

    text = "From Oslo, Bergen and Tromso; later Paris by train to Lyon"
    names = ["Oslo", "Bergen", "Tromso", "Paris", "Lyon"]
    mentions = [Mention(text.index(n), text.index(n) + len(n), n) for n in names]
    peers = _list_peers(mentions, text)
    assert peers[0] == {1, 2} and peers[2] == {0, 1}
    assert 3 not in peers and 4 not in peers


def test_list_of_states_stays_states(gaz: Gazetteer) -> None:
    got = resolve(gaz, "Hail flattened wheat in Kansas, Nebraska, Oregon and Iowa this week.",
                  ["Kansas", "Nebraska", "Oregon", "Iowa"])
    assert {v[1] for v in got.values()} == {"region"}
    assert {v[0] for v in got.values()} == {"US"}


def test_a_state_listed_beside_a_town_name_is_its_peer_not_its_container(
        gaz: Gazetteer) -> None:
    # Washington, Missouri lies in a state of the same list: the list is of states.
    text = ("Recalled salad kits reached stores in Arizona, Colorado, Missouri, New Jersey, "
            "Ohio, Washington and Utah, the regulator said.")
    got = resolve(gaz, text, ["Arizona", "Colorado", "Missouri", "New Jersey", "Ohio",
                              "Washington", "Utah"])
    assert got["Washington"][:2] == ("US", "region")
    assert km(*got["Washington"][2:], 47.5, -120.5) < 300


def test_a_list_that_lies_in_one_country_keeps_its_names_there(gaz: Gazetteer) -> None:
    # Ontario and New Brunswick are also towns of California and New Jersey, named here in a
    # text mostly about the United States.
    text = ("Stores in California, New Jersey, Texas, Ohio and Florida reopened, and north of "
            "the border in British Columbia, Alberta, Manitoba, Ontario and New Brunswick.")
    names = ["California", "New Jersey", "Texas", "Ohio", "Florida", "British Columbia",
             "Alberta", "Manitoba", "Ontario", "New Brunswick"]
    got = resolve(gaz, text, names)
    assert got["Ontario"][:2] == ("CA", "region")
    assert got["New Brunswick"][:2] == ("CA", "region")
    assert got["Florida"][:2] == ("US", "region")


def test_a_town_written_with_its_state_inside_a_list(gaz: Gazetteer) -> None:
    text = "Depots in Denver, Colo., Louisville, Ky., and Omaha, Neb., will close in March."
    got = resolve(gaz, text, ["Denver", "Colo.", "Louisville", "Ky.", "Omaha", "Neb."])
    assert km(*got["Louisville"][2:], 38.25, -85.76) < 30


def test_a_list_of_capitals_is_not_pulled_into_one_country(gaz: Gazetteer) -> None:
    text = ("The carrier plans flights from New York to Moscow, Kiev, Minsk and Riga in May; "
            "fares from Chicago and Boston follow, the airline said in Washington.")
    got = resolve(gaz, text, ["New York", "Moscow", "Kiev", "Minsk", "Riga", "Chicago"])
    assert got["Moscow"][0] == "RU" and got["Minsk"][0] == "BY"


def test_a_bare_name_read_abroad_takes_the_feature_named_so_at_home(gaz: Gazetteer) -> None:
    # "Bagram" is also an alternate name of Bahram, Iran; the text is about Afghanistan, where
    # Bagram Airfield bears the name with a feature word.
    text = "Troops left the base at Bagram as the Taliban took Kandahar, Herat and Kabul."
    got = resolve(gaz, text, ["Bagram", "Kandahar", "Herat", "Kabul"])
    assert got["Bagram"][:2] == ("AF", "airport")
    # Where the reading lies in the text's countries, nothing changes.
    text = "Shelling hit Tripoli and Tarhuna in western Libya."
    assert resolve(gaz, text, ["Tripoli", "Tarhuna"])["Tripoli"][1] == "city"

@pytest.mark.parametrize(("text", "others", "country"), [
    ("The drought hit Georgia hardest, from Macon to Valdosta.", ["Macon", "Valdosta"], "US"),
    ("Georgia reopened the road from Tbilisi to Batumi.", ["Tbilisi", "Batumi"], "GE"),
])
def test_state_or_country_follows_the_places_inside_it(gaz: Gazetteer, text: str,
                                                       others: list[str], country: str) -> None:
    got = resolve(gaz, text, ["Georgia", *others])
    assert got["Georgia"][0] == country
    assert got["Georgia"][1] in {"region", "country"}


# ---------------------------------------------------------------- owner of a name
def test_name_of_a_state_means_the_state(gaz: Gazetteer) -> None:
    got = resolve(gaz, "New York lawmakers met in Albany on Monday.", ["New York", "Albany"])
    assert got["New York"][:2] == ("US", "region")


def test_name_of_a_country_means_the_country(gaz: Gazetteer) -> None:
    text = "Mexico sent doctors to Monterrey and Guadalajara after the storm."
    got = resolve(gaz, text, ["Mexico", "Monterrey", "Guadalajara"])
    assert got["Mexico"][:2] == ("MX", "country")


@pytest.mark.parametrize(("text", "names", "expected"), [
    ("Mexico reported new cases in Mexico City and Puebla.", ["Mexico", "Mexico City", "Puebla"],
     ("MX", "country")),
    ("New York reported new cases in New York City and Buffalo.",
     ["New York", "New York City", "Buffalo"], ("US", "region")),
])
def test_capital_named_by_alternate_name_does_not_take_the_units_name(
        gaz: Gazetteer, text: str, names: list[str], expected: tuple[str, str]) -> None:
    # The city is in the text under its own name; the bare name is the unit's own name.
    got = resolve(gaz, text, names)
    assert got[names[0]][:2] == expected
    assert got[names[1]][1] == "city"


# ---------------------------------------------------------------- world regions
def test_world_region_beats_a_namesake_hamlet_in_the_focus_country(gaz: Gazetteer) -> None:
    text = "Topeka and Wichita debated relief flights bound for the Middle East."
    got = resolve(gaz, text, ["Middle East", "Topeka", "Wichita"])
    assert got["Middle East"][1] == "area"


# ---------------------------------------------------------------- curated world features, aliases
@pytest.mark.parametrize(("name", "lat", "lon", "within_km"), [
    ("Lake Huron", 44.8, -82.4, 200), ("Black Sea", 43.4, 34.0, 400),
    ("Himalayas", 28.0, 84.0, 600), ("Borneo", 1.0, 114.0, 400), ("Danube", 45.0, 25.0, 900),
    ("Caspian Sea", 41.7, 50.7, 400),
])
def test_physical_features_and_world_regions_are_known(gaz: Gazetteer, name: str, lat: float,
                                                        lon: float, within_km: float) -> None:
    place = gaz.resolve(name)
    assert place is not None and place.feature == "area"
    assert km(place.lat, place.lon, lat, lon) < within_km


def test_european_union_is_not_a_french_town(gaz: Gazetteer) -> None:
    got = resolve(gaz, "Ministers of the EU met in Brussels.", ["EU", "Brussels"])
    assert got["EU"][1] == "area"


@pytest.mark.parametrize(("text", "abbr", "lat", "lon"), [
    ("Logging trucks left Prince George, B.C., at dawn.", "B.C.", 54.0, -125.0),
    ("Traffic in L.A. slowed after the quake.", "L.A.", 34.05, -118.24),
])
def test_common_abbreviations(gaz: Gazetteer, text: str, abbr: str, lat: float,
                              lon: float) -> None:
    got = resolve(gaz, text, [abbr])
    assert km(got[abbr][2], got[abbr][3], lat, lon) < 100


def test_old_name_of_a_capital_does_not_beat_the_city_bearing_it(gaz: Gazetteer) -> None:
    # GeoNames lists "Philadelphia" among the historical names of Amman.
    place = gaz.resolve_mentions([Mention(0, 12, "Philadelphia")], text="Philadelphia")[0].place
    assert place is not None and place.country == "US"


# ---------------------------------------------------------------- approximate points (opt-in)
def test_generic_remainders() -> None:
    from geomap.gazetteer._disambig import _generic_remainders

    assert _generic_remainders("kanawha river")[0] == "kanawha"
    assert "lanier" in _generic_remainders("lake lanier")
    assert "hamilton" in _generic_remainders("north hamilton township")
    assert _generic_remainders("river") == []


def _approx(gaz: Gazetteer, text: str, names: list[str], approximate: bool) -> list[Resolution]:
    from geomap.gazetteer._disambig import resolve_document

    mentions = [Mention(text.index(n), text.index(n) + len(n), n) for n in names]
    return resolve_document(gaz, mentions, text=text, country=None, approximate=approximate)


def test_unknown_name_is_placed_at_the_centre_of_the_document_only_on_request(
        gaz: Gazetteer) -> None:
    text = "Residents of Zorblat Hollow met in Elkins, near Philippi and Buckhannon."
    names = ["Zorblat Hollow", "Elkins", "Philippi", "Buckhannon"]
    strict = _approx(gaz, text, names, approximate=False)
    assert strict[0].place is None
    loose = _approx(gaz, text, names, approximate=True)
    p = loose[0].place
    assert p is not None and p.raw.get("approximate") is True
    assert loose[0].confidence < 0.1 and loose[0].reason.startswith("approximate")
    assert km(p.lat, p.lon, 38.95, -79.95) < 60  # among the three West Virginia towns
    # The public API stays strict: a wrong point is worse than no point on a map.
    mentions = [Mention(text.index(n), text.index(n) + len(n), n) for n in names]
    assert gaz.resolve_mentions(mentions, text=text)[0].place is None


def test_unknown_feature_is_placed_at_the_place_it_is_named_after(gaz: Gazetteer) -> None:
    res = _approx(gaz, "Anglers crowded Buckhannon Creek below Philippi.",
                  ["Buckhannon Creek", "Philippi"], approximate=True)
    p = res[0].place
    # Found as a candidate named after Buckhannon (or, failing that, approximated so).
    assert p is not None and "named after" in res[0].reason
    assert km(p.lat, p.lon, 38.99, -80.23) < 30  # Buckhannon, West Virginia


def test_no_approximation_without_any_context(gaz: Gazetteer) -> None:
    res = _approx(gaz, "Zorblat Hollow", ["Zorblat Hollow"], approximate=True)
    assert res[0].place is None


# ---------------------------------------------------------------- mutual proximity
@pytest.mark.parametrize(("town", "county", "state"), [
    # Franklin is the seat of Williamson County, Tennessee; there is also a Williamson County
    # in Texas and a Franklin in Texas, in other counties.
    ("Franklin", "Williamson County", "US.TN"),
    # Salem lies in Marion County, Oregon; the largest Marion County is in Indiana.
    ("Salem", "Marion County", "US.OR"),
])
def test_town_and_county_agree_on_the_state_where_one_lies_in_the_other(
        gaz: Gazetteer, town: str, county: str, state: str) -> None:
    text = f"Crews from {town} and {county} repaired the bridge."
    mentions = [Mention(text.index(n), text.index(n) + len(n), n) for n in (town, county)]
    res = gaz.resolve_mentions(mentions, text=text)
    assert [r.place.raw["admin1"] for r in res if r.place] == [state, state]
    a, b = (r.place for r in res)
    assert a is not None and b is not None and km(a.lat, a.lon, b.lat, b.lon) < 50


def test_state_names_lend_no_support_through_their_namesake_towns(gaz: Gazetteer) -> None:
    from geomap.gazetteer._disambig import _levels

    cands, _hint = gaz._candidates("Indiana", None)
    assert "region" in _levels(gaz, cands)
    cands, _hint = gaz._candidates("Franklin", None)
    assert _levels(gaz, cands) == frozenset()


@pytest.mark.parametrize(("name", "iso"), [("Zaire", "CD"), ("Ceylon", "LK"), ("Siam", "TH"),
                                           ("Rhodesia", "ZW"), ("Macedonia", "MK")])
def test_former_country_names(gaz: Gazetteer, name: str, iso: str) -> None:
    place = gaz.resolve(name)
    assert place is not None and (place.country, place.feature) == (iso, "country")


def test_ocean_beats_namesake_towns_in_the_focus_country(gaz: Gazetteer) -> None:
    text = "Hurricanes form over the Atlantic before they reach Miami and Tampa."
    got = resolve(gaz, text, ["Atlantic", "Miami", "Tampa"])
    assert got["Atlantic"][1] == "area"


def test_loose_spelling_match_abroad_is_approximated_in_evaluation_mode(gaz: Gazetteer) -> None:
    # An invented name spelt like Tobruk, in a text about central Texas.
    text = "The Tobrukh ranch lies between Austin, Round Rock and Georgetown."
    names = ["Tobrukh", "Austin", "Round Rock", "Georgetown"]
    strict = _approx(gaz, text, names, approximate=False)
    # On a map it is left unresolved, with the spelling match kept as a candidate.
    assert strict[0].place is None and "loose spelling match" in strict[0].reason
    assert strict[0].candidates and strict[0].candidates[0].country == "LY"
    loose = _approx(gaz, text, names, approximate=True)
    p = loose[0].place
    assert p is not None and p.country == "US" and p.raw.get("approximate") is True
    assert km(p.lat, p.lon, 30.4, -97.7) < 60


def test_loose_spelling_match_at_home_is_kept(gaz: Gazetteer) -> None:
    text = "Columns left Tobrukh at dawn and reached Derna and Benghazi by night."
    res = _approx(gaz, text, ["Tobrukh", "Derna", "Benghazi"], approximate=False)
    assert res[0].place is not None and res[0].place.country == "LY"


# ---------------------------------------------------------------- robustness
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.text(min_size=1, max_size=25), min_size=1, max_size=6),
       approximate=st.booleans())
def test_any_mentions_resolve_without_exceptions(gaz: Gazetteer, words: list[str],
                                                 approximate: bool) -> None:
    from geomap.gazetteer._disambig import resolve_document

    text = ", ".join(words)
    mentions, pos = [], 0
    for w in words:
        mentions.append(Mention(pos, pos + len(w), w))
        pos += len(w) + 2
    res = resolve_document(gaz, mentions, text=text, country=None, approximate=approximate)
    assert len(res) == len(mentions)
    for r in res:
        assert r.place is not None or r.reason


@given(k=st.text(max_size=40))
def test_variants_of_any_key_are_strings(k: str) -> None:
    stripped, added = variants.designator_variants(k)
    assert all(isinstance(v, str) and v != k for v in stripped + added)
    assert all(isinstance(v, str) for v in variants.demonym_variants(k))


# ---------------------------------------------------------------- designators in the text
@pytest.mark.parametrize(("text", "name", "admin1"), [
    ("Apple growers in Washington state reported a late frost.", "Washington", "US.WA"),
    ("Voters in the state of Georgia went to the polls.", "Georgia", "US.GA"),
])
def test_lower_case_designator_next_to_a_name(gaz: Gazetteer, text: str, name: str,
                                              admin1: str) -> None:
    i = text.index(name)
    res = gaz.resolve_mentions([Mention(i, i + len(name), name)], text=text)[0]
    assert res.place is not None and res.place.feature == "region"
    assert res.place.raw["admin1"] == admin1


def test_adjective_before_town_is_no_designator() -> None:
    from geomap.gazetteer._disambig import _context_hint

    text = "Gori, a Georgian town near the boundary"
    i = text.index("Georgian")
    assert _context_hint(text, i, i + len("Georgian")) is None
    text = "Clark county deputies"
    assert _context_hint(text, 0, 5) == "district"


def test_list_of_countries_is_not_read_as_town_and_container(gaz: Gazetteer) -> None:
    # "Iraq, Iran" looks like "Town, Country"; GeoNames lists "Iraq" among the names of Arak.
    text = "The warning named Armenia, Azerbaijan, Iraq, Iran and Syria."
    got = resolve(gaz, text, ["Armenia", "Azerbaijan", "Iraq", "Iran", "Syria"])
    assert got["Iraq"][:2] == ("IQ", "country")
    assert got["Armenia"][:2] == ("AM", "country")


def test_world_region_supported_by_the_places_in_it(gaz: Gazetteer) -> None:
    text = ("Envoys from the United States toured the Middle East, meeting officials in Cairo, "
            "Amman and Beirut.")
    got = resolve(gaz, text, ["United States", "Middle East", "Cairo", "Amman", "Beirut"])
    assert got["Middle East"][1] == "area"


@pytest.mark.parametrize("text", [
    "Ukrainian units pushed from Izium towards Lyman in Donetsk oblast.",
    "Ukrainian units pushed from Izium towards Lyman in Donetsk region.",
])
def test_place_in_a_named_unit(gaz: Gazetteer, text: str) -> None:
    # Several villages are called Lyman, one near Izium; the town in Donetsk oblast is meant.
    got = resolve(gaz, text, ["Izium", "Lyman", "Donetsk"])
    _cc, _feat, lat, lon = got["Lyman"]
    assert km(lat, lon, 48.99, 37.81) < 30
    assert got["Donetsk"][1] == "region"


def test_state_named_like_its_country_yields_to_the_country(gaz: Gazetteer) -> None:
    # With towns of the State of Mexico around it, a bare "Mexico" is still the country; the
    # state is meant only when the text says so.
    text = ("Health officials in Toluca, Ecatepec and Naucalpan confirmed new cases. "
            "Mexico has now reported 40 deaths.")
    got = resolve(gaz, text, ["Toluca", "Mexico"])
    assert got["Mexico"][1] == "country"
    text = "The governor of the State of Mexico said Toluca would close its schools."
    got = resolve(gaz, text, ["State of Mexico"])
    assert got["State of Mexico"][:2] == ("MX", "region")


def test_a_named_state_does_not_pull_a_major_city_to_a_hamlet_namesake(gaz: Gazetteer) -> None:
    # Boston, New York (a town of a few thousand) lies in the state the text names; the city
    # of Boston is still meant. A container says otherwise ("Boston, N.Y.").
    text = ("Flu cases climbed in most of the United States; the mayor of Boston declared an "
            "emergency and hospitals in New York ran short of beds.")
    res = _approx(gaz, text, ["United States", "Boston", "New York"], approximate=False)
    assert res[1].place is not None and km(res[1].place.lat, res[1].place.lon, 42.36, -71.06) < 30
    local = "Snow closed roads in Boston, N.Y., and in Orchard Park on Tuesday."
    res = _approx(gaz, local, ["Boston", "Orchard Park"], approximate=False)
    assert res[0].place is not None and km(res[0].place.lat, res[0].place.lon, 42.63, -78.74) < 30


def test_a_small_namesake_abroad_is_unresolved_in_a_text_with_a_clear_focus(
        gaz: Gazetteer) -> None:
    text = ("Farmers near Lyon, Dijon and Rouen culled ducks after the virus reached the Somme "
            "marshes, the ministry in Paris said.")
    res = _approx(gaz, text, ["Lyon", "Dijon", "Rouen", "Somme", "Paris"], approximate=False)
    somme = res[3]
    assert somme.place is None or somme.place.country == "FR"
    if somme.place is None:
        assert "small namesake" in somme.reason and somme.candidates


def test_two_places_in_two_countries_both_stay(gaz: Gazetteer) -> None:
    # Too little context to call either a stray: each lies outside the other's country.
    text = "Fighters crossed from Azaz into Kilis overnight."
    res = _approx(gaz, text, ["Azaz", "Kilis"], approximate=False)
    assert [r.place.country if r.place else None for r in res] == ["SY", "TR"]


@pytest.mark.parametrize(("text", "names"), [
    ("Washington and Moscow traded accusations over the strike.", ["Washington", "Moscow"]),
    ("Envoys from Ankara, Washington and Moscow met again.", ["Ankara", "Washington", "Moscow"]),
])
def test_a_list_of_capitals_is_not_a_list_of_states(gaz: Gazetteer, text: str,
                                                    names: list[str]) -> None:
    # Moscow is also a federal subject; the list names governments by their capitals.
    res = _approx(gaz, text, names, approximate=False)
    wash = res[names.index("Washington")].place
    assert wash is not None and km(wash.lat, wash.lon, 38.9, -77.04) < 30


def test_states_listed_together_stay_states(gaz: Gazetteer) -> None:
    text = "Storms hit Oregon, Washington and Idaho overnight."
    res = _approx(gaz, text, ["Oregon", "Washington", "Idaho"], approximate=False)
    assert [r.place.feature if r.place else None for r in res] == ["region"] * 3


def test_a_country_name_placed_in_an_abbreviated_state_is_the_town(gaz: Gazetteer) -> None:
    text = "Grain prices in Mexico, Mo., rose after the elevator in Centralia shut."
    got = resolve(gaz, text, ["Mexico", "Centralia"])
    assert got["Mexico"][:2] == ("US", "town")
    # Spelt-out names after a comma are a list: the country stays the country.
    got = resolve(gaz, "Envoys from Mexico, Texas and Ontario met in Ottawa.", ["Mexico"])
    assert got["Mexico"][:2] == ("MX", "country")
