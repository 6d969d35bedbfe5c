"""Gazetteer in context: demonyms, binding country hints, press transliterations.

Snippets written for these tests.
"""

from __future__ import annotations

import pytest

from geomap.gazetteer import Gazetteer, find_toponyms
from geomap.gazetteer import _bulknorm as bulk
from geomap.gazetteer import _normalize as norm
from geomap.gazetteer._demonyms import find_demonyms


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


# ---------------------------------------------------------------------------- demonyms
@pytest.mark.parametrize(("word", "cc"), [("Syrian", "SY"), ("Syrians", "SY"), ("Kenyan", "KE"),
                                          ("Lebanese", "LB"), ("Peruvians", "PE"),
                                          ("American", "US"), ("Dominican", "DO")])
def test_demonym_resolves_to_its_country(gaz: Gazetteer, word: str, cc: str) -> None:
    place = gaz.resolve(word)
    assert place is not None and place.country == cc
    assert place.feature == "demonym" and place.geo_precision == "country"
    # The column path says the same.
    row = gaz.geocode([word]).iloc[0]
    assert row.country == cc and row.feature == "demonym"


def test_demonyms_found_in_text(gaz: Gazetteer) -> None:
    text = "Two Ghanaian nurses and a Sri Lankan pilot met Peruvian officials."
    found = [(d.text, d.country) for d in find_demonyms(text, gaz)]
    assert found == [("Ghanaian", "GH"), ("Sri Lankan", "LK"), ("Peruvian", "PE")]


def test_demonyms_are_no_toponyms_unless_asked(gaz: Gazetteer) -> None:
    text = "Ghanaian traders crossed into Lome on Monday."
    assert [m.text for m in find_toponyms(text, gaz)] == ["Lome"]
    assert [m.text for m in find_toponyms(text, gaz, demonyms=True)] == ["Ghanaian", "Lome"]


def test_demonym_votes_for_its_country(gaz: Gazetteer) -> None:
    # Alone, the bare name is the Pennsylvania borough; the adjective says Syria.
    alone = gaz.resolve("Palmyra")
    assert alone is not None and alone.country != "SY"
    place = gaz.resolve("Palmyra", context="Tourists once crowded the Syrian ruins there.")
    assert place is not None and place.country == "SY"
    [m] = [m for m in find_toponyms("Syrian troops left Palmyra.", gaz) if m.text == "Palmyra"]
    [res] = gaz.resolve_mentions([m], text="Syrian troops left Palmyra.")
    assert res.place is not None and res.place.country == "SY"


# ---------------------------------------------------------------------------- country hint
def test_country_hint_is_binding(gaz: Gazetteer) -> None:
    # No place of that name in Libya but a spelling of a Libyan town: that town, never the
    # Nigerian namesake.
    for name in ("Al-Asaba", "Asaba"):
        place = gaz.resolve(name, country="LY")
        assert place is not None and place.country == "LY"
    res = gaz.lookup("Cairo", country="LY")
    assert res.place is None and res.reason.startswith("not in gazetteer in LY")
    assert "Cairo (EG)" in res.reason
    # Countries and seas are no namesakes: a text about Libya names its neighbours.
    tunisia = gaz.resolve("Tunisia", country="LY")
    assert tunisia is not None and tunisia.country == "TN"


def test_country_hint_binds_the_column_path_and_documents(gaz: Gazetteer) -> None:
    frame = gaz.geocode(["Cairo", "Asaba", "Tripoli"], country="LY")
    assert frame["country"].tolist()[1:] == ["LY", "LY"]
    assert not frame["resolved"].iloc[0]
    text = "Convoys left Cairo for Asaba."
    mentions = find_toponyms(text, gaz)
    got = {m.text: r.place.country if r.place else None
           for m, r in zip(mentions, gaz.resolve_mentions(mentions, text=text, country="LY",
                                                          binding=True), strict=True)}
    assert got == {"Cairo": None, "Asaba": "LY"}
    # A country guessed from the text (an actor set) is not binding: a place with no namesake
    # in it resolves abroad, with a low confidence; a namesake in it still wins.
    soft = gaz.resolve_mentions(mentions, text=text, country="LY")
    assert soft[0].place is not None and soft[0].place.country == "EG"
    assert soft[0].confidence <= 0.5 and "outside LY" in soft[0].reason
    assert soft[1].place is not None and soft[1].place.country == "NG"  # no fold searched


