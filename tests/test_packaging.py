"""The package stands alone: `coordinator demo` runs from what an install puts in site-packages.

A wheel holds what setuptools' `build_py` collects (modules and the declared package data) plus
metadata, so the test builds exactly that from a copy of the sources, then runs the demo from a
folder outside the checkout, isolated (`python -I`: no current folder, no PYTHONPATH), with the
built tree first on the path. A data file left out of `package-data`, or an import of `tests`,
fails here rather than for the first person who installs the package.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN_DEMO = """
import sys
sys.path.insert(0, sys.argv[1])
import bot
assert bot.__file__.startswith(sys.argv[1]), bot.__file__
from bot.cli import main
sys.exit(main(["demo"]))
"""


def build_package(tmp_path: Path) -> Path:
    """`build_py` on a copy of the sources: the tree a wheel of this checkout would install."""
    pytest.importorskip("setuptools", reason="building needs setuptools in the environment")
    source = tmp_path / "source"
    source.mkdir()
    shutil.copytree(ROOT / "bot", source / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    built = tmp_path / "site"
    subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()", "-q", "build_py",
                    "--build-lib", str(built)], cwd=source, check=True, capture_output=True, timeout=120)
    return built


def test_the_installed_package_carries_the_demo_and_its_data(tmp_path: Path) -> None:
    built = build_package(tmp_path)
    testing = built / "bot" / "testing"
    assert (testing / "data" / "github-openapi" / "operations.json").is_file()
    assert (testing / "data" / "github-webhooks" / "issues" / "labeled.json").is_file()
    assert (testing / "plans" / "user-authentication.md").is_file()
    assert not (built / "tests").exists()

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run([sys.executable, "-I", "-c", RUN_DEMO, str(built)], cwd=elsewhere,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Integration summary" in run.stdout and "100%" in run.stdout
    assert "Integration verified" in run.stdout  # the demo's CI passes on every merge commit
