"""Hygiene: bandit is clean (or each finding justified in place), and nothing read from input is
deserialised or executed: YAML only through safe_load; no eval/exec/pickle/marshal/shell."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import IN_CI, ROOT

PACKAGE = ROOT / "geomap"
SOURCES = sorted(PACKAGE.rglob("*.py"))

#: Calls that execute or deserialise code: never used in geomap.
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_ATTRS = {("pickle", "load"), ("pickle", "loads"), ("marshal", "load"),
                   ("marshal", "loads"), ("shelve", "open"), ("yaml", "load"),
                   ("yaml", "unsafe_load"), ("yaml", "full_load"), ("yaml", "load_all"),
                   ("os", "system"), ("os", "popen"), ("dill", "loads"), ("cloudpickle", "loads")}


def test_bandit_is_clean() -> None:
    try:
        import bandit  # noqa: F401
    except ImportError:
        if IN_CI:
            pytest.fail("bandit is not installed in CI (it is in the [test] extra)")
        pytest.skip("bandit not installed")
    proc = subprocess.run(
        [sys.executable, "-m", "bandit", "-c", str(ROOT / "pyproject.toml"), "-r", str(PACKAGE),
         "-f", "json", "-q"], capture_output=True, text=True, timeout=240, check=False)
    report = json.loads(proc.stdout)
    findings = [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}"
                for r in report["results"]]
    assert findings == [], "\n".join(findings)
    assert not report["errors"], report["errors"]


def _calls(tree: ast.AST) -> list[tuple[str, str, int]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                out.append(("", func.id, node.lineno))
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                out.append((func.value.id, func.attr, node.lineno))
            for kw in node.keywords:
                if kw.arg == "shell" and isinstance(kw.value, ast.Constant) and kw.value.value:
                    out.append(("subprocess", "shell=True", node.lineno))
                if kw.arg == "allow_pickle" and isinstance(kw.value, ast.Constant) \
                        and kw.value.value:
                    out.append(("numpy", "allow_pickle=True", node.lineno))
    return out


def test_no_code_execution_or_unsafe_deserialisation() -> None:
    assert SOURCES, "no sources found"
    bad = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for owner, name, line in _calls(tree):
            if (not owner and name in FORBIDDEN_CALLS) or (owner, name) in FORBIDDEN_ATTRS \
                    or name in {"shell=True", "allow_pickle=True"}:
                bad.append(f"{path.relative_to(ROOT)}:{line} {owner}.{name}".replace(" .", " "))
    assert bad == [], bad


def test_yaml_is_read_with_safe_load_only() -> None:
    users = [p for p in SOURCES if "yaml" in p.read_text(encoding="utf-8")]
    for path in users:
        text = path.read_text(encoding="utf-8")
        for owner, name, line in _calls(ast.parse(text)):
            if owner == "yaml":
                assert name in {"safe_load", "safe_load_all", "safe_dump", "YAMLError"}, (
                    f"{path}:{line} yaml.{name}")


def test_hostile_actor_yaml_is_not_executed(tmp_path: Path) -> None:
    """A YAML actor set with Python tags is refused, not instantiated."""
    from geomap.actors import ActorSet
    from geomap.errors import GeomapError

    marker = tmp_path / "pwned"
    hostile = tmp_path / "actors.yaml"
    hostile.write_text(
        "actors:\n  EVIL:\n    name: !!python/object/apply:os.system ['touch "
        f"{marker}']\n    aliases: [x]\n", encoding="utf-8")
    with pytest.raises(GeomapError):
        ActorSet.load([hostile])
    assert not marker.exists()
