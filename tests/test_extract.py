"""Extraction: kinds, negation and modality, actors, dates, evidence, merging, accounting.

Snippets here are written for these tests (not taken from the seed article).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

import geomap
from geomap.extract import extract_document, extract_records
from geomap.gazetteer import Place, Resolution
from geomap.sources.documents import Document

sys.path.insert(0, str(ROOT / "benchmarks"))
from devset_scores import load_devset, ours, score  # noqa: E402


def events(text: str, date: str | None = "2020-06-05", source: str = "t") -> list[dict[str, Any]]:
    records, _, report = extract_records(text, date=date, source=source)
    assert report.balanced
    return records


def kinds_at(text: str, place: str, **kw: Any) -> list[str]:
    return [e["kind"] for e in events(text, **kw) if e["place"].startswith(place)]


# -- dev set ---------------------------------------------------------------------------------
def test_devset_control_changes_precision_and_recall() -> None:
    items = load_devset()
    assert len(items) >= 25
    s = score(items, ours)
    assert s.precision >= 0.9, s.errors
    assert s.recall >= 0.85, s.errors
    assert s.other_recall >= 0.8, s.errors
    assert not s.violations


def test_devset_covers_other_conflicts() -> None:
    ids = [item["id"] for item in load_devset()]
    assert sum(i.startswith("sy-") for i in ids) >= 5
    assert sum(i.startswith("ua-") for i in ids) >= 5


# -- kinds -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "LNA fighters failed to take Gharyan despite heavy shelling.",
    "The LNA denied losing Gharyan to government forces.",
    "GNA commanders plan to capture Gharyan next week.",
    "Gharyan could fall to government forces within days.",
    "An LNA push to seize Gharyan was repelled on Tuesday.",
    "Government forces have not entered Gharyan.",
])
def test_negation_and_modality_never_give_a_control_change(text: str) -> None:
    assert "control_change" not in kinds_at(text, "Gharyan")
    assert "claimed_control" not in kinds_at(text, "Gharyan")


def test_capture_withdrawal_and_passive() -> None:
    (ev,) = [e for e in events("GNA forces retook Gharyan on Wednesday.")
             if e["place"] == "Gharyan"]
    assert (ev["kind"], ev["actor"], ev["previous_actor"]) == ("control_change", "GNA", "LNA")
    assert (ev["event_date"], ev["date_precision"]) == ("2020-06-03", "day")
    (ev,) = events("Haftar's forces withdrew from Gharyan yesterday.")
    assert (ev["kind"], ev["actor"], ev["previous_actor"]) == ("control_change", "GNA", "LNA")
    assert ev["event_date"] == "2020-06-04"
    (ev,) = events("Gharyan fell to the LNA in April 2019.")
    assert (ev["kind"], ev["actor"], ev["date_precision"]) == ("control_change", "LNA", "month")
    assert ev["event_date"] == "2019-04-01"


def test_claims_objectives_contests_routes() -> None:
    assert kinds_at("The LNA claimed it had captured Gharyan, which the GNA denied.",
                    "Gharyan") == ["claimed_control"]
    assert kinds_at("GNA units are heading toward Sirte.", "Sirte") == ["objective"]
    assert kinds_at("Fierce clashes broke out in Gharyan on Monday.", "Gharyan") == ["contested"]
    evs = events("Supply lines from Sebha fed the LNA positions in Gharyan.")
    (route,) = [e for e in evs if e["kind"] == "route"]
    assert route["location"] == "Sabha" and route["related_location"] == "Gharyan"
    assert route["actor"] == "LNA"


def test_reference_points_and_countries_do_not_change_hands() -> None:
    evs = events("GNA forces captured Gharyan, 80 km south of Tripoli, backed by Turkey.")
    by_place = {e["place"]: e["kind"] for e in evs}
    assert by_place["Gharyan"] == "control_change"
    assert by_place["Tripoli"] == "mention"
    assert by_place.get("Turkey", "mention") == "mention"


# -- rules that must generalise (issue #5 follow-up; snippets written for these tests) ----------
def _one(text: str, place: str, date: str = "2020-06-05") -> dict[str, Any]:
    found = [e for e in events(text, date=date) if e["place"].startswith(place)]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "place"), [
    ("Government troops broke into Zawiya on Monday.", "Zawiya"),
    ("LNA units stormed Surman before dawn.", "Surman"),
    ("Russian troops pushed into Kramatorsk from the south.", "Kramatorsk"),
    ("Russian assault units entered Kramatorsk, where street fighting continues.", "Kramatorsk"),
])
def test_entering_alone_is_fighting_not_a_change(text: str, place: str) -> None:
    assert _one(text, place, "2022-06-01")["kind"] == "contested"


@pytest.mark.parametrize(("text", "place", "actor"), [
    ("GNA forces entered and secured Al-Asabaa on Monday.", "Al-Asabaa", "GNA"),
    ("GNA forces entered Zuwara and took control of the town.", "Zuwara", "GNA"),
    ("LNA units entered Zuwara without a fight on Monday.", "Zuwara", "LNA"),
    ("Government forces took back Zuwara after hours of clashes.", "Zuwara", "GNA"),
    ("The LNA entered Brega after government units withdrew.", "Brega", "LNA"),
])
def test_entering_and_holding_is_a_change(text: str, place: str, actor: str) -> None:
    ev = _one(text, place)
    assert (ev["kind"], ev["actor"]) == ("control_change", actor)


@pytest.mark.parametrize(("text", "place", "actor"), [
    ("Gharyan was captured by government forces on Monday.", "Gharyan", "GNA"),
    ("Bani Walid fell into the hands of GNA forces.", "Bani Walid", "GNA"),
    ("Sabratha came under the control of government troops.", "Sabratha", "GNA"),
    ("Zintan, a mountain town in the west, fell to the LNA on Monday.", "Zintan", "LNA"),
    ("Kramatorsk was retaken by Ukrainian troops.", "Kramatorsk", "UA"),
    ("Units loyal to the GNA retook Zuwara late Friday.", "Zuwara", "GNA"),
    ("Gharyan is now under GNA control.", "Gharyan", "GNA"),
    ("Gharyan was now fully under LNA control.", "Gharyan", "LNA"),
    ("Gharyan is back in GNA hands, residents said.", "Gharyan", "GNA"),
    ("Kherson is back in Ukrainian hands.", "Kherson", "UA"),
    ("The recapture of Gharyan by government forces was a blow to Haftar.", "Gharyan", "GNA"),
])
def test_object_first_and_passive(text: str, place: str, actor: str) -> None:
    ev = _one(text, place)
    assert (ev["kind"], ev["actor"]) == ("control_change", actor)


@pytest.mark.parametrize(("text", "kind"), [
    ("Russian forces would need months to take Kramatorsk.", "mention"),
    ("Military analysts say Russian troops might capture Kramatorsk.", "mention"),
    ("If Russian forces took Kramatorsk, the front would collapse.", "mention"),
    ("Russian troops are no longer trying to seize Kramatorsk.", "mention"),
    ("Russian commanders threatened to seize Kramatorsk.", "objective"),
    ("Russian troops are poised to storm Kramatorsk.", "objective"),
    ("Russian troops are preparing an assault on Kramatorsk.", "objective"),
    ("Russian troops launched an assault on Kramatorsk.", "contested"),
    ("Russian troops made a failed attempt to take Kramatorsk.", "contested"),
    ("Russian marines were repelled outside Kramatorsk.", "contested"),
    ("Ukraine denied losing Kramatorsk.", "contested"),
    ("Russian troops have yet to take Kramatorsk despite weeks of fighting.", "contested"),
    ("Russian troops almost took Kramatorsk before being pushed back.", "contested"),
    ("Russian units were unable to dislodge Ukrainian troops from Kramatorsk.", "contested"),
    ("Russian units stopped short of entering Kramatorsk.", "mention"),
])
def test_modality_and_negation_kinds(text: str, kind: str) -> None:
    assert _one(text, "Kramatorsk", "2022-06-01")["kind"] == kind


def test_claims_need_a_claim_word_or_a_contradiction() -> None:
    ev = _one("The LNA said it had taken Gharyan, but GNA fighters said they were still "
              "holding the town.", "Gharyan")
    assert (ev["kind"], ev["actor"], ev["confirmed"]) == ("claimed_control", "LNA", False)
    ev = _one("Kyiv rejected Russian claims that Kramatorsk had fallen.", "Kramatorsk")
    assert (ev["kind"], ev["actor"]) == ("claimed_control", "RU")
    ev = _one("Ukraine says its troops have liberated Kherson, while Moscow insists the city is "
              "still in Russian hands.", "Kherson", "2022-11-12")
    assert (ev["kind"], ev["actor"]) == ("claimed_control", "UA")
    ev = _one("The LNA denied that government forces had retaken Gharyan.", "Gharyan")
    assert (ev["kind"], ev["actor"], ev["confirmed"]) == ("claimed_control", "GNA", False)
    ev = _one("The GNA claimed full control of Gharyan on Wednesday.", "Gharyan")
    assert (ev["kind"], ev["actor"]) == ("claimed_control", "GNA")
    # One side's own report of its gain is a claim too (issue #17), even uncontradicted.
    ev = _one("The LNA said it had taken Gharyan.", "Gharyan")
    assert (ev["kind"], ev["actor"], ev["confirmed"]) == ("claimed_control", "LNA", False)


def test_withdrawal_and_handover_give_the_place_to_the_other_side() -> None:
    ev = _one("The LNA handed over Brega to GNA forces on Monday.", "Brega")
    assert (ev["kind"], ev["actor"], ev["previous_actor"]) == ("control_change", "GNA", "LNA")
    ev = _one("Ukrainian forces pushed Russian troops back from Kramatorsk.", "Kramatorsk")
    assert (ev["kind"], ev["actor"], ev["previous_actor"]) == ("control_change", "UA", "RU")


def test_country_possessives_and_context_carry_the_actor() -> None:
    evs = events("Ukraine's armed forces advanced overnight. Troops entered Kupiansk on Saturday "
                 "and raised the Ukrainian flag over the city council building.",
                 date="2022-09-12")
    (ev,) = [e for e in evs if e["place"] == "Kupiansk"]
    assert (ev["kind"], ev["actor"], ev["event_date"]) == ("control_change", "UA", "2022-09-10")
    ev = _one("The Russian defence ministry called the pullback from Izium a regrouping.",
              "Izium", "2022-09-12")
    assert (ev["kind"], ev["actor"], ev["previous_actor"]) == ("control_change", "UA", "RU")


def test_a_withdrawal_is_a_loss_even_when_nobody_is_named_as_taking_over() -> None:
    ev = _one("Sudanese army troops retreated from Nyala as paramilitary fighters advanced.",
              "Nyala", "2023-10-27")
    # Two-sided set: the one side's withdrawal is the other side's gain.
    assert (ev["kind"], ev["actor"], ev["previous_actor"]) == ("control_change", "RSF", "SAF")
    ev = _one("The Eastern Hills Brigade retreated from Kosti on Monday.", "Kosti", "2023-10-27")
    assert (ev["kind"], ev["actor"], ev["previous_actor"]) == (
        "control_change", "", "Eastern Hills Brigade")


def test_places_after_a_participle_or_direction_are_not_taken() -> None:
    evs = {e["place"]: e["kind"] for e in events(
        "GNA forces took Sabratha on Monday, pushing on toward Zuwara.")}
    assert evs["Sabratha"] == "control_change" and evs["Zuwara"] != "control_change"
    evs = {e["place"]: e["kind"] for e in events(
        "The LNA was driven out of Surman by GNA units advancing from Zawiya.")}
    assert evs["Surman"] == "control_change" and evs["Zawiya"] != "control_change"


def test_actors_of_other_conflicts_are_not_borrowed() -> None:
    ev = _one("Houthi rebels seized Hodeidah on Monday.", "Hodeidah", "2018-06-20")
    assert (ev["kind"], ev["actor"]) == ("control_change", "HOUTHI")  # Yemen's set, not NTC
    ev = _one("Sudan's Rapid Support Forces captured Nyala on Monday.", "Nyala", "2023-10-27")
    assert ev["actor"] == "RSF"
    # A group in no set is kept as written, not mapped onto a set's generic word.
    ev = _one("Sudan's Blue Nile Hills Brigade captured Nyala on Monday.", "Nyala", "2023-10-27")
    assert ev["actor"] == "Blue Nile Hills Brigade"
    ev = _one("Russian assault units took Kramatorsk on Monday.", "Kramatorsk", "2022-06-01")
    assert ev["actor"] == "RU"


def test_weekdays_resolve_before_the_dateline() -> None:
    from geomap.extract.dates import SAME_WEEKDAY_IS_DATELINE, find_dates

    friday = "2020-06-05"
    assert [d.date for d in find_dates("on Thursday", friday)] == ["2020-06-04"]
    assert [d.date for d in find_dates("last Friday", friday)] == ["2020-05-29"]
    assert [d.date for d in find_dates("on Friday", "2020-06-06")] == ["2020-06-05"]
    same = [d.date for d in find_dates("on Friday", friday)]
    assert same == (["2020-06-05"] if SAME_WEEKDAY_IS_DATELINE else ["2020-05-29"])


@pytest.mark.parametrize("text", [
    "The LNA withdrew from Tripoli's southern suburbs on Monday.",
    "GNA forces captured the outskirts of Tripoli.",
])
def test_the_edge_of_a_place_is_fought_over_not_taken(text: str) -> None:
    assert _one(text, "Tripoli")["kind"] == "contested"


def test_a_place_that_only_locates_a_fight_is_a_mention() -> None:
    evs = {e["place"]: e["kind"] for e in events(
        "GNA forces repelled an LNA assault on Gharyan, a town south of Tripoli.")}
    assert evs == {"Gharyan": "contested", "Tripoli": "mention"}


def test_positions_around_a_place_are_fought_over() -> None:
    ev = _one("Regime troops seized several villages around Saraqeb.", "Saraqeb", "2020-02-01")
    assert (ev["kind"], ev["actor"]) == ("contested", "SAA")


def test_acronyms_act_and_receive() -> None:
    ev = _one("The army lost control of Lashio to the MNDAA in early August.", "Lashio",
              "2024-09-01")
    assert (ev["kind"], ev["actor"]) == ("control_change", "MNDAA")


@pytest.mark.parametrize(("text", "place", "kind"), [
    ("Drones hit convoys on the highway linking Misrata and Sirte.", "Sirte", "mention"),
    ("Fighters who fled Gharyan took refuge in Bani Walid.", "Bani Walid", "mention"),
    ("Haftar's militias fled toward Bani Walid.", "Bani Walid", "mention"),
    ("Regime troops took parts of Saraqeb on Monday.", "Saraqeb", "contested"),
    ("Regime forces now control 80 percent of Saraqeb.", "Saraqeb", "contested"),
    ("Militants briefly occupied Macomia on Monday.", "Macomia", "contested"),
    ("Residents of occupied Kherson fled across the river.", "Kherson", "mention"),
    ("Kherson was occupied by Russian troops in early March.", "Kherson", "control_change"),
    ("Russian troops still occupy the town of Oleshky.", "Oleshky", "held"),  # a state, no change
    ("Russian units withdrew from the west bank of the Dnipro.", "Dnipro", "mention"),
    ("Officials warned that any attack on Kherson would be met with force.", "Kherson",
     "mention"),
    ("Thousands of residents returned to Kherson on Sunday.", "Kherson", "mention"),
    ("Ukrainian envoys are negotiating the withdrawal from Kherson.", "Kherson", "mention"),
    ("Ukrainian troops returned to Kherson after Russian units pulled back.", "Kherson",
     "control_change"),
    ("Russian troops abandoned Kherson in what Moscow called a regrouping.", "Moscow",
     "mention"),
])
def test_what_is_not_the_place_taken(text: str, place: str, kind: str) -> None:
    assert _one(text, place, "2022-11-15")["kind"] == kind


def test_no_independent_confirmation_is_a_claim() -> None:
    ev = _one("LNA media said the army had taken Zuwara, but there was no independent "
              "confirmation.", "Zuwara")
    assert (ev["kind"], ev["confirmed"]) == ("claimed_control", False)


def test_losers_named_by_possession_or_as_written() -> None:
    ev = _one("The loss of Gharyan last week was the LNA's worst setback of the war.", "Gharyan")
    assert (ev["kind"], ev["actor"], ev["previous_actor"]) == ("control_change", "GNA", "LNA")
    ev = _one("Nyala was abandoned by army units as the paramilitaries closed in.", "Nyala",
              "2023-10-27")
    assert (ev["kind"], ev["actor"], ev["previous_actor"]) == ("control_change", "RSF", "SAF")


def test_a_held_place_under_attack_is_contested() -> None:
    ev = _one("Tebu militiamen still hold Murzuq despite daily LNA air raids on the town.",
              "Murzuq")
    assert (ev["kind"], ev["actor"]) == ("contested", "LNA")
    ev = _one("Local fighters remain in control of Gharyan despite repeated assaults by Haftar's "
              "forces.", "Gharyan")
    assert (ev["kind"], ev["actor"]) == ("contested", "LNA")
    evs = {e["place"]: e["kind"] for e in events(
        "GNA forces recaptured Gharyan, a town in Jabal al Gharbi state, from the LNA.")}
    assert evs["Gharyan"] == "control_change"


def test_lists_reference_points_and_directions() -> None:
    evs = {e["place"]: e["kind"] for e in events(
        "Last month GNA forces took the coastal towns of Surman and Sabratha, and the villages "
        "of Al-Ajaylat and Zaltan near the border.")}
    assert all(evs[p] == "control_change" for p in ("Surman", "Sabratha", "Al-Ajaylat",
                                                     "Zaltan")), evs
    evs = {e["place"]: e["kind"] for e in events(
        "The army repelled an LNA attack on Al-Asabaa, south of Gharyan.")}
    assert evs == {"Al-Asabaa": "contested", "Gharyan": "mention"}
    evs = {e["place"]: e["kind"] for e in events(
        "GNA forces took full control of the airbase, 140 kilometres southwest of the capital "
        "Tripoli.")}
    assert evs.get("Tripoli", "mention") == "mention"


def test_demonym_groups_and_country_possessives() -> None:
    ev = _one("Ukrainian border guards raised the flag in Kupiansk on Sunday.", "Kupiansk",
              "2022-09-13")
    assert (ev["kind"], ev["actor"]) == ("control_change", "UA")
    ev = _one("Analysts expect Russia's next target to be Kramatorsk.", "Kramatorsk",
              "2022-09-13")
    assert (ev["kind"], ev["actor"]) == ("objective", "RU")


def test_an_aim_needs_a_target_verb() -> None:
    assert _one("The LNA vowed to defend Sirte at any cost.", "Sirte")["kind"] == "mention"
    assert _one("The two sides plan to hold talks in Geneva.", "Geneva")["kind"] == "mention"
    ev = _one("GNA commanders plan to march on Sirte.", "Sirte")
    assert (ev["kind"], ev["actor"]) == ("objective", "GNA")


def test_flights_of_weapons_are_routes() -> None:
    evs = events("Cargo planes flew arms from Al-Jufra air base to Haftar's units in Tarhuna.")
    (route,) = [e for e in evs if e["kind"] == "route"]
    assert route["related_location"] == "Tarhuna" and route["actor"] == "LNA"


def test_dates_of_asides_and_relative_years() -> None:
    evs = events("Gharyan, which the LNA seized in April 2019, was retaken by government "
                 "forces on Monday.", date="2020-06-10")
    # the retaking on Monday, and the aside's earlier change as dated there (#17 item 5)
    assert sorted((e["actor"], e["event_date"], e["date_precision"]) for e in evs
                  if e["place"] == "Gharyan" and e["kind"] == "control_change") \
        == [("GNA", "2020-06-08", "day"), ("LNA", "2019-04-01", "month")]
    from geomap.extract.dates import find_dates

    assert [(d.date, d.precision) for d in find_dates("in April last year", "2020-06-10")] \
        == [("2019-04-01", "month")]
    assert [(d.date, d.precision) for d in find_dates("at the weekend", "2020-06-10")] \
        == [("2020-06-06", "week")]


def test_blind_sets_keep_their_scores() -> None:
    """The blind sets were scored before their fixes (tests/data/blind/README.md); this only
    guards against falling back below the level reached."""
    blind = ROOT / "tests" / "data" / "blind"
    # blind5 and blind6 are measurements of unseen text (README), not targets: not asserted.
    items = load_devset(blind / "blind3.jsonl") + load_devset(blind / "blind4.jsonl")
    s = score(items, ours)
    assert s.precision >= 0.9 and s.recall >= 0.85, s.errors
    assert not s.violations


# -- actors ----------------------------------------------------------------------------------
def test_generic_references_resolve_to_the_named_actor() -> None:
    evs = events("The Syrian army said on Monday that its troops had retaken Saraqeb.")
    (ev,) = [e for e in evs if e["kind"] == "claimed_control"]  # the side's own report
    assert ev["actor"] == "SAA"
    evs = events("Russian forces shelled Kharkiv. Later the army captured Izyum.",
                 date="2022-04-01")
    assert [e["actor"] for e in evs if e["kind"] == "control_change"] == ["RU"]


def test_source_conventions_decide_who_the_libyan_army_is() -> None:
    text = "The Libyan army recaptured Gharyan on Monday."
    (anadolu,) = events(text, source="https://www.aa.com.tr/en/africa/x")
    assert anadolu["actor"] == "GNA"
    (lna,) = events(text, source="lna-media-statement-12")
    assert lna["actor"] == "LNA"


def test_unknown_actor_is_kept_as_written() -> None:
    (ev,) = events("The Tuareg Brigade seized Ubari on Monday.")
    assert ev["kind"] == "control_change" and ev["actor"] == "Tuareg Brigade"


# -- evidence, merging, report -----------------------------------------------------------------
def test_evidence_offsets_point_into_the_text() -> None:
    text = ("date 2020-06-05\nGNA forces retook Gharyan on Monday. Later, clashes were "
            "reported near Sirte.\n\nThe GNA retook Gharyan on Monday, officials confirmed.")
    result = extract_document(text, source="doc-1")
    frame = result.events
    assert len(frame) == 2  # the retaking of Gharyan reported twice is one event
    for row in frame.itertuples():
        assert text[row.evidence_start:row.evidence_end] == row.evidence
        assert row.source == "doc-1"
    gharyan = frame[frame["place"] == "Gharyan"].iloc[0]
    assert gharyan["n_reports"] == 2
    assert result.report.balanced


def test_unresolved_and_rejected_are_accounted(monkeypatch: pytest.MonkeyPatch) -> None:
    from geomap.gazetteer import Mention

    class Stub:
        def resolve_mentions(self, mentions: list[Any], **_: Any) -> list[Resolution]:
            place = Place("Gharyan", 32.17, 13.02, "LY", "town", "test", "test:1")
            return [Resolution(m.text, place if m.text == "Gharyan" else None,
                               reason="" if m.text == "Gharyan" else "not in gazetteer")
                    for m in mentions]

        def lookup(self, name: str, **_: Any) -> Resolution:
            return Resolution(name, None, reason="not in gazetteer")

    text = "GNA forces took Gharyan and Qaryat Zed; the Volcano of Rage operation said so."

    def fake_find(t: str, _gaz: Any) -> list[Mention]:
        out = [Mention(t.index(w), t.index(w) + len(w), w) for w in ("Gharyan", "Qaryat Zed",
                                                                   "Volcano")]
        return sorted(out, key=lambda m: m.start)

    monkeypatch.setattr("geomap.gazetteer.find_toponyms", fake_find)
    result = extract_document(text, date="2020-06-05", source="s", gazetteer=Stub())
    rep = result.report
    assert (rep.seen, rep.events, len(rep.unresolved), len(rep.rejected)) == (3, 1, 1, 1)
    assert rep.balanced
    assert list(result.unresolved["place"]) == ["Qaryat Zed"]
    assert result.unresolved.iloc[0]["reason"] == "not in gazetteer"
    assert "actor name" in rep.rejected[0]["reason"]


def test_no_dateline_gives_unknown_dates_and_document_dates_apply() -> None:
    (ev,) = events("GNA forces retook Gharyan on Monday.", date=None)
    assert (ev["event_date"], ev["date_precision"]) == ("", "unknown")
    doc = Document("d1", "GNA forces retook Gharyan yesterday.", "2020-06-05", "", "")
    (ev,) = extract_records(doc)[0]
    assert ev["event_date"] == "2020-06-04"


def test_deterministic_and_public_api() -> None:
    text = "date 2020-06-05\nGNA forces retook Gharyan on Monday and pushed toward Sirte."
    a = geomap.extract(text, source="x")
    b = geomap.extract(text, source="x")
    assert a.drop(columns="geometry").equals(b.drop(columns="geometry"))
    assert a.crs.to_epsg() == 4326
    assert set(a["kind"]) == {"control_change", "objective"}


def test_per_document_merge_agrees_with_merge_events() -> None:
    events_mod = pytest.importorskip("geomap.sources.events")
    from geomap.extract.pipeline import merge_records
    from geomap.schema import events_frame

    text = ("date 2020-06-05\nGNA forces retook Gharyan on Monday. The GNA retook Gharyan on "
            "Monday, officials said.\nGNA forces retook Gharyan on Monday.")
    records, _, _ = extract_records(text, source="m")
    unmerged = [dict(r) for r in records for _ in range(1)]
    assert len(records) == 1 and records[0]["n_reports"] == 3
    raw = []
    for ev in json.loads(records[0]["evidence_all"]):
        raw.append({**records[0], "evidence": ev[0], "evidence_start": ev[1],
                    "evidence_end": ev[2], "n_reports": 1})
    theirs = events_mod.merge_events(events_frame(raw).drop(columns=["evidence_all", "sources"]))
    ours_again = merge_records([{k: v for k, v in r.items()
                                 if k not in ("evidence_all", "sources", "n_reports")}
                                for r in raw])
    assert theirs.iloc[0]["evidence_all"] == ours_again[0]["evidence_all"]
    assert theirs.iloc[0]["sources"] == ours_again[0]["sources"]
    assert unmerged


def test_corpus_fast_path_gives_the_same_events() -> None:
    from geomap.corpus.pool import Settings, extract_chunk

    docs = [Document(f"d{i}", text, "2020-06-05", "", "") for i, text in enumerate([
        "GNA forces retook Gharyan on Monday and pushed toward Sirte.",
        "Russian forces abandoned Izyum on Saturday.", "Nothing happened here."])]
    slow = extract_chunk(docs, Settings())
    fast = extract_chunk(docs, Settings(extractor="geomap.extract:extract_document_records"))
    cols = ["event_id", "kind", "actor", "event_date", "evidence_start", "source"]
    assert slow.events.select(cols).to_pylist() == fast.events.select(cols).to_pylist()
    assert slow.seen == fast.seen


def test_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    # Bytes decoded with surrogateescape, or a JSON escape cut from its pair, leave UTF-16
    # surrogates in a Python string; events must still be writable as UTF-8, offsets intact.
    text = "date 2020-06-05\nGNA forces retook Tarhuna\ud83d on Friday.\udc80"
    events = geomap.extract(text, source="wire\udcff")
    row = events.iloc[0]
    assert row["location"] == "Tarhuna" and "\ufffd" in row["evidence"]
    clean = text.replace("\ud83d", "\ufffd").replace("\udc80", "\ufffd")
    assert clean[row["evidence_start"]:row["evidence_end"]] == row["evidence"]
    assert row["source"] == "wire\ufffd"
    geomap.write_events(events, tmp_path / "e.csv")
    geomap.write_events(events, tmp_path / "e.jsonl")


@pytest.mark.parametrize(("text", "qualifier", "taken"), [
    ("Rebels captured the Khartoum-based army headquarters and Omdurman on Monday.",
     "Khartoum", "Omdurman"),
    ("Government units retook the Misrata-Sirte road and Gharyan on Friday.",
     "Sirte", "Gharyan"),
])
def test_a_place_inside_a_hyphenated_word_is_not_what_was_taken(
        text: str, qualifier: str, taken: str) -> None:
    ev = geomap.extract(text, date="2023-05-02")
    kinds = {(r.location, r.kind) for r in ev.itertuples()}
    assert not any(loc == qualifier and kind == "control_change" for loc, kind in kinds)
    assert any(taken in loc and kind == "control_change" for loc, kind in kinds)


def test_a_place_falling_after_an_opening_phrase_about_fighting_changes_hands() -> None:
    ev = geomap.extract("After three days of clashes, Kadugli fell to the Rapid Support Forces "
                        "on Sunday.", date="2023-06-05")
    row = next(r for r in ev.itertuples() if "Kadugli" in r.location)
    assert (row.kind, row.actor) == ("control_change", "RSF")


@pytest.mark.parametrize("text", [
    "Aid groups said thousands of families had fled Rabak since April.",
    "Villagers fled Kosti after the shelling, the UN said.",
])
def test_civilians_fleeing_a_place_is_no_control_change(text: str) -> None:
    ev = geomap.extract(text, date="2023-06-05")
    assert len(ev) and not (ev["kind"] == "control_change").any()


def test_fighters_fleeing_a_place_still_lose_it() -> None:
    ev = geomap.extract("Army soldiers fled Rabak as the Rapid Support Forces advanced.",
                        date="2023-06-05")
    assert (ev["kind"] == "control_change").any()


def test_a_supply_road_named_by_its_ends_is_a_route() -> None:
    ev = geomap.extract("Rebel supply convoys use the road between Kosti and Kadugli.",
                        date="2023-06-05")
    routes = ev[ev["kind"] == "route"]
    assert len(routes) == 1
    assert "Kosti" in routes.iloc[0]["location"] and "Kadugli" in routes.iloc[0]["related_location"]
    hit = geomap.extract("Air strikes hit the road between Kosti and Kadugli.", date="2023-06-05")
    assert not (hit["kind"] == "route").any()


def test_bringing_in_supplies_along_a_road_is_a_route() -> None:
    ev = geomap.extract("Army units use the highway between Kosti and Kadugli to bring in fuel "
                        "and ammunition.", date="2023-06-05")
    routes = ev[ev["kind"] == "route"]
    assert len(routes) == 1 and "Kadugli" in routes.iloc[0]["related_location"]
