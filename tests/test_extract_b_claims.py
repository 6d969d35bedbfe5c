"""Claimed or confirmed on real-style reporting: a side's report of its gain is a claim unless
the text corroborates it (the loser speaks of its own withdrawal, the narrator names the gain
as a fact); a change the text calls confirmed is not made a claim by a nearby "claim".

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _kinds(text: str, date: str, actor: str | None = None) -> dict[str, tuple[str, bool]]:
    ev = geomap.extract(text, date=date)
    return {r.place: (r.kind, bool(r.confirmed)) for r in ev.itertuples()
            if r.kind in ("control_change", "claimed_control")
            and (actor is None or r.actor == actor)}


def test_the_gainers_word_alone_is_a_claim() -> None:
    got = _kinds("Russia's defence ministry said on Tuesday that its troops had taken full "
                 "control of Toretsk.", "2025-02-12")
    assert got.get("Toretsk") == ("claimed_control", False), got


def test_the_loser_ordering_its_own_withdrawal_corroborates() -> None:
    got = _kinds("Russia's defence ministry said on Tuesday that its troops had taken full "
                 "control of Toretsk. Kyiv on Monday said it had pulled its units out of the "
                 "town after weeks of assaults by Russian forces.", "2025-02-12")
    assert got.get("Toretsk") == ("control_change", True), got


def test_a_withdrawal_of_the_claimants_troops_does_not_corroborate() -> None:
    got = _kinds("Russia's defence ministry said on Tuesday that its troops had taken full "
                 "control of Toretsk. Officials said Russian troops had withdrawn from the "
                 "town.", "2025-02-12", actor="RU")
    assert got.get("Toretsk") == ("claimed_control", False), got


def test_the_narrators_noun_of_the_gain_corroborates() -> None:
    got = _kinds("The Sudanese army said it had regained Wad Madani from the RSF. Crowds in "
                 "several cities celebrated the army's recapture of the city.", "2025-01-12")
    assert got.get("Wad Madani") == ("control_change", True), got


def test_a_gain_named_inside_a_quote_does_not_corroborate() -> None:
    got = _kinds("The Sudanese army said it had regained Wad Madani from the RSF. \"People "
                 "celebrate the army's recapture of the city,\" its spokesman said.",
                 "2025-01-12")
    assert got.get("Wad Madani") == ("claimed_control", False), got


def test_a_change_the_text_calls_confirmed_is_not_a_claim() -> None:
    got = _kinds("The claim comes days after the confirmed capture by the RSF of the army "
                 "base in Nyala on Thursday.", "2023-10-31")
    assert got.get("Nyala") == ("control_change", True), got


def test_a_claim_noun_that_points_back_does_not_flag_the_sentence() -> None:
    got = _kinds("The group says it took Mogok on Sunday. That claim followed the fall of "
                 "Kyaukme to TNLA fighters on Friday.", "2024-07-23")
    assert got.get("Kyaukme") == ("control_change", True), got


def test_a_claim_of_the_sentence_itself_still_flags_it() -> None:
    got = _kinds("TNLA fighters claimed the capture of Kyaukme on Friday.", "2024-07-23")
    assert got.get("Kyaukme") == ("claimed_control", False), got


def test_a_hedged_capture_confirmed_by_an_official_is_a_change() -> None:
    ev = geomap.extract("M23 rebels have reportedly captured Uvira, the local mayor said. On "
                        "Monday the mayor confirmed that M23 rebels had moved into the centre "
                        "of Uvira.", date="2025-12-08")
    kinds = {r.kind for r in ev.itertuples() if r.place == "Uvira"}
    assert "control_change" in kinds and "claimed_control" not in kinds, kinds


def test_a_hedged_entry_without_confirmation_stays_a_claim() -> None:
    got = _kinds("M23 rebels have reportedly captured Uvira. Fighting went on near the port.",
                 "2025-12-08")
    assert got.get("Uvira") == ("claimed_control", False), got


def test_a_hedge_on_another_verb_does_not_make_a_claim() -> None:
    got = _kinds("M23 rebels, reportedly backed by foreign troops, captured Uvira on Monday.",
                 "2025-12-08")
    assert got.get("Uvira") == ("control_change", True), got


def test_a_hedge_covers_the_places_listed_after_its_verb() -> None:
    got = _kinds("Rebels reportedly overran Menaka, as well as taking control of Ansongo.",
                 "2014-05-23")
    assert got.get("Ansongo") == ("claimed_control", False), got


def test_a_later_doubt_is_about_the_fresh_news_not_a_past_change() -> None:
    got = _kinds("GNA forces said on Monday they had taken Al-Watiya base. In April the "
                 "same forces retook Zuwara and Zawiya along the coast. If confirmed, the loss "
                 "of the base would be a heavy blow to the LNA.", "2020-05-18")
    assert got.get("Zuwara") == ("control_change", True), got
    assert got.get("Al-Watiya base", got.get("Al-Watiya")) == ("claimed_control", False), got


def test_a_later_doubt_still_flags_a_recent_change() -> None:
    got = _kinds("GNA forces retook Zuwara on Sunday. There was no independent confirmation "
                 "of the advance.", "2020-05-18")
    assert got.get("Zuwara") == ("claimed_control", False), got
