"""Document-level disambiguation: resolve all the mentions of one text together.

Evidence, in order of strength:

1. an explicit container after the name (``"Paris, Texas"``, ``"Alexandria, La."``,
   ``"Tripoli, Lebanon"``): the candidate inside it wins;
2. country focus: the countries of the document's other places, country names counting double;
3. regional focus: the first-level subdivisions of the other places;
4. proximity to the places chosen for the other mentions;
5. name match, feature hints, feature class and population priors (see ``Gazetteer._score``).

Two rounds: the first scores each name alone, the second rescores with the context the first
round produced (each mention's own vote left out).
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from geomap.gazetteer import _normalize as norm
from geomap.gazetteer.place import Resolution

if TYPE_CHECKING:
    from geomap.gazetteer.gazetteer import Gazetteer, _Cand
    from geomap.gazetteer.toponyms import Mention

_CONTAINER = re.compile(r"\s*,\s*((?:[A-Z][\w’'.-]*\.?)(?:[ -](?:[A-Z][\w’'.-]*\.?)){0,3})")
_ROUNDS = 2


def _container(gaz: Gazetteer, text: str, end: int) -> tuple[str, int] | None:
    m = _CONTAINER.match(text, end)
    if not m:
        return None
    name = m.group(1).rstrip(".") if not re.search(r"\.[A-Z]\.?$|^[A-Z][a-z]{1,4}\.$",
                                                    m.group(1)) else m.group(1)
    for cand_name in (m.group(1), name):
        k = norm.key(cand_name)
        if not k:
            continue
        feats = gaz.index.features
        for ent, _kind in gaz.index.postings(k):
            feat = feats[int(gaz.index.feat[ent])]
            if feat == "region":
                return gaz.index.cc[ent].decode("ascii"), int(gaz.index.adm1[ent])
            if feat == "country":
                return gaz.index.cc[ent].decode("ascii"), -1
    return None


_SOFT_T = 0.3


def _soft_admin1(gaz: Gazetteer, scored: list[tuple[float, int, str]]) -> dict[int, float]:
    """Regions of a name's candidates with a soft weight (best candidate per region)."""
    if not scored:
        return {}
    top = scored[0][0]
    out: dict[int, float] = {}
    feats = gaz.index.features
    for s, ent, _why in scored[:20]:
        w = math.exp((s - top) / _SOFT_T) ** 0.5
        if w < 0.05:
            break
        if feats[int(gaz.index.feat[ent])] in ("country", "continent"):
            continue
        a1 = int(gaz.index.adm1[ent])
        if a1 >= 0 and w > out.get(a1, 0.0):
            out[a1] = w
    return out


def resolve_document(gaz: Gazetteer, mentions: list[Mention], *, text: str | None,
                     country: str | None) -> list[Resolution]:
    """See module docstring. Returns one Resolution per mention, in order."""
    from geomap.gazetteer.gazetteer import Context, _weight

    results: list[Resolution | None] = [None] * len(mentions)
    # Group mentions naming the same thing: one sense per discourse.
    groups: dict[tuple[str, str | None, tuple[str, int] | None], list[int]] = {}
    for i, m in enumerate(mentions):
        problem = norm.check_name(m.text)
        if problem is not None:
            results[i] = Resolution(query=m.text, place=None, reason=problem)
            continue
        cont = _container(gaz, text, m.end) if text else None
        groups.setdefault((norm.key(m.text), m.feature_hint, cont), []).append(i)
    # One sense per discourse: "New Haven, Conn." lends its container to a later bare
    # "New Haven".
    known = {(k, h): cont for k, h, cont in groups if cont is not None}
    for (k, h, cont), members in list(groups.items()):
        if cont is None and (k, h) in known:
            del groups[(k, h, cont)]
            groups.setdefault((k, h, known[(k, h)]), []).extend(members)
    keys = list(groups)
    cands: list[list[_Cand]] = []
    hints: list[str | None] = []
    for gkey in keys:
        c, ghint = gaz._candidates(mentions[groups[gkey][0]].text, gkey[1])
        cands.append(c)
        hints.append(ghint)
    scored = [gaz._score(cands[g], hints[g], country, Context.empty(), None, keys[g][2])
              for g in range(len(keys))]
    ix = gaz.index
    feats = ix.features
    for _round in range(_ROUNDS):
        votes: list[tuple[str, int, float, float, float, str, float] | None] = []
        for g, sc in enumerate(scored):
            if not sc:
                votes.append(None)
                continue
            ent = sc[0][1]
            w = _weight(sc) * len(groups[keys[g]]) ** 0.5
            feat = feats[int(ix.feat[ent])]
            if feat == "country":
                w *= 2.0
            votes.append((ix.cc[ent].decode("ascii"), int(ix.adm1[ent]), float(ix.lat[ent]),
                          float(ix.lon[ent]), w, feat, _weight(sc)))
        soft = [_soft_admin1(gaz, sc) for sc in scored]
        named_cc: dict[str, set[int]] = {}
        named_a1: dict[int, set[int]] = {}
        for g, v in enumerate(votes):
            if v is not None and v[5] == "country":
                named_cc.setdefault(v[0], set()).add(g)
            elif v is not None and v[5] == "region" and v[1] >= 0:
                named_a1.setdefault(v[1], set()).add(g)
        new_scored = []
        for g in range(len(keys)):
            countries: dict[str, float] = {}
            admin1: dict[int, float] = {}
            points: list[tuple[float, float, float]] = []
            soft_a1: dict[int, float] = {}
            total = 0.0
            for other, v in enumerate(votes):
                if v is None or other == g or keys[other][0] == keys[g][0]:
                    continue
                cc, a1, lat, lon, w, feat, conf = v
                if cc:
                    countries[cc] = countries.get(cc, 0.0) + w
                    total += w
                # Regional support comes from every plausible reading of the other names, not
                # only their current winners: "Athens" and "Henderson County" agree on Texas
                # even while each alone would pick another state.
                if a1 >= 0:
                    admin1[a1] = admin1.get(a1, 0.0) + w
                for a, p in soft[other].items():
                    soft_a1[a] = max(soft_a1.get(a, 0.0), p)
                if feat not in ("country", "continent", "region"):
                    points.append((lat, lon, conf))
            if total:
                countries = {c: v / total for c, v in countries.items()}
                admin1 = {a: min(1.0, v / total * 2.0) for a, v in admin1.items()}
            for a, p in soft_a1.items():
                admin1[a] = max(admin1.get(a, 0.0), 0.5 * p)
            ctx = Context(countries, admin1, points,
                          frozenset(c for c, gs in named_cc.items() if gs - {g}),
                          frozenset(a for a, gs in named_a1.items() if gs - {g}))
            new_scored.append(gaz._score(cands[g], hints[g], country, ctx, None, keys[g][2]))
        scored = new_scored
    for g, key in enumerate(keys):
        for i in groups[key]:
            res = gaz._resolution(mentions[i].text, scored[g], cands[g])
            results[i] = res
    return [r if r is not None else Resolution(query=m.text, place=None, reason="unresolved")
            for r, m in zip(results, mentions, strict=True)]
