"""Shared fixtures: the repository, the `modcite` binary the bindings are compared with, the corpus."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import modcite

ROOT = Path(__file__).resolve().parents[2]


def required() -> bool:
    """MODCITE_REQUIRE_PYTHON=1 (CI): a missing prerequisite fails instead of skipping."""
    return os.environ.get("MODCITE_REQUIRE_PYTHON") == "1"


def skip_or_fail(reason: str) -> None:
    if required():
        pytest.fail(f"{reason} (MODCITE_REQUIRE_PYTHON=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def cli() -> Path:
    """The modcite binary: $MODCITE_BIN (set by tests/python.rs), else target/release/modcite."""
    path = Path(os.environ.get("MODCITE_BIN", ROOT / "target" / "release" / "modcite"))
    if not path.is_file():
        skip_or_fail(f"no modcite binary at {path}: run `cargo build --release` or set MODCITE_BIN")
    return path


def run_cli(cli: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run([str(cli), *args], input=stdin, capture_output=True, check=False)


@pytest.fixture(scope="session")
def analyzer() -> modcite.Analyzer:
    return modcite.Analyzer()


@pytest.fixture(scope="session")
def corpus_files() -> list:
    files = sorted((ROOT / "corpus").rglob("*.jsonl"))
    assert len(files) >= 10, "the corpus is where the README says"
    return files


@pytest.fixture(scope="session")
def java_available() -> bool:
    return shutil.which("java") is not None or bool(os.environ.get("JAVA_HOME"))
