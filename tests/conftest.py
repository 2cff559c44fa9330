"""Shared fixtures: the seed files, the gold annotation, databases built from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    return [json.loads(line) for line in (DATA / "gold.jsonl").read_text().splitlines() if line.strip()]