# ---------------------------------------------------------------------------- spellings
@pytest.mark.parametrize("spelling", ["Maarat al-Numan", "Maarat al Numan", "Ma'arrat an-Nu'man",
                                      "Maarrat el-Numan", "Ma’arat an Nu’man"])
def test_press_spellings_of_one_town(gaz: Gazetteer, spelling: str) -> None:
    place = gaz.resolve(spelling, country="SY")
    ref = gaz.resolve("Ma'arrat an-Nu'man", country="SY")
    assert place is not None and ref is not None and place.id == ref.id


@pytest.mark.parametrize(("a", "b"), [("ras al ain", "ras el ain"), ("ras al ain", "ras ain"),
                                      ("sorman", "surman"), ("tarhunah", "tarhouna"),
                                      ("deir ez zor", "dayr az zawr")])
def test_fold_merges_press_variants(a: str, b: str) -> None:
    assert norm.fold(a) == norm.fold(b) != ""
    assert bulk.folds([a, b])[0] == [norm.fold(a), norm.fold(b)]


def test_fold_keeps_different_names_apart() -> None:
    assert norm.fold("ras al ain") != norm.fold("ras al khaimah")
    assert norm.fold("bab al hawa") != norm.fold("bab al salama")


# ---------------------------------------------------------------------------- country names
def _resolved(gaz: Gazetteer, text: str) -> dict[str, str | None]:
    mentions = find_toponyms(text, gaz)
    return {m.text: (r.place.country if r.place else None)
            for m, r in zip(mentions, gaz.resolve_mentions(mentions, text=text), strict=True)}


def test_country_name_in_a_local_story_is_the_country(gaz: Gazetteer) -> None:
    got = _resolved(gaz, "The Joplin council met Tuesday. Sales to Mexico fell, and a "
                         "Springfield grain broker said China buys less soy.")
    assert got["Mexico"] == "MX" and got["China"] == "CN" and got["Joplin"] == "US"
    got = _resolved(gaz, "Paris and Lyon officials said the US embassy had called.")
    assert got["US"] == "US"


def test_country_name_placed_in_a_state_is_the_town(gaz: Gazetteer) -> None:
    got = _resolved(gaz, "A Mexico, Mo., teacher retired after forty years near Columbia.")
    assert got["Mexico"] == "US"


# ---------------------------------------------------------------------------- distance plausibility
def _resolve_all(gaz: Gazetteer, text: str, country: str | None = None) -> dict[str, object]:
    mentions = find_toponyms(text, gaz)
    return {m.text: r for m, r in zip(mentions, gaz.resolve_mentions(mentions, text=text,
                                                                     country=country),
                                      strict=True)}


def test_small_namesake_far_from_the_document_is_left_unresolved(gaz: Gazetteer) -> None:
    # Two Peruvian towns; the third name's only namesake is an Arctic village of Norway.
    got = _resolve_all(gaz, "Convoys left Iquitos and Pucallpa on Tuesday and reached "
                            "Storslett by nightfall.")
    res = got["Storslett"]
    assert res.place is None  # type: ignore[attr-defined]
    assert res.reason.startswith(  # type: ignore[attr-defined]
        "no namesake near the document's other places; best candidate Storslett (NO)")
    assert "km away" in res.reason  # type: ignore[attr-defined]
    assert got["Iquitos"].place.country == "PE"  # type: ignore[attr-defined]


def test_small_namesake_near_the_document_is_kept(gaz: Gazetteer) -> None:
    # The same village read from Finnish Lapland, a few hundred km away: plausible.
    got = _resolve_all(gaz, "Convoys left Rovaniemi and Ivalo on Tuesday and reached "
                            "Storslett by nightfall.")
    assert got["Storslett"].place.country == "NO"  # type: ignore[attr-defined]


def test_far_namesake_kept_when_the_text_names_its_country_nearby(gaz: Gazetteer) -> None:
    got = _resolve_all(gaz, "Convoys left Iquitos and Pucallpa on Tuesday; in Norway, the "
                            "relief ship reached Storslett by nightfall.")
    assert got["Storslett"].place.country == "NO"  # type: ignore[attr-defined]


def test_far_capital_is_no_stray_namesake(gaz: Gazetteer) -> None:
    got = _resolve_all(gaz, "Convoys left Iquitos and Pucallpa while the minister flew to Oslo.")
    assert got["Oslo"].place.country == "NO"  # type: ignore[attr-defined]


