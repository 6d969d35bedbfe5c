"""General rules of the toponym tagger: street names, road numbers, middle initials, contractions.

Every snippet is written for these tests; each rule has a case where the place must still be found.
"""

from __future__ import annotations

import pytest

from geomap.gazetteer import Gazetteer, find_toponyms


def _found(gaz: Gazetteer, text: str) -> list[str]:
    return [m.text for m in find_toponyms(text, gaz)]


@pytest.mark.parametrize("text", [
    "The parade turned from Denver Street onto Boston Avenue near the library.",
    "A water main broke at the corner of Memphis and Dallas streets on Friday.",
    "Crews repaved Houston Road and part of Phoenix Blvd. last week.",
])
def test_street_names_are_not_places(gaz: Gazetteer, text: str) -> None:
    assert not {"Denver", "Boston", "Memphis", "Dallas", "Houston", "Phoenix"} & set(
        _found(gaz, text))


def test_the_place_itself_is_still_found_next_to_a_street(gaz: Gazetteer) -> None:
    found = _found(gaz, "She moved from Denver to Boston, where she lives on Denver Street.")
    assert found.count("Denver") == 1 and "Boston" in found


def test_road_numbers_are_not_places(gaz: Gazetteer) -> None:
    found = _found(gaz, "Traffic on KY 80 and TX 71 was slow after the storm in Kentucky.")
    assert "KY" not in found and "TX" not in found and "Kentucky" in found


def test_surname_after_a_middle_initial(gaz: Gazetteer) -> None:
    text = ("Deputies said Warren T. Houston, 52, was released. Houston declined to comment; "
            "the hearing is in Austin.")
    found = _found(gaz, text)
    assert "Houston" not in found and "Austin" in found


def test_a_country_name_as_surname(gaz: Gazetteer) -> None:
    # Right after a middle initial the name is a person's; elsewhere the country stays a place.
    text = "The delegation led by Maria K. Jordan flew to Jordan and Egypt."
    found = find_toponyms(text, gaz)
    assert [m.start for m in found if m.text == "Jordan"] == [text.rindex("Jordan")]
    assert "Egypt" in [m.text for m in found]


@pytest.mark.parametrize("text", [
    "Police said Lincoln, 34, was stopped near Omaha. Lincoln had no licence, Omaha police said.",
    "Lincoln, a 34-year-old welder, was stopped near Omaha; a judge later freed Lincoln.",
])
def test_a_name_given_an_age_is_a_person(gaz: Gazetteer, text: str) -> None:
    found = _found(gaz, text)
    assert "Lincoln" not in found and "Omaha" in found


def test_a_place_before_a_number_is_still_a_place(gaz: Gazetteer) -> None:
    found = _found(gaz, "Shelling hit Kherson, 40 km from the front, and Mykolaiv, 2 of them.")
    assert "Kherson" in found

def test_capital_codes_are_places_only_in_prose_use_or_after_a_town(gaz: Gazetteer) -> None:
    text = ("The nurse said it was OK, and PA officials agreed; the US envoy and the UK "
            "minister later met farmers from Tulsa, OK.")
    found = find_toponyms(text, gaz)
    assert [m.start for m in found if m.text == "OK"] == [text.rindex("OK")]
    names = [m.text for m in found]
    assert "PA" not in names and "US" in names and "UK" in names and "Tulsa" in names

def test_a_generic_feature_word_joins_the_name(gaz: Gazetteer) -> None:
    text = "Fighters withdrew from the Panjshir Valley toward Kabul. River crossings closed."
    found = find_toponyms(text, gaz)
    assert [m.text for m in found] == ["Panjshir Valley", "Kabul"]
    res = gaz.resolve_mentions(found, text=text)
    assert res[0].place is not None and res[0].place.country == "AF"
    assert "named after" in res[0].reason


