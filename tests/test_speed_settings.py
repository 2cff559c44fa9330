"""Each speed setting takes effect: BLAS on one thread, the model's products through numpy,
the allocator's thresholds, objects set aside from the garbage collector (the model's and
the app's). Each was a silent no-op waiting to happen: a library renaming a symbol would
have made it do nothing, and only the benchmarks would have shown it."""

from __future__ import annotations

import ctypes
import gc
import json
import os
import subprocess
import sys
import textwrap

import pytest
from tui_support import run_async, settle

from diplotui.extract import nlp


def run(code: str, *args: str, env: dict | None = None) -> str:
    """``code`` run in a fresh Python (nothing set in this one leaks in); its output."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_the_model_process_runs_blas_on_one_thread_and_its_products_through_numpy():
    """Loading the model limits every BLAS to one thread (two before, as the environment
    asks here for a certain start on any machine) and builds every layer with numpy's
    products, not blis."""
    out = run("""
        import json
        from threadpoolctl import threadpool_info
        import numpy
        from thinc.api import NumpyOps
        from diplotui.extract import nlp
        blas = lambda: [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
        before = blas()
        model = nlp.load(with_extraction=False)
        layers = list(model.get_pipe("ner").model.walk())
        blis = [n.name for n in layers if not (type(n.ops) is NumpyOps and not n.ops.use_blis)]
        print(json.dumps([before, blas(), blis, len(layers)]))
    """, env={"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2"})
    before, after, blis, layers = json.loads(out.splitlines()[-1])
    assert before == [2] and after == [1], out  # numpy's OpenBLAS found, and limited
    # every layer but one: the NER's output layer (a small product, 64 inputs), which spaCy
    # makes with thinc's default ops when it sizes the output to the model's labels
    assert layers > 60 and blis == ["linear"], out


def test_one_blas_thread_reports_the_libraries_it_limited():
    out = run("""
        from threadpoolctl import threadpool_info
        from diplotui.extract import nlp
        print(nlp.one_blas_thread(), [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"])
    """, env={"OPENBLAS_NUM_THREADS": "2"})
    assert out == "1 [1]"


@pytest.mark.skipif(not sys.platform.startswith("linux") or not hasattr(ctypes.CDLL(None), "mallinfo2"),
                    reason="glibc's allocator only")
def test_the_allocator_keeps_a_batch_sized_array_in_the_heap():
    """With ``MALLOC_TRIM_THRESHOLD_`` set (as Dask sets it for its workers) glibc maps every
    block of 128 kB or more on its own, and unmaps it when freed; after ``tune_allocator``
    an 8 MB block comes from the heap. The untuned run shows the test can tell the two."""
    code = """
        import ctypes, sys
        class Info(ctypes.Structure):
            _fields_ = [(n, ctypes.c_size_t) for n in
                        "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]
        libc = ctypes.CDLL(None)
        libc.mallinfo2.restype = Info
        from diplotui.extract import nlp
        if sys.argv[1] == "tuned":
            nlp.tune_allocator()
        before = libc.mallinfo2().hblkhd
        block = bytearray(8 << 20)
        print(libc.mallinfo2().hblkhd - before)
    """
    env = {"MALLOC_TRIM_THRESHOLD_": "65536"}
    assert int(run(code, "untuned", env=env)) >= 8 << 20  # mapped on its own
    assert int(run(code, "tuned", env=env)) == 0


def test_the_loaded_model_is_set_aside_from_the_garbage_collector():
    frozen = gc.get_freeze_count()
    alive = [[]]  # a container, which the collector tracks
    assert any(o is alive for o in gc.get_objects())
    try:
        nlp.set_aside_loaded()
        assert gc.get_freeze_count() > frozen
        assert not any(o is alive for o in gc.get_objects())  # out of every generation a collection walks
    finally:
        gc.unfreeze()


@run_async
async def test_the_app_makes_no_automatic_full_collection_and_sets_survivors_aside(seeds_db):
    from diplotui.tui.app import DiploApp

    threshold = gc.get_threshold()
    try:
        app = DiploApp(seeds_db)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert gc.get_threshold()[2] >= 1_000_000  # Python's own full collections off
            assert gc.get_freeze_count() > 0  # modules, Textual, the first view set aside
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
