"""Actor sets: bundled sets, aliases, scopes, country tie-breaks, user files, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from geomap.actors import ActorSet
from geomap.errors import InputError


@pytest.fixture(scope="module")
def actors() -> ActorSet:
    return ActorSet.default()


def test_bundled_sets(actors: ActorSet) -> None:
    assert {"GNA", "LNA", "SAA", "SDF", "ISIS", "UA", "RU"} <= set(actors.ids())
    assert actors.name("LNA").startswith("Libyan National Army")
    assert actors.colour("GNA").startswith("#") and len(actors.colour("GNA")) == 7
    assert actors.opponents("GNA") == ("LNA",)


@pytest.mark.parametrize(("alias", "actor"), [
    ("Haftar's militias", "LNA"), ("the militia of warlord Khalifa Haftar", "LNA"),
    ("eastern-based forces", "LNA"), ("Burkan Al-Ghadab", "GNA"), ("Operation Peace Storm", "GNA"),
    ("the U.N.-recognized government", "GNA"), ("UN-recognised government", "GNA"),
    ("Syrian Democratic Forces", "SDF"), ("Daesh", "ISIS"), ("Kyiv's forces", "UA"),
    ("the National Guard of Ukraine", "UA"),
    ("gna", "GNA"),
])
def test_aliases(actors: ActorSet, alias: str, actor: str) -> None:
    assert actors.resolve(alias) == actor


def test_scoped_aliases_follow_the_source(actors: ActorSet) -> None:
    assert actors.resolve("the Libyan army") is None
    assert actors.resolve("the Libyan army", source="anadolu-2020-06-05") == "GNA"
    assert actors.resolve("the Libyan army", source="https://lna-media.example/x") == "LNA"
    assert actors.scopes_for(text="a statement by warlord Haftar's militia") == {"anadolu"}


def test_country_breaks_ties_between_sets(actors: ActorSet) -> None:
    assert actors.resolve("government forces", country="LY") == "GNA"
    assert actors.resolve("government forces", country="SY") == "SAA"
    assert actors.resolve("government forces", country="UA") == "UA"
    assert actors.resolve("Russian units", country="UA") == "RU"


def test_unknown_ids_get_stable_colours(actors: ActorSet) -> None:
    assert actors.name("Tuareg Brigade") == "Tuareg Brigade"
    assert actors.colour("Tuareg Brigade") == actors.colour("Tuareg Brigade")
    assert actors.resolve("Martians") is None


def test_user_file_extends_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "countries: [ML]\nactors:\n"
        "  JNIM:\n    name: JNIM\n    colour: '#123456'\n    aliases: [Jama'at Nusrat al-Islam]\n"
        "  GNA:\n    colour: '#000000'\n    aliases: [Sarraj camp]\n", encoding="utf-8")
    actors = ActorSet.load([path])
    assert actors.resolve("Jama’at Nusrat al-Islam") == "JNIM"
    assert actors.colour("GNA") == "#000000"
    assert actors.resolve("Sarraj camp") == "GNA"
    assert actors.resolve("Haftar") == "LNA"  # bundled aliases stay
    only = ActorSet.load([path], include_default=False)
    assert only.ids() == ["GNA", "JNIM"]


@pytest.mark.parametrize("content", [
    "actors: [1, 2]",
    "actors:\n  X:\n    colour: red\n",
    "actors:\n  'bad id!':\n    name: x\n",
    "actors: {X: {aliases: 3}}",
    "scopes: {s: {markers: ['(']}}\nactors: {}",
    "actors: {X: {name: [unclosed",
])
def test_bad_files_raise_input_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError):
        ActorSet.load([path])


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        ActorSet.load([tmp_path / "nope.yaml"])


#: One set per conflict the project reads (issue 17): a name, an id, and what it resolves in its
#: own country.
CONFLICT_ALIASES = [
    ("Rapid Support Forces", "SD", "RSF"), ("Sudanese army", "SD", "SAF"),
    ("Taliban fighters", "AF", "TALIBAN"), ("Afghan forces", "AF", "AFGHAN_GOV"),
    ("Popular Mobilization Forces", "IQ", "IRAQI_GOV"), ("Houthi rebels", "YE", "HOUTHI"),
    ("Southern Transitional Council", "YE", "STC"), ("Tatmadaw", "MM", "JUNTA"),
    ("Ta'ang National Liberation Army", "MM", "TNLA"), ("Tigrayan forces", "ET", "TDF"),
    ("federal forces", "ET", "ENDF"), ("M23 rebels", "CD", "M23"), ("FARDC", "CD", "FARDC"),
    ("Tuareg rebels", "ML", "MNLA"), ("Ansar Dine", "ML", "SAHEL_JIHADISTS"),
    ("insurgents", "MZ", "ANSAR_AL_SUNNA"), ("Mozambican troops", "MZ", "FADM"),
    ("al-Shabaab", "SO", "SHABAAB"), ("Kenyan troops", "SO", "AMISOM"),
    ("Boko Haram", "NG", "BH"), ("Nigerian troops", "NG", "NIGERIAN_ARMY"),
    ("Azerbaijani forces", "AZ", "AZ"), ("ethnic Armenian forces", "AZ", "ARM"),
]


@pytest.mark.parametrize(("alias", "country", "actor"), CONFLICT_ALIASES)
def test_conflict_sets_resolve_in_their_country(actors: ActorSet, alias: str, country: str,
                                                actor: str) -> None:
    assert actors.resolve(alias, country=country) == actor
    spec = actors.actors[actor]
    assert spec.colour.startswith("#") and spec.name and spec.countries


def test_at_least_fifteen_conflicts_have_a_set() -> None:
    from geomap.actors import DATA_DIR

    assert len(list(DATA_DIR.glob("*.yaml"))) >= 15


def test_a_common_noun_of_later_sets_is_nobodys_without_a_country(actors: ActorSet) -> None:
    # "militants" is the Taliban in Afghanistan and al-Shabaab in Somalia: with no country
    # known it is no one's, not the set loaded first.
    assert actors.resolve("militants") is None
    assert actors.resolve("militants", country="AF") == "TALIBAN"
    assert actors.resolve("militants", country="SO") == "SHABAAB"
    # The first sets keep their historical default for shared phrases.
    assert actors.resolve("government forces") == "GNA"


def test_two_sided_sets_declare_opponents(actors: ActorSet) -> None:
    assert actors.opponents("RSF") == ("SAF",) and actors.opponents("SAF") == ("RSF",)
    assert actors.opponents("TALIBAN") == ("AFGHAN_GOV",)
    assert actors.opponents("AZ") == ("ARM",)


def test_priority_must_be_an_integer(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("priority: high\nactors: {X: {}}\n", encoding="utf-8")
    with pytest.raises(InputError, match="priority"):
        ActorSet.load([path])


def test_local_name_of_an_insurgency_applies_only_where_the_text_is_about_it(
        actors: ActorSet) -> None:
    # Cabo Delgado's insurgents are called "al-Shabaab" locally; elsewhere the name is
    # Somalia's group, and the name alone still says Somalia.
    about_mz = actors.scopes_for(text="Mozambican soldiers patrolled the road north of Pemba.")
    about_so = actors.scopes_for(text="Somali troops patrolled the road north of Kismayo.")
    assert actors.resolve("al-Shabaab", scopes=about_mz, country="MZ") == "ANSAR_AL_SUNNA"
    assert actors.resolve("Al Shabab", scopes=about_mz, country="MZ") == "ANSAR_AL_SUNNA"
    assert actors.resolve("al-Shabaab", scopes=about_so, country="SO") == "SHABAAB"
    assert actors.resolve("al-Shabaab") == "SHABAAB"
    assert actors.alias_countries("al-Shabaab") == {"SO"}


@pytest.mark.parametrize(("alias", "country", "actor"), [
    ("opposition troops", "MM", "PDF"), ("anti-coup fighters", "MM", "PDF"),
    ("pro-democracy forces", "MM", "PDF"), ("opposition forces", "SY", "REBELS"),
])
def test_opposition_nouns_name_the_armed_opposition_of_the_country(
        actors: ActorSet, alias: str, country: str, actor: str) -> None:
    assert actors.resolve(alias, country=country) == actor


@pytest.mark.parametrize(("alias", "country", "actor"), [
    ("jihadists", "ML", "SAHEL_JIHADISTS"), ("Islamist fighters", "ML", "SAHEL_JIHADISTS"),
    ("Islamists", "SO", "SHABAAB"), ("Islamists", "NG", "BH"),
    ("government troops", "MM", "JUNTA"),
])
def test_generic_nouns_name_the_side_they_denote_in_the_country(
        actors: ActorSet, alias: str, country: str, actor: str) -> None:
    assert actors.resolve(alias, country=country) == actor


@pytest.mark.parametrize("alias", ["jihadists", "Islamists", "Islamist fighters"])
def test_a_noun_several_countries_use_is_nobodys_without_a_country(actors: ActorSet,
                                                                   alias: str) -> None:
    assert actors.resolve(alias) is None


def test_gunmen_are_gangs_only_in_haitian_reporting(actors: ActorSet) -> None:
    about_ht = actors.scopes_for(text="Gunmen burned a police post outside Port-au-Prince.")
    assert actors.resolve("gunmen", scopes=about_ht, country="HT") == "GANGS"
    assert actors.resolve("armed men", scopes=about_ht, country="HT") == "GANGS"
    # Elsewhere, and without the text's markers, gunmen are nobody in particular, and the
    # word says nothing about where the text is.
    assert actors.resolve("gunmen") is None
    assert actors.resolve("gunmen", country="NG") is None
    assert actors.alias_countries("gunmen") == frozenset()


def test_shiite_rebels_are_the_houthis_only_in_yemeni_reporting(actors: ActorSet) -> None:
    about_ye = actors.scopes_for(text="Fighting spread across northern Yemen this week.")
    assert actors.resolve("Shiite rebels", scopes=about_ye, country="YE") == "HOUTHI"
    assert actors.resolve("Shiite rebels") is None
    assert actors.resolve("Shiite rebels", country="IQ") is None


def test_libyas_islamist_militias_are_a_side_of_their_own(actors: ActorSet) -> None:
    about_ly = actors.scopes_for(text="Clashes went on in Benghazi for a third day.")
    assert actors.resolve("Ansar al-Sharia") == "LY_ISLAMISTS"
    assert actors.resolve("Islamist fighters", scopes=about_ly, country="LY") == "LY_ISLAMISTS"
    # the generic noun stays Somalia's in Somali reporting and nobody's without a country
    assert actors.resolve("Islamist fighters", country="SO") == "SHABAAB"
    assert actors.resolve("Islamist fighters") is None


def test_another_countrys_text_marker_does_not_take_a_name_from_the_documents_country(
        actors: ActorSet) -> None:
    # A Somali report that mentions Mozambique once: al-Shabaab is still Somalia's group.
    scopes = actors.scopes_for(text="Somali troops held the town; analysts compared the "
                                    "insurgency with the one in Mozambique.")
    assert "cabo_delgado" in scopes
    assert actors.resolve("al-Shabaab", scopes=scopes, country="SO") == "SHABAAB"
    assert actors.resolve("al-Shabaab", scopes=scopes, country="MZ") == "ANSAR_AL_SUNNA"
