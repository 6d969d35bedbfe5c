"""A site inside a town (a palace, a base, the governor's office) taken: the town changes hands;
a common noun for the one side of the country that carries it ("rebels" in Yemen); a
participle with its agent after it ("towns abandoned by the army") is passive.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _events(text: str, date: str) -> list[tuple[str, str, str]]:
    ev = geomap.extract(text, date=date)
    return [(r.kind, r.place, r.actor) for r in ev.itertuples()
            if r.kind in ("control_change", "claimed_control")]


def test_a_site_taken_after_fighting_into_the_town_is_the_towns_change() -> None:
    got = _events("Houthi rebels battled their way into the old quarter of Taiz overnight and "
                  "captured the presidential palace.", "2016-03-04")
    assert got == [("control_change", "Taiz", "HOUTHI")]


def test_a_site_taken_points_back_to_the_town_of_the_paragraph_before() -> None:
    text = ("Government troops were sent on Monday to win back Mokha from Houthi fighters.\n\n"
            "Shots were heard at dawn as the Houthi fighters stormed and seized the "
            "governor's office.")
    assert ("control_change", "Mokha", "HOUTHI") in _events(text, "2017-01-20")


def test_a_site_with_its_own_place_after_it_is_not_a_reference_back() -> None:
    text = ("Houthi fighters shelled Mokha on Monday.\n\n"
            "On Tuesday the Houthi fighters seized the airport near Zabid.")
    assert ("control_change", "Mokha", "HOUTHI") not in _events(text, "2017-01-20")


def test_a_clause_after_as_is_no_part_of_an_earlier_infinitive() -> None:
    text = ("Houthi fighters massed around Mokha on Monday. The governor was forced to hide in "
            "a school as the Houthi fighters attacked and seized the town.")
    assert ("control_change", "Mokha", "HOUTHI") in _events(text, "2017-01-20")
    aim = ("Houthi fighters massed around Mokha on Monday. They were ordered to march on the "
           "coast and seize the town.")
    assert _events(aim, "2017-01-20") == []


def test_rebels_in_a_yemeni_report_are_the_houthis() -> None:
    got = _events("Rebels seized Zabid on Friday after a week of fighting.", "2016-05-07")
    assert got == [("control_change", "Zabid", "HOUTHI")]


def test_a_participle_with_by_after_it_names_the_side_that_left() -> None:
    got = _events("A spokesman for the MNLA said rebels had also moved into northern towns "
                  "abandoned by the army, among them Kidal.", "2014-05-23")
    assert [(p, a) for _k, p, a in got] == [("Kidal", "MNLA")]


def test_a_side_named_right_after_said_with_a_verb_of_its_own_is_no_speaker() -> None:
    got = _events("Officials in Gao said rebels took over Kidal, abandoned by the army on "
                  "Friday.", "2014-05-23")
    assert [(p, a) for _k, p, a in got] == [("Kidal", "MNLA")]


def test_a_site_with_an_indefinite_article_after_an_attack_on_the_town() -> None:
    got = _events("Gangs raided the town of Hinche on Tuesday, seizing control of a local jail "
                  "as residents fled.", "2025-04-02")
    assert [(p, a) for _k, p, a in got] == [("Hinche", "GANGS")]
    near = _events("Gangs raided the town of Hinche on Tuesday, seizing control of a police "
                   "base near Mirebalais.", "2025-04-02")
    assert ("control_change", "Hinche", "GANGS") not in near



def _rows(text: str, date: str) -> list[tuple[str, str, float]]:
    ev = geomap.extract(text, date=date)
    return [(r.kind, r.location, round(float(r.latitude), 1)) for r in ev.itertuples()
            if r.kind in ("control_change", "claimed_control")]


def test_the_airport_in_a_town_is_placed_at_the_airport() -> None:
    got = _rows("Houthi fighters overran the airport in Aden on Thursday.", "2015-03-27")
    assert len(got) == 1 and "Airport" in got[0][1]
    town = _rows("Houthi fighters overran the port in Aden on Thursday.", "2015-03-27")
    assert len(town) == 1 and "Airport" not in town[0][1]


def test_a_towns_airport_is_placed_at_the_airport() -> None:
    got = _rows("Government troops seized Aden's airport on Thursday.", "2015-07-17")
    assert len(got) == 1 and "Airport" in got[0][1]


def test_a_takeover_noun_inside_a_name_is_no_event() -> None:
    got = _events('Yemeni government forces on Monday launched "Operation Dawn for the '
                  'Liberation of Zabid".', "2016-05-09")
    assert got == []