def test_a_feature_named_after_a_place_far_from_the_text_is_unresolved(gaz: Gazetteer) -> None:
    # Kish (Iran) is the only place named so: the river by Sycamore, Illinois is not there.
    text = "Volunteers cleared the Kish River near Sycamore and DeKalb, Illinois, on Sunday."
    found = find_toponyms(text, gaz)
    res = dict(zip([m.text for m in found], gaz.resolve_mentions(found, text=text),
                   strict=True))
    assert res["Kish River"].place is None and "named after" in res["Kish River"].reason
    assert res["Sycamore"].place is not None and res["Sycamore"].place.country == "US"

def test_a_feature_word_alone_is_no_name(gaz: Gazetteer) -> None:
    assert _found(gaz, "The base at Bagram was handed over; the district stayed calm.") == [
        "Bagram"]
    assert _found(gaz, "Envoys met in The Hague.") == ["The Hague"]

@pytest.mark.parametrize("text", ["“I’ve never seen water this high,” a farmer said.",
                                  "I'd rather stay home, she said."])
def test_contractions_are_not_places(gaz: Gazetteer, text: str) -> None:
    assert _found(gaz, text) == []


@pytest.mark.parametrize("text", ["“Is it over?” she asked after the storm.",
                                  "Can you hear the sirens? Do not panic, the officer said."])
def test_sentence_initial_auxiliaries_are_not_places(gaz: Gazetteer, text: str) -> None:
    assert _found(gaz, text) == []


def test_a_surname_introduced_with_title_and_given_name_outweighs_a_region(
        gaz: Gazetteer) -> None:
    # "Wellington" is also a New Zealand region: the text names a person, so bare later
    # mentions are that person; the city is still found where no such person is introduced.
    text = ("Police Capt. Dana R. Wellington said crews reached the barn at dawn. Wellington "
            "praised the volunteers from Dayton.")
    found = _found(gaz, text)
    assert "Wellington" not in found and "Dayton" in found
    assert "Wellington" in _found(gaz, "Wellington and Auckland reported heavy rain.")


def test_a_speaker_after_a_clause_is_a_person(gaz: Gazetteer) -> None:
    text = ('"The gate was left open all night," Dalton said. Officers later drove to Dalton '
            "to check the farm.")
    spans = [m.start for m in find_toponyms(text, gaz) if m.text == "Dalton"]
    assert spans == []
    # A place set off by commas before a speech verb stays a place.
    found = _found(gaz, "Rep. Kim Hale, Democrat, Evansville, told reporters the plan failed.")
    assert "Evansville" in found


@pytest.mark.parametrize("text", [
    "The Chamber of Commerce thanked volunteers for the spring fair.",
    "Crowds gathered downtown for the St. Patrick's Day parade on Sunday.",
    "The Royal wrestler won his last bout on points.",
])
def test_common_words_alone_are_not_places(gaz: Gazetteer, text: str) -> None:
    assert not {"Commerce", "Day", "Royal"} & set(_found(gaz, text))


@pytest.mark.parametrize(("text", "name"), [
    ("A Commerce man was charged after the crash on Friday.", "Commerce"),
    ("The shelter in Commerce opened its doors again.", "Commerce"),
    ("Flood warnings cover Liberty and Gallatin counties tonight.", "Liberty"),
    ("Buses run between Springfield, Liberty and Kearney on weekdays.", "Liberty"),
])
def test_a_common_word_is_a_place_with_a_place_cue(gaz: Gazetteer, text: str,
                                                   name: str) -> None:
    assert name in _found(gaz, text)


@pytest.mark.parametrize("text", [
    "The Gainesville Public Library opens late on Mondays.",
    "She joined the Gainesville Convention and Visitors Bureau last year.",
])
def test_a_town_opening_an_institution_name_is_tagged(gaz: Gazetteer, text: str) -> None:
    assert "Gainesville" in _found(gaz, text)


