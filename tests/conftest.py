"""Shared fixtures: the seed files, the gold annotation, databases built from them."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from kb_builder import build_seed_db

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    return [json.loads(line) for line in (DATA / "gold.jsonl").read_text().splitlines() if line.strip()]


@pytest.fixture(scope="session")
def seeds_master(tmp_path_factory) -> Path:
    """The seeds' fixed base (articles frozen, officials and meetings from the gold: no
    extraction runs), built once per session. Tests take a copy (``seeds_db``), never this."""
    path = build_seed_db(tmp_path_factory.mktemp("seeds") / "seeds.db")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # all in the main file, which the tests copy
    return path


@pytest.fixture
def seeds_db(seeds_master: Path, tmp_path: Path) -> Path:
    """A copy of the fixed seed base for each test: a test may write to it (corrections,
    added articles) without reaching the next one."""
    return Path(shutil.copy(seeds_master, tmp_path / "seeds.db"))
