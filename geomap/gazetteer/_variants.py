"""Query-side name variants for administrative units and demonyms.

Gazetteers name subdivisions with their designator (``"Tensas Parish"``, ``"Anhui Sheng"``,
``"Province of Pangasinan"``) while texts often drop it (``"Tensas"``, ``"Anhui"``) or use
another one (``"Nara Prefecture"`` for GeoNames' ``"Nara"``); people are named after their
state (``"Ohioans"``, ``"Texan"``). These variants are looked up as extra candidates, restricted
to subdivisions (or countries for demonyms) and scored below a direct name match, so that a
town that really bears the name still wins on the name alone and the variant wins on context.
"""

from __future__ import annotations

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
