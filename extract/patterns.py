"""spaCy components that mark the phrases extraction reads, built from the pattern files in
``extract/data`` (JSONL, one pattern a line with an ``id`` and a ``label``).

They are registered with ``@Language.factory``, so every pipeline ``nlp.load`` builds (in
this process, a forked or spawned worker, or a Dask worker) carries the same patterns, and
a new title is one line of data. Each is a ``PhraseMatcher`` on ``LOWER``: one hash lookup
per token, whatever the number of patterns.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .gazetteer import load_patterns

TITLES = "diplotui_titles"  # the component's name, and the doc.spans key of its matches
SINGULAR, PLURAL = "TITLE", "TITLES"  # span labels: "President", "Presidents"


class TitleMarker:
    """Marks every title the text writes ("Foreign Minister", "Vice-Minister", "Presidents") in
    ``doc.spans[TITLES]``, the span's ``id_`` the pattern's id: the leftmost-longest ones, not
    overlapping, and only whole words ("ex-President" and "President-elect" hold none)."""

    def __init__(self, vocab, patterns: list[dict], make_doc) -> None:
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        for p in patterns:
            if p["label"] != "TITLE":
                continue  # a line that only says which country a phrase implies
            self.matcher.add(f"{p['id']}|{SINGULAR}", [make_doc(p["pattern"])])
            self.matcher.add(f"{p['id']}|{PLURAL}", [make_doc(p["pattern"] + "s")])

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[TITLES] = self.spans(doc)
        return doc

    def spans(self, doc: Doc) -> list[Span]:
        strings = doc.vocab.strings
        found = sorted(self.matcher(doc), key=lambda m: (m[1], -m[2]))
        out: list[Span] = []
        end = 0
        for key, start, stop in found:
            if start < end or not _whole_words(doc, start, stop):
                continue
            pattern_id, label = strings[key].rsplit("|", 1)
            out.append(Span(doc, start, stop, label=label, span_id=pattern_id))
            end = stop
        return out


def _whole_words(doc: Doc, start: int, end: int) -> bool:
    """The tokens are not glued to a word or a hyphen on either side."""
    if start and not doc[start - 1].whitespace_ and (doc[start - 1].text[-1:].isalnum() or doc[start - 1].text[-1:] in "-_"):
        return False
    if end < len(doc) and not doc[end - 1].whitespace_ and (doc[end].text[:1].isalnum() or doc[end].text[:1] in "-_"):
        return False
    return True


@Language.factory(TITLES, default_config={"patterns": "titles.jsonl"})
def make_title_marker(nlp: Language, name: str, patterns: str) -> TitleMarker:
    return TitleMarker(nlp.vocab, load_patterns(patterns), nlp.make_doc)


_fallback: dict[int, TitleMarker] = {}


def title_spans(doc: Doc) -> list[Span]:
    """The titles of ``doc``: those the pipeline's component marked, or marked now for a Doc
    made without it (a Doc joined from pieces, a test's own pipeline)."""
    if TITLES in doc.spans:
        return list(doc.spans[TITLES])
    marker = _fallback.get(id(doc.vocab))
    if marker is None:
        from spacy.lang.en import English

        tokenizer = English(vocab=doc.vocab).tokenizer
        marker = _fallback[id(doc.vocab)] = TitleMarker(doc.vocab, load_patterns("titles.jsonl"), tokenizer)
    return marker.spans(doc)
