"""Extraction on a Dask cluster: ``diplotui ingest … --dask tcp://scheduler:8786`` (or ``local[:N]``).

What runs where:

- **here** (the process that owns the database): listing and reading the files (their
  bytes never need a shared filesystem), checking what the store already has,
  resolving officials and events, and writing, batch by batch, exactly as a local
  ingest does;
- **on the workers**: the language model and per-article extraction, over batches of
  article texts. Each worker process loads the model once (:func:`_model`) and sends
  back only the serialisable extraction of each article.

Dask does the scheduling, retries and data transfer. A worker that dies mid-task has
its task rerun on another (the scheduler's own recovery, plus ``retries``); a batch that
raises is split so that only the article that fails is lost, and its file is reported
like any unreadable file. Results come back in input order with a bounded number of
batches in flight, so memory stays flat and an interruption (Ctrl+C) rolls back only
the batch being written.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from .ingest import ExtractionFailed
from .meetings import finish_reports, model_text
from .model import Extraction
from .read import Article

MAX_LOCAL_WORKERS = 64  # as -j: local:N beyond this is refused
RETRIES = 2  # a task that raises is retried this often before the batch is split
_MODELS: dict[str, object] = {}  # in each worker process: model name -> loaded pipeline


class DaskError(Exception):
    """The cluster cannot be used; the message is meant for the user."""


def _model(model: str):
    """The worker's pipeline for ``model``, loaded on first use and kept for the process."""
    if model not in _MODELS:
        from . import nlp

        _MODELS[model] = nlp.load(model)
    return _MODELS[model]


def extract_batch(texts: list[str], model: str) -> list[dict]:
    """A Dask task: the extraction of each text, as the local worker pool computes it."""
    from .nlp import extract_texts

    nlp = _model(model)
    return list(extract_texts(nlp, texts, batch_size=len(texts)))


def check_model(model: str) -> str:
    """A Dask task: load the model on a worker (once), so that a missing model is told up front."""
    _model(model)
    return model


def connect(address: str, on_notice: Callable[[str], None] | None = None):
    """A Dask client for ``tcp://host:port`` (an existing scheduler) or ``local[:N]`` (a LocalCluster here)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DaskError("--dask needs dask.distributed: pip install 'diplotui[dask]'") from None
    notice = on_notice or (lambda _msg: None)
    if address == "local" or address.startswith("local:"):
        n = address.partition(":")[2]
        if n and not (n.isascii() and n.isdigit() and len(n) <= 4 and 1 <= int(n) <= MAX_LOCAL_WORKERS):
            raise DaskError(f"--dask {address[:40]}: expected local or local:N, N from 1 to {MAX_LOCAL_WORKERS} "
                            "worker processes")
        workers = int(n) if n else max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
        workers = min(workers, MAX_LOCAL_WORKERS)
        import dask

        # A worker samples its own stacks every 10 ms for the dashboard's profile: with the
        # model's Python code on the only other thread, that cost 15% of the throughput here.
        # The scheduler, the workers and the dashboard listen on loopback only: a local cluster
        # serves no page (worker logs, call stacks, the task graph) to the network.
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address="127.0.0.1:0", silence_logs=40)
        client = Client(cluster)
        notice(f"dask: a local cluster of {workers} single-threaded worker processes")
    else:
        try:
            client = Client(address, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise DaskError(f"--dask {address}: cannot reach the scheduler ({exc})") from None
        cluster = None
        notice(f"dask: scheduler {address}, {len(client.scheduler_info().get('workers', {}))} workers")
    if client.dashboard_link:
        notice(f"dask: dashboard at {client.dashboard_link}")
    return client, cluster


def ensure_model(client, model: str) -> None:
    """Load ``model`` on every worker; DaskError when one cannot (not installed there, damaged, …).

    Workers that join later load it with their first batch."""
    try:
        client.run(check_model, model)  # on every worker at once, before the first batch waits for it
    except Exception as exc:  # noqa: BLE001 - the worker's ModelError, or anything else it raised
        raise DaskError(f"a Dask worker cannot load the model: {_reason(exc)}") from None


class DaskExtractor:
    """An extractor for :func:`diplotui.extract.ingest.ingest` that runs on a Dask cluster."""

    def __init__(self, client, model: str, batch_size: int = 16, in_flight_per_worker: int = 2) -> None:
        self.client = client
        self.model = model
        self.batch_size = batch_size
        self.in_flight_per_worker = in_flight_per_worker

    def _workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def _submit(self, texts: list[str]):
        return self.client.submit(extract_batch, texts, self.model, retries=RETRIES, pure=False)

    def _results(self, future, texts: list[str]) -> list[dict | ExtractionFailed]:
        """A batch's results; a batch that keeps failing is rerun one article at a time."""
        try:
            return future.result()
        except Exception as exc:  # noqa: BLE001 - whatever a worker raised, or KilledWorker
            if len(texts) == 1:
                return [ExtractionFailed(_reason(exc))]
        singles = [self._submit([t]) for t in texts]
        out: list[dict | ExtractionFailed] = []
        for single in singles:
            try:
                out.append(single.result()[0])
            except Exception as exc:  # noqa: BLE001
                out.append(ExtractionFailed(_reason(exc)))
        return out

    def __call__(
        self, items: Iterable[tuple[Article, object]]
    ) -> Iterator[tuple[Extraction | ExtractionFailed, object]]:
        source = iter(items)
        in_flight: deque = deque()
        try:
            exhausted = False
            while True:
                limit = self.in_flight_per_worker * self._workers()
                while not exhausted and len(in_flight) < limit:
                    batch = list(islice(source, self.batch_size))
                    if not batch:
                        exhausted = True
                        break
                    texts = [model_text(article) for article, _ctx in batch]
                    in_flight.append((self._submit(texts), texts, batch))
                if not in_flight:
                    break
                future, texts, batch = in_flight.popleft()
                for data, (article, ctx) in zip(self._results(future, texts), batch, strict=True):
                    if isinstance(data, ExtractionFailed):
                        yield data, ctx
                        continue
                    extraction = Extraction.from_dict(data)
                    finish_reports(extraction, article)
                    yield extraction, ctx
        finally:
            for future, _texts, _batch in in_flight:
                future.cancel()


def _reason(exc: BaseException) -> str:
    text = (str(exc).strip().splitlines() or [""])[0][:160]
    return f"extraction failed on the cluster ({type(exc).__name__}{': ' + text if text else ''})"
