"""Who acts: a country named as a locator does not speak ("separatists in Yemen said"); "it
took X" refers back to the side named before ("Moscow's biggest advance since it took X");
a unit or site taken "from" a town is taken in that town.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _events(text: str, date: str) -> list[tuple[str, str, str]]:
    ev = geomap.extract(text, date=date)
    return [(r.kind, r.place, r.actor) for r in ev.itertuples()
            if r.kind in ("control_change", "claimed_control")]


def test_a_country_after_in_is_a_locator_not_a_speaker() -> None:
    got = _events("STC fighters in Yemen said on Sunday they had seized the port of Mukalla "
                  "after a day of fighting.", "2019-08-12")
    assert [a for _k, p, a in got if p == "Mukalla"] == ["STC"]


def test_it_took_refers_to_the_capital_standing_for_its_side() -> None:
    got = _events("Analysts called the push Moscow's largest advance since it took the city of "
                  "Soledar in January.", "2023-05-02")
    assert [a for _k, p, a in got if p == "Soledar"] == ["RU"]


def test_a_unit_taken_from_a_town_is_the_towns_change() -> None:
    got = _events("The RSF said it had overrun the 5th Division base from Sennar on Sunday.",
                  "2024-07-01")
    assert [(p, a) for _k, p, a in got] == [("Sennar", "RSF")]
    located = _events("The RSF said it had overrun a checkpoint 20 km from Sennar on Sunday.",
                      "2024-07-01")
    assert [p for _k, p, _a in located] == []


def test_members_from_a_group_opening_the_sentence_act_for_it() -> None:
    got = _events("Fighters from the Jaysh al-Fatah alliance swept into the city of Idlib on "
                  "Saturday.", "2015-03-29")
    assert [(p, a) for _k, p, a in got] == [("Idlib", "Jaysh al-Fatah alliance")]
    clash = _events("The army fought fighters from the Jaysh al-Fatah alliance in Idlib.",
                    "2015-03-29")
    assert clash == []


def test_a_nominal_taking_takes_the_side_a_later_sentence_gives_it() -> None:
    text = ("Crowds in Kassala celebrated the recapture of Sennar.\n\n"
            "Since May, the SAF had pressed a ground offensive to regain control of Sennar.")
    got = _events(text, "2024-11-24")
    assert [(p, a) for _k, p, a in got] == [("Sennar", "SAF")]
    two = ("Crowds in Kassala celebrated the recapture of Sennar.\n\n"
           "The SAF had vowed to regain control of Sennar. The RSF vowed to take Sennar back.")
    assert [a for _k, p, a in _events(two, "2024-11-24") if p == "Sennar"] == []