def test_country_hint_counts_as_evidence_of_where_the_text_is(gaz: Gazetteer) -> None:
    # One other place is too little to judge by; with the hint (an actor set's country) the
    # text is in Peru, and the Arctic village is a stray namesake.
    text = "Fighting in Iquitos spread and fighting in Storslett had ended."
    assert _resolve_all(gaz, text)["Storslett"].place.country == "NO"  # type: ignore[attr-defined]
    got = _resolve_all(gaz, text, country="PE")
    assert got["Storslett"].place is None  # type: ignore[attr-defined]
    assert "no namesake near" in got["Storslett"].reason  # type: ignore[attr-defined]


def test_demonyms_count_as_evidence_against_a_small_namesake(gaz: Gazetteer) -> None:
    # No other place name, three demonyms of one country: a small village of its neighbour is
    # a namesake of a place the gazetteer lacks, not the place meant.
    text = ("Spanish soldiers and Spanish police, backed by the Spanish air force, "
            "reached Zibreira.")
    got = _resolve_all(gaz, text)
    assert got["Zibreira"].place is None  # type: ignore[attr-defined]
    assert "only a small namesake" in got["Zibreira"].reason  # type: ignore[attr-defined]


def test_feature_in_the_hinted_country_stands_for_its_town(gaz: Gazetteer) -> None:
    # The bare name has namesakes abroad only; the hinted country has an airport named so:
    # the airport's point, at the precision of a town (the place meant lies around it).
    got = _resolve_all(gaz, "Boats carrying troops reached Mafia on Sunday.", country="TZ")
    place = got["Mafia"].place  # type: ignore[attr-defined]
    assert place is not None and place.country == "TZ" and place.feature == "airport"
    assert place.geo_precision == "town"
    # Without the hint the namesake abroad stays (nothing says where the text is).
    alone = _resolve_all(gaz, "Boats carrying troops reached Mafia on Sunday.")
    assert alone["Mafia"].place is None or alone["Mafia"].place.country != "TZ"  # type: ignore[attr-defined]


def test_alternate_name_of_a_town_abroad_is_no_reading() -> None:
    """A name matched only as a foreign-language alternate name of a mid-sized town in a
    country the text never speaks of stays unresolved, with the reason; the same name in a
    text about that town's country, and a big city's exonym, still resolve."""
    from geomap.gazetteer import Gazetteer, find_toponyms

    gaz = Gazetteer.default()

    from geomap.gazetteer.toponyms import Mention

    def read(text: str, *extra: str) -> dict[str, object]:
        mentions = find_toponyms(text, gaz)
        # The tagger drops an armed group's name (see test_gazetteer_rec_people); given as a
        # span, as an annotated corpus would, it must still find no reading abroad.
        mentions += [Mention(text.index(w), text.index(w) + len(w), w) for w in extra]
        return {m.text: r for m, r in zip(mentions, gaz.resolve_mentions(mentions, text=text),
                                          strict=True)}

    far = read("Hamas patrols left Rafah, Khan Younis and Deir al-Balah in Gaza at dusk.",
               "Hamas")
    assert far["Hamas"].place is None  # type: ignore[attr-defined]
    assert "alternate name" in far["Hamas"].reason  # type: ignore[attr-defined]
    assert far["Rafah"].place.country == "PS"  # type: ignore[attr-defined]
    big = read("Trains from Peking to Lyon, Dijon and Marseille run again.")
    assert big["Peking"].place.country == "CN"  # type: ignore[attr-defined]


def test_a_town_a_province_is_named_after_is_no_metonymy_of_it(gaz: Gazetteer) -> None:
    # The governorate "Hama" bears the city's name without its final h (GeoNames: Ḩamāh);
    # the city, named "Hama" only as an alternate name, is still the city of that name and
    # beats a foreign town that lists "Hama" among its alternates.
    text = "Shells fell on Hama overnight."
    res = gaz.resolve_mentions(find_toponyms(text, gaz), text=text)
    assert res[0].place is not None and res[0].place.country == "SY", res[0].place


@pytest.mark.parametrize(("name", "country"), [("Kherson's airport", "UA"),
                                                ("Mosul's main prison", "IQ")])
def test_a_facility_owned_by_a_town_is_at_the_town(gaz: Gazetteer, name: str,
                                                   country: str) -> None:
    res = gaz.lookup(name)
    assert res.place is not None and res.place.country == country, res
    assert res.place.feature == "facility in town", res.place
