"""Actor colours: conventional where an actor set gives one, distinct and colour-blind-safe.

One function, :func:`actor_palette`, decides the colour of every actor of a map or report, so
the map, its legend, the report's timeline and its tables agree. Rules, in order:

1. Actors are canonical ids: an alias written in the input ("Russian forces") is resolved
   through the actor set, so one group gets one colour (and one legend row).
2. The most prominent actors (most events) choose first; an actor keeps its conventional colour
   from the actor set (Ukraine blue, Russia red) when that colour is at least
   :data:`MIN_DISTANCE` (CIEDE2000) from every colour already taken and from the neutrals.
3. Everyone else gets the candidate of :data:`SAFE_PALETTE` (Okabe-Ito first, then colours
   that stay apart under the common colour-vision deficiencies) farthest from the colours taken.

The neutrals are reserved: :data:`CONTESTED` (grey), :data:`UNNAMED` (a change whose holder the
source does not name: pale warm grey) and white (no control reported).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

__all__ = [
    "CONTESTED",
    "MIN_DISTANCE",
    "SAFE_PALETTE",
    "UNNAMED",
    "actor_palette",
    "canonical_actor",
    "ciede2000",
    "event_palette",
    "pick_colour",
]

#: Smallest CIEDE2000 difference between two actors of one map (and an actor and a neutral).
MIN_DISTANCE: Final = 20.0
#: Fill of a contested place.
CONTESTED: Final = "#5f5f5f"
#: Fill of a place whose holder the source does not name.
UNNAMED: Final = "#a6a6a6"
#: Fill of a place with no control reported.
NO_CONTROL: Final = "#ffffff"
_NEUTRALS: Final = (CONTESTED, UNNAMED, NO_CONTROL)
#: Okabe-Ito (colour-blind safe) first, then further colours chosen to stay apart.
SAFE_PALETTE: Final = (
    "#0072b2", "#d55e00", "#009e73", "#e69f00", "#cc79a7", "#56b4e9", "#f0e442", "#000000",
    "#882255", "#117733", "#332288", "#aa4499", "#44aa99", "#999933", "#661100", "#6699cc",
)
_COLOUR_RE: Final = re.compile(r"^#[0-9a-fA-F]{6}$")


def _lab(hex_colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB ``#rrggbb`` colour."""
    n = int(hex_colour[1:], 16)
    rgb = [((n >> s) & 255) / 255.0 for s in (16, 8, 0)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    r, g, b = lin
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(colour_a: str, colour_b: str) -> float:
    """CIEDE2000 colour difference between two ``#rrggbb`` colours (0: identical).

    Differences under about 10 are hard to tell apart on a map symbol; :data:`MIN_DISTANCE` is
    what geomap keeps between any two actors.
    """
    return _de2000(_lab(colour_a), _lab(colour_b))


def _de2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 of two L*a*b* colours (Sharma, Wu and Dalal 2005)."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    cbar = (c1 + c2) / 2
    g = 0.5 * (1 - math.sqrt(cbar**7 / (cbar**7 + 25.0**7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dlp, dcp = l2 - l1, c2p - c1p
    dhp = 0.0
    if c1p * c2p:
        dhp = h2p - h1p
        if dhp > 180:
            dhp -= 360
        elif dhp < -180:
            dhp += 360
    dhp_big = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp) / 2)
    lbar, cbarp = (l1 + l2) / 2, (c1p + c2p) / 2
    hbarp = h1p + h2p
    if c1p * c2p:
        if abs(h1p - h2p) <= 180:
            hbarp = (h1p + h2p) / 2
        else:
            hbarp = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hbarp - 30)) + 0.24 * math.cos(math.radians(2 * hbarp))
         + 0.32 * math.cos(math.radians(3 * hbarp + 6))
         - 0.20 * math.cos(math.radians(4 * hbarp - 63)))
    dtheta = 30 * math.exp(-(((hbarp - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cbarp**7 / (cbarp**7 + 25.0**7))
    sl = 1 + 0.015 * (lbar - 50) ** 2 / math.sqrt(20 + (lbar - 50) ** 2)
    sc = 1 + 0.045 * cbarp
    sh = 1 + 0.015 * cbarp * t
    rt = -math.sin(math.radians(2 * dtheta)) * rc
    return math.sqrt((dlp / sl) ** 2 + (dcp / sc) ** 2 + (dhp_big / sh) ** 2
                     + rt * (dcp / sc) * (dhp_big / sh))


def canonical_actor(actor: str, actor_set: Any = None,
                    countries: frozenset[str] = frozenset()) -> str:
    """The canonical id of an actor as written: itself when the set knows it, else the id its
    aliases resolve to, else the text unchanged (stripped).

    ``countries``: the countries of the map's events. An alias that only other countries'
    sets know stays as written: "rebel fighters" in a report on Congo is not Libya's 2011 NTC.
    """
    text = actor.strip() if isinstance(actor, str) else ""
    if not text or actor_set is None:
        return text
    known = getattr(actor_set, "actors", None)
    if isinstance(known, Mapping) and text in known:
        return text
    try:
        if countries:
            where = actor_set.alias_countries(text)
            if where and not where & countries:
                return text
        found = actor_set.resolve(text)
    except Exception:  # noqa: BLE001 - a user actor set must not break a map
        return text
    return str(found) if found else text


def event_countries(events: Any) -> frozenset[str]:
    """The ISO codes of the events' ``country`` column (empty when there is none)."""
    if "country" not in getattr(events, "columns", ()):
        return frozenset()
    values = events["country"].dropna().astype(str).str.upper().unique().tolist()
    return frozenset(v for v in values if len(v) == 2 and v.isalpha())


def _conventional(actor_id: str, actor_set: Any) -> str | None:
    """The colour the actor set gives ``actor_id`` itself (not a hashed fallback)."""
    known = getattr(actor_set, "actors", None)
    entry = known.get(actor_id) if isinstance(known, Mapping) else None
    colour = getattr(entry, "colour", None)
    if isinstance(colour, str) and _COLOUR_RE.match(colour):
        return colour.lower()
    return None


def _far_enough(colour: str, taken: Iterable[str]) -> bool:
    return all(ciede2000(colour, other) >= MIN_DISTANCE for other in taken)


def actor_palette(weights: Mapping[str, float], actor_set: Any = None) -> dict[str, str]:
    """Colour of every canonical actor id in ``weights`` (id -> number of events).

    Parameters
    ----------
    weights
        Canonical actor ids and how prominent they are (events, places); heavier actors keep
        their conventional colour when two would clash. ``""`` (no actor) is ignored.
    actor_set
        An :class:`geomap.actors.ActorSet` giving conventional colours (``None``: none).

    Returns
    -------
    dict
        ``{actor id: "#rrggbb"}``; any two colours differ by at least :data:`MIN_DISTANCE`
        (CIEDE2000) as long as the palette has room (beyond it colours repeat, least used last).
    """
    order = sorted((a for a in weights if a), key=lambda a: (-weights[a], a))
    taken: dict[str, str] = {}
    for actor in order:
        colour = _conventional(actor, actor_set)
        if colour and _far_enough(colour, [*taken.values(), *_NEUTRALS]):
            taken[actor] = colour
    for actor in order:
        if actor not in taken:
            taken[actor] = pick_colour(list(taken.values()))
    return taken


def pick_colour(taken: list[str]) -> str:
    """The first :data:`SAFE_PALETTE` colour far enough from ``taken`` and the neutrals (the
    palette's order keeps Okabe-Ito first); when none is, the farthest one."""
    used = [*taken, *_NEUTRALS]
    best, best_d = SAFE_PALETTE[len(taken) % len(SAFE_PALETTE)], -1.0
    for candidate in SAFE_PALETTE:
        d = min(ciede2000(candidate, other) for other in used)
        if d >= MIN_DISTANCE:
            return candidate
        if d > best_d:
            best, best_d = candidate, d
    return best


def event_palette(events: Any, actor_set: Any = None,
                  countries: frozenset[str] | None = None) -> dict[str, str]:
    """:func:`actor_palette` for an events frame: actors weighted by the events naming them
    (as holder or as previous holder), ids resolved with :func:`canonical_actor`.

    Maps and reports call this on the same events, so an actor has one colour everywhere.
    ``countries``: those of the events (:func:`event_countries`), when the caller has them.
    """
    weights: dict[str, float] = {}
    where = event_countries(events) if countries is None else countries
    for column in ("actor", "previous_actor"):
        if column not in getattr(events, "columns", ()):
            continue
        counts = events[column].fillna("").astype(str).value_counts(sort=False)
        for raw, n in counts.items():
            actor = canonical_actor(str(raw), actor_set, where)
            if actor:
                weights[actor] = weights.get(actor, 0.0) + float(n)
    return actor_palette(weights, actor_set)
