"""The package's shape: public names, CLI commands, and the import graph between its folders.

The folders are the pipeline's stages (sources -> gazetteer -> extract -> layers -> render/report,
corpus engine and CLI on top, ``_io`` beneath). An import from a later stage back into an earlier
one makes two stages inseparable; these tests keep the graph acyclic, lazy imports included.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
from pathlib import Path

import pytest

import geomap
from geomap.cli import build_parser

PACKAGE = Path(geomap.__file__).resolve().parent

#: Imports that run inside a function and point back up the pipeline, each with its reason.
#: ``Layers.explore`` draws the layers (as ``GeoDataFrame.explore`` imports its folium code).
ALLOWED_BACK_EDGES = {("geomap.layers.core", "geomap.render")}


def _modules() -> dict[str, Path]:
    mods = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        mods[name] = path
    return mods


def _resolve(mods: dict[str, Path], target: str) -> str | None:
    while target:
        if target in mods:
            return target
        target = target.rpartition(".")[0]
    return None


def _type_checking_imports(tree: ast.Module) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for n in ast.walk(node))
    return skip


def import_graph() -> dict[str, set[str]]:
    """Module -> geomap modules it imports (module level and inside functions)."""
    mods = _modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_imports(tree)
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                    and node.module.startswith("geomap"):
                targets = [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("geomap")]
            for target in targets:
                found = _resolve(mods, target)
                if found and found != name and (name, found) not in ALLOWED_BACK_EDGES \
                        and (name, found.rpartition(".")[0]) not in ALLOWED_BACK_EDGES:
                    graph[name].add(found)
    return graph


def _folder(module: str) -> str:
    path = _modules()[module]
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_every_public_name_imports() -> None:
    for name in geomap.__all__:
        assert getattr(geomap, name) is not None, name


def test_no_import_circle_between_folders() -> None:
    graph = import_graph()
    folders: dict[str, set[str]] = {}
    for module, targets in graph.items():
        a = _folder(module)
        for target in targets:
            b = _folder(target)
            # A package's own __init__ re-exporting its modules is not a circle between folders.
            if a != b and not b.startswith(a + ".") and not a.startswith(b + "."):
                folders.setdefault(a, set()).add(b)
    assert _cycles(folders) == []


def test_no_import_circle_between_files() -> None:
    cycles = [c for c in _cycles(import_graph())
              # __init__ re-exports and the modules they name are one unit.
              if not all(_folder(m) == _folder(c[0]) or m == _folder(c[0]) for m in c)
              or not any(_modules()[m].name == "__init__.py" for m in c)]
    assert cycles == []


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def _commands() -> list[str]:
    parser = build_parser()
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(subs[0].choices)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help(command: str) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exc:
        build_parser().parse_args([command, "--help"])
    assert exc.value.code == 0
    assert command in out.getvalue()


def test_commands_cover_the_design_contract() -> None:
    assert {"map", "extract", "geocode", "layers", "report", "eval"} <= set(_commands())


def test_cli_layer_suffixes_match_the_writer() -> None:
    # The CLI keeps its own copy so that it need not import geopandas to check an argument.
    from geomap.cli._common import LAYER_SUFFIXES
    from geomap.layers._io import SUFFIXES

    assert tuple(LAYER_SUFFIXES) == tuple(SUFFIXES)
