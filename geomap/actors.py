"""Actor sets: canonical actor ids with display names, colours and aliases.

An actor set is a YAML file (``geomap/data/actors/*.yaml`` bundled; user files with
``--actors``)::

    set: libya
    countries: [LY]                 # where the set's aliases apply first
    scopes:                         # outlet conventions
      anadolu:
        sources: [anadolu, aa.com.tr]           # substrings of a source id or URL
        markers: ['Anadolu', 'warlord Haftar']  # regexes that reveal the convention in the text
    actors:
      GNA:
        name: Government of National Accord
        colour: "#1f6fb4"
        opponents: [LNA]            # the other side of a two-sided war (previous holder default)
        demonyms: []                # "Russian" in "Russian units": resolve only, never matched
        aliases: [GNA, government forces, Volcano of Rage]
        scoped_aliases:
          anadolu: [Libyan army, the army]

>>> actors = ActorSet.default()
>>> actors.resolve("Haftar's militia")
'LNA'
>>> actors.resolve("the Libyan army", source="anadolu-2020-06-05")
'GNA'
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml

from geomap.errors import InputError, LimitError

log = logging.getLogger("geomap.actors")

DATA_DIR: Final = Path(__file__).resolve().parent / "data" / "actors"
MAX_FILE_BYTES: Final = 2 * 1024 * 1024
#: Okabe-Ito then Tableau: deterministic colours for actors without one.
PALETTE: Final = ("#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7",
                  "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#9c755f", "#76b7b2", "#edc948")
_COLOUR_RE: Final = re.compile(r"^#[0-9a-fA-F]{6}$")
_ID_RE: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
_APOS: Final = re.compile(r"[’‘`´]")
_DASH: Final = re.compile(r"[‐‑‒–—-]")
_SPACE: Final = re.compile(r"\s+")
_POSSESSIVE: Final = re.compile(r"'s?$")
#: Entries kept by :meth:`ActorSet.resolve`'s memo before it starts afresh.
_RESOLVE_CACHE_SIZE: Final = 8192


def normalise_alias(text: str) -> str:
    """Fold an alias or a matched phrase for lookup.

    Lower case, one kind of apostrophe and dash, no dots (``U.N.`` = ``UN``), single spaces,
    no leading article, no trailing possessive.
    """
    s = _APOS.sub("'", text)
    s = _DASH.sub("-", s).replace(".", "")
    s = _SPACE.sub(" ", s).strip().lower()
    if s.startswith("the "):
        s = s[4:]
    return _POSSESSIVE.sub("", s)


def _alias_regex(alias: str) -> str:
    """A regex for one alias, tolerant of dots, dash/space and apostrophe variants."""
    parts: list[str] = []
    acronym = alias.isupper() and len(alias.replace(".", "")) <= 6
    for ch in alias:
        if ch.isspace():
            parts.append(r"\s+")
        elif _DASH.match(ch):
            parts.append(r"[‐‑‒–—\s-]?")
        elif ch in "'’‘":
            parts.append(r"['’‘]")
        elif ch == ".":
            parts.append(r"\.?")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    return f"(?-i:{body})" if acronym else body


@dataclass(frozen=True)
class Actor:
    """One canonical actor of a set."""

    id: str
    name: str
    colour: str
    aliases: tuple[str, ...] = ()
    scoped_aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    opponents: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scope:
    """An outlet's naming convention: recognised by source substrings or text markers."""

    name: str
    sources: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()


@dataclass(frozen=True)
class _AliasEntry:
    actor_id: str
    scope: str  # "" = everywhere
    countries: tuple[str, ...]
    order: tuple[int, int]  # (set priority, file order): lower wins ties


