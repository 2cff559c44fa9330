"""Ingest with extraction: wires reading, the NLP extractor and the store writers together."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from .fetch import Fetcher, is_url
from .formats import DETECT, Fields
from .ingest import BATCH_DOCUMENTS, Summary, ingest, iter_files

SMALL_CORPUS_BYTES = 400_000


def ingest_files(
    db: sqlite_utils.Database,
    paths: list[str | Path],
    *,
    model: str | None = None,
    processes: int | None = None,
    progress: Callable | None = None,
    batch_documents: int = BATCH_DOCUMENTS,
    fields: Fields = DETECT,
    fetcher: Fetcher | None = None,
    dask: str | None = None,
    notice: Callable[[str], None] | None = None,
) -> Summary:
    """Read, extract and store every article under ``paths``.

    spaCy is imported here, not at module level, so the CLI and the app start fast.
    """
    from . import nlp as nlp_mod
    from .resolve import Resolver

    model = model or nlp_mod.DEFAULT_MODEL
    if dask:
        return _ingest_on_dask(db, paths, dask, model, progress=progress, batch_documents=batch_documents,
                               fields=fields, fetcher=fetcher, notice=notice)
    nlp = nlp_mod.load(model)
    nlp_mod.set_aside_loaded()
    # Worker processes (forked with the model loaded) pay off beyond a few hundred kB of text.
    # Even with one, this process reads, resolves and writes while the worker runs the model.
    size = sum(p.stat().st_size for p in iter_files([p for p in paths if not is_url(str(p))], Summary()))
    size += 100_000 * sum(is_url(str(p)) for p in paths)  # a page, or a feed of pages
    small = size <= SMALL_CORPUS_BYTES
    if processes is None:
        processes = 1 if small else nlp_mod.default_processes()
    n_process, pooled = processes, processes > 1 or not small

    def extractor(items):
        return nlp_mod.pipe_articles(nlp, items, n_process=n_process, model=model, pooled=pooled)

    return ingest(db, paths, extractor=extractor, sink=Resolver, progress=progress,
                  batch_documents=batch_documents, fields=fields, fetcher=fetcher)


def _ingest_on_dask(db, paths, address: str, model: str, *, notice, **options) -> Summary:
    """Extraction on a Dask cluster; reading, resolution and writing stay here (see extract.distributed)."""
    from .distributed import DaskExtractor, connect, ensure_model
    from .resolve import Resolver

    client, cluster = connect(address, notice)
    try:
        ensure_model(client, model)
        return ingest(db, paths, extractor=DaskExtractor(client, model), sink=Resolver, **options)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
