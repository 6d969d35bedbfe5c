"""Finding control changes: takeover nouns, restored control, locators before a verb.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _kinds(text: str, date: str = "2021-08-16") -> dict[str, tuple[str, str]]:
    ev = geomap.extract(text, date=date)
    got: dict[str, tuple[str, str]] = {}
    for r in ev.itertuples():
        if r.kind != "mention" or r.place not in got:
            got[r.place] = (r.kind, r.actor)
    return got


def test_the_fall_with_a_day_between_is_a_change() -> None:
    got = _kinds("The fall on Sunday of Kunduz to the Taliban shocked officials in the "
                 "capital.")
    assert got["Kunduz"] == ("control_change", "TALIBAN"), got


def test_a_possessive_fall_is_a_change() -> None:
    got = _kinds("Taliban fighters advanced for a week. Kunduz's fall came on Sunday.")
    assert got["Kunduz"][0] == "control_change", got


def test_the_fall_of_one_place_is_no_change_of_the_place_before_it() -> None:
    got = _kinds("Officials in Kabul feared the fall of Kunduz to the Taliban.")
    assert got["Kabul"][0] == "mention", got


def test_restored_control_is_a_capture() -> None:
    got = _kinds("Government forces re-established control over Kunduz on Monday after the "
                 "Taliban withdrew.")
    assert got["Kunduz"] == ("control_change", "AFGHAN_GOV"), got


def test_reoccupied_is_a_capture() -> None:
    got = _kinds("Afghan troops reoccupied Kunduz on Monday.")
    assert got["Kunduz"] == ("control_change", "AFGHAN_GOV"), got


def test_a_province_locating_the_subject_of_fell_is_no_change() -> None:
    got = _kinds("The mining town of Ngungu, in the province of North Kivu, fell into the "
                 "hands of the M23 on Sunday.", "2023-02-27")
    assert got.get("North Kivu", ("mention", ""))[0] == "mention", got


def test_a_participle_appositive_does_not_end_the_subjects_clause() -> None:
    got = _kinds("Kidal, located on the main road north, was seized by the MNLA on Friday.",
                 "2012-03-31")
    assert got["Kidal"] == ("control_change", "MNLA"), got


def test_a_list_after_a_dash_and_including_is_the_verbs_object() -> None:
    got = _kinds("In May, government forces retook six towns - including Ghazni and Zaranj "
                 "- and reopened the highway.", "2021-06-02")
    assert got["Ghazni"][0] == "control_change", got
    assert got["Zaranj"][0] == "control_change", got


def test_claimed_to_have_full_control_is_a_claim_not_an_aim() -> None:
    got = _kinds("The Taliban claimed on Friday to have full control of Ghazni.",
                 "2021-08-14")
    assert got["Ghazni"] == ("claimed_control", "TALIBAN"), got


def test_the_side_a_place_was_under_does_not_act_next() -> None:
    got = _kinds("The airbase had been under the LNA since 2019. On Monday the forces "
                 "retook Gharyan, a GNA spokesman said.", "2020-05-18")
    assert got["Gharyan"][1] != "LNA", got


def test_a_withdrawal_from_the_town_of_x_is_a_loss_of_x() -> None:
    got = _kinds("The KNU made a \u201cshort retreat\u201d from the town of Myawaddy on "
                 "Tuesday, a spokesman said.", "2024-04-24")
    assert got["Myawaddy"] == ("control_change", "JUNTA"), got


def test_an_entry_then_the_other_side_leaving_the_city_in_its_own_paragraph() -> None:
    text = ("Rebel fighters have entered Hama.\n\nThe Syrian army said it had pulled back "
            "outside the city to protect civilians.")
    assert _kinds(text, "2024-12-05")["Hama"][0] == "control_change"


def test_the_next_paragraph_about_elsewhere_does_not_make_an_entry_a_capture() -> None:
    text = ("Rebel fighters have entered Hama.\n\nIn the south, the army pulled back from "
            "several positions.")
    assert _kinds(text, "2024-12-05")["Hama"][0] == "contested"
