"""Roles: the side expelled by "force/drive ... out" is no taker; "a Y-led coalition" acts for
Y; a member named with "including" is on the taking side, not the loser. Own sentences."""

from __future__ import annotations

import pytest

from geomap.extract import extract


def _change(text: str, place: str) -> tuple[str, str]:
    ev = extract(text)
    rows = ev[(ev.place == place) & ev.kind.isin(["control_change", "claimed_control"])]
    assert len(rows), ev[["kind", "place", "actor"]]
    return rows.iloc[0].actor, rows.iloc[0].previous_actor


@pytest.mark.parametrize("verb", ["force", "drive", "push", "chase"])
def test_side_forced_out_is_the_loser(verb: str) -> None:
    text = (f"date 2015-02-01\nAfter weeks of fighting, Kurdish forces managed to {verb} IS "
            f"militants out and take control of Kobani on Monday.")
    assert _change(text, "Kobani") == ("SDF", "ISIS")


@pytest.mark.parametrize("led", ["a MNDAA-led coalition", "an MNDAA-led alliance",
                                 "the MNDAA-led forces"])
def test_led_by_a_named_side_acts_for_it(led: str) -> None:
    text = f"date 2025-04-23\nLashio fell to {led} in August 2024."
    assert _change(text, "Lashio")[0] == "MNDAA"


def test_member_named_with_including_is_not_the_loser() -> None:
    text = ("date 2025-04-23\nLashio fell to a MNDAA-led coalition, including the People's "
            "Defense Forces (PDF), in August 2024.")
    assert _change(text, "Lashio") == ("MNDAA", "JUNTA")


def test_common_noun_is_the_side_named_so_whose_names_end_with_it() -> None:
    # two sides named before; only one is called "... militants"
    text = ("date 2017-10-18\nThe Syrian Democratic Forces marked their win over the "
            "Islamic State in Raqqa on Tuesday. The militants first captured Raqqa in 2014.")
    ev = extract(text)
    old = ev[(ev.place == "Raqqa") & (ev.event_date.astype(str).str[:4] == "2014")]
    assert list(old.actor) == ["ISIS"], ev[["kind", "place", "actor", "event_date"]]


def test_the_kurds_in_iraq_are_the_peshmerga() -> None:
    text = ("date 2017-10-17\nThe city of Kirkuk was taken by the Kurds in 2014 when the army "
            "collapsed.")
    assert _change(text, "Kirkuk")[0] == "PESHMERGA"


def test_an_outlet_address_names_no_side() -> None:
    # "NEWS.AZ" is where the story comes from, not Azerbaijan's army in a Nigerian town
    text = ("date 2015-01-04\nLagos. 4 January. NEWS.AZ/ The jihadist group Boko Haram seized "
            "the town of Baga on Saturday after troops abandoned their base.")
    ev = extract(text)
    assert not {"AZ", "ARM"} & (set(ev.actor) | set(ev.previous_actor)), ev[["place", "actor"]]


def test_a_description_right_before_a_name_is_that_side() -> None:
    from geomap.actors import ActorSet
    from geomap.extract.actors_text import find_actor_mentions

    text = "Officials said the Salafist group Boko Haram had overrun the town of Baga."
    mentions = find_actor_mentions(text, ActorSet.default(), country="NG")
    assert mentions and {m.actor for m in mentions} == {"BH"}, mentions


def test_bare_troops_abandoning_a_town_are_the_state_army() -> None:
    text = ("date 2015-01-04\nBoko Haram fighters attacked the area on Friday. A senator said "
            "troops abandoned the town of Baga after the assault.")
    assert _change(text, "Baga") == ("BH", "NIGERIAN_ARMY")