@pytest.mark.parametrize("text", [
    "The Denver Post reported the closure on Friday, citing two officials in Kabul.",
    "Speaking to the Lansing State Journal, the officer described the raid in Kabul.",
    "The Sunday Times of India put the crowd in Kabul at several thousand.",
    "The Detroit Free Press and the Dallas Morning News both sent reporters to Kabul.",
])
def test_a_town_in_a_newspaper_title_is_no_place(gaz: Gazetteer, text: str) -> None:
    found = _found(gaz, text)
    assert not {"Denver", "Lansing", "India", "Detroit", "Dallas"} & set(found)
    assert "Kabul" in found


def test_a_currency_prefix_is_no_place(gaz: Gazetteer) -> None:
    found = _found(gaz, "The US pledged US$40 million and NZ$3 million came from Wellington.")
    assert found.count("US") == 1 and "NZ" not in found and "Wellington" in found


@pytest.mark.parametrize(("text", "names"), [
    ("Talks on Egypt-US relations resumed in Cairo.", {"Egypt", "US", "Cairo"}),
    ("A Denver-based charity sent blankets.", {"Denver"}),
    ("The bill's sponsor, Sen. Ray Miller, D-Columbus, spoke first.", {"Columbus"}),
    ("Flights from Winston-Salem and Port-au-Prince were cancelled.",
     {"Winston-Salem", "Port-au-Prince"}),
])
def test_places_inside_hyphenated_words(gaz: Gazetteer, text: str, names: set[str]) -> None:
    assert names <= set(_found(gaz, text))


def test_hyphenated_surnames_and_brands_are_not_split_into_places(gaz: Gazetteer) -> None:
    found = _found(gaz, "Nina Webb-Lawton said the Wal-Mart in Tulsa closed early.")
    assert not {"Lawton", "Webb", "Mart", "Wal"} & set(found) and "Tulsa" in found


def test_a_name_particle_alone_is_no_place(gaz: Gazetteer) -> None:
    # "Bin" alone is an alternate name of Vienna; here it only opens a name.
    found = _found(gaz, "Fighters reached Bin Qirdan, said Tom Del Monte of Lafayette.")
    assert "Bin" not in found and "Del" not in found and "Lafayette" in found
    assert "La." in _found(gaz, "A driver from Sulphur, La., was stopped on Monday.")


@pytest.mark.parametrize(("text", "name"), [
    ("The last convoy left Bagram on Friday.", "Bagram"),
    ("Rebels stormed Akhtarin at dawn.", "Akhtarin"),
])
def test_a_small_name_after_a_verb_of_movement_or_attack(gaz: Gazetteer, text: str,
                                                         name: str) -> None:
    # Villages too small to be tagged on their own are places after such verbs.
    assert name in _found(gaz, text)


@pytest.mark.parametrize("text", [
    "Tyre was hit by air strikes overnight.",
    "Juba remained calm on Sunday.",
    "Tripoli came under heavy shelling on Friday.",
])
def test_a_big_town_spelt_like_a_common_word_opens_a_sentence(gaz: Gazetteer,
                                                              text: str) -> None:
    # "tyre", "juba", "tripoli" are lower-case words of the list too.
    assert text.split()[0] in _found(gaz, text)


@pytest.mark.parametrize("text", [
    "Narvik, which was occupied in 1940, is a busy port again.",
    "Kiruna was evacuated after the mine collapsed.",
    "Narvik fell to the invaders within a day.",
    "Kiruna, a mining town in the far north, has moved its church.",
])
def test_a_small_town_opens_a_sentence(gaz: Gazetteer, text: str) -> None:
    # A town under 50k opening a sentence is the town when what follows is said of places
    # ("which was occupied", "a mining town", "was evacuated", "fell to").
    assert text.split()[0].rstrip(",") in _found(gaz, text)


def test_a_small_town_spelt_like_a_common_word_still_needs_a_cue(gaz: Gazetteer) -> None:
    assert "Commerce" not in _found(gaz, "Commerce was slow in the winter months.")