@dataclass
class ActorSet:
    """A collection of actors from one or more actor-set files.

    Use :meth:`default` for the bundled sets and :meth:`load` to add user files.
    """

    actors: dict[str, Actor] = field(default_factory=dict)
    scopes: dict[str, Scope] = field(default_factory=dict)
    _aliases: dict[str, list[_AliasEntry]] = field(default_factory=dict, repr=False)

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def default(cls) -> ActorSet:
        """The bundled actor sets (Libya, Syria, Ukraine), cached per process."""
        return _default_set()

    @classmethod
    def load(cls, paths: Iterable[str | os.PathLike[str]] = (), *,
             include_default: bool = True) -> ActorSet:
        """Load actor-set YAML files (``yaml.safe_load``).

        Parameters
        ----------
        paths
            User files. Their actors extend the bundled ones; an id that exists already keeps
            its aliases and gets the user's name/colour/aliases on top.
        include_default
            Start from the bundled sets.

        Raises
        ------
        InputError
            A file cannot be read or does not follow the format.
        """
        result = cls()
        files = [*sorted(DATA_DIR.glob("*.yaml"))] if include_default else []
        files.extend(Path(p) for p in paths)
        for path in files:
            result._add_file(path)
        return result

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, origin: str = "<mapping>") -> ActorSet:
        """Build a set from already parsed YAML data (one file's content)."""
        result = cls()
        result._add_data(data, origin)
        return result

    def _add_file(self, path: Path) -> None:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise LimitError(f"actor set larger than {MAX_FILE_BYTES} bytes", path=str(path))
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read actor set: {exc.strerror or exc}", path=str(path)) \
                from exc
        except UnicodeDecodeError as exc:
            raise InputError("actor set is not UTF-8", path=str(path)) from exc
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            # With its lines: "while parsing a flow sequence" alone says nothing a user can
            # find; the construct opened on one line, the parser gave up on another.
            parts = []
            for kind in ("context", "problem"):
                text_, mark = getattr(exc, kind, None), getattr(exc, f"{kind}_mark", None)
                if text_:
                    parts.append(f"{text_} (line {mark.line + 1})" if mark is not None else text_)
            first = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
            what = ": ".join(parts) or str(exc).splitlines()[0]
            raise InputError(f"invalid YAML: {what}", path=str(path),
                             line=first.line + 1 if first is not None else None) from exc
        self._add_data(data, str(path))

    def _add_data(self, data: Any, origin: str) -> None:
        if not isinstance(data, Mapping) or not isinstance(data.get("actors"), Mapping):
            raise InputError("an actor set needs a mapping 'actors: {ID: {...}}'", path=origin)
        countries = tuple(str(c).upper() for c in _list(data.get("countries"), origin,
                                                        "countries"))
        # A phrase shared by several sets ("government forces") whose country the text does not
        # tell goes to the set of lowest priority, then to the file loaded first.
        priority = data.get("priority", 0)
        if not isinstance(priority, int) or isinstance(priority, bool):
            raise InputError(f"priority must be an integer, got {priority!r}", path=origin)
        for name, spec in (data.get("scopes") or {}).items():
            if not isinstance(spec, Mapping):
                raise InputError(f"scope {name!r} must be a mapping", path=origin)
            markers = tuple(str(m) for m in _list(spec.get("markers"), origin, "markers"))
            for marker in markers:
                try:
                    re.compile(marker)
                except re.error as exc:
                    raise InputError(f"scope {name!r}: bad marker regex {marker!r}: {exc}",
                                     path=origin) from exc
            old = self.scopes.get(str(name), Scope(str(name)))
            self.scopes[str(name)] = Scope(
                str(name),
                old.sources + tuple(str(s).lower() for s in _list(spec.get("sources"), origin,
                                                                  "sources")),
                old.markers + markers)
        for raw_id, spec in data["actors"].items():
            actor_id = str(raw_id)
            if not _ID_RE.match(actor_id):
                raise InputError(f"bad actor id {actor_id!r} (letters, digits, _.:-)", path=origin)
            spec = spec or {}
            if not isinstance(spec, Mapping):
                raise InputError(f"actor {actor_id}: expected a mapping", path=origin)
            colour = str(spec.get("colour") or spec.get("color") or "")
            if colour and not _COLOUR_RE.match(colour):
                raise InputError(f"actor {actor_id}: colour must be #rrggbb, got {colour!r}",
                                 path=origin)
            aliases = tuple(str(a) for a in _list(spec.get("aliases"), origin, "aliases"))
            scoped_raw = spec.get("scoped_aliases") or {}
            if not isinstance(scoped_raw, Mapping):
                raise InputError(f"actor {actor_id}: scoped_aliases must be a mapping",
                                 path=origin)
            scoped = tuple((str(k), tuple(str(a) for a in _list(v, origin, "scoped_aliases")))
                           for k, v in scoped_raw.items())
            opponents = tuple(str(o) for o in _list(spec.get("opponents"), origin, "opponents"))
            demonyms = tuple(str(d) for d in _list(spec.get("demonyms"), origin, "demonyms"))
            old_actor = self.actors.get(actor_id)
            if old_actor is not None:
                actor = Actor(actor_id, str(spec.get("name") or old_actor.name),
                              colour or old_actor.colour,
                              old_actor.aliases + aliases, old_actor.scoped_aliases + scoped,
                              old_actor.opponents + opponents,
                              old_actor.countries + countries, old_actor.demonyms + demonyms)
            else:
                actor = Actor(actor_id, str(spec.get("name") or actor_id), colour, aliases,
                              scoped, opponents, countries, demonyms)
            self.actors[actor_id] = actor
            order = (priority, len(self._aliases))
            # Demonyms ("Russian") resolve "Russian units" but are never matched on their own.
            for alias in (actor_id, *aliases, *demonyms):
                self._register(alias, _AliasEntry(actor_id, "", countries, order))
            for scope, items in scoped:
                for alias in items:
                    self._register(alias, _AliasEntry(actor_id, scope, countries, order))
        self.__dict__.pop("_matcher_cache", None)
        self.__dict__.pop("_resolve_cache", None)

    def _register(self, alias: str, entry: _AliasEntry) -> None:
        key = normalise_alias(alias)
        if not key:
            return
        entries = self._aliases.setdefault(key, [])
        if entry not in entries:
            entries.append(entry)

    # -- queries --------------------------------------------------------------------------------
    def ids(self) -> list[str]:
        """Canonical ids, sorted."""
        return sorted(self.actors)

    def name(self, actor_id: str) -> str:
        """Display name (the id itself if unknown)."""
        actor = self.actors.get(actor_id)
        return actor.name if actor else actor_id

    def colour(self, actor_id: str) -> str:
        """``#rrggbb``; a deterministic palette colour for unknown ids or ids without colour."""
        actor = self.actors.get(actor_id)
        if actor is not None and actor.colour:
            return actor.colour
        digest = hashlib.sha1(actor_id.encode("utf-8"), usedforsecurity=False).digest()
        return PALETTE[digest[0] % len(PALETTE)]

    def opponents(self, actor_id: str) -> tuple[str, ...]:
        """Declared opponents of an actor (empty for unknown ids)."""
        actor = self.actors.get(actor_id)
        return actor.opponents if actor else ()

    def scopes_for(self, source: str | None = None, text: str | None = None) -> frozenset[str]:
        """Scopes whose conventions apply to a document (by source id/URL or text markers)."""
        found = set()
        src = (source or "").lower()
        for scope in self.scopes.values():
            by_source = bool(src) and any(s and s in src for s in scope.sources)
            if by_source or (text and any(_marker(m).search(text) for m in scope.markers)):
                found.add(scope.name)
        return frozenset(found)

    def resolve(self, text: str, source: str | None = None, *, country: str | None = None,
                scopes: Iterable[str] | None = None) -> str | None:
        """Canonical id for an alias (or an id), or ``None`` if unknown.

        Parameters
        ----------
        text
            The actor as written (``"Haftar's militia"``, ``"the Libyan army"``).
        source
            Document id or URL, to apply an outlet's scoped aliases.
        country
            ISO2 country the document is about: breaks ties between sets sharing an alias
            (``"government forces"`` is the GNA in Libya, the SAA in Syria).
        scopes
            Scopes known to apply (overrides detection from ``source``).
        """
        active = frozenset(scopes) if scopes is not None else self.scopes_for(source)
        # Memoised: a pure function of the alias table, which only _add_data changes (and
        # then drops the cache). Extraction asks for the same few aliases in every document.
        cache = self.__dict__.setdefault("_resolve_cache", {})
        memo_key = (text, active, country)
        if memo_key in cache:
            return cache[memo_key]
        result = None
        for key in _keys(normalise_alias(text)):
            entries = self._aliases.get(key)
            if entries:
                found = _pick(entries, active, country)
                if found is not None:
                    result = found
                    break
        if len(cache) >= _RESOLVE_CACHE_SIZE:
            cache.clear()
        cache[memo_key] = result
        return result

    def alias_countries(self, text: str, scopes: Iterable[str] = ()) -> frozenset[str]:
        """Every country of the actors an alias can name (all sets, not only the winner).

        An alias that several countries' sets share ("government forces", "militants") says
        nothing about where a document is; one whose actors all share one country does.
        """
        active = frozenset(scopes)
        for key in _keys(normalise_alias(text)):
            entries = [e for e in self._aliases.get(key, ()) if not e.scope or e.scope in active]
            if entries:
                return frozenset(c for e in entries for c in e.countries)
        return frozenset()

    def matcher(self) -> re.Pattern[str]:
        """One compiled regex matching every alias (longest first), case-insensitive."""
        cache = self.__dict__.get("_matcher_cache")
        if cache is None:
            aliases: set[str] = set()
            for actor in self.actors.values():
                aliases.update(actor.aliases)
                aliases.add(actor.id)
                for _scope, items in actor.scoped_aliases:
                    aliases.update(items)
            ordered = sorted(aliases, key=lambda a: (-len(a), a))
            body = "|".join(_alias_regex(a) for a in ordered if a.strip())
            cache = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
            self.__dict__["_matcher_cache"] = cache
        return cache


