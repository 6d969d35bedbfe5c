"""The README's Python block runs as written, from the repository root (a newcomer's first try)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_readme_python_block_runs_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "the README shows Python usage"
    monkeypatch.chdir(ROOT)
    for block in blocks:
        scope: dict[str, object] = {}
        exec(compile(block, "README.md", "exec"), scope)  # noqa: S102 - our own README
        assert os.getcwd() == str(ROOT)
        assert len(scope["events"]) > 0  # type: ignore[arg-type]
