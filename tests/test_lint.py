"""ruff and mypy must stay clean: run them as part of the suite so CI enforces it."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import IN_CI, ROOT


def _tool(name: str) -> list[str]:
    exe = shutil.which(name)
    if exe is None:
        probe = subprocess.run([sys.executable, "-m", name, "--version"], capture_output=True)
        if probe.returncode != 0:
            if IN_CI:
                pytest.fail(f"{name} is not installed (it is in the test extra)")
            pytest.skip(f"{name} not installed")
        return [sys.executable, "-m", name]
    return [exe]


def test_ruff_clean() -> None:
    proc = subprocess.run(
        [*_tool("ruff"), "check", "geomap", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_clean() -> None:
    proc = subprocess.run(
        [*_tool("mypy"), "geomap"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
