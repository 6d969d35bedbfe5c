"""Query-side name variants for administrative units and demonyms.

Gazetteers name subdivisions with their designator (``"Tensas Parish"``, ``"Anhui Sheng"``,
``"Province of Pangasinan"``) while texts often drop it (``"Tensas"``, ``"Anhui"``) or use
another one (``"Nara Prefecture"`` for GeoNames' ``"Nara"``); people are named after their
state (``"Ohioans"``, ``"Texan"``). These variants are looked up as extra candidates, restricted
to subdivisions (or countries for demonyms) and scored below a direct name match, so that a
town that really bears the name still wins on the name alone and the variant wins on context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Designators written after the name of a subdivision (normalised keys).
DESIGNATOR_SUFFIXES: tuple[str, ...] = (
    "county", "parish", "borough", "district", "province", "prefecture", "region", "oblast",
    "governorate", "sheng", "shi", "voivodeship", "okrug", "rayon", "municipality", "shire",
    "state", "department", "autonomous region",
)
#: Designators written before the name (normalised keys).
DESIGNATOR_PREFIXES: tuple[str, ...] = (
    "province of", "provincia de", "provincia di", "provincia del", "departamento de",
    "departamento del", "state of", "muhafazat", "wilayat", "region of", "district of",
)
#: Abbreviated designators: ``"Ward Co."`` -> ``"ward county"``.
_ABBREVIATIONS: dict[str, str] = {"co": "county", "cnty": "county", "par": "parish",
                                  "prov": "province", "dist": "district"}
#: Designators tried when the text gives none (the common ones of GeoNames' admin names).
_ADDED_SUFFIXES: tuple[str, ...] = ("county", "parish", "sheng", "province", "prefecture",
                                    "region", "oblast", "governorate", "district")
_ADDED_PREFIXES: tuple[str, ...] = ("province of", "provincia de", "departamento de")

#: Demonym endings and the endings of the place name they come from:
#: Ohio-ans, Iowa-ns, Tex-ans -> Tex-as, Ontar-ians -> Ontar-io, Kentuck-ians -> Kentuck-y,
#: New York-ers, Michigan-ders.
_DEMONYM_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ians", ("ia", "io", "y", "a", "")),
    ("ian", ("ia", "io", "y", "a", "")),
    ("ans", ("", "as", "a", "e")),
    ("an", ("", "as", "a", "e")),
    ("ns", ("",)),
    ("n", ("",)),
    ("ders", ("",)),
    ("ers", ("",)),
    ("er", ("",)),
)


def designator_variants(k: str) -> tuple[list[str], list[str]]:
    """Return ``(stripped, added)`` variant keys of normalised key *k*.

    *stripped* drops (or expands) a designator the text wrote; *added* appends the usual
    designators to a bare name. Only one of the two lists is non-empty.
    """
    words = k.split()
    if not words:
        return [], []
    if len(words) > 1 and words[-1] in _ABBREVIATIONS:
        full = " ".join([*words[:-1], _ABBREVIATIONS[words[-1]]])
        return [full, " ".join(words[:-1])], []
    stripped = [k[: -len(s) - 1] for s in DESIGNATOR_SUFFIXES
                if k.endswith(" " + s) and len(k) > len(s) + 1]
    stripped += [k[len(p) + 1:] for p in DESIGNATOR_PREFIXES
                 if k.startswith(p + " ") and len(k) > len(p) + 1]
    if stripped:
        # Another designator for the same unit: "nara prefecture" -> "nara" and "nara region".
        base = stripped[0]
        return stripped + [f"{base} {s}" for s in _ADDED_SUFFIXES if f"{base} {s}" != k], []
    added = [f"{k} {s}" for s in _ADDED_SUFFIXES] + [f"{p} {k}" for p in _ADDED_PREFIXES]
    return [], added


#: Generic feature words after a name (normalised): "panjshir valley" is named after Panjshir.
GENERIC_SUFFIXES: frozenset[str] = frozenset({
    "river", "valley", "lake", "creek", "ridge", "grove", "hills", "mountains", "mountain",
    "island", "islands", "bay", "falls", "springs", "heights", "beach", "delta", "gorge",
    "canyon", "forest", "desert", "peninsula", "basin", "plateau", "coast", "colony", "park",
})


def named_after(k: str) -> str:
    """The key a generic feature is named after (``"panjshir valley" -> "panjshir"``), or ``""``."""
    head, _, last = k.rpartition(" ")
    return head if head and last in GENERIC_SUFFIXES else ""


def demonym_variants(k: str) -> list[str]:
    """Place-name keys a demonym key may come from (``"ohioans" -> "ohio"``); may be empty.

    Only single- and two-word keys ending like a demonym are considered; the caller keeps a
    variant only when it names a country or a first-level subdivision.
    """
    words = k.split()
    if not words or len(words) > 3 or len(k) < 5:
        return []
    out: list[str] = []
    for ending, sources in _DEMONYM_RULES:
        if k.endswith(ending) and len(k) - len(ending) >= 3:
            stem = k[: -len(ending)]
            out.extend(stem + s for s in sources)
    return list(_unique(out, exclude=k))


def _unique(items: Iterable[str], *, exclude: str) -> Iterable[str]:
    seen = {exclude}
    for it in items:
        if it not in seen:
            seen.add(it)
            yield it


# --------------------------------------------------------------------------- facilities
#: Words naming a facility that lies inside (or at the edge of) a town: reporting names it
#: with its town ("the X Palace in Y", "X compound, Y", "Y's X airport", "Y Central Prison").
#: Normalised keys, English and the press transliterations of Arabic, Persian and Pashto
#: words. Dams, lakes and oil fields are left out: they lie far from the town they are named
#: after, and have rows of their own.
FACILITY_WORDS: frozenset[str] = frozenset({
    "palace", "palaces", "compound", "compounds", "headquarters", "hq", "command", "airport",
    "airfield", "airstrip", "aerodrome", "heliport", "base", "airbase", "barracks", "garrison",
    "prison", "prisons", "jail", "gaol", "penitentiary", "detention", "bridge", "hospital",
    "clinic", "ministry", "stadium", "market", "marketplace", "bazaar", "bazar", "mall",
    "school", "university", "college", "academy", "institute", "mosque", "church",
    "cathedral", "monastery", "shrine", "refinery", "harbour", "harbor", "seaport", "station",
    "depot", "complex", "building", "tower", "hotel", "embassy", "consulate", "checkpoint",
    "factory", "warehouse", "terminal", "office", "offices", "court", "courthouse",
    "parliament", "assembly", "council", "residence", "citadel", "fortress", "castle",
    "roundabout", "camp", "cemetery", "ministries", "secretariat", "directorate",
    # transliterations: qasr palace, matar airport, maskar / muaskar / muasker camp, sijn /
    # sejn prison, jisr / jisir bridge, mustashfa / mustashfa hospital, wizarat ministry,
    # suq / souq / souk market, jami / jamia mosque, madrasa school, qalaa / qalat citadel,
    # qiyada command, mabna building, idara directorate, maqar headquarters
    "qasr", "matar", "maskar", "muaskar", "muasker", "mouaskar", "sijn", "sejn", "jisr",
    "jisir", "mustashfa", "wizarat", "wizara", "suq", "souq", "souk", "jami",
    "jamia", "madrasa", "madrassa", "qalaa", "qiyada", "qiyadat", "mabna", "idara", "idarat",
    "maqar", "maqarr",
})
#: Transliterated facility words written before a town's name ("Matar Y" the airport of Y,
#: "Sijn Y", "Maskar Y"). Not palaces, bridges, markets or offices: what follows "Qasr" or
#: "Souq" is most often the facility's own name ("Qasr al-Shaab"), which a village may bear.
FACILITY_PREFIXES: frozenset[str] = frozenset({
    "matar", "maskar", "muaskar", "muasker", "mouaskar", "sijn", "sejn",
})
#: Facility words a facility takes from its town when written right after a name alone
#: ("Y prison", "Y airport", "Y camp"). Palaces, barracks, compounds, bases, hospitals, bridges
#: and markets are mostly named after people, units or landmarks ("X barracks" in a city far
#: from the village X): after a bare name they do not make it a town, unless a modifier says
#: the name is the town's ("Y Central Hospital", "Y Military Barracks").
NAMED_AFTER_TOWN: frozenset[str] = frozenset({
    "prison", "prisons", "jail", "gaol", "penitentiary", "airport", "airfield", "airstrip",
    "aerodrome", "airbase", "harbour", "harbor", "seaport", "university", "refinery", "camp",
})
#: Words between a town's name and its facility word ("Y Central Prison", "Y International
#: Airport", "Y Military Hospital", "Y Police Headquarters").
FACILITY_MODIFIERS: frozenset[str] = frozenset({
    "central", "main", "old", "new", "international", "military", "civil", "civilian",
    "general", "national", "presidential", "republican", "royal", "state", "regional",
    "provincial", "district", "city", "municipal", "teaching", "referral", "police", "army",
    "air", "naval", "navy", "federal", "north", "south", "east", "west", "northern",
    "southern", "eastern", "western", "grand", "great", "big", "maximum", "security",
    "high", "women", "womens", "children", "childrens", "public", "grain", "cattle",
    "livestock", "fish", "vegetable", "bus", "railway", "rail", "train", "power", "water",
    "oil", "fuel", "radio", "tv", "television", "broadcasting", "intelligence", "defence",
    "defense", "interior", "garrison", "detention", "prison", "governor", "governors",
    "government", "customs", "border", "sports", "football", "olympic", "university",
    "islamic", "friday", "camp",
})
#: Places a facility's town may be: a settlement or a quarter of a city.
FACILITY_TOWN_FEATURES: frozenset[str] = frozenset({"city", "town", "village", "district"})
#: Sites the index holds that a text may name with one more facility word ("X compound" for the
#: landmark X, "the barracks at X" for the base X): the name is the site's own.
FACILITY_SITE_FEATURES: frozenset[str] = frozenset({
    "landmark", "base", "airbase", "airport", "square", "plant", "port", "crossing"})

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
#: "FACILITY in|near|at|outside|of TOWN": the last such word splits (the facility phrase may
#: hold one: "the base of the 5th Division in Y").
_FACILITY_AT = re.compile(
    r"\s+(?:in|near|at|outside|inside|of|by|off|(?:north|south|east|west)\s+of)\s+"
    r"(?:the\s+(?:(?:town|city|village|district|suburb|neighbou?rhood)\s+of\s+)?)?",
    re.IGNORECASE)
_POSSESSIVE = re.compile(r"^(?:the\s+)?(?P<town>[^,'’]+?)['’]s?\s+(?P<fac>[^,]+)$",
                         re.IGNORECASE)
#: Facility words that an "of" joins to their town ("University of Y", "Port of Y"); after
#: others a thing follows ("Ministry of Defence", "Palace of Justice").
_OF_TOWN: frozenset[str] = frozenset({"university", "port", "harbour", "harbor", "citadel",
                                      "airport", "hospital", "prison", "jail"})
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def _keys(text: str) -> list[str]:
    """Plain lower-case words of *text* (apostrophes inside a word dropped: "women's")."""
    return [w.replace("'", "").replace("’", "").casefold() for w in _WORD.findall(text)]


def is_facility_phrase(text: str) -> bool:
    """Whether *text* names a facility by one of :data:`FACILITY_WORDS`."""
    return any(w in FACILITY_WORDS for w in _keys(text))


def _town_like(town: str) -> bool:
    """A town as a text writes it: a capitalised name of at most five words, not a facility
    phrase itself ("the camp near the border" names no town)."""
    words = town.split()
    return (bool(words) and len(words) <= 5 and town[:1].isupper()
            and not is_facility_phrase(town))


def facility_readings(name: str) -> list[tuple[str, str, bool]]:
    """``(facility, town, site_only)`` readings of a name placing a facility in a town, best
    first.

    ``"the X Palace in Y"``, ``"X compound, Y"``, ``"Y's X airport"``, ``"Y Central Prison"``,
    ``"Matar Y"``. Empty when no facility word is named. The caller looks the town up and keeps
    the first reading whose town is a settlement or a city quarter or, with *site_only* (one
    facility word after a bare name: "X barracks", "X compound"), only a site of the index
    named X (a landmark, a base): such a facility is mostly named after a person or a unit.
    """
    text = " ".join(name.split()).strip(" .,;:")
    if not text or not is_facility_phrase(text):
        return []
    out: list[tuple[str, str, bool]] = []

    def add(fac: str, town: str, site_only: bool = False) -> None:
        fac = fac.strip(" ,")
        town = _LEADING_THE.sub("", town.strip(" ,"))
        if fac and is_facility_phrase(fac) and _town_like(town):
            reading = (fac, town, site_only)
            if reading not in out:
                out.append(reading)

    # "X compound, Y" (and "X compound, Y, Country": the town is the part after the facility)
    parts = [p.strip() for p in text.split(",")]
    if len(parts) > 1:
        for i in range(len(parts) - 1):
            if is_facility_phrase(parts[i]):
                add(", ".join(parts[: i + 1]), parts[i + 1])
                break
    head = parts[0]
    # "the X Palace in Y", "the base of the 5th Division near Y": the last link word splits
    for m in reversed(list(_FACILITY_AT.finditer(head))):
        fac = head[: m.start()]
        if m.group(0).strip().casefold() == "of" and _keys(fac)[-1:] not in (
                [w] for w in _OF_TOWN):
            continue  # "Palace of Justice", "Ministry of Defence": no town follows
        add(fac, head[m.end():])
    # "Y's X airport"
    owner = _POSSESSIVE.match(head)
    if owner is not None:
        add(owner.group("fac"), owner.group("town"))
    if out:
        return out
    words = head.split()
    keys = ["".join(_keys(w)) for w in words]  # one key per written word: "al-Aziziya"
    if len(words) >= 2 and keys[0] not in ("the", "a", "an"):
        # "Matar Y", "Sijn Y": a transliterated facility word before the town
        if keys[0] in FACILITY_PREFIXES:
            add(words[0], " ".join(words[1:]))
        # "Y Central Prison", "Y International Airport": the facility words after the town
        end = len(words)
        while end > 0 and (keys[end - 1] in FACILITY_WORDS or keys[end - 1] in FACILITY_MODIFIERS
                           or keys[end - 1].rstrip("stndrh").isdigit()):
            end -= 1
        tail = keys[end:]
        if 0 < end < len(words) and keys[-1] in FACILITY_WORDS:
            add(" ".join(words[end:]), " ".join(words[:end]),
                site_only=len(tail) == 1 and tail[0] not in NAMED_AFTER_TOWN)
    return out