_TITLES: Final = re.compile(r"^(?:warlord|general|gen|field marshal|marshal|commander|"
                            r"renegade general|president|leader)\s+")
_GENERIC_TAIL: Final = re.compile(r"\s+(?:forces|force|militias?|troops|fighters|army|units?|"
                                  r"soldiers|loyalists|men|camp|side)$")


def _keys(key: str) -> list[str]:
    """Lookup keys for a phrase, from exact to looser (possessor, head of "X of Y", titles)."""
    keys = [key]
    if "'s " in key:  # "haftar's militia" -> "haftar"
        keys.append(key.split("'s ", 1)[0])
    if " of " in key:  # "militia of warlord khalifa haftar" -> "warlord khalifa haftar"
        keys.append(key.rsplit(" of ", 1)[1])
    for k in list(keys):
        stripped = _GENERIC_TAIL.sub("", _TITLES.sub("", k))
        if stripped and stripped not in keys:
            keys.append(stripped)
    return keys


def _pick(entries: list[_AliasEntry], scopes: frozenset[str], country: str | None) -> str | None:
    def rank(e: _AliasEntry) -> tuple[int, int, tuple[int, int]]:
        scoped = 0 if (e.scope and e.scope in scopes) else 1
        in_country = 0 if (country and country.upper() in e.countries) else 1
        # The document's country first: a text-marker scope of another country's set (a
        # Somali report that mentions Mozambique once) must not take its names.
        return (in_country, scoped, e.order)

    usable = [e for e in entries if not e.scope or e.scope in scopes]
    if not usable:
        return None
    best = min(usable, key=rank)
    if best.order[0] > 0:
        # "militants" with no country known is used by several later sets: nobody's by file
        # order (only the sets of priority 0 keep the historical first-file default).
        peers = {e.countries for e in usable if rank(e)[:2] == rank(best)[:2]
                 and e.order[0] == best.order[0]}
        if len(peers) > 1:
            return None
    return best.actor_id


@functools.lru_cache(maxsize=256)
def _marker(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _list(value: Any, origin: str, what: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list | tuple):
        raise InputError(f"{what} must be a list", path=origin)
    return list(value)


@functools.lru_cache(maxsize=1)
def _default_set() -> ActorSet:
    return ActorSet.load((), include_default=True)
