"""Leads, a6: "took a key town" names the town only in the next sentence.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _kidal(text: str) -> list[tuple[str, str, str]]:
    ev = geomap.extract(text, date="2024-05-11")  # a Saturday
    return sorted((r.kind, r.actor, r.event_date) for r in ev.itertuples()
                  if r.place == "Kidal" and r.kind in ("control_change", "claimed_control"))


def test_an_indefinite_town_is_the_one_the_next_sentence_presents() -> None:
    got = _kidal("The Malian army on Saturday regained control of a remote desert town "
                 "briefly held by jihadists. Kidal is home to some 20,000 people and was "
                 "stormed by the jihadists on Friday.")
    assert ("control_change", "FAMA", "2024-05-11") in got, got


def test_a_town_named_only_as_where_somebody_spoke_is_not_it() -> None:
    got = _kidal("The Malian army on Saturday recaptured a town in the desert from Tuareg "
                 "rebels. A spokesman said at a briefing in Kidal that the town was calm.")
    assert got == [], got


def test_a_lead_the_named_sentence_retells_is_one_change() -> None:
    got = _kidal("Tuareg rebels have gained control of a key desert town. The rebels said "
                 "yesterday they had taken Kidal after the garrison surrendered.")
    assert [d for _k, _a, d in got] == ["2024-05-10"], got


def test_a_place_named_in_the_same_sentence_blocks_the_lead() -> None:
    # "a town near Gao": the sentence names its own place; the next one is not it
    got = _kidal("Tuareg rebels seized a town near Gao on Friday. Kidal is quiet, residents "
                 "said.")
    assert got == [], got