def test_given_names_and_surnames_around_places(gaz: Gazetteer) -> None:
    # "Jordan" and "Virginia" open names whose surnames the text uses alone ("Pike said").
    text = ("Jordan Pike, the coach, said the team trained in Amman. Pike said the heat was "
            "hard. Virginia Holt, who lives near Lawrence, agreed, Holt said.")
    found = _found(gaz, text)
    assert "Jordan" not in found and "Virginia" not in found
    assert "Amman" in found and "Lawrence" in found
    found = _found(gaz, "Kevin Kassala, a driver, left Kosti for Kassala at dawn.")
    assert found.count("Kassala") == 0 and "Kosti" in found


def test_a_town_naming_a_disease_is_no_place(gaz: Gazetteer) -> None:
    found = _found(gaz, "Doctors in Kampala confirmed a Marburg virus case; Lyme disease "
                        "cases rose in Canada.")
    assert "Marburg" not in found and "Lyme" not in found
    assert "Kampala" in found and "Canada" in found


def test_the_given_name_of_a_person_of_the_text_is_no_place_later(gaz: Gazetteer) -> None:
    # A titled full name makes its given name a person's, even where a region bears it, when
    # the bare name is a speaker; after a preposition of place it is the town again.
    text = ("President Vladimir Kostenko opened the session. Later Vladimir told reporters the "
            "vote would wait. Kostenko then flew to Vladimir for the weekend.")
    found = _found(gaz, text)
    assert found.count("Vladimir") == 1
    # A full name whose surname the text uses alone: later bare given names are the person.
    text = ("Selma Rourke said the shop would close. Rourke said sales fell. By then Selma had "
            "sold the van; her sister lives in Selma.")
    assert _found(gaz, text) == ["Selma"]


def test_a_bare_name_with_a_person_cue_is_no_place(gaz: Gazetteer) -> None:
    found = _found(gaz, "Neighbours say Lucan, who trains horses, sold the farm near Naas.")
    assert "Lucan" not in found and "Naas" in found
    found = _found(gaz, "Police said Lucan's husband drove the van to Naas.")
    assert "Lucan" not in found
    # The cue is the person's when the name follows "of" or an address: the place stays.
    found = _found(gaz, "A nurse from Lucan, who asked not to be named, spoke to us in Naas.")
    assert "Lucan" in found


# Common personal names (US Census lists through the ``names`` package) that small towns also
# bear: a bare one is a person's unless the text says it of a place.
@pytest.mark.parametrize("text", [
    "Conrad told the committee that the budget was late.",
    "Conrad and Nina left the meeting early on Tuesday.",
    "The Conrad family thanked the volunteers for the meal.",
    "The county signed a deal with Hollis & Conrad, a firm it hired from Kessler & Conrad.",
])
def test_a_common_personal_name_alone_is_a_person(gaz: Gazetteer, text: str) -> None:
    assert not {"Conrad", "Nina"} & set(_found(gaz, text))


@pytest.mark.parametrize("text", [
    "The plant in Conrad closed last spring.",
    "Storms cut power in Conrad, Mont., on Friday.",
    "A Conrad man was arrested after the chase.",
    "Snow closed schools across the Conrad area.",
    "A Conrad family lost its barn to the fire.",
    "Conrad was shelled twice overnight, the garrison reported.",
])
def test_a_common_personal_name_with_a_place_cue_is_a_place(gaz: Gazetteer, text: str) -> None:
    assert "Conrad" in _found(gaz, text)


def test_a_legislators_home_town_after_the_party_letter(gaz: Gazetteer) -> None:
    assert "Marshall" in _found(gaz, "Rep. Dale Ortiz, D-Marshall, voted against the bill.")


def test_one_place_cue_makes_the_name_a_place_throughout(gaz: Gazetteer) -> None:
    # "in Conrad" settles it for the document; a firm's "from" or "the" would not.
    text = "A grain elevator in Conrad burned down; the union said Conrad lost 40 jobs."
    assert _found(gaz, text).count("Conrad") == 2
    text = "Lawyers from Kessler & Conrad met the board. Conrad said the firm would appeal."
    assert "Conrad" not in _found(gaz, text)


def test_personal_names_need_no_cue_for_big_or_strong_places(gaz: Gazetteer) -> None:
    # A state, a country or a city of 100,000 and more is read as usual.
    found = _found(gaz, "Georgia and Jordan signed the accord; Lincoln hosted the signing.")
    assert {"Georgia", "Jordan", "Lincoln"} <= set(found)


# Arabic construct names ("<head> al-<name>") the gazetteer lacks: neither part alone is the place.
@pytest.mark.parametrize("text", [
    "Guards fled the Bab al-Zuhour compound before dawn.",
    "Guards fled the Bab al Zuhour compound before dawn.",
    "The clinic in Bab el-Oued reopened on Sunday.",
])
def test_the_head_of_an_unknown_construct_name_is_not_the_town(gaz: Gazetteer,
                                                               text: str) -> None:
    # "Bab" alone would be the Syrian town Al Bab, "el-Oued" the Algerian province.
    found = _found(gaz, text)
    assert not {"Bab", "el-Oued", "Zuhour"} & set(found)


def test_known_construct_names_and_articles_stay_places(gaz: Gazetteer) -> None:
    found = _found(gaz, "Convoys left Deir ez-Zor for Bab al-Hawa, then Dar es Salaam.")
    assert {"Deir ez-Zor", "Bab al-Hawa", "Dar es Salaam"} <= set(found)
    # An English "at" is no article: "a farm at Norfolk" names Norfolk.
    assert "Norfolk" in _found(gaz, "Ducks died on a farm at Norfolk, England, last week.")


# Press spellings of Arabic names with an article are tagged when they fold to a gazetteer name.
@pytest.mark.parametrize(("text", "name"), [
    ("Shelling was reported near Ras al Ain overnight.", "Ras al Ain"),
    ("Columns were seen outside Maarat al-Numan at dawn.", "Maarat al-Numan"),
    ("Columns were seen outside Maarat el Noman at dawn.", "Maarat el Noman"),
    # "Um" is the press's single-m spelling of the head word "Umm" ("mother of")
    ("Militia fighters moved into Um Ruwaba before dawn.", "Um Ruwaba"),
])
def test_press_spellings_of_arabic_names_are_tagged(gaz: Gazetteer, text: str,
                                                    name: str) -> None:
    assert name in _found(gaz, text)


def test_folded_spellings_need_an_article_and_a_close_spelling(gaz: Gazetteer) -> None:
    # A person's name with an article folds to no place; a skeleton alone is not enough.
    assert _found(gaz, "Envoys met Karim al-Zubaidi and Salma al Rashidi in Geneva.") == [
        "Geneva"]


def test_a_big_city_opens_the_name_of_its_institution(gaz: Gazetteer) -> None:
    # After "the", "of", "by"... a city of 100,000+ before an unknown capitalised word is the
    # city ("the Sacramento Historical Society"); a personal name there is a person's.
    assert "Sacramento" in _found(gaz, "She joined the Sacramento Historical Society in May.")
    assert "Jackson" not in _found(gaz, "She danced with Jackson Pellworth at the gala.")


def test_a_generic_arabic_head_word_alone_is_no_place(gaz: Gazetteer) -> None:
    # "Tal" (hill) and "Kafr" (village) open longer names; the known ones are still found,
    # press spellings of known ones too, unknown ones give no place at all.
    found = _found(gaz, "Units shelled Tal Madaya, then moved past Tal Abyad and Kafr Zeita.")
    assert "Tal" not in found and "Madaya" not in found
    assert {"Tal Abyad", "Kafr Zeita"} <= set(found)


def test_a_name_given_to_someone_is_no_place(gaz: Gazetteer) -> None:
    # "named"/"called" after a person or an animal gives a name; after a kind of place, a place.
    assert _found(gaz, "The family adopted a dog named Memphis last spring.") == []
    assert _found(gaz, "He moved to a town called Barry after the war.") == ["Barry"]
    assert "Lombard" in _found(gaz, "The area now called Lombard grew fast.")
